"""Schemathesis over the whole OpenAPI, as every demo role and anonymous, against the real
app (WSGI) and the test database with the demo data: no 5xx, and every answer's status and
body are the documented ones (the error shape included)."""

import contextlib
import re

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from zhicheng.api.main import api
from zhicheng.demo import data
from zhicheng.demo.load import load_demo

pytestmark = pytest.mark.django_db

PASSWORD = "Zhicheng@2017"
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
EXAMPLES = 2  # per operation, identity and generation mode: the whole run stays well < 2 min


def _login(username: str) -> tuple[dict[str, str], dict[str, str]]:
    """Log in through the login page (CSRF enforced) and return what an API client sends:
    the session and CSRF cookies, and the X-CSRFToken header."""
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/login/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    r = browser.post("/login/", {"username": username, "password": PASSWORD,
                                 "csrfmiddlewaretoken": token})
    assert r.status_code == 302, username
    cookies = {k: m.value for k, m in browser.cookies.items()}
    assert "sessionid" in cookies, username
    return cookies, {"X-CSRFToken": cookies["csrftoken"]}


@contextlib.contextmanager
def keep_connection():
    """Requests through the bare WSGI handler would close the connection at each request
    (it is inside the test's transaction); Django's own test client does the same as this,
    and reconnects the signal after each of its requests, so this wraps only the fuzzing."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_the_whole_api_under_schemathesis(settings):
    settings.ZHICHENG_TODAY = "2017-05-15"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    identities = {"anonymous": ({}, {})}
    identities |= {spec.username: _login(spec.username) for spec in data.ACCOUNTS}

    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    app = WSGIHandler()
    sent = [0]

    def fuzz(strategy, who: str, cookies: dict[str, str], headers: dict[str, str]):
        @hypothesis.settings(max_examples=EXAMPLES, phases=[Phase.explicit, Phase.generate],
                             deadline=None, derandomize=True, database=None,
                             suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def run(case):
            response = case.call(app=app, base_url="http://localhost", headers=headers,
                                 cookies=cookies)
            sent[0] += 1
            hypothesis.note(f"as {who}")
            # Raises with the failing checks and a curl line to reproduce.
            case.validate_response(response, checks=CHECKS, headers=headers)
        run()

    with keep_connection():
        for result in schema.get_all_operations():
            operation = result.ok()
            strategy = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                                 operation.as_strategy(GenerationMode.NEGATIVE))
            for who, (cookies, headers) in identities.items():
                fuzz(strategy, who, cookies, headers)
    assert sent[0] >= 2 * len(identities) * 40  # ~48 operations: nothing was skipped
