import os

import pytest
from django.conf import settings

# Tests create many accounts; the production hasher is deliberately slow.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made
# there are still synchronous, so the async-safety guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-artifacts")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--lang=zh-CN"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


@pytest.fixture
def screenshot(page):
    def take(name: str):
        os.makedirs(ARTIFACTS, exist_ok=True)
        path = os.path.join(ARTIFACTS, f"{name}.png")
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def file_store(settings, tmp_path):
    """Each test stores files into its own directory (never var/), so 'no new file' can be
    checked exactly."""
    root = tmp_path / "files"
    root.mkdir()
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(root)}}}
    # Round archives too: each test's rounds in its own directory, never var/ballots.
    settings.BALLOT_ROOT = tmp_path / "ballots"
    return root


def conditions_only(monkeypatch, *keep):
    """Run only some of the workflow table's conditions: those named, or implemented in the
    modules named; every other condition passes (each app tests its own). Returns the patched
    registry so a test may put a stand-in in it."""
    from zhicheng.declarations.domain import conditions

    def passes(ctx):
        return None

    patched = {name: fn if (name in keep or fn.__module__ in keep) else passes
               for name, fn in conditions._IMPLEMENTATIONS.items()}
    monkeypatch.setattr(conditions, "_IMPLEMENTATIONS", patched)
    return patched


@pytest.fixture
def without_guards(monkeypatch):
    """Tests of the transition table itself: the named conditions (pledge signed, notice
    period over, submission checks…) are tested by the apps that implement them."""
    from zhicheng.declarations.domain import conditions

    conditions_only(monkeypatch)
    # Bare factory declarations have no facts to freeze; stamping still runs.
    monkeypatch.setitem(conditions._EFFECTS, "freeze_decision", lambda ctx: [])


@pytest.fixture(autouse=True)
def clock_file(settings, tmp_path):
    """The demo banner's moved date goes to a per-test file, never to a developer's var/."""
    settings.ZHICHENG_CLOCK_FILE = tmp_path / "demo-clock.json"
    return settings.ZHICHENG_CLOCK_FILE


@pytest.fixture(autouse=True)
def default_catalogue(request):
    """A transactional test's flush also removes the rows the materials data migration
    loaded (the default catalogue); tests that come after it on the same worker get them
    back here."""
    if request.node.get_closest_marker("django_db") is None:
        return
    import importlib

    from django.apps import apps

    from zhicheng.materials.models import MaterialType

    try:
        if MaterialType.objects.exists():
            return
    except RuntimeError:  # no database access in this test after all
        return
    importlib.import_module("zhicheng.materials.migrations.0002_default_catalogue").load(
        apps, None)
