"""The migrations build exactly the schema the models describe, and can be undone and redone."""
from __future__ import annotations

from decimal import Decimal

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from planner.db import Base, make_engine
from planner.migrate import downgrade, include_object, upgrade


def _differences(url: str) -> list:
    engine = make_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    return differences


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
    engine.dispose()
    return names - {"alembic_version"}


def test_migrations_match_the_models(databases):
    url = databases.migrated("schema")
    assert _tables(url) >= set(Base.metadata.tables)
    assert _differences(url) == []


def test_upgrade_downgrade_upgrade(databases):
    url = databases.fresh("roundtrip")
    upgrade(url)
    downgrade(url, "base")
    assert _tables(url) == set()
    upgrade(url)
    assert _differences(url) == []


def test_money_keeps_its_value_when_amounts_gain_a_third_decimal_place(databases):
    """0005 makes room for fils: an envelope of 12,345.67 stays exactly that, on SQLite (integers ×10) and PostgreSQL."""
    url = databases.fresh("money_places")
    upgrade(url, "0003_directory")
    engine = make_engine(url)
    stored_before = 1234567 if engine.dialect.name == "sqlite" else Decimal("12345.67")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO countries (code, name, is_illustrative) VALUES ('JO', 'Jordan', false)"))
        connection.execute(text("INSERT INTO localities (id, name, slug, country_code, kind, timezone, is_illustrative) "
                                "VALUES (1, 'Amman', 'amman', 'JO', 'city', 'Asia/Amman', false)"))
        connection.execute(text("INSERT INTO councils (id, name, slug, locality_id, mandate, currency, status, "
                                "created_at, updated_at, is_illustrative) VALUES (1, 'Amman East', 'amman-east', 1, "
                                "'m', 'JOD', 'active', '2026-01-01', '2026-01-01', false)"))
        connection.execute(text("INSERT INTO budget_envelopes (council_id, fiscal_year, amount, allocated, currency, "
                                "created_at, updated_at, is_illustrative) VALUES (1, 2026, :amount, :amount, 'JOD', "
                                "'2026-01-01', '2026-01-01', false)"), {"amount": stored_before})
    engine.dispose()

    upgrade(url)
    assert _envelope_amounts(url) == (Decimal("12345.670"), Decimal("12345.670"))
    downgrade(url, "0003_directory")
    upgrade(url)
    assert _envelope_amounts(url) == (Decimal("12345.670"), Decimal("12345.670"))


def _envelope_amounts(url: str) -> tuple[Decimal, Decimal]:
    from planner.budgets.models import BudgetEnvelope

    engine = make_engine(url)
    with Session(engine) as session:
        envelope = session.scalars(select(BudgetEnvelope)).one()
        amounts = (envelope.amount, envelope.allocated)
    engine.dispose()
    return amounts


def test_folded_text_written_before_0033_gets_western_digits(databases):
    """0033: the index and the accounts' folded names held ٢٠٣٠ as typed; after it they hold 2030, which search
    compares (the full-text engine included), and the rows without such digits are left as they were."""
    url = databases.fresh("digits_folded")
    upgrade(url, "0032_series_continues")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO search_entries (id, kind, record_id, title, body, title_search, body_search, url_key, "
            "is_public, updated_at) VALUES (1, 'council', 1, 'مجلس ٢٠٣٠', 'خطة ۱۴۰۲', 'مجلس ٢٠٣٠', 'خطه ۱۴۰۲', "
            "'c-2030', true, '2026-01-01'), (2, 'council', 2, 'Plain', '', 'plain', '', 'plain', true, '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO users (id, email, email_canonical, name, name_folded, password_hash, show_hijri, "
            "shift_reminders, short_notice_emails, translation_digest, languages, is_active, created_at, updated_at) "
            "VALUES (1, 'a@example.org', 'a@example.org', 'فريق ٣', 'فريق ٣', 'x', false, true, true, false, '[]', "
            "true, '2026-01-01', '2026-01-01')"))
    engine.dispose()

    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT title_search, body_search, title FROM search_entries ORDER BY id")).all()
        assert [tuple(row) for row in rows] == [("مجلس 2030", "خطه 1402", "مجلس ٢٠٣٠"), ("plain", "", "Plain")]
        assert connection.scalar(text("SELECT name_folded FROM users")) == "فريق 3"
        matches = ("SELECT rowid FROM search_fts WHERE search_fts MATCH '2030'" if engine.dialect.name == "sqlite"
                   else "SELECT id FROM search_entries WHERE document @@ to_tsquery('english', '2030')")
        assert connection.scalars(text(matches)).all() == [1]
    engine.dispose()
