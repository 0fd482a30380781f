"""Reading a page's forms as a browser would send them, for tests that send them back changed."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

from werkzeug.datastructures import MultiDict


@dataclass
class Form:
    """A form as the browser would send it: where, how, and each field's shown value (None: sent only if chosen)."""

    action: str
    method: str
    fields: list[tuple[str, str | None]] = field(default_factory=list)

    def as_sent(self) -> MultiDict:
        """The form's own values, as sent untouched."""
        return MultiDict([(key, shown) for key, shown in self.fields if shown is not None])

    def sent_with(self, name: str, value: str) -> MultiDict:
        """The form's own values, with this field's replaced by the given one."""
        kept = [(key, shown) for key, shown in self.fields if key != name and shown is not None]
        return MultiDict([*kept, (name, value)])


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
        elif tag == "textarea" and self._in_textarea:
            self._in_textarea = False
            name, shown = self._form.fields[-1]  # a browser drops one line break right after <textarea>
            self._form.fields[-1] = (name, shown.removeprefix("\r\n") if shown.startswith("\r\n")
                                     else shown.removeprefix("\n"))


def forms_on(page_url: str, html: str) -> list[Form]:
    """The page's forms, their actions made absolute."""
    reader = FormReader()
    reader.feed(html)
    for form in reader.forms:
        form.action = urljoin(page_url, form.action) if form.action else page_url
    return reader.forms
