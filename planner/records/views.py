"""The steps every record view shares: load and authorize, save or show errors, go back safely."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta, gettext as _
from flask_login import current_user

from planner.clock import utcnow
from planner.digits import in_chosen_digits
from planner.i18n import isolate
from planner.permissions import Permission, can, require
from planner.pipeline import by_id_or_slug
from planner.pipeline import run
from planner.records.changes import (
    LastSave,
    changed_names,
    hold_latest,
    last_save_since,
    marks_by_name,
    marks_of,
    version_of,
)
from planner.urls import local_url_or

R = TypeVar("R")

# The directory's detail endpoint for each record table (pages at /<list>/<slug>).
DETAIL_ENDPOINTS = {
    "councils": "directory.council",
    "centres": "directory.centre",
    "organisations": "directory.organisation",
    "initiatives": "directory.initiative",
    "partnerships": "directory.partnership",
}


def load_record(model, key: str, permission: Permission):
    """The record at this key if the user may do this to it: 404 when they may not even see it, else 403."""
    record = by_id_or_slug(model, key)
    if not can(current_user, Permission.RECORD_VIEW, record):
        abort(404)
    require(permission, record)
    return record


def detail_url(record) -> str:
    """The record's public page in the directory."""
    return url_for(DETAIL_ENDPOINTS[type(record).__tablename__], key=record.slug)


def next_target() -> str | None:
    """The page the user came from, as the form or the query string gives it."""
    return request.form.get("next") or request.args.get("next")


def redirect_back(fallback_url: str):
    """Redirect to `next` when it is a page of this site, otherwise to the fallback."""
    return redirect(local_url_or(next_target(), fallback_url))


def preselect(field, argument: str) -> None:
    """On a form's first showing, choose the option the query string names (if it is one of the choices)."""
    wanted = request.args.get(argument)
    if wanted and not field.raw_data:
        field.data = next((value for value, *_rest in field.choices if str(value) == wanted), field.data)


def carry_next(form) -> None:
    """On a form's first showing, keep the query string's `next` in the form if it is a local page."""
    if not form.is_submitted():
        form.next.data = local_url_or(request.args.get("next"), "")


def save(form, action: Callable[[], R], done_message: str | Callable[[R], str], record=None) -> R | None:
    """On a valid submission run the service through the pipeline and say so (`done_message`, or worded from what
    the service returned); on a broken rule show why.

    Given the record the form edits, a submission is also refused when someone else saved the record after the
    form was first shown, rather than writing over their change unseen."""
    valid = form.validate_on_submit()
    if record is not None and changed_since_shown(form, record):  # after validating, which would clear its message
        return None
    if not valid:
        return None
    done = run(action, form)
    if done:
        flash(done_message(done.value) if callable(done_message) else done_message, "success")
    return done.value


def changed_since_shown(form, record) -> bool:
    """Whether the record was saved again since this form was first shown (when the form says which version that
    was, and when it was opened). Then each field saved meanwhile is marked with what it holds now, and takes it
    if the user had left it as shown; every other field keeps the user's value, and the form takes on the record's
    version now: saving again, knowingly, keeps what the form then holds. The record's row stays locked from this
    check to the end of the request, so that two saves at the same moment are told apart too: the second waits for
    the first, then sees what it saved."""
    if not form.is_submitted():
        form.seen.data = _seen(form, form.shown_of(record))
        return False
    if not form.seen.data:
        return False
    if not hold_latest(record):  # another save of it under way ends first: its values are the ones compared
        abort(404)
    now = form.shown_of(record)
    shown, opened_at, marks, marks_as_shown = _read_seen(form.seen.data)
    if shown == version_of(now):
        return False
    form.seen.errors = [_held_back(last_save_since(record, opened_at) if opened_at else None)]
    form.take_in_saved_meanwhile(record, changed_names(marks, now), now, marks_by_name(marks_as_shown, now))
    form.seen.data = _seen(form, now)
    return True


def _seen(form, shown) -> str:
    """What a form carries in `seen`: the version it shows, when it was opened (whole seconds), a mark of each
    value it shows (to tell later which were saved again) and a mark of each field as shown (to tell which the user
    changed)."""
    return f"{version_of(shown)}.{int(utcnow().timestamp())}.{marks_of(shown)}.{form.marks_as_shown(shown)}"


def _read_seen(seen: str) -> tuple[str, datetime | None, str, str]:
    version, opened, marks, marks_as_shown = (seen.split(".") + ["", "", ""])[:4]
    try:
        return version, datetime.fromtimestamp(int(opened), UTC), marks, marks_as_shown
    except (ValueError, OverflowError, OSError):  # an older form, or one altered on the way
        return version, None, "", ""


def _held_back(saved: LastSave | None) -> str:
    """Why the save was held back: who saved the record meanwhile and how long ago, where that is known."""
    if saved is None:
        return _("This record was saved by someone else (or in another tab) after you opened this form. Your text "
                 "is still in the form: check the record's page, then save again to keep your version.")
    ago = in_chosen_digits(format_timedelta(saved.at - utcnow(), add_direction=True))
    if saved.user_id == current_user.id:
        return _("You saved this record in another tab or window %(ago)s, after you opened this form. Your text is "
                 "still in the form: check the record's page, then save again to keep your version.", ago=ago)
    return _("%(name)s saved this record %(ago)s, after you opened this form. Your text is still in the form: check "
             "the record's page, then save again to keep your version.", name=isolate(saved.name), ago=ago)


def perform(action: Callable[[], R], done_message: str, fallback_url: str):
    """A button's action (archive, submit…): saved and said so, or refused and said why; then go back."""
    if run(action):
        flash(done_message, "success")
    return redirect_back(fallback_url)


def render_form(template: str, form, **context):
    """The form page; 422 when the submission had errors, so the status tells as much as the page."""
    return render_template(template, form=form, **context), 422 if form.errors else 200
