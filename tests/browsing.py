"""Helpers for the headless-Chromium tests: signing in through the real login page."""

DEMO_PASSWORD = "Zhicheng@2017"


def sign_in(pg, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    pg.goto(f"{base}/login/")
    pg.fill("#id_username", username)
    pg.fill("#id_password", password)
    pg.click("button[type=submit]")
    pg.wait_for_selector("[data-testid=workbench-title]")
