"""In a real browser: the last place, the waitlist, a promotion when the first volunteer cancels; check-in by code;
the roster and the entrance code on paper."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from flask import url_for
from playwright.sync_api import expect
from sqlalchemy import select

from planner.volunteering import checkin
from planner.volunteering.models import Signup, SignupStatus
from tests import factories
from tests.conftest import answer_code_step

pytestmark = pytest.mark.browser


def log_in(tab, login_url: str, email: str) -> None:
    """Sign in through the real login form."""
    tab.goto(login_url)
    tab.locator("input[name='email']").fill(email)
    tab.locator("input[name='password']").fill(factories.PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    answer_code_step(tab, email)


def signed_in_tab(browser, live_app, live_server, email: str, **context_options):
    """A new browser context (English unless told) with one tab, signed in as the person; returns both."""
    context = browser.new_context(**{"locale": "en-GB", **context_options})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    with live_app.test_request_context():
        login_url = live_server.url + url_for("accounts.login")
    log_in(tab, login_url, email)
    return context, tab


def test_last_place_waitlist_then_promotion(live_app, live_server, live_db, browser):
    shift = factories.shift(capacity=2, title="Browser test: library reading hour")
    factories.signup(shift)  # one of the two places is already taken
    first = factories.user(name="First Volunteer")
    second = factories.user(name="Second Volunteer")
    live_db.commit()
    with live_app.test_request_context():
        login_url = live_server.url + url_for("accounts.login")
        shift_url = live_server.url + url_for("volunteering.shift", shift_id=shift.id)

    contexts = [browser.new_context(locale="en-GB") for _ in range(2)]
    try:
        tab_one, tab_two = (context.new_page() for context in contexts)
        for tab, person in ((tab_one, first), (tab_two, second)):
            tab.set_default_timeout(15_000)
            log_in(tab, login_url, person.email)

        tab_one.goto(shift_url)
        expect(tab_one.get_by_text("1 place left of 2")).to_be_visible()
        tab_one.get_by_role("button", name="Sign up").click()
        expect(tab_one.locator("#signup-status")).to_have_text("You are confirmed for this shift.")

        tab_two.goto(shift_url)
        expect(tab_two.get_by_text("Full").first).to_be_visible()
        tab_two.get_by_role("button", name="Join the waitlist").click()
        expect(tab_two.locator("#signup-status")).to_have_text("You are number 1 on the waitlist.")

        tab_one.get_by_role("button", name="Cancel my place").click()
        expect(tab_one.get_by_text("Your sign-up is cancelled.")).to_be_visible()

        tab_two.reload()
        expect(tab_two.locator("#signup-status")).to_have_text("You are confirmed for this shift.")
    finally:
        for context in contexts:
            context.close()

    live_db.expire_all()
    statuses = {s.volunteer_id: s.status for s in live_db.scalars(select(Signup).where(Signup.shift_id == shift.id))}
    assert statuses[first.id] is SignupStatus.CANCELLED and statuses[second.id] is SignupStatus.CONFIRMED


def test_a_coordinator_checks_a_volunteer_in_by_typing_the_code(live_app, live_server, live_db, browser, clock):
    start = clock.set(datetime(2027, 11, 6, 7, 0, tzinfo=UTC))
    programme = factories.programme()
    coordinator_email = factories.coordinator(of=programme.organisation).email
    shift = factories.shift(of=programme, starts_at=start + timedelta(minutes=20), title="Browser test: door check-in")
    signup = factories.signup(shift)
    shift_id, code, name = shift.id, signup.checkin_code, signup.volunteer.name
    live_db.commit()
    phone = {"width": 390, "height": 844}  # a phone at the door
    context, tab = signed_in_tab(browser, live_app, live_server, coordinator_email, viewport=phone)
    tab.goto(f"{live_server.url}/shifts/{shift_id}/roster")
    tab.get_by_role("link", name="Check-in at the door").click()
    tab.get_by_label("Check-in code").fill(f"{code[:4].lower()} {code[4:]}")
    tab.get_by_role("button", name="Check in or out").click()
    expect(tab.locator(".flash")).to_have_text(f"\u2068{name}\u2069 is checked in.")  # the name is isolated
    expect(tab.get_by_text("1 volunteer checked in")).to_be_visible()
    tab.get_by_label("Check-in code").fill("WRONGCODE")
    tab.get_by_role("button", name="Check in or out").click()
    expect(tab.locator("#code-error")).to_contain_text("No place on this shift has that code")
    context.close()


def test_a_volunteer_issues_a_certificate_downloads_it_and_anyone_can_check_it(
        live_app, live_server, live_db, browser, clock):
    clock.set(datetime(2027, 2, 1, 9, 0, tzinfo=UTC))
    programme = factories.programme(name="Browser test: winter clothes")
    volunteer = factories.user(name="Samir Browser")
    shift = factories.shift(of=programme, starts_at=datetime(2027, 1, 9, 7, tzinfo=UTC))
    factories.signup(shift, volunteer=volunteer, status=SignupStatus.ATTENDED, hours=3,
                     hours_verified_at=datetime(2027, 1, 10, tzinfo=UTC))
    email = volunteer.email
    live_db.commit()
    context, tab = signed_in_tab(browser, live_app, live_server, email, accept_downloads=True)
    tab.goto(f"{live_server.url}/me/shifts")
    tab.get_by_role("link", name="Certificates of your hours, which anyone can check").click()
    tab.get_by_label("Programme").select_option(label="Browser test: winter clothes")
    tab.get_by_role("button", name="Issue the certificate").click()
    expect(tab.get_by_text("Your certificate is ready")).to_be_visible()
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Download (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    code = tab.locator(".certificates span[dir=ltr]").first.inner_text()
    context.close()

    stranger = browser.new_context(locale="en-GB").new_page()  # an employer, not logged in
    stranger.goto(f"{live_server.url}/certificates")
    stranger.get_by_label("Certificate code").fill(code.lower())
    stranger.get_by_role("button", name="Check").click()
    expect(stranger.locator("#certificate-status")).to_have_text("This certificate is genuine and valid.")
    expect(stranger.get_by_text("Samir Browser")).to_be_visible()
    expect(stranger.locator("dt:text-is(\"Verified hours\") + dd")).to_have_text("3")  # as the language writes hours
    stranger.context.close()


# Chromium on Linux has no BarcodeDetector (the Shape Detection API). The page's script is tested
# with Chromium's fake camera and this stand-in, which "reads" the volunteer's code once the video
# plays: the camera, the button, the field and the form are the real ones.
READS_A_CODE = """
window.BarcodeDetector = class {
  constructor(options) { this.formats = options.formats; }
  async detect(video) { return video.readyState >= 2 ? [{rawValue: %s}] : []; }
};
"""


def test_the_coordinator_scans_a_code_with_the_camera(live_app, live_server, live_db, browser, clock):
    start = clock.set(datetime(2027, 11, 13, 7, 0, tzinfo=UTC))
    programme = factories.programme()
    coordinator_email = factories.coordinator(of=programme.organisation).email
    shift = factories.shift(of=programme, starts_at=start + timedelta(minutes=20), title="Browser test: camera")
    signup = factories.signup(shift)
    shift_id, code, name, signup_id = shift.id, signup.checkin_code, signup.volunteer.name, signup.id
    live_db.commit()
    context, tab = signed_in_tab(browser, live_app, live_server, coordinator_email,
                                 viewport={"width": 390, "height": 844}, permissions=["camera"])
    context.add_init_script(READS_A_CODE % f'"{code}"')
    tab.goto(f"{live_server.url}/shifts/{shift_id}/check-in")
    tab.get_by_role("button", name="Scan a code with the camera").click()
    tab.get_by_text("is checked in.").wait_for()
    expect(tab.locator(".flash")).to_have_text(f"\u2068{name}\u2069 is checked in.")
    context.close()
    live_db.expire_all()
    assert live_db.get(Signup, signup_id).checked_in_at is not None


def test_without_a_code_reader_the_page_offers_typing_only(live_app, live_server, live_db, browser):
    programme = factories.programme()
    coordinator_email = factories.coordinator(of=programme.organisation).email
    shift_id = factories.shift(of=programme).id
    live_db.commit()
    context, tab = signed_in_tab(browser, live_app, live_server, coordinator_email)
    tab.goto(f"{live_server.url}/shifts/{shift_id}/check-in")
    expect(tab.get_by_label("Check-in code")).to_be_visible()
    assert tab.get_by_role("button", name="Scan a code with the camera").count() == 0
    context.close()


def _line_count(tab, width: int, selector: str) -> int:
    """How many lines the element's text takes with the window this wide."""
    tab.set_viewport_size({"width": width, "height": 844})
    return tab.locator(selector).evaluate("element => element.getClientRects().length")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_check_in_code_is_never_broken_across_lines(live_app, live_server, live_db, browser, clock, language):
    start = clock.set(datetime(2027, 11, 20, 7, 0, tzinfo=UTC))
    shift = factories.shift(starts_at=start + timedelta(hours=20), title="Browser test: the code on a phone")
    signup = factories.signup(shift, volunteer=factories.user(locale=language))  # their pages in their language
    email, shift_id = signup.volunteer.email, shift.id
    live_db.commit()
    context, tab = signed_in_tab(browser, live_app, live_server, email)
    for path in ("/me", f"/shifts/{shift_id}"):
        tab.goto(live_server.url + path)
        assert tab.locator("html").get_attribute("lang") == language
        broken = [width for width in range(260, 481, 4) if _line_count(tab, width, ".checkin-code") > 1]
        assert broken == [], f"on {path} the code is split at these widths"
    context.close()


def test_the_roster_and_the_entrance_code_print_without_the_site_around_them(live_app, live_server, live_db, browser,
                                                                               clock):
    """A coordinator prints the roster for the door and the check-in code for the entrance: on paper, the page's own
    content without the menus, buttons and language choice; the code's page becomes a poster for volunteers."""
    start = clock.set(datetime(2027, 11, 6, 7, 0, tzinfo=UTC))
    programme = factories.programme()
    coordinator_email = factories.coordinator(of=programme.organisation).email
    shift = factories.shift(of=programme, starts_at=start - timedelta(minutes=30), title="Browser test: printed roster")
    name = factories.signup(shift).volunteer.name
    shift_id = shift.id
    live_db.commit()
    context, tab = signed_in_tab(browser, live_app, live_server, coordinator_email)
    tab.emulate_media(media="print")
    tab.goto(f"{live_server.url}/shifts/{shift_id}/roster")
    expect(tab.get_by_role("rowheader", name=name)).to_be_visible()
    site_parts = [tab.get_by_label(part, exact=True).first  # the menu, the search box, the language choice
                  for part in ("Main", "Search the directory", "Language")]
    the_rest = tab.get_by_text("Their hours are the time between check-in and check-out")
    save = tab.get_by_role("button", name="Save", exact=True)
    for hidden in [*site_parts, save, the_rest]:  # the form prints, not its buttons
        expect(hidden).to_be_hidden()
    tab.emulate_media(media="screen")
    for shown in [*site_parts, save, the_rest]:
        expect(shown).to_be_visible()
    tab.get_by_role("button", name="Mark the 1 volunteer not marked yet as attended").click()
    expect(tab.locator(".flash")).to_have_text("1 volunteer is marked as attended.")
    expect(tab.get_by_role("row", name=name)).to_contain_text("3 hours verified")  # the shift's length
    tab.emulate_media(media="print")
    tab.goto(f"{live_server.url}/shifts/{shift_id}/check-in")
    expect(tab.locator(".qr-code svg")).to_be_visible()
    assert tab.locator(".qr-code svg").bounding_box()["width"] > 300  # about 10 cm: a camera reads it from a step away
    expect(tab.get_by_text("Have a place on this shift? Scan this code")).to_be_visible()
    expect(tab.get_by_label("Check-in code")).to_be_hidden()
    expect(tab.get_by_text("Show or print this code at the entrance")).to_be_hidden()
    assert re.search(rb"/Count (\d+)", tab.pdf(format="A4")).group(1) == b"1"  # the poster is one sheet
    tab.emulate_media(media="screen")
    expect(tab.get_by_label("Check-in code")).to_be_visible()
    expect(tab.get_by_text("Have a place on this shift? Scan this code")).to_be_hidden()
    context.close()


def test_someone_who_came_without_a_place_takes_one_by_scanning_the_venue_code(live_app, live_server, live_db,
                                                                                browser, clock):
    start = datetime(2027, 11, 6, 7, 0, tzinfo=UTC)
    clock.set(start + timedelta(minutes=10))
    shift = factories.shift(starts_at=start, capacity=4, title="Browser test: a walk-in")
    factories.signup(shift)
    walker = factories.user(name="Door Walker")
    live_db.commit()
    shift_id, walker_id, walker_email = shift.id, walker.id, walker.email
    with live_app.test_request_context():
        venue = f"{live_server.url}/shifts/{shift_id}/here/{checkin.venue_code(shift)}"
    context, tab = signed_in_tab(browser, live_app, live_server, walker_email, viewport={"width": 390, "height": 844})
    tab.goto(venue)
    expect(tab.get_by_text("You have no place on this shift, but 3 places are free")).to_be_visible()
    tab.get_by_role("button", name="Take a place and check me in").click()
    expect(tab.locator(".flash")).to_have_text("You have taken a free place and are checked in. Welcome!")
    expect(tab.get_by_role("button", name="Check out as I leave")).to_be_visible()
    context.close()
    live_db.expire_all()
    place = live_db.scalars(select(Signup).where(Signup.shift_id == shift_id, Signup.volunteer_id == walker_id)).one()
    assert place.status is SignupStatus.CONFIRMED and place.checked_in_at is not None


def test_a_coordinator_adds_a_newcomer_without_an_account_on_a_phone(live_app, live_server, live_db, browser, clock):
    start = datetime(2027, 11, 13, 7, 0, tzinfo=UTC)
    clock.set(start + timedelta(minutes=15))
    shift = factories.shift(starts_at=start, capacity=4, title="Browser test: a newcomer")
    coordinator = factories.coordinator(of=shift.programme.organisation)
    live_db.commit()
    shift_id, coordinator_email = shift.id, coordinator.email
    context, tab = signed_in_tab(browser, live_app, live_server, coordinator_email,
                                 viewport={"width": 390, "height": 844})
    tab.goto(f"{live_server.url}/shifts/{shift_id}/roster")
    tab.get_by_label("Their email address").fill("amal.newcomer@example.org")
    tab.get_by_role("button", name="Add and check them in").click()
    expect(tab.locator("#email-error")).to_contain_text("No account uses this address.")
    tab.get_by_label("Their name").fill("Amal Newcomer")
    tab.get_by_label("They agree that we open an account for them with this address").check()
    tab.get_by_role("button", name="Add and check them in").click()
    expect(tab.locator(".flash")).to_contain_text("We opened an account for them and e-mailed them a link")
    expect(tab.get_by_text("Amal Newcomer", exact=True)).to_be_visible()  # on the roster
    context.close()
    live_db.expire_all()
    place = live_db.scalars(select(Signup).where(Signup.shift_id == shift_id)).one()
    assert place.volunteer.email == "amal.newcomer@example.org" and place.checked_in_at is not None


def test_at_the_door_a_coordinator_finds_a_volunteer_by_name_and_checks_them_in_on_a_phone(
        live_app, live_server, live_db, browser, clock):
    start = datetime(2027, 11, 20, 7, 0, tzinfo=UTC)
    clock.set(start - timedelta(minutes=30))
    shift = factories.shift(starts_at=start, capacity=80, title="Browser test: a long roster")
    for number in range(70):
        factories.signup(shift, factories.user(name="Yusuf Forgot-His-Code" if number == 64 else f"Runner {number}"))
    coordinator = factories.coordinator(of=shift.programme.organisation)
    live_db.commit()
    shift_id = shift.id
    context, tab = signed_in_tab(browser, live_app, live_server, coordinator.email,
                                 viewport={"width": 390, "height": 844})
    tab.goto(f"{live_server.url}/shifts/{shift_id}/check-in")
    tab.get_by_role("link", name="Find them by name on the roster").click()
    expect(tab.get_by_label("Show")).to_have_value("not_in")
    expect(tab.get_by_role("navigation", name="Pages")).to_contain_text("Page 1 of 2")
    tab.get_by_label("Name or email").fill("yusuf")
    tab.get_by_role("button", name="Find").click()
    expect(tab.get_by_role("status")).to_contain_text("1 volunteer shown of 70 with a place.")
    tab.get_by_role("button", name=re.compile("Check in .?Yusuf Forgot-His-Code")).click()
    expect(tab.locator(".flash")).to_contain_text("\u2068Yusuf Forgot-His-Code\u2069 is checked in.")
    expect(tab.get_by_text("No one with a place matches.")).to_be_visible()  # checked in: out of this view
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
    live_db.expire_all()
    arrived = live_db.scalars(select(Signup).where(Signup.shift_id == shift_id, Signup.checked_in_at.is_not(None)))
    assert [signup.volunteer.name for signup in arrived] == ["Yusuf Forgot-His-Code"]


def test_numbers_typed_in_arabic_indic_digits_reach_the_server(live_app, live_server, live_db, browser, clock):
    """Many Arabic keyboards type ٠–٩ and the Arabic decimal separator: a number input would send nothing."""
    start = datetime(2027, 11, 13, 7, 0, tzinfo=UTC)
    clock.set(start + timedelta(hours=4))
    shift = factories.shift(starts_at=start, capacity=4, title="Browser test: a school class helped")
    coordinator = factories.coordinator(of=shift.programme.organisation)
    live_db.commit()
    shift_id = shift.id
    context, tab = signed_in_tab(browser, live_app, live_server, coordinator.email)
    tab.goto(f"{live_server.url}/shifts/{shift_id}/roster")
    tab.get_by_label("How many came").clear()
    tab.get_by_label("How many came").press_sequentially("١٢")
    tab.get_by_label("Hours each").press_sequentially("٢٫٥")
    tab.get_by_role("button", name="Save the count").click()
    expect(tab.get_by_role("status").filter(has_text="Recorded")).to_contain_text("Recorded: 12 helpers, 2.5 hours")
    context.close()
    live_db.expire_all()
    shift = live_db.get(type(shift), shift_id)
    assert (shift.unnamed_helpers, shift.unnamed_hours_each) == (12, Decimal("2.50"))
