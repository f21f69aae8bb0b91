"""Logging in by username, or by ID number for applicants (issue 8): the ID number is looked
up in its own field, and both spellings count against one django-axes limit."""

import pytest
from axes.models import AccessAttempt
from factories import PASSWORD, applicant, id_number

from zhicheng.core.auth import axes_username
from zhicheng.policy import idnumber

pytestmark = pytest.mark.django_db


def log_in(client, username, password=PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def test_an_applicant_logs_in_by_username_or_by_id_number(client):
    number = id_number()
    person = applicant(username="wang_li", id_number=number)
    for typed in ("wang_li", number, number.lower(), f" {number[:6]} {number[6:]} "):
        response = log_in(client, typed)
        assert (response.status_code, response["Location"]) == (302, "/"), typed
        assert int(client.session["_auth_user_id"]) == person.pk
        client.logout()


def test_the_old_15_digit_form_finds_the_same_person(client):
    born_1980 = "450103800101123"
    person = applicant(username="old_form", id_number=idnumber.upgrade(born_1980))
    assert log_in(client, born_1980).status_code == 302
    assert int(client.session["_auth_user_id"]) == person.pk


def test_wrong_password_or_unknown_id_number_is_refused(client):
    number = id_number()
    applicant(username="wang_li", id_number=number)
    for typed, password in ((number, "wrong-password"), (id_number(), PASSWORD)):
        response = log_in(client, typed, password)
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.text
        assert "_auth_user_id" not in client.session


def test_both_spellings_share_one_lockout_and_the_log_never_holds_the_id_number(client,
                                                                              settings):
    settings.AXES_FAILURE_LIMIT = 4
    number = id_number()
    applicant(username="wang_li", id_number=number)
    for typed in (number, "wang_li", number, "wang_li"):
        log_in(client, typed, "wrong-password")
    locked = log_in(client, number)  # the right password, but locked under either spelling
    assert locked.status_code == 429
    assert "登录已被临时锁定" in locked.text
    assert log_in(client, "wang_li").status_code == 429
    # one record for the person: 4 failures and the 2 attempts made while locked
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [
        ("wang_li", 6)]


def test_axes_keeps_an_unknown_id_number_only_as_a_digest(rf):
    number = id_number()
    name = axes_username(rf.post("/login/"), {"username": number})
    assert name.startswith("id:") and len(name) == 27 and number not in name
    assert axes_username(rf.post("/login/"), {"username": number.lower()}) == name
    assert axes_username(None, {"username": "demo_unit"}) == "demo_unit"
