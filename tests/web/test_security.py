"""Security headers, session expiry, local assets and the production deploy check."""

import datetime
import os
import pathlib
import re
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from factories import official

from zhicheng.core.models import Role

pytestmark = pytest.mark.django_db
WEB = pathlib.Path(__file__).resolve().parents[2] / "src" / "zhicheng" / "web"


def test_security_headers_on_every_page(client):
    response = client.get("/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_session_expires_after_inactivity(client, settings):
    assert settings.SESSION_COOKIE_AGE == 1800
    client.force_login(official(Role.APPLICANT))
    assert client.get("/").status_code == 200
    # Each request pushes expiry 30 minutes ahead; once it passes, the session is gone.
    session = Session.objects.get(session_key=client.session.session_key)
    assert session.expire_date > timezone.now() + datetime.timedelta(minutes=29)
    session.expire_date = timezone.now() - datetime.timedelta(seconds=1)
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_templates_load_nothing_from_outside():
    """Offices often run without internet: no CDN, no external fonts or scripts."""
    for path in WEB.rglob("*"):
        if path.suffix in {".html", ".css"}:
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"(src|href)=\"(https?:)?//", text), path
            assert "@import url(http" not in text, path


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zhicheng.settings_production",
           "ZHICHENG_SECRET_KEY": "k" * 20 + "Zq8-rT1_wXv3bN5mL7pK9jH2gF4dS6aE0uY",
           "ZHICHENG_ALLOWED_HOSTS": "zc.example.gov.cn", "ZHICHENG_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for Playwright in tests only
    result = subprocess.run([sys.executable, "-m", "zhicheng", "check", "--deploy"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
