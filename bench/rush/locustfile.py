"""Last-day rush on loopback: applicants filling in and submitting, units and offices working
their queues, the public reading notices (issue 10). Run by bench/rush/run.py, which prepares
the accounts and writes RUSH_POOL (JSON: applicant accounts with their drafts, a notice).

Proportions (by locust user class weight): applicants 70%, public 15%, unit HR 10%,
office 5%. Applicants load their form, autosave it (the page's own fields, as the browser
posts them), check eligibility, upload a PDF now and then, look at their 工作台 and status
page, and submit once near the end of their session.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, task

with open(os.environ["RUSH_POOL"], encoding="utf-8") as _f:
    POOL = json.load(_f)
PASSWORD = POOL["password"]
_accounts = itertools.cycle(POOL["applicants"])
_sessions = {a["username"]: itertools.cycle(a["sessions"]) for a in POOL["applicants"]}
_officials = {who: itertools.cycle(s) for who, s in POOL["sessions"].items()}
with open(POOL["pdf"], "rb") as _f:
    PDF = _f.read()


class FormFields(HTMLParser):
    """The name/value pairs the browser would post for form#facts-form."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._in_template = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "facts-form":
            self.inside = True
        if not self.inside:
            return
        if tag == "template":
            self._in_template += 1
        if self._in_template:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._chosen = None
            self._first = None
        elif tag == "option" and self._select is not None:
            if self._first is None:
                self._first = a.get("value", "")
            if "selected" in a:
                self._chosen = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]

    def handle_endtag(self, tag):
        if tag == "template" and self._in_template:
            self._in_template -= 1
        if tag == "select" and self._select is not None:
            value = self._chosen if self._chosen is not None else self._first
            self.fields.append((self._select, value or ""))
            self._select = None
        if tag == "form" and self.inside:
            self.inside = False


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Signed(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    username = ""

    def signed_in(self, session: str) -> None:
        """A session made by run.py (Django's login, done beforehand), and the CSRF cookie
        from a first page, as a browser that signed in earlier has them."""
        self.client.cookies.set("sessionid", session)
        self.client.get("/", name="/ (first page)")

    def login(self, username: str) -> None:
        page = self.client.get("/login/", name="/login/")
        token = CSRF.search(page.text).group(1)
        with self.client.post("/login/", {"username": username, "password": PASSWORD,
                                          "csrfmiddlewaretoken": token},
                              name="/login/ POST", allow_redirects=False,
                              catch_response=True) as r:
            if r.status_code != 302:
                r.failure(f"login of {username} answered {r.status_code}")

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")


class Applicant(Signed):
    weight = 70

    def on_start(self):
        account = next(_accounts)
        self.username, self.pk = account["username"], account["declaration"]
        self.signed_in(next(_sessions[self.username]))
        self.actions = 0
        self.submitted = False

    def _edit_page(self):
        with self.client.get(f"/apply/{self.pk}/edit/", name="/apply/<pk>/edit/",
                             catch_response=True, allow_redirects=False) as r:
            if r.status_code == 302:  # submitted by another simulated session of the account
                self.submitted = True
                r.success()
            return r

    @task(6)
    def fill_in(self):
        if self.submitted:
            return self.status()
        r = self._edit_page()
        if r.status_code != 200:
            return None
        parser = FormFields()
        parser.feed(r.text)
        data = dict(parser.fields)
        data["continuing_education_hours"] = str(random.randint(72, 200))
        with self.client.post(f"/apply/{self.pk}/autosave/", data=data,
                              headers={"HX-Request": "true", "X-CSRFToken": self.csrf()},
                              name="/apply/<pk>/autosave/ POST", catch_response=True) as s:
            if s.status_code == 409:  # submitted meanwhile: the page tells the applicant
                self.submitted = True
                s.success()
            elif "已自动保存" not in s.text:
                s.failure("autosave did not save: " + s.text[:120])
        self.client.get(f"/apply/{self.pk}/eligibility/", headers={"HX-Request": "true"},
                        name="/apply/<pk>/eligibility/")
        self.actions += 1
        if self.actions >= 6 and not self.submitted and random.random() < 0.2:
            self.submit()
        return None

    @task(1)
    def upload(self):
        if self.submitted:
            return
        with self.client.post(f"/materials/declarations/{self.pk}/achievement_proof/upload/",
                              data={"csrfmiddlewaretoken": self.csrf()},
                              files={"file": ("成果证明.pdf", PDF, "application/pdf")},
                              headers={"HX-Request": "true", "X-CSRFToken": self.csrf()},
                              name="/materials/…/upload/ POST", catch_response=True) as r:
            if r.status_code == 409 or ("报送" in r.text and "不允许" in r.text):
                r.success()
            elif "已上传" not in r.text:
                r.failure("upload refused: " + re.sub(r"\s+", " ", r.text)[:160])

    @task(2)
    def home(self):
        self.client.get("/", name="/ (applicant)")

    @task(2)
    def status(self):
        self.client.get(f"/declarations/{self.pk}/", name="/declarations/<pk>/")

    def submit(self):
        with self.client.post(f"/apply/{self.pk}/submit/", {"csrfmiddlewaretoken": self.csrf()},
                              name="/apply/<pk>/submit/ POST", allow_redirects=False,
                              catch_response=True) as r:
            if r.status_code == 302 and f"/declarations/{self.pk}/" in r.headers["Location"]:
                self.submitted = True
            elif r.status_code == 302:
                r.failure("submission refused (redirected back to the form)")
            else:
                r.failure(f"submit answered {r.status_code}")


class UnitHR(Signed):
    weight = 10

    def on_start(self):
        self.signed_in(next(_officials["demo_unit"]))

    @task(3)
    def queue(self):
        r = self.client.get("/review/unit/", name="/review/unit/")
        self.picks = [int(x) for x in re.findall(r'/review/unit/(\d+)/"', r.text)] or \
            POOL["unit_declarations"]

    @task(2)
    def review(self):
        pk = random.choice(getattr(self, "picks", None) or POOL["unit_declarations"])
        self.client.get(f"/review/unit/{pk}/", name="/review/unit/<pk>/")

    @task(1)
    def home(self):
        self.client.get("/", name="/ (unit)")


class Office(Signed):
    weight = 5

    def on_start(self):
        self.signed_in(next(_officials["demo_city_office"]))

    @task(3)
    def queue(self):
        page = random.choice(["", "?page=2", "?state=office_review", "?level=deputy_senior"])
        r = self.client.get(f"/review/office/{page}", name="/review/office/")
        self.picks = [int(x) for x in re.findall(r'/review/office/(\d+)/"', r.text)]

    @task(2)
    def review(self):
        picks = getattr(self, "picks", None)
        if picks:
            self.client.get(f"/review/office/{random.choice(picks)}/",
                            name="/review/office/<pk>/")


class Public(HttpUser):
    weight = 15
    wait_time = between(0.5, 2.0)

    @task(1)
    def notices(self):
        self.client.get("/notices/", name="/notices/")

    @task(3)
    def notice(self):
        self.client.get(f"/notices/{POOL['notice']}/", name="/notices/<pk>/")
