"""The emails volunteers get when their place on a shift changes, worded in their own language."""
from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import ngettext

from planner.accounts.models import User
from planner.hijri import hijri_text
from planner.i18n import comma, isolate, listed, worded_for
from planner.notifications.attachments import reference
from planner.notifications.models import Notification
from planner.notifications.services import email_for, queue_email
from planner.translated import shown_name, shown_text
from planner.types import RecordStatus
from planner.urls import absolute_url
from planner.volunteering.models import Programme, Shift, SignupStatus
from planner.volunteering.timezones import shift_day, shift_when

Wording = Callable[[dict], tuple[str, str]]
SHIFT_EVENT = "shift-calendar"  # the kind of file (planner.notifications.attachments) a shift's event is
SHIFTS_LISTED = 10  # a programme's message lists this many of the reader's shifts, then says how many more


def _queue(volunteer: User, kind: str, shift: Shift, wording: Wording, **extra) -> Notification:
    """Word the message in the volunteer's language and write it to the outbox."""
    return queue_email(volunteer, kind, *_worded(volunteer, shift, wording, **extra))


def _worded(volunteer: User, shift: Shift, wording: Wording, **extra) -> tuple[str, str]:
    """The message's subject and body in the volunteer's language."""
    with worded_for(volunteer):
        values = {"name": isolate(volunteer.name), "shift": isolate(shown_name(shift)),
                  "programme": isolate(shown_name(shift.programme)),
                  "when": _when(volunteer, shift), "place": _place(shift), **extra}
        return wording(values)


def _when(volunteer: User, shift: Shift) -> str:
    """When the shift runs, on its place's clock, with the Hijri date for a reader who asked for it (worded in the
    language worded_for has set)."""
    when = shift_when(shift)
    if volunteer.show_hijri:
        when = f"{when}{comma()}{hijri_text(shift_day(shift), (volunteer.locale or 'en').split('_')[0])}"
    return when


def _place(shift: Shift) -> str:
    return listed((shown_text(shift, "place"), shift.locality.shown_name if shift.locality else ""))


def _contact(programme: Programme) -> str:
    """Who runs the programme, and how to reach them where the record says."""
    runner = programme.centre or programme.organisation or (
        programme.initiative.lead_organisation if programme.initiative else None)
    ways = [getattr(runner, "contact_email", ""), getattr(runner, "contact_phone", ""), getattr(runner, "website", "")]
    # addresses and links bare, to stay clickable
    return comma().join([isolate(shown_name(runner or programme)), *[way for way in ways if way]])


def _with_event(message: Notification, shift: Shift) -> Notification:
    """The message, carrying the shift as a calendar event (made when it is sent)."""
    message.attachment = reference(SHIFT_EVENT, shift.id)
    return message


def _instructions_line(shift: Shift) -> str:
    """The coordinator's word to the shift's volunteers, as a paragraph of its own (nothing when there is none)."""
    words = shown_text(shift, "instructions")
    return "\n\n" + _("From the coordinator: %(words)s", words=isolate(words)) if words else ""


def _calendar_line(shift: Shift) -> str:
    """The link that adds the shift to the reader's calendar (or moves it there, once the shift has moved: the
    event keeps its identity), as a paragraph of its own, worded in the reader's language."""
    return "\n\n" + _("Add it to your calendar: %(link)s",
                       link=absolute_url("volunteering.shift_calendar", shift_id=shift.id))


def reminder(volunteer: User, shift: Shift, coming_link: str, cannot_come_link: str, door_code: str,
             stop_link: str) -> Notification:
    """Before the shift: what, when, where, whom to ask, one-click answers, and the link that stops reminders."""
    message = _queue(volunteer, "shift.reminder", shift, lambda v: (
        _("Reminder: %(shift)s, %(when)s", **v),
        _("Hello %(name)s,\n\nYou have a place on \"%(shift)s\" (%(programme)s).\n\nWhen: %(when)s\nWhere: %(place)s\n"
          "Questions: %(contact)s\n\nI'll be there: %(coming)s\nI can't come any more (your place goes to the next "
          "person waiting): %(cannot)s\n\nYou can turn these reminders off on your profile page.",
          contact=_contact(shift.programme), **v)  # worded here, in the volunteer's language
        + _instructions_line(shift)
        + "\n\n" + _("Your check-in code at the door: %(code)s", **v)
        + "\n\n" + _("Stop these reminders: %(link)s", link=stop_link),
    ), coming=coming_link, cannot=cannot_come_link, code=door_code)
    message.opt_out_url = stop_link
    return message


def confirmation(volunteer: User, shift: Shift, by_coordinator: bool = False) -> Notification:
    """The message for a place confirmed at sign-up, worded ahead and not yet in the outbox (sign_up adds it once
    the place is taken, so that the shift's row is not held while it is worded)."""
    return _with_event(email_for(volunteer, "signup.confirmed", *_worded(volunteer, shift, lambda v: (
        _("Your place is confirmed: %(shift)s", **v),
        _("Hello %(name)s,\n\nYou have a place on \"%(shift)s\" (%(programme)s), %(when)s, %(place)s.\n\n"
          "If you can no longer come, please cancel on the planner so that someone on the waitlist can go.", **v)
        + _instructions_line(shift) + _calendar_line(shift) + _signed_up_by_coordinator(shift, by_coordinator),
    ))), shift)


def waitlisted(volunteer: User, shift: Shift, position: int, by_coordinator: bool = False) -> Notification:
    """The message for joining the shift's waitlist, not yet in the outbox (sign_up writes it with the sign-up)."""
    return email_for(volunteer, "signup.waitlisted", *_worded(volunteer, shift, lambda v: (
        _("You are on the waitlist: %(shift)s", **v),
        _("Hello %(name)s,\n\n\"%(shift)s\" (%(programme)s), %(when)s, is full. You are number %(position)s "
          "on its waitlist; we will write to you if a place comes free.", **v)
        + _signed_up_by_coordinator(shift, by_coordinator),
    ), position=position))


def _signed_up_by_coordinator(shift: Shift, by_coordinator: bool) -> str:
    """For a sign-up a coordinator made: who did it, and whom to ask (a paragraph of its own; else nothing)."""
    if not by_coordinator:
        return ""
    return "\n\n" + _("The coordinator of the programme signed you up. Questions: %(contact)s",
                       contact=_contact(shift.programme))


def promoted(volunteer: User, shift: Shift) -> None:
    """A place came free and went to this volunteer from the waitlist."""
    _with_event(_queue(volunteer, "signup.promoted", shift, lambda v: (
        _("A place came free for you: %(shift)s", **v),
        _("Hello %(name)s,\n\nSomeone cancelled, and you now have a confirmed place on \"%(shift)s\" "
          "(%(programme)s), %(when)s, %(place)s.\n\nIf you can no longer come, please cancel on the planner.",
          **v) + _instructions_line(shift) + _calendar_line(shift),
    )), shift)


def dropped_for_clash(volunteer: User, shift: Shift) -> None:
    """A place came free, but the volunteer now holds another shift at the same time."""
    _queue(volunteer, "signup.waitlist_dropped", shift, lambda v: (
        _("Taken off the waitlist: %(shift)s", **v),
        _("Hello %(name)s,\n\nA place came free on \"%(shift)s\", %(when)s, but you already have a confirmed "
          "shift at that time, so we have taken you off its waitlist.", **v),
    ))


def place_released(volunteer: User, shift: Shift, held_a_place: bool, reason: str) -> None:
    """The coordinator gave up the volunteer's place, or took them off the waitlist, with their words if any (a
    paragraph of their own, which keeps its own direction)."""
    _queue(volunteer, "signup.released", shift, lambda v: (
        _("Your place is released: %(shift)s", **v) if held_a_place else _("Taken off the waitlist: %(shift)s", **v),
        (_("Hello %(name)s,\n\nThe coordinator has released your place on \"%(shift)s\" (%(programme)s), %(when)s. "
           "You do not need to come.", **v) if held_a_place else
         _("Hello %(name)s,\n\nThe coordinator has taken you off the waitlist of \"%(shift)s\" (%(programme)s), "
           "%(when)s.", **v))
        + ("\n\n" + _("The coordinator wrote:") + "\n\n" + reason.strip() if reason.strip() else "")
        + "\n\n" + _("Questions: %(contact)s", contact=_contact(shift.programme)),
    ))


def places_free_at_short_notice(coordinator: User, shift: Shift, volunteer: User | None, free: int) -> None:
    """To a coordinator: a volunteer gave up their place soon before the shift and no one waiting could take it.
    Without a volunteer (their account is closing) the message does not name them."""
    _queue(coordinator, "shift.short_notice", shift, lambda v: (
        _("A place came free at short notice: %(shift)s", **v),
        _short_notice_opening(v, volunteer)
        + " " + ngettext("%(num)s place is now free.", "%(num)s places are now free.", free)
        + "\n\n" + _("The roster: %(link)s", link=absolute_url("volunteering.manage.roster_page", shift_id=shift.id))
        + "\n\n" + _("You can turn these e-mails off on your profile: %(link)s",
                      link=absolute_url("accounts.profile")),
    ))


def _short_notice_opening(v: dict, volunteer: User | None) -> str:
    if volunteer is None:
        return _("Hello %(name)s,\n\nA volunteer who has closed their account held a place on \"%(shift)s\" "
                 "(%(programme)s), %(when)s, and no one waiting could take it.", **v)
    return _("Hello %(name)s,\n\n%(leaving)s has given up their place on \"%(shift)s\" (%(programme)s), %(when)s, "
             "and no one waiting could take it.", leaving=isolate(volunteer.shown_name), **v)


def shift_changed(volunteer: User, shift: Shift, held_a_place: bool) -> None:
    """The coordinator moved a shift the volunteer is on (or waits for) to another time or place. To one who holds
    a place the message carries the event (and its link), which moves the one their calendar holds."""
    message = _queue(volunteer, "shift.changed", shift, lambda v: (
        _("Shift changed: %(shift)s", **v),
        _("Hello %(name)s,\n\nThe coordinator has changed \"%(shift)s\" (%(programme)s). It now runs %(when)s, "
          "%(place)s.\n\nIf you can no longer come, please cancel on the planner.", **v)
        + _instructions_line(shift) + (_calendar_line(shift) if held_a_place else ""),
    ))
    if held_a_place:
        _with_event(message, shift)


def instructions_changed(volunteer: User, shift: Shift, held_a_place: bool) -> None:
    """The coordinator changed what the shift's volunteers should know, and chose to tell them: the new words (or
    that there are none any more). To one who holds a place the message carries the event, whose description
    holds them too."""
    message = _queue(volunteer, "shift.instructions", shift, lambda v: (
        _("What to know for %(shift)s", **v),
        _("Hello %(name)s,\n\nThe coordinator has changed what volunteers should know for \"%(shift)s\" "
          "(%(programme)s), %(when)s, %(place)s.", **v)
        + (_instructions_line(shift) or "\n\n" + _("There is nothing more to know for this shift: the earlier "
                                                       "words no longer stand."))
        + (_calendar_line(shift) if held_a_place else ""),
    ))
    if held_a_place:
        _with_event(message, shift)


def shift_cancelled(volunteer: User, shift: Shift, held_a_place: bool) -> None:
    """The coordinator cancelled a shift the volunteer was on (or archived its programme). To one who held a place
    the message carries the event marked cancelled, so a calendar that holds the shift marks it so too."""
    message = _queue(volunteer, "shift.cancelled", shift, lambda v: (
        _("Shift cancelled: %(shift)s", **v),
        _("Hello %(name)s,\n\nThe coordinator has cancelled \"%(shift)s\" (%(programme)s), %(when)s. "
          "You do not need to come.\n\n%(reason)s", reason=cancellation_reason(shift), **v),
    ))
    if held_a_place:
        _with_event(message, shift)


def coordinator_message(volunteer: User, shift: Shift, subject: str, text: str) -> None:
    """Words the coordinator wrote to the shift's volunteers, as written, framed in the volunteer's language: which
    shift, when and where, and whom to ask. Each paragraph keeps its own direction (planner.notifications.html_mail)."""
    _queue(volunteer, "shift.message", shift, lambda v: (
        _("%(shift)s: %(subject)s", **v),
        _("Hello %(name)s,\n\nThe coordinator of \"%(shift)s\" (%(programme)s), %(when)s, %(place)s, writes to "
          "its volunteers:", **v)
        + "\n\n" + v["text"] + "\n\n"
        + _("Questions: %(contact)s", contact=_contact(shift.programme)) + "\n"
        + _("The shift: %(link)s", link=absolute_url("volunteering.shift", shift_id=shift.id)),
    ), subject=isolate(subject.strip()), text=text.strip())


def programme_message(volunteer: User, programme: Programme, places: list[tuple[Shift, SignupStatus]],
                      subject: str, text: str, worded_lines: dict | None = None) -> None:
    """Words the coordinator wrote to the volunteers of the programme's coming shifts, as written, framed in the
    volunteer's language, with the shifts of it they are on (the first SHIFTS_LISTED, and how many more).

    Many volunteers share a shift: pass one `worded_lines` dict for the whole mailing, and each shift's line is worded
    once per language and calendar rather than once per volunteer."""
    worded_lines = {} if worded_lines is None else worded_lines
    with worded_for(volunteer):
        values = {"name": isolate(volunteer.name), "programme": isolate(shown_name(programme))}
        lines = [_shift_line(volunteer, shift, status, worded_lines) for shift, status in places[:SHIFTS_LISTED]]
        more = len(places) - SHIFTS_LISTED
        if more > 0:
            lines.append(ngettext("and %(num)s more shift", "and %(num)s more shifts", more))
        body = (_("Hello %(name)s,\n\nThe coordinator of %(programme)s writes to the volunteers of its coming "
                  "shifts:", **values)
                + "\n\n" + text.strip() + "\n\n"
                + _("Your shifts:") + "\n" + "\n".join(lines) + "\n\n"
                + _("Questions: %(contact)s", contact=_contact(programme)) + "\n"
                + _("The programme: %(link)s", link=absolute_url("directory.programme", key=programme.slug)))
        queue_email(volunteer, "programme.message",
                    _("%(programme)s: %(subject)s", subject=isolate(subject.strip()), **values), body)


def _shift_line(volunteer: User, shift: Shift, status: SignupStatus, worded_lines: dict) -> str:
    """One shift of a programme's message: its name, when, where, whether the reader only waits, and its link."""
    key = (shift.id, status, volunteer.locale, volunteer.show_hijri)
    if key not in worded_lines:
        parts = [isolate(shown_name(shift)), _when(volunteer, shift), _place(shift)]
        if status is SignupStatus.WAITLISTED:
            parts.append(_("you are on its waitlist"))
        worded_lines[key] = "- " + comma().join(part for part in parts if part) + " " + absolute_url(
            "volunteering.shift", shift_id=shift.id)
    return worded_lines[key]


def cancellation_reason(shift: Shift) -> str:
    """Why a cancelled shift is off: the coordinator's own words, or, for one that went with its archived programme,
    that the programme has ended, worded in the reader's language (so it is never stored in the archiver's)."""
    if shift.cancel_reason:
        return shift.cancel_reason
    return _("The programme has ended.") if shift.programme.status is RecordStatus.ARCHIVED else ""
