"""One SMTP connection for a whole batch of nudges.

Opening a connection (TCP, greeting, EHLO) cost more than sending a short email, so a
batch opens one at its first email and sends every other email over it. After an error
that may leave the conversation in an unknown state the connection is dropped, and the
next email opens a new one. A refusal (recipient, sender, or the message itself) leaves
the session ready for the next email: smtplib has already reset it.
"""

import smtplib
from contextlib import suppress

from django.core.mail import get_connection


class Unreachable(Exception):
    """The connection could not be opened: no server, or no greeting in time. Nothing was
    sent. `error` is what opening raised."""

    def __init__(self, error):
        super().__init__(repr(error))
        self.error = error


# The server answered, and said no to this one email; the session is still good.
REFUSALS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


class Courier:
    """Sends emails over one reused connection; use it as a context manager."""

    def __init__(self):
        self._connection = None
        self.opened = 0  # connections opened, for tests and benchmarks

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def send(self, email):
        """Send one email. Raises Unreachable if no connection could be opened, and
        smtplib's or the socket's error if the server took part and the email failed."""
        if self._connection is None:
            self._connection = self._open()
        try:
            self._connection.send_messages([email])
        except REFUSALS:
            raise
        except (smtplib.SMTPException, OSError):
            self.close()
            raise

    def _open(self):
        connection = get_connection()
        try:
            connection.open()
        except (smtplib.SMTPException, OSError) as error:
            with suppress(smtplib.SMTPException, OSError):
                connection.close()
            if isinstance(error, smtplib.SMTPResponseException):  # it answered, and said no
                raise
            raise Unreachable(error) from error
        self.opened += 1
        return connection

    def close(self):
        if self._connection is not None:
            # Whatever the goodbye does, every message went out (or not) already.
            with suppress(smtplib.SMTPException, OSError):
                self._connection.close()
            self._connection = None
