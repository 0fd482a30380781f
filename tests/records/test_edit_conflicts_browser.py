"""One coordinator, one organisation page open for editing in two tabs, in Arabic: the second tab's save is held
back with the message, its text still in the box and what the first tab saved beside it; saving again keeps it."""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import answer_code_step

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(live_db):
    run = uuid.uuid4().hex[:8]
    organisation = factories.organisation(f"Tabs Organisation {run}")
    person = factories.coordinator(organisation, email=f"tabs-{run}@example.org")
    live_db.commit()
    return person.email, organisation.slug


def test_the_second_tab_is_told_and_keeps_its_text(browser, live_server, coordinator):
    email, slug = coordinator
    context = browser.new_context(locale="ar", extra_http_headers={"Accept-Language": "ar"})
    first = context.new_page()
    first.goto(f"{live_server.url}/login")
    first.fill("input[name=email]", email)
    first.fill("input[name=password]", factories.PASSWORD)
    first.locator("form:has(input[name=password]) button[type=submit]").click()
    answer_code_step(first, email)
    second = context.new_page()
    edit = f"{live_server.url}/organisations/{slug}/edit"
    first.goto(edit)
    second.goto(edit)

    first.fill("#summary", "ورش خياطة للنساء كل سبت.")
    first.locator("form.record-form button[type=submit]").click()
    first.wait_for_url(f"{live_server.url}/organisations/{slug}")
    second.fill("#summary", "دروس لغة للقادمين الجدد.")
    second.locator("form.record-form button[type=submit]").click()

    summary = second.locator(".error-summary")
    expect(summary.locator("h2")).to_have_text("لم تُحفظ تغييراتك بعد")  # waits for the answer to the second save
    expect(summary).to_contain_text("حفظتَ هذا السجل في علامة تبويب أو نافذة أخرى")  # the same person, another tab
    assert second.input_value("#summary") == "دروس لغة للقادمين الجدد."
    meanwhile = second.locator("#summary-meanwhile").inner_text()  # what the first tab saved, beside the box
    assert meanwhile.split() == "حُفظ مجددًا في الأثناء على هذا النحو: ورش خياطة للنساء كل سبت.".split()
    assert second.get_attribute("#summary", "aria-describedby") == "summary-meanwhile"
    second.locator("form.record-form button[type=submit]").click()
    second.wait_for_url(f"{live_server.url}/organisations/{slug}")
    assert "دروس لغة للقادمين الجدد." in second.content()
    context.close()
