"""A record's languages: its languages page, /languages/<kind>/<id>, for whoever may change its text; the
translators' queue, /languages/to-translate, of the texts they may give again since their original changed; and
/languages/not-yet, the records with text never given in a language."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from planner.budgets.models import BudgetRequest, Decision
from planner.clock import utcnow
from planner.db import session
from planner.extensions import csrf
from planner.languages import digest, services
from planner.languages.forms import DigestForm, NotYetForm, field_name, language_choices, languages_form
from planner.languages.services import KINDS
from planner.names import reader_language
from planner.notifications.opt_out import account_of
from planner.pagination import requested_page
from planner.permissions import Permission, require
from planner.pipeline import run
from planner.records.views import carry_next, redirect_back, render_form, save
from planner.translated import LANGUAGES, original_of
from planner.volunteering.links import programme_url
from planner.volunteering.models import Programme, ProgrammeRequirement, Shift, ShiftSeries

bp = Blueprint("languages", __name__)



def record_page(record) -> str:
    """Where the record is shown, to go back to once its languages are saved."""
    if isinstance(record, Programme):
        return programme_url(record)
    if isinstance(record, Shift):
        return url_for("volunteering.shift", shift_id=record.id)
    if isinstance(record, ShiftSeries):
        return url_for("volunteering.series_page", series_id=record.id)
    if isinstance(record, ProgrammeRequirement):
        return url_for("volunteering.requirements.page", key=record.programme.slug)
    if isinstance(record, (BudgetRequest, Decision)):
        return url_for("budgets.show_request", request_id=getattr(record, "request_id", record.id))
    return url_for(f"directory.{_kind_of(record)}", key=record.slug)


def _kind_of(record) -> str:
    return next(kind for kind, model in KINDS.items() if isinstance(record, model))


def languages_url(record) -> str:
    """The address of the record's languages page."""
    return url_for("languages.edit", kind=_kind_of(record), record_id=record.id)


@bp.get("/languages/to-translate")
@login_required
def queue():
    """The texts the user may translate that wait to be given again since their original changed, newest first."""
    require(Permission.ACCOUNT_SELF)
    page = services.texts_to_translate(current_user, utcnow(), requested_page())
    return render_template("languages/queue.html", page=page, kind_labels=services.KIND_LABELS,
                           digest_form=DigestForm() if digest.offered_to(current_user) else None)


@bp.get("/languages/not-yet")
@login_required
def not_yet():
    """The records the user may translate with texts never given in one language (by default the reader's own),
    of every kind or of one, newest first; a language or kind we do not know gets a message and no list."""
    require(Permission.ACCOUNT_SELF)
    form = NotYetForm(request.args, language=reader_language(), kind="")
    form.language.choices = language_choices()
    if not form.validate():
        return render_template("languages/not_yet.html", form=form, page=None), 400
    now = utcnow()
    kind = form.kind.data or None  # none chosen: every kind
    page = services.not_yet_in(current_user, kind, form.language.data, now, requested_page())
    none_to_translate = not page.items and not services.may_translate_any(current_user, kind, now)
    return render_template("languages/not_yet.html", form=form, page=page, kind_labels=services.KIND_LABELS,
                           none_to_translate=none_to_translate)


@bp.post("/languages/to-translate/e-mail")
@login_required
def switch_digest():
    """Start or stop the weekly e-mail of the queue."""
    require(Permission.ACCOUNT_SELF)
    form = DigestForm()
    if not form.validate_on_submit():
        flash(_("Choose whether to start or stop the weekly e-mail: nothing was changed."), "error")
        return redirect(url_for(".queue"))
    wanted = form.wanted.data == "on"
    if run(lambda: digest.want_digest(current_user, wanted)):
        flash(_("The weekly e-mail is on.") if wanted else _("The weekly e-mail is off."), "success")
    return redirect(url_for(".queue"))


@bp.route("/languages/e-mail/off/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed link is the key; a mail client's one-click POST (RFC 8058) carries nothing else
def stop_digest(token: str):
    """The weekly e-mail's link that stops it (no log-in: it is signed): the page says what the button will do; the
    button, or the mail client's own "Unsubscribe", does it."""
    reader = account_of(digest.DIGEST_OFF, token)
    if reader is None or not reader.is_active:
        abort(404)
    if request.method == "POST":
        run(lambda: digest.want_digest(reader, False))
    return render_template("languages/stop_digest.html", reader=reader, token=token)


def _saved_message(saved: services.Saved) -> str:
    if saved.told:
        return ngettext("The languages of this text were saved; %(num)s volunteer has been told of the new words.",
                        "The languages of this text were saved; %(num)s volunteers have been told of the new words.",
                        saved.told)
    return _("The languages of this text were saved.")


@bp.route("/languages/<kind>/<id:record_id>", methods=["GET", "POST"])
@login_required
def edit(kind: str, record_id: int):
    """Add or correct the record's text in each language, or say which language it was written in."""
    model = KINDS.get(kind) or abort(404)
    record = session.get(model, record_id) or abort(404)
    require(Permission.RECORD_TRANSLATE, record, hide=True)
    parts = services.parts_of(record)
    form = languages_form(parts, services.texts_of(parts))()
    form.original_language.choices = language_choices()
    if not form.is_submitted():
        form.original_language.data = original_of(record)
    carry_next(form)
    texts = {language: {part.prefix + field: form[field_name(language, part.prefix, field)].data or ""
                        for part in parts for field in part.record.TRANSLATED} for language in LANGUAGES}
    if save(form, lambda: services.save_languages(current_user, record, form.original_language.data, texts,
                                                  announce=form.announcing()),
            _saved_message, record=record):
        return redirect_back(record_page(record))
    return render_form("languages/edit.html", form, record=record, parts=parts, languages=LANGUAGES,
                       field_name=field_name, back_url=record_page(record))
