"""Where seeded records came from: the source documents they name, by file, with the titles people know them by."""
from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from planner.db import Base, session


class SourceDocument(Base):
    """A document the seed records were written from: its file (what records name) and its title (what people read)."""

    __tablename__ = "source_documents"

    file: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))


def source_title(file: str | None) -> str:
    """A source document's title (its file name only when the seeds have not named it)."""
    if not file:
        return ""
    document = session.get(SourceDocument, file)
    return document.title if document is not None else file
