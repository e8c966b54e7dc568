"""A real SMTP server on loopback for the digest tests (aiosmtpd in a background thread)."""

import socket
from email import message_from_bytes

from aiosmtpd.controller import Controller


class Recorder:
    """Keeps every accepted message; after `fail_after` messages it answers 421 and hangs up."""

    def __init__(self, fail_after=None):
        self.messages = []
        self.fail_after = fail_after

    async def handle_DATA(self, server, session, envelope):
        if self.fail_after is not None and len(self.messages) >= self.fail_after:
            return "421 Service not available, closing transmission channel"
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServer:
    def __init__(self, fail_after=None):
        self.handler = Recorder(fail_after)
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def messages(self):
        return self.handler.messages
