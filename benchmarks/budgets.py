"""Benchmark of the public budget page on a council with many decided requests.

    python -m benchmarks.budgets --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

Makes a fresh database (`planner_bench_budgets` on that server, or a temporary SQLite file),
migrates it, bulk-inserts one council with N decided requests (10,000 by default: one version,
two line items and one decision each, plus some corrections), then requests the public budget
page through the Flask test client and reports the median and 95th-percentile times, the number
of SQL queries per page, and the same timing for a bare endpoint served the same way, so the
figure can be read as a ratio that holds on any machine.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, event, insert, make_url, text

from planner import create_app
from planner.accounts.models import User
from planner.budgets.models import (
    BudgetEnvelope,
    BudgetRequest,
    Decision,
    DecisionOutcome,
    LineItem,
    RequestStatus,
    RequestVersion,
)
from planner.clock import utcnow
from planner.councils.models import Council
from planner.db import engine_of, session
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.migrate import upgrade
from planner.organisations.models import Organisation, OrganisationKind
from planner.places.models import Country, Locality
from planner.vocab.models import Theme

DATABASE_NAME = "planner_bench_budgets"
COUNCIL_SLUG = "benchmark-council"
YEAR = 2026
THEMES = ("youth", "education", "environment", "heritage", "social-cohesion", "immigrant-integration",
          "neighbourhood-revitalisation", "humanitarian-aid")
BATCH = 2000


def main() -> None:
    """Make the database, fill it, time the pages, print a JSON report, drop the database."""
    options = _arguments()
    url, drop = _fresh_database(options.database_url)
    try:
        upgrade(url)
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark-only", "WTF_CSRF_ENABLED": False})
        app.add_url_rule("/_benchmark/bare", "benchmark_bare", lambda: "ok")
        with app.app_context():
            started = time.perf_counter()
            generate(options.requests, random.Random(5))
            generated = time.perf_counter() - started
        report = _measure(app, options.runs)
        report.update(backend=make_url(url).get_backend_name(), decided_requests=options.requests,
                      generation_seconds=round(generated, 1))
        print(json.dumps(report, indent=2))
    finally:
        if not options.keep:
            drop()


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="a PostgreSQL server URL; SQLite in a temp file if empty")
    parser.add_argument("--requests", type=int, default=10_000, help="decided requests to generate")
    parser.add_argument("--runs", type=int, default=50, help="timed requests per page")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    return parser.parse_args()


def _fresh_database(server_url: str):
    """A new empty database and a function that removes it."""
    if not server_url or server_url.startswith("sqlite"):
        folder = tempfile.mkdtemp(prefix="planner-bench-")
        return f"sqlite:///{Path(folder) / 'bench.db'}", lambda: shutil.rmtree(folder, ignore_errors=True)
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{DATABASE_NAME}"')

    def drop() -> None:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        admin.dispose()

    url = make_url(server_url).set(database=DATABASE_NAME).render_as_string(hide_password=False)
    return url, drop


# --- data -------------------------------------------------------------------------------------


def generate(count: int, rng: random.Random) -> None:
    """One council, its initiatives, `count` decided requests with decisions, and a matching envelope."""
    council, chair, initiatives = _directory(rng)
    request_ids = _bulk_requests(council, chair, initiatives, count, rng)
    approved = _bulk_decisions(council, chair, request_ids, rng)
    session.add(BudgetEnvelope(council_id=council.id, fiscal_year=YEAR, amount=approved * 2, allocated=approved,
                               currency=council.currency))
    session.commit()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE"))
        session.commit()


def _directory(rng: random.Random):
    country = session.get(Country, "JO") or Country(code="JO", name="Jordan")
    locality = Locality(slug="benchmark-town", name="Benchmark Town", country=country, timezone="Asia/Amman")
    themes = {key: session.get(Theme, key) or Theme(key=key, name=key.replace("-", " ").capitalize())
              for key in THEMES}
    session.add_all([locality, *themes.values()])
    council = Council(slug=COUNCIL_SLUG, name="Benchmark Council", locality=locality, currency="JOD",
                      mandate="Generated for the budget page benchmark.")
    chair = User(email="chair@benchmark.example.org", email_canonical="chair@benchmark.example.org",
                 name="Benchmark Chair", password_hash="-")
    organisations = [Organisation(slug=f"benchmark-org-{n}", name=f"Benchmark Organisation {n}",
                                  kind=OrganisationKind.NONPROFIT, country=country) for n in range(20)]
    initiatives = [Initiative(slug=f"benchmark-initiative-{n}", title=f"Benchmark Initiative {n}",
                              theme=themes[rng.choice(THEMES)], council=council, locality=locality,
                              lead_organisation=organisations[n % 20], starts_on=date(2026, 1, 1),
                              status=InitiativeStatus.PUBLISHED) for n in range(200)]
    session.add_all([council, chair, *organisations, *initiatives])
    session.flush()
    return council, chair, initiatives


def _bulk_requests(council, chair, initiatives, count: int, rng: random.Random) -> list[tuple[int, int, str, Decimal]]:
    """Insert the requests, one version each and two line items per version; returns (id, initiative, theme, total)."""
    made = []
    submitted = utcnow() - timedelta(days=200)
    for start in range(0, count, BATCH):
        rows, plans = [], []
        for number in range(start, min(start + BATCH, count)):
            initiative = initiatives[number % len(initiatives)]
            items = [(Decimal(rng.randint(1, 20)), Decimal(rng.randint(1000, 90000)) / 100) for _line in range(2)]
            total = sum((quantity * cost for quantity, cost in items), Decimal("0.00"))
            plans.append((initiative, items, total))
            rows.append(dict(initiative_id=initiative.id, council_id=council.id,
                             organisation_id=initiative.lead_organisation_id, fiscal_year=YEAR,
                             title=f"Generated request {number}", status=RequestStatus.DECIDED, version_number=1,
                             total=total, currency="JOD", created_by_id=chair.id, submitted_at=submitted))
        ids = session.scalars(insert(BudgetRequest).returning(BudgetRequest.id, sort_by_parameter_order=True),
                              rows).all()
        version_ids = session.scalars(insert(RequestVersion).returning(RequestVersion.id, sort_by_parameter_order=True), [
            dict(request_id=request_id, number=1, justification="Generated.", expected_outcomes="", total=plan[2],
                 submitted_at=submitted) for request_id, plan in zip(ids, plans)]).all()
        session.execute(insert(LineItem), [
            dict(version_id=version_id, position=position, category="materials", description="Generated line",
                 quantity=quantity, unit_cost=cost, amount=(quantity * cost).quantize(Decimal("0.01")))
            for version_id, plan in zip(version_ids, plans) for position, (quantity, cost) in enumerate(plan[1], 1)])
        made += [(request_id, plan[0].id, plan[0].theme_key, plan[2]) for request_id, plan in zip(ids, plans)]
    return made


def _bulk_decisions(council, chair, requests, rng: random.Random) -> Decimal:
    """One decision per request (60% approved, 25% in part, 15% rejected), 1% corrected; returns the sum approved."""
    approved = Decimal("0.00")
    decided_at = utcnow() - timedelta(days=100)
    for start in range(0, len(requests), BATCH):
        rows = []
        for offset, (request_id, _initiative, theme, total) in enumerate(requests[start:start + BATCH]):
            draw = rng.random()
            outcome, amount = ((DecisionOutcome.APPROVED, total) if draw < 0.6 else
                               (DecisionOutcome.PARTIALLY_APPROVED, (total / 2).quantize(Decimal("0.01")))
                               if draw < 0.85 else (DecisionOutcome.REJECTED, Decimal("0.00")))
            rows.append(dict(request_id=request_id, version_number=1, council_id=council.id, fiscal_year=YEAR,
                             outcome=outcome, approved_amount=amount, currency="JOD", reason="Generated decision.",
                             theme_key=theme, decided_by_id=chair.id,
                             decided_at=decided_at + timedelta(minutes=start + offset)))
        ids = session.scalars(insert(Decision).returning(Decision.id, sort_by_parameter_order=True), rows).all()
        corrections = [dict(row, corrects_id=decision_id, approved_amount=Decimal("0.00"),
                            outcome=DecisionOutcome.REJECTED, reason="Generated correction.",
                            decided_at=row["decided_at"] + timedelta(days=1))
                       for decision_id, row in zip(ids, rows) if rng.random() < 0.01]
        if corrections:
            session.execute(insert(Decision), corrections)
        corrected = {c["corrects_id"] for c in corrections}
        approved += sum((row["approved_amount"] for decision_id, row in zip(ids, rows)
                         if decision_id not in corrected), Decimal("0.00"))
    return approved


# --- measuring ----------------------------------------------------------------------------------


def _measure(app, runs: int) -> dict:
    client = app.test_client()
    pages = {
        "budget_page_first": f"/councils/{COUNCIL_SLUG}/budget/{YEAR}",
        "budget_page_last": f"/councils/{COUNCIL_SLUG}/budget/{YEAR}?page=500",
        "bare_endpoint": "/_benchmark/bare",
    }
    report = {name: _time(client, path, runs) for name, path in pages.items()}
    report["budget_page_first"]["queries"] = _query_count(app, client, pages["budget_page_first"])
    report["budget_page_last"]["queries"] = _query_count(app, client, pages["budget_page_last"])
    report["csv_export"] = _time(client, f"/councils/{COUNCIL_SLUG}/budget/{YEAR}/decisions.csv", max(runs // 10, 3))
    report["ratio_budget_page_to_bare_median"] = round(
        report["budget_page_first"]["median_ms"] / report["bare_endpoint"]["median_ms"], 1)
    return report


def _time(client, path: str, runs: int) -> dict:
    for _warm in range(3):
        _get(client, path)
    timings = []
    for _run in range(runs):
        started = time.perf_counter()
        _get(client, path)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {"path": path, "runs": runs, "median_ms": round(statistics.median(timings), 2),
            "p95_ms": round(timings[max(int(len(timings) * 0.95) - 1, 0)], 2)}


def _get(client, path: str) -> None:
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    response.get_data()


def _query_count(app, client, path: str) -> int:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine_of(app), "before_cursor_execute", count)
    try:
        _get(client, path)
    finally:
        event.remove(engine_of(app), "before_cursor_execute", count)
    return len(statements)


if __name__ == "__main__":
    main()
