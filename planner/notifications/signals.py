"""What the outbox worker announces, so that features above it can add messages that fall due.

`pass_starting` is sent at the start of every pass of `send-notifications`, before it sends;
a receiver queues what is due now (volunteering: reminders before shifts) and returns how many.
"""
from __future__ import annotations

from blinker import Namespace

notifications = Namespace()
pass_starting = notifications.signal("outbox-pass-starting")
