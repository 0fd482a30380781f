"""Every user-written text a template prints is direction-isolated (<bdi>, or an element with dir="auto", or with
dir="ltr" for what is always written left to right: addresses, numbers, links).

Names, titles, summaries, reasons and the like may be Arabic on an English page or English on an
Arabic one; without isolation their punctuation and numbers are reordered. This reads every
template and fails on a record field printed as text without isolation. (Attributes, <title>,
<option> and <textarea> hold plain text and cannot isolate; they are left alone.)
"""
from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
USER_FIELDS = ("name", "title", "summary", "description", "mandate", "reason", "comment", "place", "name_local",
               "purpose", "notes", "note", "body", "cancel_reason", "shown_name", "programme_name",
               "organisation_name", "guest_names", "name_printed", "justification", "address", "email",
               "contact_email", "contact_phone", "website", "phone", "review_comment", "subject", "to_address", "q",
               "emergency_name", "emergency_phone")
PRINTED = re.compile(r"\{\{ *((?!form\.)[a-z_][a-z_0-9.]*(?:\.(?:%s)(?=[ |}])|\|shown(?:_text)?\())([^}]*)? *\}\}"
                     % "|".join(USER_FIELDS))
# An expression that is not a translation and names a user field after a parenthesis or shows one anywhere in it:
# "{{ (a or b).name if a or b else c|shown('title') }}".
PRINTED_WITHIN = re.compile(r"\{\{ *(?! |_\(|n?gettext\(|form\.)[^}]*?(?:\)\.(?:%s)(?=[ |}])|\|shown(?:_text)?\()[^}]*\}\}"
                            % "|".join(USER_FIELDS))
PLAIN_TEXT_ONLY = {"option", "textarea", "title", "script", "style"}
VOID = {"br", "img", "input", "meta", "link", "hr", "source"}
ISOLATING = re.compile(r"<bdi>\s*$|dir=\"(?:auto|ltr)\"[^>]*>\s*$")


def _innermost_open(before: str) -> str | None:
    stack: list[str] = []
    for closing, tag in re.findall(r"<(/?)([a-zA-Z0-9]+)", before[-3000:]):
        tag = tag.lower()
        if closing:
            while stack and stack.pop() != tag:
                pass
        elif tag not in VOID:
            stack.append(tag)
    return stack[-1] if stack else None


def unisolated(source: str) -> list[str]:
    """The user-text expressions printed as text without direction isolation."""
    titles = [(m.start(), m.end()) for m in re.finditer(r"\{% block title %\}.*?\{% endblock %\}", source, re.S)]
    found = []
    matches = {match.start(): match for pattern in (PRINTED, PRINTED_WITHIN) for match in pattern.finditer(source)}
    for match in (matches[start] for start in sorted(matches)):
        before = source[:match.start()]
        if any(start <= match.start() < end for start, end in titles):
            continue
        if before.rfind("<") > before.rfind(">"):  # an attribute's value
            continue
        if ISOLATING.search(before) or _innermost_open(before) in PLAIN_TEXT_ONLY:
            continue
        found.append(match.group(0))
    return found


def test_user_written_text_is_isolated_in_every_template():
    offenders = {str(path.relative_to(TEMPLATES)): bad for path in sorted(TEMPLATES.rglob("*.html"))
                 if (bad := unisolated(path.read_text(encoding="utf-8")))}
    assert offenders == {}


def test_the_check_sees_an_unisolated_name_and_accepts_an_isolated_one():
    assert unisolated("<p>{{ record.name }}</p>") == ["{{ record.name }}"]
    assert unisolated("<p><bdi>{{ record.name }}</bdi></p>") == []
    assert unisolated('<p dir="auto">{{ record.summary|truncate(9) }}</p>') == []
    assert unisolated('<a title="{{ record.name }}">x</a><option>{{ r.name }}</option>') == []
    mixed = "{{ (a.organisation or a.centre).name if a.organisation else a.initiative|shown('title') }}"
    assert unisolated(f"<p>Run by: {mixed}</p>") == [mixed]
    assert unisolated(f"<p>Run by: <bdi>{mixed}</bdi></p>") == []
