"""The vocabularies a form or filter offers: themes, audiences, services and skills, as (key, name) by name.

Every list of a vocabulary is read here, whoever shows it (record forms, the directory's
filters, the shift finder, the profile).
"""
from __future__ import annotations

from flask import g, has_request_context
from flask_babel import get_locale
from sqlalchemy import select

from planner.cache import RECORDS, remember
from planner.names import by_shown_name
from planner.records.choices import Choices, rows
from planner.vocab.models import Audience, Service, Skill, Theme


def _named(model) -> Choices:
    """(key, name in the reader's language) of every term, sorted by that name; from the shared cache until a
    change is committed."""
    return remember(f"vocabulary:{model.__tablename__}", lambda: by_shown_name(
        [(term.key, term.shown_name) for term in rows(select(model).order_by(model.key))]), str(get_locale()),
        areas=(RECORDS,))


def theme_choices() -> Choices:
    return _named(Theme)


def audience_choices() -> Choices:
    return _named(Audience)


def service_choices() -> Choices:
    return _named(Service)


def skill_choices() -> Choices:
    return _named(Skill)


def theme_names() -> dict[str, str]:
    """Every theme's name in the reader's language, by key (read once per request)."""
    if has_request_context() and "theme_names" in g:
        return g.theme_names
    names = {key: name for key, name in theme_choices()}
    if has_request_context():
        g.theme_names = names
    return names
