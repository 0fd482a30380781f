"""The vocabularies a form or filter offers: themes, audiences, services and skills, as (key, name) by name.

Every list of a vocabulary is read here, whoever shows it (record forms, the directory's
filters, the shift finder, the profile).
"""
from __future__ import annotations

from sqlalchemy import select

from planner.records.choices import Choices, rows
from planner.vocab.models import Audience, Service, Skill, Theme


def theme_choices() -> Choices:
    return [(theme.key, theme.name) for theme in rows(select(Theme).order_by(Theme.name))]


def audience_choices() -> Choices:
    return [(audience.key, audience.name) for audience in rows(select(Audience).order_by(Audience.name))]


def service_choices() -> Choices:
    return [(service.key, service.name) for service in rows(select(Service).order_by(Service.name))]


def skill_choices() -> Choices:
    return [(skill.key, skill.name) for skill in rows(select(Skill).order_by(Skill.name))]
