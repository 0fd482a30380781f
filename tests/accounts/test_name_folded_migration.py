"""Migration 0027: the names of accounts stored before it are folded for search, as new ones are."""
from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from planner.db import make_engine
from planner.migrate import downgrade, upgrade

NAMES = {"rama@example.org": "رامَا الأحمد", "ilkay@example.org": "İlkay Işık", "zoe@example.org": "Zoë NG"}
users = sa.table("users", sa.column("email"), sa.column("name_folded"))


def test_the_names_already_stored_are_folded(databases):
    url = databases.fresh("name_folded")
    upgrade(url, "0026_unnamed_helpers")
    engine = make_engine(url)
    written = datetime(2027, 1, 10, 7, tzinfo=UTC)
    with engine.begin() as connection:  # the table as that revision has it (the model's has later columns)
        stored = sa.Table("users", sa.MetaData(), autoload_with=connection)
        connection.execute(sa.insert(stored), [
            {"email": email, "email_canonical": email, "name": name, "password_hash": "x", "show_hijri": False,
             "languages": [], "is_active": True, "created_at": written, "updated_at": written}
            for email, name in NAMES.items()])
    engine.dispose()

    upgrade(url)

    engine = make_engine(url)
    with engine.connect() as connection:
        folded = dict(connection.execute(sa.select(users.c.email, users.c.name_folded)).all())
    engine.dispose()
    assert folded == {"rama@example.org": "راما الاحمد", "ilkay@example.org": "ilkay isik",
                      "zoe@example.org": "zoe ng"}
    downgrade(url, "0026_unnamed_helpers")
    upgrade(url)
