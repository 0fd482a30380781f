"""Files a message carries, made when it is sent from what its outbox row names ("shift-calendar:42").

The feature that knows a kind of file registers its maker; create_app wires every maker in one place, so the
outbox holds no feature's tables and a message always carries the record as it stands when it goes out.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, current_app

from planner.notifications.models import Notification


@dataclass(frozen=True)
class Attachment:
    """One file of an e-mail: its name, its media type, its bytes and the type's parameters (a calendar's method)."""

    filename: str
    maintype: str
    subtype: str
    content: bytes
    params: dict[str, str] = field(default_factory=dict)


Maker = Callable[[int, Notification], Attachment | None]


def register(app: Flask, kind: str, make: Maker) -> None:
    """Let messages name files of this kind ("<kind>:<record id>"); `make` gives None once the record is gone."""
    app.extensions.setdefault("planner.attachments", {})[kind] = make


def reference(kind: str, record_id: int) -> str:
    """What a message's `attachment` holds for that record's file of that kind."""
    return f"{kind}:{record_id}"


def attachments_of(message: Notification) -> list[Attachment]:
    """The files the message names, made now (none if it names none, or a record that is gone)."""
    kind, _colon, record_id = (message.attachment or "").partition(":")
    if not record_id.isdigit():
        return []
    make = current_app.extensions.get("planner.attachments", {}).get(kind)
    if make is None:
        return []
    made = make(int(record_id), message)
    return [made] if made is not None else []
