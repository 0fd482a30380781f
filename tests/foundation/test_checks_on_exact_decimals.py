"""A table's CHECK on an exact decimal reads the same on both databases.

planner.types.ScaledDecimal keeps hours and money as NUMERIC on PostgreSQL and as whole hundredths on SQLite, so
"hours <= 1000" meant a thousand hours on one and ten on the other (a coordinator verifying eleven hours met an error
page on SQLite). Only a comparison with zero, or between two such columns, means the same on both; any other bound
belongs to the rules, which say it with a message.
"""
from __future__ import annotations

import re

import planner.models  # noqa: F401 (every table in the metadata)
from planner.db import Base
from planner.types import ScaledDecimal

OPERATOR = r"\s*(?:<=|>=|<>|!=|=|<|>)\s*"
COMPARED_WITH_A_NUMBER = rf"\b{{column}}{OPERATOR}(-?[0-9.]+)|(-?[0-9.]+){OPERATOR}{{column}}\b"


def _bounds_on_exact_decimals():
    for table in Base.metadata.tables.values():
        scaled = [column.name for column in table.columns if isinstance(column.type, ScaledDecimal)]
        for constraint in table.constraints:
            sql = str(getattr(constraint, "sqltext", ""))
            for column in scaled:
                for found in re.finditer(COMPARED_WITH_A_NUMBER.format(column=re.escape(column)), sql):
                    number = found.group(1) or found.group(2)
                    if float(number) != 0:
                        yield f"{table.name}: {constraint.name or sql} compares {column} with {number}"


def test_checks_compare_exact_decimals_with_zero_or_each_other_only():
    assert list(_bounds_on_exact_decimals()) == []


def test_the_check_would_have_found_the_old_bound_on_verified_hours():
    sql = "hours IS NULL OR (hours >= 0 AND hours <= 1000)"
    found = [match.group(1) or match.group(2) for match in
             re.finditer(COMPARED_WITH_A_NUMBER.format(column="hours"), sql)]
    assert found == ["0", "1000"]
