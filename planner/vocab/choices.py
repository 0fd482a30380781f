"""The vocabularies a form offers: themes, audiences and services, by name."""
from __future__ import annotations

from sqlalchemy import select

from planner.records.choices import Choices, rows
from planner.vocab.models import Audience, Service, Theme


def theme_choices() -> Choices:
    return [(theme.key, theme.name) for theme in rows(select(Theme).order_by(Theme.name))]


def audience_choices() -> Choices:
    return [(audience.key, audience.name) for audience in rows(select(Audience).order_by(Audience.name))]


def service_choices() -> Choices:
    return [(service.key, service.name) for service in rows(select(Service).order_by(Service.name))]
