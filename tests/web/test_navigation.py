"""The navigation is derived from the same rules predicates the pages check (issue 8): as every
demo role, every link shown answers 200, and every page of the menu not shown answers 404."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from zhicheng.core.models import User
from zhicheng.web.context import NAV

pytestmark = pytest.mark.django_db

DEMO_USERS = ["demo_applicant", "demo_unit", "demo_unit2", "demo_centre", "demo_city_office",
              "demo_series_office", "demo_secretariat", "demo_expert", "demo_region"]


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ZHICHENG_TODAY = "2017-07-10"
    call_command("demo", stdout=io.StringIO())
    return User.objects.filter(username__in=DEMO_USERS).order_by("username")


def _menu(page: str) -> list[str]:
    """The hrefs of the menu, as the page shows them."""
    start = page.index('<nav')
    nav = page[start:page.index("</nav>", start)]
    return [part.split('"', 1)[0] for part in nav.split('href="')[1:]]


def test_every_link_shown_answers_200_and_every_other_menu_page_404(client, demo):
    assert [u.username for u in demo] == sorted(DEMO_USERS)
    for user in demo:  # one demo load for all roles
        _check_menu(client, user)


def _check_menu(client, user):
    username = user.username
    client.force_login(user)
    home = client.get(reverse("web:home"))
    assert home.status_code == 200
    shown = {h for h in _menu(home.text) if h.startswith("/") and not h.startswith("/logout")}
    menu_urls = {reverse(name) for _, name, _ in NAV}
    assert shown & menu_urls, "the menu shows nothing"
    for url in sorted(shown & menu_urls):
        assert client.get(url).status_code == 200, url
    for url in sorted(menu_urls - shown):
        assert client.get(url).status_code == 404, f"{username} {url}"
