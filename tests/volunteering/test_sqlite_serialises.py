"""On SQLite, every transaction takes the write lock at BEGIN (BEGIN IMMEDIATE), so writers queue.

A check-then-write on SQLite is therefore safe: no other transaction can write between the read
and the write. The same check runs whichever backend the suite is on, since it builds its own
SQLite engine the way the app does.
"""
from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from planner.db import make_engine


def test_a_transaction_holds_the_write_lock_from_its_first_read(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'serialise.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE places (taken INTEGER)")
        connection.exec_driver_sql("INSERT INTO places VALUES (0)")

    first, second = engine.connect(), engine.connect()
    second.connection.driver_connection.execute("PRAGMA busy_timeout = 200")
    try:
        assert first.exec_driver_sql("SELECT taken FROM places").scalar() == 0  # only a read so far
        with pytest.raises(OperationalError, match="database is locked"):
            second.exec_driver_sql("SELECT taken FROM places")  # cannot even begin while the first is open
        second.rollback()
        first.exec_driver_sql("UPDATE places SET taken = taken + 1")
        first.commit()
        assert second.exec_driver_sql("SELECT taken FROM places").scalar() == 1  # sees the write, after it
        second.commit()
    finally:
        first.close()
        second.close()
        engine.dispose()
