"""A real SMTP server on 127.0.0.1 for tests of e-mail: the `smtp_server` fixture (loaded by tests/conftest.py)."""
from __future__ import annotations

import socket
import threading

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps what it receives; it can refuse the first few messages with a 451."""

    def __init__(self, refuse_first: int = 0):
        self.refuse_first = refuse_first
        self.received: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self.lock:
            if self.refuse_first:
                self.refuse_first -= 1
                return "451 Please try again later"
            self.received.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def smtp_server():
    """Start a real SMTP server on 127.0.0.1; yields (url, inbox)."""
    started = []

    def start(refuse_first: int = 0):
        inbox = Inbox(refuse_first)
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        started.append(controller)
        return f"smtp://127.0.0.1:{controller.port}", inbox

    yield start
    for controller in started:
        controller.stop()


