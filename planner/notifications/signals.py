"""What the outbox worker announces, so that features above it can add messages that fall due.

`pass_starting` is sent at the start of every pass of `send-notifications`, before it sends;
a receiver queues what is due now (volunteering: reminders before shifts; languages: the translators' weekly
e-mail) and returns how many. Each receiver's work is undone alone if it fails, and the others' stands.
"""
from __future__ import annotations

from blinker import Namespace

notifications = Namespace()
pass_starting = notifications.signal("outbox-pass-starting")
