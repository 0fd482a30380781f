"""Phone screenshots for the README: My planner for each demo role, a budget request and the shift list (as
cards and as a week), in English and Arabic, 390 px wide.

Start the demo first (`make run`), then, from the repository's root:

    .venv/bin/python docs/screenshots/take.py --base http://127.0.0.1:5000 --database-url sqlite:///instance/planner.db

It gives the demo accounts a known password in that (demo) database, reads their two-step codes from it, and
signs in through the real login form in Chromium.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyotp
from playwright.sync_api import sync_playwright
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from planner import create_app  # noqa: E402
from planner.accounts.models import User  # noqa: E402
from planner.accounts.services import find_user, set_password  # noqa: E402
from planner.budgets.models import BudgetRequest, RequestStatus  # noqa: E402
from planner.db import session  # noqa: E402

HERE = Path(__file__).resolve().parent
PASSWORD = "screenshot lantern harbour"
ROLES = ("volunteer", "coordinator", "member", "chair", "admin")
PHONE = {"width": 390, "height": 844}


def prepare(database_url: str) -> tuple[dict[str, str], int | None]:
    """Known passwords for the demo accounts; their two-step secrets; a decided request to show."""
    app = create_app({"DATABASE_URL": database_url})
    with app.app_context():
        secrets = {}
        for role in ROLES:
            user = find_user(f"demo-{role}@example.org")
            if user is None:
                raise SystemExit(f"demo-{role}@example.org is missing: run `make run` (it loads the demo) first")
            set_password(user, PASSWORD)
            secrets[role] = user.totp_secret or ""
        request_id = session.scalar(select(BudgetRequest.id).where(BudgetRequest.status == RequestStatus.DECIDED)
                                    .order_by(BudgetRequest.id).limit(1))
        session.commit()
    return secrets, request_id


def sign_in(tab, base: str, role: str, secret: str) -> None:
    tab.goto(f"{base}/login")
    tab.fill("input[name=email]", f"demo-{role}@example.org")
    tab.fill("input[name=password]", PASSWORD)
    tab.locator("form.account-form button[type=submit]").click()
    tab.wait_for_load_state()
    if tab.url.split("?")[0].endswith("/login/code"):
        tab.fill("input[name=code]", pyotp.TOTP(secret).now())
        tab.locator("form.account-form button[type=submit]").click()
        tab.wait_for_load_state()


def choose_language(tab, base: str, language: str) -> None:
    """The footer's language switch, as a person would use it."""
    tab.goto(f"{base}/me")
    tab.select_option("#language-choice", language)
    tab.locator("form.language-form", has=tab.locator("#language-choice")).locator("button[type=submit]").click()
    tab.wait_for_load_state()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:5000")
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'instance' / 'planner.db'}")
    options = parser.parse_args()
    secrets, request_id = prepare(options.database_url)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        for role in ROLES:  # one sign-in per role (a two-step code serves once), then each language
            context = browser.new_context(viewport=PHONE, extra_http_headers={"Accept-Language": "en"})
            tab = context.new_page()
            sign_in(tab, options.base, role, secrets[role])
            for language in ("en", "ar"):
                choose_language(tab, options.base, language)
                tab.goto(f"{options.base}/me")
                tab.screenshot(path=HERE / f"me-{role}-{language}.png")
            context.close()
        for language in ("en", "ar"):
            context = browser.new_context(viewport=PHONE, extra_http_headers={"Accept-Language": language})
            tab = context.new_page()
            tab.goto(f"{options.base}/shifts")
            tab.screenshot(path=HERE / f"shifts-{language}.png")
            tab.goto(f"{options.base}/shifts?view=week")
            tab.screenshot(path=HERE / f"shifts-week-{language}.png")
            if request_id:
                tab.goto(f"{options.base}/requests/{request_id}")
                tab.locator("table.line-items-table").scroll_into_view_if_needed()
                tab.screenshot(path=HERE / f"budget-request-{language}.png")
            context.close()
        browser.close()
    print(f"Screenshots written to {HERE}")


if __name__ == "__main__":
    main()
