"""What the edit-conflict tests share: the message's common words, two people with one edit form open, an edit form
as a browser would send it back, a field's value as stored, and the notes on the fields saved again meanwhile."""
from __future__ import annotations

import html
import re

from werkzeug.datastructures import MultiDict

from tests.conftest import log_in
from tests.html_forms import forms_on

WARNING = "after you opened this form. Your text is still in the form"  # in each of the three ways of saying it
TAKEN = "Saved again meanwhile, and taken into the form since you had not changed it:"


def both_open(app, client, path: str, first_person, second_person) -> list[tuple]:
    """Two people signed in on two clients, each with the edit form open as shown: [(client, form values)] × 2."""
    clients = [client, app.test_client()]
    for each, person in zip(clients, (first_person, second_person), strict=True):
        log_in(each, person)
    return [(each, form_as_shown(each, path)) for each in clients]


def form_as_shown(client, path: str) -> MultiDict:
    """The values the edit page's form would send untouched."""
    page = client.get(path)
    assert page.status_code == 200
    return form_as_shown_in(page, path)


def form_as_shown_in(response, path: str) -> MultiDict:
    """The values the form on this answer (the edit page, or the form shown again) would send untouched."""
    return next(form for form in forms_on(path, response.get_data(as_text=True))
                if form.method == "post" and form.action.endswith(path)).as_sent()


def changed(values: MultiDict, **new) -> MultiDict:
    values = values.copy()
    for name, value in new.items():
        values.setlist(name, [value])
    return values


def stored(db, model, record_id: int, field: str) -> str:
    db.expire_all()
    record = db.get(model, record_id)
    if "__" in field:
        language, name = field.split("__")
        return (record.translations or {}).get(language, {}).get(name)
    return getattr(record, field)


def notes_on(page: str) -> dict[str, str]:
    """Each field's "saved again meanwhile" note, as text, by the field's id."""
    found = re.findall(r'<div class="saved-meanwhile" id="([^"]+)-meanwhile"[^>]*>(.*?)</div>', page, re.S)
    return {field: " ".join(html.unescape(re.sub(r"<[^>]+>", " ", note)).split()) for field, note in found}


def isolated(name: str) -> str:
    """A chosen option's label as a note shows it: isolated, since it may be written right to left."""
    return f"\u2068{name}\u2069"


def summary_links(page: str) -> list[str]:
    """The fields the message above the form lists as saved again meanwhile (their anchors)."""
    line = re.search(r"<li>Saved again meanwhile, with what each holds now(.*?)</li>", page, re.S)
    return re.findall(r'href="#([^"]+)"', line.group(1)) if line else []

