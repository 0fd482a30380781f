"""Volunteers' pages: find shifts, sign up or cancel, see one's own shifts, hours and calendar."""
from __future__ import annotations

from itertools import chain

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from planner.accounts.forms import ConfirmForm
from planner.clock import utcnow
from planner.db import session
from planner.extensions import csrf
from planner.i18n import comma, listed
from planner.pagination import bounded_paginate, paginate, requested_page
from planner.permissions import Permission, require
from planner.pipeline import by_id_or_slug, get_or_404
from planner.pipeline import run
from planner.records.views import redirect_back
from planner.spreadsheets import csv_download, csv_lines
from planner.sharing import ShareCard, share_card
from planner.translated import shown_name, shown_text
from planner.urls import absolute_url, is_local_url
from planner.volunteering import (calendars, checkin, contributions, following, logged_hours, notices, queries,
                                  reminders, series, services)
from planner.volunteering.forms import (DAY_CHOICES, FollowForm, ShiftFilterForm, SignupForm, SignupNoteForm,
                                        language_choices, part_of_day_choices)
from planner.volunteering.certificate_views import bp as certificate_pages
from planner.volunteering.hours_views import bp as hours_pages
from planner.volunteering.logged_hours_views import bp as logged_hours_pages
from planner.volunteering.requirements_views import bp as requirement_pages
from planner.volunteering.labels import logged_status_label, signup_status_label
from planner.volunteering.panels import requirements_panel
from planner.volunteering.manage_views import bp as manage
from planner.volunteering import roster_views  # noqa: F401 (the roster's pages join the coordinators' blueprint)
from planner.volunteering.timezones import local_day, shift_day, shift_when
from planner.volunteering.week import Week, by_day, chosen_week
from planner.volunteering.models import (LoggedHoursStatus, Programme, Shift, ShiftSeries, Signup, SignupStatus,
                                         shown_checkin_code)

bp = Blueprint("volunteering", __name__)
EXPORT_LIMIT = 20_000
SHIFT_VIEWS = ("cards", "list", "week")
WEEK_PAGE_SIZE = 100  # a week rarely holds more; when it does, it pages like any list
FOLLOWED_LISTED = 50  # the programmes the page that stops all their e-mails names
bp.register_blueprint(manage)
bp.register_blueprint(certificate_pages)
bp.register_blueprint(hours_pages)
bp.register_blueprint(logged_hours_pages)
bp.register_blueprint(requirement_pages)


def visible_shift_or_404(shift_id: int, for_page: bool = True):
    """The shift, if the user may see its programme (the programme page's own rule); otherwise a 404."""
    shift = queries.shift_for_page(shift_id) if for_page else queries.shift_to_sign_up_for(shift_id)
    if shift is None:
        abort(404)
    require(Permission.RECORD_VIEW, shift.programme, hide=True)
    return shift


# --- finding shifts --------------------------------------------------------------------------


def _filters_from(form: ShiftFilterForm) -> queries.ShiftFilters:
    valid = form.validate()
    chosen = {name: _offered(form[name]) for name in ("locality", "theme", "skill", "language", "days", "part_of_day")}
    filters = queries.ShiftFilters(
        **chosen, programme=request.args.get("programme", "")[:120].replace("\x00", ""),
        date_from=form.date_from.data if valid else None, date_to=form.date_to.data if valid else None,
    )
    if form.mine.data and current_user.is_authenticated:
        filters.skills_of_user = current_user.id
    return filters


def _offered(field) -> str:
    """The field's value if it is one of its choices; anything else (a stale link, odd bytes) is ignored."""
    return field.data if field.data in {value for value, _label in field.choices} else ""


@bp.get("/shifts")
def shifts():
    """Upcoming shifts across programmes, with filters, places left and waitlist lengths; shown as cards, as a
    compact list (one line each) or as a week, day by day, with every date of a series."""
    form = ShiftFilterForm(request.args)
    choices = queries.filter_choices()
    everything = [("", _("Any"))]
    form.locality.choices = everything + choices["locality"]
    form.theme.choices = everything + choices["theme"]
    form.skill.choices = everything + choices["skill"]
    form.language.choices = everything + language_choices()
    form.days.choices, form.part_of_day.choices = DAY_CHOICES, part_of_day_choices()
    filters = _filters_from(form)
    shown_as = request.args.get("view") if request.args.get("view") in SHIFT_VIEWS else "cards"
    week, odd_week = None, False
    if shown_as == "week":
        week, odd_week = chosen_week(request.args.get("week"), queries.today_where_shifts_are(filters.locality))
        filters.date_from, filters.date_to, filters.every_date = week.start, week.end, True
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    page = bounded_paginate(queries.upcoming_shifts(filters), requested_page(), args,
                            per_page=WEEK_PAGE_SIZE if week else None)
    ids = [shift.id for shift in page.items]
    user_id = current_user.id if current_user.is_authenticated else None
    repeating = {key: series.describe(record) for key, record in queries.series_of(page.items).items()}
    return render_template(
        "volunteering/shifts.html", form=form, page=page, waiting=queries.waitlist_lengths(ids), repeating=repeating,
        mine=queries.signups_of(user_id, ids), needs_login=form.mine.data and user_id is None,
        no_skills=form.mine.data and user_id is not None and not current_user.skills,
        shown_as=shown_as, week=week, odd_week=odd_week, days=by_day(page.items) if week else {},
        links=_view_links(week),
    )


def _view_links(week: Week | None) -> dict[str, str | None]:
    """Addresses of the three ways to show the list (keeping the filters), and of the weeks around this one."""
    kept = {key: value for key, value in request.args.items() if key not in ("page", "view", "week") and value}
    links: dict[str, str | None] = {
        name: url_for("volunteering.shifts", **kept, **({"view": name} if name != "cards" else {}))
        for name in SHIFT_VIEWS
    }
    if week:
        in_weeks = {key: value for key, value in kept.items() if key not in ("date_from", "date_to")}
        links["week"] = url_for("volunteering.shifts", **in_weeks, view="week")
        links["next_week"] = url_for("volunteering.shifts", **in_weeks, view="week", week=week.next.isoformat())
        links["previous_week"] = week.previous and url_for(
            "volunteering.shifts", **in_weeks, view="week", week=week.previous.isoformat())
    return links


@bp.get("/shifts/<id:shift_id>")
def shift(shift_id: int):
    """One shift: when, where, places left, and the visitor's own sign-up."""
    record = visible_shift_or_404(shift_id)
    signup = None
    if current_user.is_authenticated:
        signup = services.live_signup(current_user.id, record.id)
    return render_template(
        "volunteering/shift.html", shift=record, signup=signup,
        position=services.waitlist_position(signup) if signup else None,
        waiting=queries.waitlist_lengths([record.id]).get(record.id, 0),
        closed_reason=services.refusal_reason(record), closes_at=services.signups_close_at(record),
        languages=queries.languages_of([record.programme_id]).get(record.programme_id, []),
        language_names=dict(language_choices()), door=_door_pass(signup), form=_signup_form(record),
        note_form=_note_form(signup),
        series_text=series.describe(record.series) if record.series_id else None,
        cancelled_because=notices.cancellation_reason(record), share=_share_card(record),
        requirements=requirements_panel(record.programme, shift_day(record)),
    )


def _share_card(shift: Shift) -> ShareCard:
    """The shift's link, shared: its title and programme, then when and where."""
    where = listed((shown_text(shift, "place"), shift.locality.shown_name if shift.locality else ""))
    title = f"{shown_text(shift, 'title')} · {shown_text(shift.programme, 'name')}"
    return share_card(title, comma().join((shift_when(shift), where)), "volunteering.shift", shift_id=shift.id)


def _note_form(signup: Signup | None) -> SignupNoteForm | None:
    """The form that changes the note left with one's sign-up, while it may change."""
    if signup is None or not services.note_open(signup, utcnow()):
        return None
    return SignupNoteForm(data={"note": signup.note})


def _signup_form(shift: Shift) -> SignupForm | None:
    """The sign-up form, for a signed-in reader only: a visitor's page offers the sign-in instead, and a form's
    token in their session would keep the page from the shared cache and hand them a cookie for nothing."""
    if not current_user.is_authenticated:
        return None
    form = SignupForm(formdata=None)
    form.offer_guests(shift.party_limit)
    return form


@bp.get("/shifts/series/<id:series_id>")
def series_page(series_id: int):
    """A repeating shift: how it repeats, and its coming dates to choose from."""
    record = session.get(ShiftSeries, series_id)
    if record is None:
        abort(404)
    require(Permission.RECORD_VIEW, record.programme, hide=True)
    dates = series.upcoming_of(record.id)
    return render_template("volunteering/series.html", series=record, description=series.describe(record),
                           dates=dates, waiting=queries.waitlist_lengths([shift.id for shift in dates]))


def _door_pass(signup: Signup | None) -> dict | None:
    """The volunteer's check-in code, as text and as a QR, while they hold a place."""
    if signup is None or signup.status is not SignupStatus.CONFIRMED:
        return None
    return {"code": shown_checkin_code(signup.checkin_code),
            "qr": checkin.code_qr(signup.checkin_code, _("Your check-in code"))}


# --- signing up and cancelling --------------------------------------------------------------


@bp.post("/shifts/<id:shift_id>/signup")
@login_required
def sign_up(shift_id: int):
    """Take a place, or join the waitlist when the shift is full."""
    record = visible_shift_or_404(shift_id, for_page=False)
    require(Permission.SIGNUP_CREATE, record)
    volunteer_id = current_user.id
    form = SignupForm()
    form.offer_guests(record.party_limit)
    if not form.validate_on_submit():
        for error in (*form.guests.errors, *form.guest_names.errors, *form.note.errors):
            flash(error, "error")
        return redirect(url_for(".shift", shift_id=shift_id))
    party = services.Party(int(form.guests.data), form.guest_names.data or "")
    done = run(lambda: services.sign_up(volunteer_id, shift_id, party=party, note=form.note.data or ""))
    if done:
        outcome = done.value
        if outcome.confirmed:
            flash(_("You have a place on this shift. We have sent you a confirmation; the shift is on My planner "
                  "too."), "success")
        else:
            flash(_("This shift is full. You are number %(position)s on the waitlist; we will tell you if a "
                    "place comes free.", position=outcome.position), "info")
    return redirect(url_for(".shift", shift_id=shift_id))


@bp.post("/signups/<id:signup_id>/cancel")
@login_required
def cancel(signup_id: int):
    """Give up a place or leave the waitlist; a freed place goes to the first person waiting."""
    signup = get_or_404(Signup, signup_id)
    require(Permission.SIGNUP_CANCEL, signup, hide=True)
    shift_id = signup.shift_id
    if run(lambda: services.cancel(signup_id)):
        flash(_("Your sign-up is cancelled."), "success")
    back = request.form.get("next")  # My planner sends people back there
    return redirect(back if is_local_url(back) else url_for(".shift", shift_id=shift_id))


@bp.post("/signups/<id:signup_id>/note")
@login_required
def change_note(signup_id: int):
    """Change (or clear) the note for the coordinator left with one's sign-up."""
    signup = get_or_404(Signup, signup_id)
    require(Permission.SIGNUP_NOTE, signup, hide=True)
    form = SignupNoteForm()
    if not form.validate_on_submit():
        for error in form.note.errors or [_("The note was not saved: please try again.")]:
            flash(error, "error")
    elif run(lambda: services.change_note(signup_id, form.note.data or "")):
        flash(_("Your note for the coordinator is saved."), "success")
    return redirect(url_for(".shift", shift_id=signup.shift_id))


@bp.route("/shifts/reply/<token>", methods=["GET", "POST"])
def reply(token: str):
    """A reminder's one-click answer: the link shows what it will do; the button does it (no log-in: it is signed)."""
    found = reminders.read_reply(token)
    if found is None:
        abort(404)
    signup, answer = found
    if request.method == "POST" and ConfirmForm().validate_on_submit():
        signup_id = signup.id
        action = services.confirm_coming if answer == "coming" else services.cancel
        if run(lambda: action(signup_id), unplaced="flash"):
            flash(_("Thank you. The coordinator knows you are coming.") if answer == "coming" else
                  _("Your place is given up; the next person waiting has it. Thank you for telling us."), "success")
        return redirect(url_for(".reply", token=token))
    return render_template("volunteering/reply.html", signup=signup, shift=signup.shift, answer=answer,
                           token=token, form=ConfirmForm())


@bp.route("/reminders/off/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed link is the key; a mail client's one-click POST (RFC 8058) carries nothing else
def stop_reminders(token: str):
    """A reminder's link that stops them (no log-in: it is signed): the page says what the button will do; the button,
    or the mail client's own "Unsubscribe", does it."""
    volunteer = reminders.read_stop(token)
    if volunteer is None or not volunteer.is_active:
        abort(404)
    if request.method == "POST":
        run(lambda: reminders.stop_for(volunteer))
    return render_template("volunteering/stop_reminders.html", volunteer=volunteer, token=token)


@bp.route("/shifts/<id:shift_id>/here/<code>", methods=["GET", "POST"])
@login_required
def check_in_here(shift_id: int, code: str):
    """The venue code's link: the volunteer checks their own place in or out (the button does it, not the link)."""
    record = visible_shift_or_404(shift_id)
    require(Permission.CHECK_IN_SELF, record)
    if request.method == "POST" and ConfirmForm().validate_on_submit():
        volunteer = current_user._get_current_object()
        if done := run(lambda: checkin.self_check_in(volunteer, record, code), unplaced="flash"):
            way, _signup = done.value
            flash(_("You are checked out. Thank you for coming!") if way == "out" else
                  _("You have taken a free place and are checked in. Welcome!") if way == "walked in" else
                  _("You are checked in. Welcome!"), "success")
        return redirect(url_for(".check_in_here", shift_id=shift_id, code=code))
    signup = checkin.own_place(current_user.id, record.id) or services.live_signup(current_user.id, record.id)
    return render_template("volunteering/check_in_here.html", shift=record, signup=signup, form=ConfirmForm(),
                           is_open=checkin.self_check_in_open(record), may_walk_in=checkin.walk_ins_open(record))


# --- the volunteer's own record -------------------------------------------------------------


@bp.get("/me/shifts")
@login_required
def my_shifts():
    """The volunteer's upcoming shifts, history and verified hours."""
    require(Permission.ACCOUNT_SELF)
    upcoming = queries.upcoming_for(current_user.id)
    total, by_programme = contributions.verified_hours(current_user.id)
    history = paginate(queries.history_for(current_user.id))
    return render_template("volunteering/my_shifts.html", upcoming=upcoming,
                           positions=queries.waitlist_positions(upcoming), history=history,
                           total_hours=total, hours_by_programme=by_programme)


@bp.get("/me/hours.csv")
@login_required
def my_hours_csv():
    """The volunteer's shifts and verified hours as CSV, then the hours they logged outside the shifts."""
    require(Permission.ACCOUNT_SELF)
    on_shifts = (
        (local_day(signup.shift.starts_at, signup.shift), shown_name(signup.shift.programme), shown_name(signup.shift),
         signup_status_label(signup.status), signup.hours if signup.hours_verified_at else "",
         local_day(signup.hours_verified_at, signup.shift))
        for signup in session.scalars(queries.hours_rows(current_user.id).limit(EXPORT_LIMIT))
    )
    logged = (
        (entry.worked_on.isoformat(), shown_name(entry.programme), _("Outside the shifts"),
         logged_status_label(entry.status), entry.hours if entry.status is LoggedHoursStatus.VERIFIED else "",
         local_day(entry.decided_at, current_user) if entry.status is LoggedHoursStatus.VERIFIED else "")
        for entry in session.scalars(logged_hours.of_volunteer(current_user.id).limit(EXPORT_LIMIT))
    )
    rows = chain(on_shifts, logged)
    header = [_("Date"), _("Programme"), _("Shift"), _("Status"), _("Verified hours"), _("Verified on")]
    return csv_download("my-volunteer-hours.csv", csv_lines(header, rows), private=True)


@bp.get("/me/calendar")
@login_required
def my_calendar():
    """Where the volunteer's private calendar feed lives, and how to replace its link."""
    require(Permission.ACCOUNT_SELF)
    token = current_user.calendar_token
    feed_url = absolute_url("volunteering.volunteer_feed", token=token) if token else None
    return render_template("volunteering/my_calendar.html", feed_url=feed_url)


@bp.post("/me/calendar/reset")
@login_required
def reset_calendar():
    """Make a new secret feed link; the old one stops working."""
    require(Permission.ACCOUNT_SELF)
    run(lambda: calendars.new_calendar_token(current_user))
    flash(_("Your calendar has a new private link. The old link no longer works."), "success")
    return redirect(url_for(".my_calendar"))


@bp.get("/calendar/<token>.ics")
def volunteer_feed(token: str):
    """A volunteer's confirmed shifts as iCalendar; the unguessable token is the only key."""
    user = calendars.user_for_calendar_token(token)
    if user is None:
        abort(404)
    return _ics(calendars.volunteer_feed(user), private=True)


@bp.get("/shifts/<id:shift_id>/calendar.ics")
def shift_calendar(shift_id: int):
    """One shift as a calendar file: a phone hands it to its calendar app, which adds the shift."""
    record = visible_shift_or_404(shift_id)
    response = _ics(calendars.shift_calendar(record), private=False)
    response.headers["Content-Disposition"] = f'attachment; filename="shift-{record.id}.ics"'
    return response


@bp.get("/programmes/<key>/shifts.ics")
def programme_feed(key: str):
    """A programme's shifts as iCalendar."""
    programme = by_id_or_slug(Programme, key)
    if not programme.is_public:
        abort(404)
    return _ics(calendars.programme_feed(programme), private=False)


def _ics(body: bytes, private: bool) -> Response:
    response = Response(body, mimetype="text/calendar")
    # Not "public": a shared cache would go on serving a programme after it stopped being public.
    response.headers["Cache-Control"] = "private, no-store" if private else "private, max-age=300"
    if private:
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


# --- following a programme ------------------------------------------------------------------


@bp.post("/programmes/<key>/follow")
@login_required
def follow(key: str):
    """Start or stop the e-mails of shifts added to the programme."""
    programme = by_id_or_slug(Programme, key)
    require(Permission.PROGRAMME_FOLLOW, programme, hide=True)
    form = FollowForm()
    if not form.validate_on_submit():
        flash(_("Choose whether to follow this programme or not: nothing was changed."), "error")
    elif form.wanted.data == "on":
        if run(lambda: following.follow(current_user, programme)):
            flash(_("You now follow this programme."), "success")
    elif run(lambda: following.stop_following(current_user, programme)):
        flash(_("You no longer follow this programme."), "success")
    return redirect_back(url_for("directory.programme", key=programme.slug))


@bp.get("/me/following")
@login_required
def my_following():
    """The programmes the person follows, each with a button that stops its e-mails."""
    require(Permission.ACCOUNT_SELF)
    return render_template("volunteering/my_following.html", how_often=following.how_often(current_user),
                           page=paginate(following.followed_programmes(current_user.id)))


@bp.route("/programmes/<key>/news/off/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed link is the key; a mail client's one-click POST (RFC 8058) carries nothing else
def stop_news(key: str, token: str):
    """The link in a programme's e-mails that stops them (no log-in: it is signed): the page says what the button
    will do; the button, or the mail client's own "Unsubscribe", does it."""
    programme = by_id_or_slug(Programme, key)
    reader = following.account_stopping(programme, token) or abort(404)
    if request.method == "POST":
        run(lambda: following.stop_following(reader, programme))
    return render_template("volunteering/stop_news.html", reader=reader, programme=programme, token=token,
                           following=following.follower(reader.id, programme.id) is not None)


@bp.route("/following/off/<token>", methods=["GET", "POST"])
@csrf.exempt  # as stop_news: the signed link is the key
def stop_all_news(token: str):
    """The link in an e-mail of several programmes' new shifts that stops them all (no log-in: it is signed)."""
    reader = following.account_stopping_all(token) or abort(404)
    if request.method == "POST":
        run(lambda: following.forget_follows_of(reader))
    return render_template("volunteering/stop_all_news.html", reader=reader, token=token,
                           followed=following.programmes_followed(reader.id, FOLLOWED_LISTED))
