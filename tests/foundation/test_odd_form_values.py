"""Every form on every page a role may open, sent back with one field at a time given an odd value: the answer is
the page with a message, a redirect or a refusal, never a 500; and a form answered with its messages has written
nothing (nothing half-saved).

The forms are read from the pages themselves (their action, method, and the values they show), so a form added
tomorrow is swept without anyone listing it. Odd values are the kinds that have broken pages before: digits that
Python calls digits but cannot read as a number, numbers past any column's range or float's, text far longer
than any field, an impossible date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from flask import url_for
from werkzeug.datastructures import MultiDict

from planner.db import engine_of
from tests.conftest import log_in
from tests.permissions.test_route_matrix import MATRIX, OK, extend_world, writes_to
from tests.permissions.world import build_world

ODD_VALUES = ["²", "99999999999999999999", "1e309", "2026-13-45", "x" * 3000]
LATER_ROW = re.compile(r"-[1-9]\d*-")  # lines-3-amount: a repeated row's fields are swept in its first row
# Forms that would end the sweep's own session or change its language, or delete the account it signs in with.
LEFT_ALONE = ("/logout", "/language", "/calendar-preference", "/account/delete")


@dataclass
class Form:
    """A form as the browser would send it: where, how, and each field's shown value (None: sent only if chosen)."""

    action: str
    method: str
    fields: list[tuple[str, str | None]] = field(default_factory=list)

    def sent_with(self, name: str, value: str) -> MultiDict:
        """The form's own values, with this field's replaced by the given one."""
        kept = [(key, shown) for key, shown in self.fields if key != name and shown is not None]
        return MultiDict([*kept, (name, value)])

    @property
    def field_names(self) -> list[str]:
        return sorted({key for key, _shown in self.fields if not LATER_ROW.search(key)} - {"csrf_token"})


class FormReader(HTMLParser):
    """The forms of a page, with the values an untouched form would send."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._in_textarea = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._form = Form(attributes.get("action") or "", (attributes.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None or not (attributes.get("name") or tag == "option"):
            return
        elif tag == "input":
            unchosen = attributes.get("type") in ("checkbox", "radio") and "checked" not in attributes
            self._form.fields.append((attributes["name"], None if unchosen else attributes.get("value") or ""))
        elif tag == "textarea":
            self._form.fields.append((attributes["name"], ""))
            self._in_textarea = True
        elif tag == "select":
            self._select = attributes["name"]
            self._form.fields.append((self._select, None))
        elif tag == "option" and self._select:
            self._choose(attributes.get("value", ""), "selected" in attributes)

    def _choose(self, value: str, selected: bool) -> None:
        """A select sends its chosen option, or its first."""
        name, shown = self._form.fields[-1]
        if name == self._select and (shown is None or selected):
            self._form.fields[-1] = (name, value)

    def handle_data(self, data: str) -> None:
        if self._in_textarea:
            name, shown = self._form.fields[-1]
            self._form.fields[-1] = (name, shown + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._in_textarea = False


def forms_on(page_url: str, html: str) -> list[Form]:
    reader = FormReader()
    reader.feed(html)
    for form in reader.forms:
        form.action = urljoin(page_url, form.action) if form.action else page_url
    return reader.forms


def pages_of(app, world, role: str) -> list[str]:
    """The addresses of the pages the route matrix lets the role open."""
    with app.test_request_context():
        return [url_for(route.endpoint, **route.args(world), **route.data(world)) for route in MATRIX
                if route.method == "GET" and route.expect[role] == OK and route.endpoint != "static"]


def sent_back(app, client, form: Form, name: str, value: str) -> str | None:
    """Send the form with one odd value; what went wrong, if anything."""
    with writes_to(engine_of(app)) as writes:
        values = {"data" if form.method == "post" else "query_string": form.sent_with(name, value)}
        response = client.open(form.action, method=form.method.upper(), **values)
    response.close()
    sent = f"{form.method} {urlsplit(form.action).path} {name}={value[:12]!r}: {response.status_code}"
    if response.status_code >= 500:
        return sent
    if writes and response.status_code not in (302, 303):
        return f"{sent}, answered with the form but wrote {writes}"
    return None


@pytest.mark.parametrize("role", ["admin", "volunteer", "anonymous"])
def test_odd_values_in_any_form_field_never_break_a_page(app, client, db, role):
    world = extend_world(build_world())
    db.commit()  # a savepoint: the world survives the requests below
    if world.users[role] is not None:
        log_in(client, world.users[role])
    sent, problems, seen = 0, [], set()
    for page_url in pages_of(app, world, role):
        page = client.get(page_url)
        html = page.get_data(as_text=True) if page.content_type.startswith("text/html") else ""
        page.close()
        for form in forms_on(page_url, html):
            path = urlsplit(form.action).path
            if path.endswith(LEFT_ALONE) or (path, form.method) in seen:
                continue
            seen.add((path, form.method))
            for name in form.field_names:
                problems += filter(None, (sent_back(app, client, form, name, value) for value in ODD_VALUES))
                sent += len(ODD_VALUES)
    assert len(seen) >= 10 and sent >= 200, "the sweep reached too few forms to mean anything"
    assert problems == [], "\n".join(problems)
