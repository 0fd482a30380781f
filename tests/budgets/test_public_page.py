"""The public budget page and its CSV: decided data only, aggregated, paginated, readable without JavaScript."""
import codecs
import csv
import io
import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from flask import render_template
from flask.testing import FlaskClient
from sqlalchemy import event, select

from planner.budgets.models import Decision, RequestStatus
from planner.db import engine_of
from planner.panels import panels_for
from planner.vocab.models import Theme
from tests.budgets.test_decisions import decide, ready
from tests.conftest import statements_sent


@pytest.fixture
def budget(client, login, make, scene, db):
    """An approved, a partly approved and a rejected request; plus a draft, an undecided and a returned one."""
    approved = ready(make, scene, db, [("staff", "Tutors", "4", "500.00")])
    partial = ready(make, scene, db, [("equipment", "Laptops", "5", "600.00")])
    rejected = ready(make, scene, db, [("travel", "Trip", "1", "900.00")])
    returned = ready(make, scene, db)
    make.budget_request(scene.initiative, title="Secret draft request")
    make.budget_request(scene.initiative, title="Undecided request", status=RequestStatus.SUBMITTED)
    decide(client, login, scene, approved.id, outcome="approved", reason="Clear and modest.")
    decide(client, login, scene, partial.id, outcome="partially_approved", approved_amount="1800",
           reason="Three laptops are enough.")
    decide(client, login, scene, rejected.id, outcome="rejected", reason="Travel is out of scope.")
    decide(client, login, scene, returned.id, outcome="returned", reason="Private note: itemise the hall.")
    client.post("/logout")
    return scene


def test_anonymous_visitor_sees_envelope_allocated_remaining_and_every_decision(client, budget):
    response = client.get(f"/councils/{budget.council.slug}/budget/2026")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-figure="envelope">JOD\u00a010,000.000<' in page
    assert 'data-figure="allocated">JOD\u00a03,800.000<' in page
    assert 'data-figure="remaining">JOD\u00a06,200.000<' in page
    for reason in ("Clear and modest.", "Three laptops are enough.", "Travel is out of scope."):
        assert reason in page
    for text in ("Approved in full", "Approved in part", "Rejected"):
        assert text in page


def test_drafts_undecided_and_returned_requests_are_never_public(client, budget):
    page = client.get(f"/councils/{budget.council.slug}/budget/2026").get_data(as_text=True)
    csv_text = client.get(f"/councils/{budget.council.slug}/budget/2026/decisions.csv").get_data(as_text=True)
    for secret in ("Secret draft request", "Undecided request", "Private note: itemise the hall."):
        assert secret not in page and secret not in csv_text


def test_chart_is_server_drawn_svg_with_a_table_beside_it(client, budget):
    page = client.get(f"/councils/{budget.council.slug}/budget/2026").get_data(as_text=True)
    assert '<svg class="chart"' in page and 'role="img"' in page and 'aria-labelledby="chart-title chart-desc"' in page
    assert '<rect class="bar"' in page
    assert "<caption>Money approved by theme</caption>" in page
    assert re.search(r'<th scope="row"><bdi>Youth</bdi></th><td class="num"[^>]*>JOD\u00a03,800.000</td>'
                     r'<td class="num"[^>]*>100%</td>', page)
    assert "style=" not in page  # the CSP forbids inline styles
    assert "<script" not in page
    description = page.split('<desc id="chart-desc">')[1].split("</desc>")[0]
    # what a screen reader says: each bar in words, not only "see the table"
    assert "\u2068Youth\u2069: JOD\u00a03,800.000, 100% of the money approved, in" in description


def test_the_chart_grows_from_the_right_on_a_right_to_left_page(client, budget, db):
    db.get(Theme, "youth").names = {"ar": "الشباب"}
    db.flush()
    english = client.get(f"/councils/{budget.council.slug}/budget/2026").get_data(as_text=True)
    arabic = client.get(f"/councils/{budget.council.slug}/budget/2026",
                        headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<rect class="bar" x="0"' in english and 'text-anchor="start"' in english
    # the one bar (all the money went to one theme) is 430 units long: it ends at the right edge, 640
    assert '<rect class="bar" x="210"' in arabic and 'text-anchor="end"' in arabic
    assert '<text x="640"' in arabic and "الشباب" in arabic  # the theme's label, at the right, in Arabic


def test_amounts_follow_the_visitors_locale(client, budget):
    page = client.get(f"/councils/{budget.council.slug}/budget/2026", headers={"Accept-Language": "fr"})
    assert "10\u202f000,000\u00a0JOD" in page.get_data(as_text=True)  # French groups with a narrow space; fils shown


def test_corrections_are_shown_as_corrections(client, login, budget, db):
    original = db.scalars(select(Decision).where(Decision.reason == "Clear and modest.")).one()
    login(budget.chair)
    client.post(f"/decisions/{original.id}/correct", data={"outcome": "partially_approved", "approved_amount": "1000",
                                                           "reason": "Half the tutors found other funds."})
    client.post("/logout")
    page = client.get(f"/councils/{budget.council.slug}/budget/2026").get_data(as_text=True)
    assert f"Correction of decision {original.id}" in page
    assert "Replaced by correction" in page
    assert 'data-figure="allocated">JOD\u00a02,800.000<' in page


def test_decisions_csv(client, budget):
    response = client.get(f"/councils/{budget.council.slug}/budget/2026/decisions.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert sorted((row["Outcome"], row["Approved"], row["Requested"]) for row in rows) == [
        ("Approved in full", "2000.000", "2000.000"), ("Approved in part", "1800.000", "3000.000"),
        ("Rejected", "0.000", "900.000")]
    assert {row["Currency"] for row in rows} == {"JOD"}


def test_decisions_csv_opens_in_a_spreadsheet_in_any_language_from_the_cache_too(app, budget):
    """A byte-order mark first (a spreadsheet otherwise reads Arabic as its local code page), and the same download,
    file name and all, for the visitor whose copy comes from the cache."""
    visitor = FlaskClient(app, app.response_class, use_cookies=True)  # not signed in: the copy is kept for the next
    address = f"/councils/{budget.council.slug}/budget/2026/decisions.csv"
    first = visitor.get(address, headers={"Accept-Language": "ar"})
    with statements_sent(app) as sent:
        again = visitor.get(address, headers={"Accept-Language": "ar"})
    assert sent == [], "the second download should come from the cache"
    for response in (first, again):
        assert response.get_data().startswith(codecs.BOM_UTF8)
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="{budget.council.slug}-budget-2026-decisions.csv"')
    heading, *rows = csv.reader(io.StringIO(again.get_data().decode("utf-8-sig")))
    assert heading[:2] == ["القرار", "تاريخ القرار"]
    outcome = heading.index("النتيجة")
    assert "مرفوض" in {row[outcome] for row in rows}  # the outcome in words, as the page says it


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, login, make, scene, db):
    pending = ready(make, scene, db)
    decide(client, login, scene, pending.id, outcome="rejected", reason="=HYPERLINK(\"http://evil\")")
    text = client.get(f"/councils/{scene.council.slug}/budget/2026/decisions.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text


@pytest.mark.parametrize("suffix", ["/budget/1999", "/budget/abc", "/budget/0", "/budget/-1", "/budget/2026.5",
                                    "/budget/99999999999999999999999", "/budget/1999/decisions.csv",
                                    "/budget/abc/decisions.csv"])
def test_unknown_or_malformed_years_are_a_friendly_404(client, scene, suffix):
    response = client.get(f"/councils/{scene.council.slug}{suffix}")
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)


def test_unknown_council_is_a_404(client, scene):
    assert client.get("/councils/no-such-council/budget/2026").status_code == 404
    assert client.get("/councils/99999999/budget/2026").status_code == 404


def test_council_may_be_named_by_id_and_budget_leads_to_this_year(client, make, scene, db, clock):
    clock.set(datetime(2027, 3, 10, 9, 0, tzinfo=UTC))
    make.envelope(scene.council, 2027, "5.00")
    make.envelope(scene.council, 2028, "5.00")
    db.commit()
    assert client.get(f"/councils/{scene.council.id}/budget/2026").status_code == 200
    response = client.get(f"/councils/{scene.council.slug}/budget")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/councils/{scene.council.slug}/budget/2027")


def test_a_council_without_any_budget_says_so(client, make):
    council = make.council()
    response = client.get(f"/councils/{council.slug}/budget")
    assert response.status_code == 200 and "has not published a budget yet" in response.get_data(as_text=True)


def test_decided_request_is_public_and_undecided_is_not(client, budget, db):
    decided = db.scalars(select(Decision).where(Decision.reason == "Clear and modest.")).one()
    page = client.get(f"/requests/{decided.request_id}")
    assert page.status_code == 200 and "Tutors" in page.get_data(as_text=True)
    returned = db.scalars(select(Decision).where(Decision.reason.like("Private note%"))).one()
    assert client.get(f"/requests/{returned.request_id}").status_code == 302  # to the login page


def test_bad_page_numbers_do_not_break_the_page(client, budget):
    for query in ("?page=abc", "?page=-3", "?page=0", "?page=99999", "?page=1e9", "?page=%C2%B2"):
        assert client.get(f"/councils/{budget.council.slug}/budget/2026{query}").status_code == 200


def test_the_page_costs_the_same_few_queries_however_many_decisions(client, login, make, scene, db, app):
    """No query per row: five decisions or twenty-five, the page runs the same number of queries."""
    def count_queries() -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine_of(app), "before_cursor_execute", listener)
        try:
            assert client.get(f"/councils/{scene.council.slug}/budget/2026").status_code == 200
        finally:
            event.remove(engine_of(app), "before_cursor_execute", listener)
        return len([s for s in statements if not s.lstrip().upper().startswith(("SAVEPOINT", "RELEASE"))])

    def add_decisions(count: int) -> None:
        for _number in range(count):
            request = make.budget_request(scene.initiative, status=RequestStatus.DECIDED)
            db.add(Decision(request_id=request.id, version_number=1, council_id=scene.council.id, fiscal_year=2026,
                            outcome="approved", approved_amount=Decimal("1.00"), currency="JOD", reason="ok",
                            theme_key="youth"))
        db.commit()

    add_decisions(5)
    few = count_queries()
    add_decisions(20)
    assert count_queries() == few <= 8


def test_council_and_initiative_panels(app, make, scene, db, budget):
    with app.test_request_context("/"):  # as the directory's views do: the registry computes, the template shows
        [(council_template, council_values)] = panels_for("council", budget.council)
        [(initiative_template, initiative_values)] = panels_for("initiative", budget.initiative)
        council_panel = render_template(council_template, record=budget.council, panel=council_values)
        initiative_panel = render_template(initiative_template, record=budget.initiative, panel=initiative_values)
    assert f"/councils/{budget.council.slug}/budget/2026" in council_panel
    assert "Requests awaiting review" not in council_panel  # anonymous
    assert "Secret draft request" not in initiative_panel and "Undecided request" not in initiative_panel
    assert "Decided" in initiative_panel and "Ask the council for money" not in initiative_panel


def test_csv_batches_cover_every_decision_once(app, budget, db):
    from planner.budgets.queries import public_decisions_in_batches

    with app.test_request_context("/"):
        ids = [row.id for row in public_decisions_in_batches(budget.council.id, 2026, batch=2)]
    assert len(ids) == 3 and ids == sorted(set(ids))
