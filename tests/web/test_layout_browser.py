"""Every page of every demo role fits the screen (issue 9): at 1366×768 and 390×844 the page
is never wider than the window, no console error is logged, and the phone menu folds behind
one button. Pages are found the way a user finds them: the menu, then the first detail link
of each kind on those pages. Screenshots go to test-artifacts/layout-*.png."""

import re

import pytest
from browsing import sign_in

from zhicheng.demo.declarations import load_sample_declarations
from zhicheng.demo.load import load_demo
from zhicheng.demo.pool import load_demo_pool

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.xdist_group("browser")]

VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}
# Detail pages reached from the menu's pages: one of each kind is enough to test its layout.
DETAIL = re.compile(r"^/(declarations/\d+/(edit/)?|review/(unit|office)/\d+/|"
                    r"materials/declarations/\d+/|notices/(unit/)?\d+/|integrity/cases/\d+/|"
                    r"approvals/declarations/\d+/education/|"
                    r"evaluation/(sessions/\d+/(ballot/)?|meetings/\d+/(d/\d+/|conflicts/)?|"
                    r"sessions/\d+/check-in/|rounds/\d+/(vote|seal|decrypt)/))$")


def kind_of(path: str) -> str:
    return re.sub(r"\d+", "N", path)



def pages_of(pg, base: str) -> list[str]:
    """The menu's pages, then one detail page of each kind linked from them."""
    menu = pg.eval_on_selector_all(".site-nav a", "els => els.map(a => a.getAttribute('href'))")
    found, kinds = list(dict.fromkeys(["/", *menu])), set()
    for path in list(found):
        pg.goto(base + path)
        hrefs = pg.eval_on_selector_all("main a[href^='/']",
                                        "els => els.map(a => a.getAttribute('href'))")
        for href in hrefs:
            href = href.split("?")[0].split("#")[0]
            if DETAIL.match(href) and kind_of(href) not in kinds and href not in found:
                kinds.add(kind_of(href))
                found.append(href)
    return found


def check(pg, base: str, path: str, name: str, errors: list[str]) -> list[str]:
    """Problems of one page: wider than the window, or console errors while loading."""
    errors.clear()
    response = pg.goto(base + path)
    if response.status == 404:
        # A menu entry the role may not open (the menu is being derived from the rules
        # predicates, web/context.py): nothing to lay out.
        return []
    assert response.status == 200, f"{path}: HTTP {response.status}"
    pg.wait_for_load_state("load")
    width, inner = pg.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]")
    pg.screenshot(path=f"test-artifacts/layout-{name}.png", full_page=True)
    problems = []
    if width > inner:
        problems.append(f"{path} is {width}px wide in a {inner}px window")
    problems += [f"{path}: console error {e}" for e in errors]
    return problems


def test_every_page_of_every_role_fits_desktop_and_phone(browser, live_server, settings):
    import os
    os.makedirs("test-artifacts", exist_ok=True)
    # The expert's login comes with the pool, which the sample year enters (demo.pool).
    logins = [login.username for login in load_demo()] + ["demo_expert"]
    assert len(logins) >= 9
    assert load_sample_declarations() == 20  # so the queues link to review pages
    assert load_demo_pool() == 0  # entered by the sample year: the pool lists experts
    base = live_server.url
    problems, checked = [], 0
    for username in logins:
        ctx = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
        pg = ctx.new_page()
        pg.set_default_timeout(15_000)
        errors: list[str] = []
        pg.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))
        pg.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        sign_in(pg, base, username)
        paths = pages_of(pg, base)
        assert len(paths) >= 2, f"{username} has no pages besides the workbench"
        for label, (w, h) in VIEWPORTS.items():
            pg.set_viewport_size({"width": w, "height": h})
            for i, path in enumerate(paths):
                problems += check(pg, base, path, f"{username}-{label}-{i:02d}", errors)
                checked += 1
        ctx.close()
    # The public pages, signed out.
    ctx = browser.new_context(locale="zh-CN")
    pg = ctx.new_page()
    errors = []
    pg.on("console", lambda m: m.type == "error" and errors.append(m.text))
    for label, (w, h) in VIEWPORTS.items():
        pg.set_viewport_size({"width": w, "height": h})
        for i, path in enumerate(["/login/", "/notices/"]):
            problems += check(pg, base, path, f"public-{label}-{i:02d}", errors)
    ctx.close()
    assert problems == []
    assert checked >= 2 * 9 * 2


def test_phone_menu_folds_behind_one_button(browser, live_server):
    load_demo()
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    sign_in(pg, live_server.url, "demo_city_office")
    nav = pg.locator(".site-nav")
    assert not nav.is_visible()
    pg.get_by_test_id("nav-toggle").click()
    assert nav.is_visible()
    links = nav.locator("a")
    assert links.count() >= 5
    # Each item is one line across the menu, not one character per line.
    for box in [links.nth(i).bounding_box() for i in range(links.count())]:
        assert box["width"] >= 300 and box["height"] < 60
    pg.screenshot(path="test-artifacts/layout-phone-menu-open.png", full_page=True)
    ctx.close()
