"""The throwaway PostgreSQL databases the serving checks make anew on each run."""
from __future__ import annotations

from sqlalchemy import create_engine, make_url, text


def recreate(url: str, required_prefix: str) -> None:
    """Drop the database at `url` and create it empty; its name must start with the prefix, as a guard
    against pointing a check at a database that matters."""
    _administer(url, required_prefix, create=True)


def drop(url: str, required_prefix: str) -> None:
    """Drop the database at `url` if it is there, under the same guard as recreate."""
    _administer(url, required_prefix, create=False)


def _administer(url: str, required_prefix: str, create: bool) -> None:
    target = make_url(url)
    if not (target.database or "").startswith(required_prefix):
        raise SystemExit(f"the database's name must start with {required_prefix}: it is dropped and made anew")
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        if create:
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
