"""The small keyed lists that records are tagged with."""
from __future__ import annotations

from sqlalchemy import JSON, String, text
from sqlalchemy.orm import Mapped, mapped_column

from planner.db import Base
from planner.names import term_name
from planner.types import ProvenanceMixin, name_str, text_str


class VocabularyTerm(ProvenanceMixin):
    """A term: a stable key, a display name (English) with its names in other languages, and a description."""

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[name_str]
    names: Mapped[dict[str, str]] = mapped_column(JSON, server_default=text("'{}'"))  # {"ar": …, "fr": …}
    description: Mapped[text_str]

    @property
    def shown_name(self) -> str:
        """The name in the reader's language."""
        return term_name(self)


class Theme(VocabularyTerm, Base):
    """What an initiative is about (youth, heritage, humanitarian aid…)."""

    __tablename__ = "themes"


class Service(VocabularyTerm, Base):
    """What a community centre offers (language classes, safe space…)."""

    __tablename__ = "services"


class Audience(VocabularyTerm, Base):
    """Who a centre or initiative serves (immigrants, refugees, youth…)."""

    __tablename__ = "audiences"


class Skill(VocabularyTerm, Base):
    """A skill a programme wants and a volunteer offers."""

    __tablename__ = "skills"
