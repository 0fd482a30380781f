"""The outbox worker: messages reach a real SMTP server, failures are retried, nothing is sent twice."""
from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default

import pytest
from sqlalchemy import select

from planner.accounts.models import Role
from planner.clock import utcnow
from planner.db import session
from planner.notifications.models import Notification, NotificationStatus
from planner.notifications.services import queue_email
from planner.notifications.worker import (
    MAX_ATTEMPTS,
    ConsoleMailer,
    SmtpMailer,
    mailer_from_config,
    retry_delay,
    send_due,
)
from tests import factories
from tests.smtp import free_port

SENDER = "planner@example.org"


def queue_for(user, subject="Your place is confirmed") -> Notification:
    message = queue_email(user, "signup.confirmed", subject, "See you on Saturday.")
    session.flush()
    return message


def test_a_pending_message_arrives_at_a_real_smtp_server(db, make, smtp_server):
    url, inbox = smtp_server()
    volunteer = make.user(email="amira@example.org")
    message = queue_for(volunteer, "Your place is confirmed: Saturday food bank")

    report = send_due(SmtpMailer(url, SENDER))

    assert report.sent == 1
    (envelope,) = inbox.received
    assert envelope.rcpt_tos == ["amira@example.org"]
    assert b"Subject: Your place is confirmed: Saturday food bank" in envelope.content
    assert message.status is NotificationStatus.SENT and message.sent_at is not None


def test_a_message_says_when_it_was_written_and_that_no_one_should_answer_it_automatically(db, make, smtp_server,
                                                                                       clock):
    clock.set(datetime(2027, 2, 3, 14, 5, 6, tzinfo=UTC))
    url, inbox = smtp_server()
    queue_for(make.user())
    clock.set(datetime(2027, 2, 3, 14, 20, tzinfo=UTC))  # the worker sends it a quarter of an hour later

    assert send_due(SmtpMailer(url, SENDER)).sent == 1
    (envelope,) = inbox.received
    received = message_from_bytes(envelope.content, policy=default)
    assert received["Date"].datetime == datetime(2027, 2, 3, 14, 5, 6, tzinfo=UTC)
    assert received["Auto-Submitted"] == "auto-generated"


def test_a_refused_send_is_retried_later_and_then_arrives(db, make, smtp_server):
    url, inbox = smtp_server(refuse_first=1)
    message = queue_for(make.user())
    mailer, now = SmtpMailer(url, SENDER), utcnow()

    first = send_due(mailer, now)
    assert (first.sent, first.retrying) == (0, 1)
    assert message.status is NotificationStatus.PENDING and message.attempts == 1
    assert "451" in message.last_error
    assert message.next_attempt_at == now + retry_delay(1)

    assert send_due(mailer, now + timedelta(seconds=30)).handled == 0  # not due yet
    assert send_due(mailer, now + retry_delay(1)).sent == 1
    assert message.status is NotificationStatus.SENT and message.attempts == 2
    assert len(inbox.received) == 1


def test_an_unreachable_server_is_retried_with_growing_waits_then_given_up(db, make):
    message = queue_for(make.user())
    mailer, now = SmtpMailer(f"smtp://127.0.0.1:{free_port()}", SENDER), utcnow()
    waits = []
    for _ in range(MAX_ATTEMPTS):
        send_due(mailer, now)
        if message.status is NotificationStatus.PENDING:
            waits.append(message.next_attempt_at - now)
            now = message.next_attempt_at
    assert message.status is NotificationStatus.FAILED and message.attempts == MAX_ATTEMPTS
    assert waits == sorted(waits) and waits[0] == timedelta(minutes=1) and waits[1] == timedelta(minutes=2)
    assert message.last_error


def received_as_parts(inbox):
    (envelope,) = inbox.received
    received = message_from_bytes(envelope.content, policy=default)
    text, html = (received.get_body((kind,)).get_content().replace("\r\n", "\n") for kind in ("plain", "html"))
    return received, text, html


def test_an_arabic_message_reads_right_to_left_in_every_mail_client(db, make, smtp_server):
    url, inbox = smtp_server()
    body = ("مرحبا أمينة،\n\nلديك مكان في \u2068<b>حديقة</b>\u2069.\nالموعد: السبت\n\n"
            "https://planner.example.org/shifts/7.\n\nشكرا!")
    queue_email(make.user(locale="ar"), "signup.confirmed", "تم تأكيد مكانك", body)
    session.flush()
    assert send_due(SmtpMailer(url, SENDER)).sent == 1
    received, text, html = received_as_parts(inbox)
    assert received["Content-Language"] == "ar" and received.get_content_type() == "multipart/alternative"
    assert text.rstrip("\n") == body  # the words as written; the HTML only lays them out
    assert '<html lang="ar" dir="rtl">' in html and "<title>تم تأكيد مكانك</title>" in html
    assert html.count('<p dir="auto">') == 4  # a paragraph's own letters set its direction: the address's is ltr
    assert "حديقة" in html and "<b>" not in html and "&lt;b&gt;" in html  # someone's words are text, never markup
    assert "<br>\nالموعد" in html
    assert '<a href="https://planner.example.org/shifts/7">https://planner.example.org/shifts/7</a>.' in html


def test_a_message_one_may_stop_names_the_link_that_stops_it_for_mail_clients(db, make, smtp_server):
    url, inbox = smtp_server()
    message = queue_for(make.user())
    message.opt_out_url = "https://planner.example.org/reminders/off/abc"
    send_due(SmtpMailer(url, SENDER))
    received, _text, _html = received_as_parts(inbox)
    assert received["List-Unsubscribe"] == "<https://planner.example.org/reminders/off/abc>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"  # RFC 8058


def test_a_message_in_a_left_to_right_language_says_so_too(db, make, smtp_server):
    url, inbox = smtp_server()
    queue_for(make.user(locale="tr"))
    send_due(SmtpMailer(url, SENDER))
    received, text, html = received_as_parts(inbox)
    assert received["Content-Language"] == "tr" and text.strip() == "See you on Saturday."
    assert '<html lang="tr" dir="ltr">' in html and '<p dir="auto">See you on Saturday.</p>' in html


def test_the_console_mailer_prints_messages_in_development(app, db, make, capsys):
    queue_for(make.user(email="console@example.org"), "Printed, not sent")
    mailer = mailer_from_config({**app.config, "SMTP_URL": "", "ENV_NAME": "development"})
    assert isinstance(mailer, ConsoleMailer)
    assert send_due(mailer).sent == 1
    printed = capsys.readouterr().out
    assert "Subject: Printed, not sent" in printed and "console@example.org" in printed


def test_production_needs_an_smtp_server(app):
    with pytest.raises(RuntimeError, match="SMTP_URL"):
        mailer_from_config({**app.config, "SMTP_URL": "", "ENV_NAME": "production"})


def run_worker_once(app, smtp_url: str):
    """`flask send-notifications --once` against this SMTP server."""
    app.config["SMTP_URL"] = smtp_url
    try:
        return app.test_cli_runner().invoke(args=["send-notifications", "--once"])
    finally:
        app.config["SMTP_URL"] = ""


def test_the_command_sends_what_is_due_once(app, db, make, smtp_server):
    url, inbox = smtp_server()
    queue_for(make.user())
    queue_for(make.user())
    result = run_worker_once(app, url)
    assert result.exit_code == 0, result.output
    assert "sent 2" in result.output
    assert len(inbox.received) == 2


@pytest.mark.live
def test_two_workers_at_once_send_each_message_exactly_once(live_app, live_db, smtp_server):
    url, inbox = smtp_server()
    people = [factories.user() for _ in range(12)]
    live_db.flush()
    ids = [queue_for(person, f"Message {n}").id for n, person in enumerate(people)]
    live_db.commit()
    barrier = threading.Barrier(2)

    def worker():
        with live_app.app_context():
            barrier.wait(timeout=10)
            try:
                send_due(SmtpMailer(url, SENDER))
            finally:
                session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    subjects = sorted(line for envelope in inbox.received for line in envelope.content.decode().splitlines()
                      if line.startswith("Subject: Message "))
    assert subjects == sorted(f"Subject: Message {n}" for n in range(12))
    live_db.expire_all()
    statuses = set(live_db.scalars(select(Notification.status).where(Notification.id.in_(ids))))
    assert statuses == {NotificationStatus.SENT}


# Text a person wrote that reaches a mail header: line breaks of every kind, and other control characters.
HEADER_BREAKERS = [
    "Budget for\nthe youth club",
    "Budget for\r\nBcc: everyone@example.org",
    "Budget for\rthe youth club",
    "Budget for\u2028the youth club",
    "Budget for\x85the youth club",
    "Budget\tfor\x0bthe youth club",
]


@pytest.mark.parametrize("subject", HEADER_BREAKERS)
def test_a_subject_with_line_breaks_is_sent_on_one_line_and_smuggles_in_no_header(db, make, smtp_server, subject):
    url, inbox = smtp_server()
    message = queue_for(make.user(email="reader@example.org"), f"Request decided: {subject}")
    assert send_due(SmtpMailer(url, SENDER)).sent == 1
    (envelope,) = inbox.received
    assert envelope.rcpt_tos == ["reader@example.org"]  # no Bcc was added
    headers = envelope.content.decode().split("\r\n\r\n", 1)[0].split("\r\n")
    [subject_line] = [line for line in headers if line.startswith("Subject: ")]
    assert subject_line.startswith("Subject: Request decided: Budget")
    assert subject_line.endswith(("youth club", "Bcc: everyone@example.org"))  # all of it, on one line
    assert not [line for line in headers if line.startswith("Bcc")] and message.status is NotificationStatus.SENT


def test_a_message_that_cannot_be_built_fails_with_its_reason_and_the_queue_flows_on(db, make, smtp_server):
    url, inbox = smtp_server()
    broken = queue_for(make.user())
    broken.to_address = "someone@example.org\r\nBcc: everyone@example.org"
    after = [queue_for(make.user(email=f"next{n}@example.org")) for n in range(2)]

    report = send_due(SmtpMailer(url, SENDER))

    assert (report.sent, report.failed) == (2, 1)
    assert broken.status is NotificationStatus.FAILED and broken.attempts == 1
    assert "ValueError" in broken.last_error
    assert all(message.status is NotificationStatus.SENT for message in after)
    assert sorted(rcpt for envelope in inbox.received for rcpt in envelope.rcpt_tos) == [
        "next0@example.org", "next1@example.org"]


def test_an_unforeseen_fault_on_one_message_is_noted_and_tried_later(db, make):
    class Flaky:
        def send(self, message):
            if message.subject == "poison":
                raise RuntimeError("the template engine fell over")

    poison, fine = queue_for(make.user(), "poison"), queue_for(make.user(), "fine")
    now = utcnow()
    report = send_due(Flaky(), now)
    assert (report.sent, report.retrying) == (1, 1)
    assert poison.status is NotificationStatus.PENDING and poison.next_attempt_at == now + retry_delay(1)
    assert "the template engine fell over" in poison.last_error and fine.status is NotificationStatus.SENT


def test_the_worker_keeps_running_past_a_broken_message(app, db, make, smtp_server):
    url, inbox = smtp_server()
    broken = queue_for(make.user())
    broken.to_address = "broken@example.org\nCc: x@example.org"
    queue_for(make.user(email="fine@example.org"))
    result = run_worker_once(app, url)
    assert result.exit_code == 0, result.output
    assert "sent 1, will retry 0, gave up on 1" in result.output
    assert [envelope.rcpt_tos for envelope in inbox.received] == [["fine@example.org"]]


def test_administrators_see_the_messages_that_failed_and_why(client, login, make, db, smtp_server):
    url, _inbox = smtp_server()
    broken = queue_for(make.user(), "Request decided: <b>youth</b> club")
    broken.to_address = "broken@example.org\nCc: x@example.org"
    queue_for(make.user(email="fine@example.org"), "Delivered fine")
    send_due(SmtpMailer(url, SENDER))
    admin = make.user()
    make.grant(admin, Role.ADMIN)
    login(admin)
    page = client.get("/admin/notifications").get_data(as_text=True)
    assert "Request decided: &lt;b&gt;youth&lt;/b&gt; club" in page and "ValueError" in page
    assert "Delivered fine" not in page
    login(make.user())
    assert client.get("/admin/notifications").status_code == 403
