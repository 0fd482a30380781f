"""What every record form's select lists share: the cap on rows, and the helpers that add to a list.

The lists themselves are loaded by the feature that owns each table (places.choices,
councils.choices, vocab.choices …), by the views: validators never query. Lists of records are
capped: a select is no place for more rows than this, and the cap keeps the page bounded
whatever the data grows to.
"""
from __future__ import annotations

from collections.abc import Iterable

from planner.db import session

CHOICE_LIMIT = 1000

Choices = list[tuple]


def rows(statement) -> list:
    """The records a select list shows: at most CHOICE_LIMIT of them."""
    return list(session.scalars(statement.limit(CHOICE_LIMIT)).unique())


def including(choices: Choices, current: Iterable[tuple]) -> Choices:
    """The choices plus the record's current values (an archived partner stays selectable on edit)."""
    present = {value for value, _label in choices}
    return [*choices, *(pair for pair in current if pair[0] not in present)]


def with_blank(choices: Choices, label: str) -> Choices:
    """A select's choices with an empty first option (shown as "choose…" or "none")."""
    return [("", label), *choices]
