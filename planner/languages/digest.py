"""The translators' weekly e-mail: the texts waiting to be translated again, for whoever may give them.

The queue on My planner waits for its reader to come; this brings it to them. The outbox worker's pass looks at
each account that may translate something (`permissions.may_translate_some`) at most once a day (LOOK_EVERY),
a few at a time (PER_PASS), and writes to it when texts wait that were set aside since its last e-mail and have
waited a day (SETTLED: whoever changed a text often translates it straight away), and at most once a week
(WRITE_EVERY). Each e-mail names the newest records waiting (LISTED) and links to the whole queue; a signed link
in it, the queue's page or the profile page stops them.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload

from planner.accounts.models import User
from planner.clock import utcnow
from planner.i18n import isolate, worded_for
from planner.languages.services import KIND_LABELS, ToTranslate, texts_to_translate
from planner.notifications.opt_out import opt_out_token
from planner.notifications.services import queue_email
from planner.partnerships.models import Partnership
from planner.db import session
from planner.pagination import BoundedPage
from planner.permissions import may_translate_some
from planner.translated import OutdatedText, shown_name
from planner.urls import absolute_url

LOOK_EVERY = timedelta(days=1)
WRITE_EVERY = timedelta(days=7)
SETTLED = timedelta(days=1)
PER_PASS = 50
LISTED = 10


def queue_digests(now: datetime | None = None) -> int:
    """Write the e-mails due now (see the module's notes); how many. Nothing is read but one row of the index while
    no text has waited a day."""
    now = now or utcnow()
    if session.scalar(select(exists().where(OutdatedText.since <= now - SETTLED))) is not True:
        return 0
    written = 0
    for reader in session.scalars(_due_readers(now)):
        written += _look_at(reader, now)
    return written


def queue_digests_now(_sender=None) -> int:
    """The outbox worker's hook (notifications.signals.pass_starting)."""
    return queue_digests()


def _due_readers(now: datetime):
    """The accounts to look at in this pass: wanting the e-mail, not looked at for a day nor written to for a week,
    the longest unlooked-at first; held, so that two workers never look at one account together."""
    return (select(User).where(
        may_translate_some([Partnership]), User.translation_digest.is_(True), User.deleted_at.is_(None),
        or_(User.translation_digest_looked_at.is_(None), User.translation_digest_looked_at <= now - LOOK_EVERY),
        or_(User.translation_digest_sent_at.is_(None), User.translation_digest_sent_at <= now - WRITE_EVERY))
        .order_by(User.translation_digest_looked_at.is_not(None), User.translation_digest_looked_at, User.id)
        .options(selectinload(User.grants)).limit(PER_PASS).with_for_update(skip_locked=True))


def _look_at(reader: User, now: datetime) -> int:
    """Write to the reader if texts they may translate wait that are new since their last e-mail and have waited a
    day (among the newest LISTED; older ones were in an earlier e-mail, or will be within a day); 1 if written."""
    reader.translation_digest_looked_at = now
    page = texts_to_translate(reader, now, per_page=LISTED)
    last = reader.translation_digest_sent_at
    if not any(item.since <= now - SETTLED and (last is None or item.since > last) for item in page.items):
        return 0
    _write(reader, page)
    reader.translation_digest_sent_at = now
    return 1


def _write(reader: User, page: BoundedPage) -> None:
    """The e-mail, in the reader's language: how many records wait, the newest of them, and the links."""
    with worded_for(reader):
        waiting = (ngettext("More than %(num)s text waits to be translated again",
                            "More than %(num)s texts wait to be translated again", page.limit) if page.capped else
                   ngettext("%(num)s text waits to be translated again",
                            "%(num)s texts wait to be translated again", page.total))
        lines = [_line(item) for item in page.items]
        more = page.total - len(page.items)
        if more > 0:
            lines.append(ngettext("and %(num)s more text", "and %(num)s more texts", more) if not page.capped else
                         _("and more"))
        stop = stop_link(reader)
        body = (_("Hello %(name)s,\n\nThe original of these texts changed after they were translated. Until "
                  "someone gives them again, readers of these languages see the original:", name=isolate(reader.name))
                + "\n\n" + "\n".join(lines) + "\n\n"
                + _("All of them: %(link)s", link=absolute_url("languages.queue")) + "\n\n"
                + _("We write at most once a week, when new texts have waited a day. To stop these e-mails: "
                    "%(link)s", link=stop))
        message = queue_email(reader, "translations.digest", waiting, body)
    message.opt_out_url = stop


def _line(item: ToTranslate) -> str:
    """One record waiting: its kind, name and languages, and its languages page."""
    return "- " + _("%(kind)s: %(name)s (%(languages)s)", kind=KIND_LABELS[item.kind],
                    name=isolate(shown_name(item.named_by)), languages=item.languages_shown) + "\n  " + absolute_url(
        "languages.edit", kind=item.kind, record_id=item.record.id)


# --- the signed link that stops them -----------------------------------------------------------


DIGEST_OFF = "translation-digest-off"  # the kind of opt-out link (planner.notifications.opt_out) that stops it


def stop_link(reader: User) -> str:
    """A link that stops the reader's weekly e-mails without logging in: signed, it names them and no one else (the
    languages' stop page reads it with `account_of(DIGEST_OFF, token)`)."""
    return absolute_url("languages.stop_digest", token=opt_out_token(DIGEST_OFF, reader.id))


def offered_to(user) -> bool:
    """Whether the weekly e-mail is for this account: one that may translate something."""
    return bool(session.scalar(select(exists().where(User.id == user.id, may_translate_some([Partnership])))))


def setting_offered(user) -> set[str]:
    """The profile's setting for the weekly e-mail, offered to those it is for (accounts.signals.settings_offered)."""
    return {"translation_digest"} if offered_to(user) else set()


def want_digest(reader: User, wanted: bool) -> None:
    """Start or stop the reader's weekly e-mails (a stop link, or the queue's page; the profile saves it with the
    rest of the profile)."""
    reader.translation_digest = wanted
    session.flush()
