"""Settings for development and tests. Production: zhicheng.settings_production."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("ZHICHENG_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get(
    "ZHICHENG_SECRET_KEY", "dev-only-insecure-key-zhicheng-change-me-in-production-0123456789"
)
DEBUG = os.environ.get("ZHICHENG_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get(
    "ZHICHENG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver"
).split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_htmx",
    "ninja",  # serves swagger-ui from static/ (no CDN) for /api/v1/docs
    "zhicheng.audit",
    "zhicheng.core",
    "zhicheng.declarations",
    "zhicheng.materials",
    "zhicheng.review",
    "zhicheng.notices",
    "zhicheng.approvals",
    "zhicheng.integrity",
    "zhicheng.evaluation",
    "zhicheng.web",
    "zhicheng.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhicheng.api_edge.middleware.RefuseNulInApiPath",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhicheng.web.middleware.HtmxLoginTimeoutMiddleware",
    "zhicheng.web.middleware.NotFoundMiddleware",
    "zhicheng.audit.middleware.RequestIdMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhicheng.urls"
WSGI_APPLICATION = "zhicheng.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "zhicheng.web.context.navigation",
                "zhicheng.demo.context.banner",
            ],
        },
    }
]

# Form widgets render through Jinja2: the same templates Django ships, a quarter faster on
# the long declaration form (bench/README.md, pages-bench); inputs and selects are built in
# Python with the templates' exact output (zhicheng.core.renderers, bench/README.md, http-bench).
FORM_RENDERER = "zhicheng.core.renderers.FastJinja2"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'zhicheng.sqlite3'}",
        # Persistent connections, at most one per server thread (gunicorn workers × threads),
        # checked before reuse so a restarted database does not break the next request.
        conn_max_age=int(os.environ.get("ZHICHENG_CONN_MAX_AGE", 60)),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server-side parameter binding, and psycopg preparing a statement the fifth time a
    # persistent connection runs it: PostgreSQL then reuses its plan instead of planning every
    # query afresh. Planning dominated the pages' simple queries: 3–5 ms to plan the status
    # page's eight-table pk lookup for 0.3 ms of execution (bench/README.md, http-bench).
    # Django turns psycopg's preparing off unless prepare_threshold is given (for connection
    # poolers in transaction mode): ZHICHENG_PG_PREPARE_THRESHOLD=0 turns it off behind such
    # a pooler (PgBouncer before 1.21, or without max_prepared_statements).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["server_side_binding"] = True
    _options["prepare_threshold"] = int(os.environ.get("ZHICHENG_PG_PREPARE_THRESHOLD", 5)) or None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so select_for_update-style
    # read-modify-write sequences cannot interleave on SQLite either.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file has no server that could go away; the check would also trip over the test
    # live server's shared in-memory connection.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    # Tests on a file, not in memory: the browser tests' live server then gives each request
    # thread its own connection, as gunicorn does, instead of sharing the test's one (which
    # broke when a page's images were fetched in parallel).
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-zhicheng.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Username, or an applicant's ID number looked up in its own field (never the username).
    "zhicheng.core.auth.UsernameOrIdNumberBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Sessions end after 30 minutes without activity and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("ZHICHENG_SESSION_SECONDS", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = True
# The database store; a request skips the renewal write when it would move the expiry by less
# than a minute and the session is unchanged (zhicheng.core.sessions).
SESSION_ENGINE = "zhicheng.core.sessions"
SESSION_LAZY_RENEWAL_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Login throttling (django-axes): 5 failures lock the account+address pair for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("ZHICHENG_LOGIN_FAILURES", 5))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Typing the ID number instead of the username counts against the same limit.
AXES_USERNAME_CALLABLE = "zhicheng.core.auth.axes_username"
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(VAR_DIR / "files")}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# Secret-ballot rounds (Belenios archives, one directory per election; issue 11 point 7).
BALLOT_ROOT = Path(os.environ.get("ZHICHENG_BALLOT_ROOT", VAR_DIR / "ballots"))

# Audit checkpoints are signed with an Ed25519 key kept outside the database.
AUDIT_SIGNING_KEY_PATH = Path(
    os.environ.get("ZHICHENG_AUDIT_KEY", VAR_DIR / "keys" / "audit-ed25519.pem")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"axes": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}

# A demo/training installation may pin "today" (e.g. 2017-05-15) so the 2017 phases are open.
ZHICHENG_TODAY = os.environ.get("ZHICHENG_TODAY", "")

# Uploads: a hard cap per file, enforced while the body streams in (materials app).
ZHICHENG_UPLOAD_MAX_MB = int(os.environ.get("ZHICHENG_UPLOAD_MAX_MB", 50))
FILE_UPLOAD_HANDLERS = [
    "zhicheng.materials.upload_handlers.CappedUploadHandler",
    # Django's own two, handing on the SHA-256 computed while the body streamed in.
    "zhicheng.materials.upload_handlers.DigestingMemoryFileUploadHandler",
    "zhicheng.materials.upload_handlers.DigestingTemporaryFileUploadHandler",
]
ZHICHENG_MATERIAL_CONTEXT = "zhicheng.materials.domain.declaration.material_context"

# Every business time stamp, audit events included, comes from this clock.
ZHICHENG_CLOCK = "zhicheng.core.clock.now"
# Where the demo banner keeps the moved demo date, shared by all server worker processes.
ZHICHENG_CLOCK_FILE = Path(os.environ.get("ZHICHENG_CLOCK_FILE", VAR_DIR / "demo-clock.json"))
