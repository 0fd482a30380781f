"""The search index: one row per public-facing record, matched by the database's full-text engine.

The engine reads the folded copies (`title_search`, `body_search`; see planner.folding), not
the text as written. PostgreSQL adds a generated `document` tsvector column over them with a
GIN index per kind; SQLite keeps an FTS5 table `search_fts` in step by triggers. Both live in the
migrations, not here, because neither can be described portably.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planner.clock import utcnow
from planner.db import Base
from planner.types import UTCDateTime, intpk


class SearchEntry(Base):
    """The searchable text of one record, with the facets every kind shares."""

    __tablename__ = "search_entries"
    __table_args__ = (
        UniqueConstraint("kind", "record_id"),
        Index("ix_search_entries_kind_public", "kind", "is_public"),
    )

    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    title_search: Mapped[str] = mapped_column(Text, default="")  # folded: what the full-text engine matches
    body_search: Mapped[str] = mapped_column(Text, default="")
    url_key: Mapped[str] = mapped_column(String(120))
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    country_code: Mapped[str | None] = mapped_column(String(2), index=True)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id", ondelete="SET NULL"), index=True)
    theme_key: Mapped[str | None] = mapped_column(String(60), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

