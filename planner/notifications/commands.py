"""`flask --app planner send-notifications`: the worker that empties the outbox."""
from __future__ import annotations

import logging
import signal
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from planner.db import session
from planner.notifications.signals import pass_starting
from planner.pipeline import commit
from planner.notifications.worker import SendReport, mailer_from_config, send_due

log = logging.getLogger(__name__)


def queue_what_falls_due() -> int:
    """Let the features queue the messages due now (see notifications.signals), in one commit. Each feature's work
    is kept apart (a savepoint): one that fails is logged and undone, and the others' messages still go out, as
    one bad message never stops the outbox."""
    queued = 0
    for receiver in list(pass_starting.receivers_for(None)):
        try:
            with session.begin_nested():
                queued += receiver(None) or 0
        except Exception:  # a fault of one feature: the others, and the sending, go on
            log.exception("%s failed; the other messages due are queued", getattr(receiver, "__name__", receiver))
    commit()
    return queued


@click.command("send-notifications")
@click.option("--once", is_flag=True, help="Send what is due now, then stop.")
@click.option("--interval", default=15, show_default=True, type=click.IntRange(1, 3600),
              help="Seconds to wait between passes when nothing is due.")
@with_appcontext
def send_notifications_command(once: bool, interval: int) -> None:
    """Send pending emails from the outbox, retrying failures with back-off."""
    try:
        mailer = mailer_from_config(current_app.config)
    except RuntimeError as error:
        raise click.UsageError(str(error)) from error
    stopping: list[bool] = []
    if not once:
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    while not stopping:
        try:
            queued = queue_what_falls_due()
            if queued:
                click.echo(f"queued {queued} {'message' if queued == 1 else 'messages'} (reminders, weekly e-mails)")
            report = send_due(mailer)
        except SQLAlchemyError as error:  # the database went away for a moment: wait and try again
            if once:
                raise click.ClickException(f"the outbox could not be read: {error}") from None
            log.warning("the outbox could not be read (%s); trying again in %d s", error, interval)
            report = SendReport()
        finally:
            session.remove()
        if report.handled:
            click.echo(f"sent {report.sent}, will retry {report.retrying}, gave up on {report.failed}")
        if once:
            return
        if not report.handled:
            time.sleep(interval)
