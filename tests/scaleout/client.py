"""A bounded client for the fleet test: simulated users on loopback, sending each request
to the two web servers in turn, retrying what a restart interrupted, and keeping a ledger
of every write it sent and what came back."""

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import requests
from urllib3.exceptions import ConnectTimeoutError

ATTEMPTS = 8  # a write is tried on each server in turn: more than one restart needs
RETRY_PAUSE = 0.5


@dataclass
class Write:
    """One write as the client saw it: what it sent, how often, and the answer it kept.
    `outcome` is "ok" (a 2xx or a form's redirect), "failed" (an answer that was not),
    or "unknown" (a form post whose answer was lost after it was sent: without a key it
    is not sent again, so it may or may not have happened)."""

    kind: str
    user: str
    key: str | None
    sent: dict
    attempts: int = 0
    status: int | None = None
    outcome: str = ""
    answer: dict = field(default_factory=dict)
    location: str = ""
    replayed: bool = False


def never_sent(error):
    """Whether a connection error happened before the request left: refused, or no
    connection in time (urllib3's NewConnectionError is a ConnectTimeoutError). Such a
    request is safe to send again even without an idempotency key."""
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(reason, ConnectTimeoutError)


class Driver:
    """Sends requests for every user, alternating servers, and counts what happened."""

    def __init__(self, bases, *, max_requests, deadline):
        self.bases, self.max_requests, self.deadline = bases, max_requests, deadline
        self.lock = threading.Lock()
        self.turn = 0
        self.counts = Counter()
        self.ledger = []
        self.server_errors = []  # (monotonic time, base, status)
        self.last_request_at = None  # monotonic time of the last request sent

    def _next_base(self):
        with self.lock:
            self.turn += 1
            self.counts["requests"] += 1
            if self.counts["requests"] > self.max_requests:
                raise Budget("request budget spent")
            self.last_request_at = time.monotonic()
            return self.bases[self.turn % len(self.bases)]

    def out_of_time(self):
        return time.monotonic() > self.deadline or self.counts["requests"] >= self.max_requests

    def read(self, session, path, **kwargs):
        base = self._next_base()
        try:
            response = session.get(base + path, timeout=30, allow_redirects=False, **kwargs)
        except (requests.ConnectionError, requests.Timeout):
            with self.lock:
                self.counts["unanswered_reads"] += 1
            return None
        self._note(base, response)
        return response

    def _note(self, base, response):
        if response.status_code >= 500:
            with self.lock:
                self.server_errors.append((time.monotonic(), base, response.status_code))

    def write(self, session, write, method, path, *, json=None, data=None, headers=None):
        """Send a write until it is answered. An API write carries an Idempotency-Key and is
        sent again, with the same key, after a connection error or a 5xx; a form post is
        sent again only when it never left (refused while a server restarts)."""
        headers = dict(headers or {})
        if write.key:
            headers["Idempotency-Key"] = write.key
        with self.lock:
            self.ledger.append(write)
        while write.attempts < ATTEMPTS:
            write.attempts += 1
            if write.attempts > 1:
                self.counts["retries"] += 1
                time.sleep(RETRY_PAUSE)
            base = self._next_base()
            try:
                response = session.request(
                    method, base + path, json=json, data=data, headers=headers,
                    timeout=30, allow_redirects=False,
                )  # fmt: skip
            except (requests.ConnectionError, requests.Timeout) as error:
                # Refused or reset while a server restarts, or queued in the backlog of
                # one still booting for longer than the timeout: the write may yet happen.
                with self.lock:
                    self.counts["connection_errors"] += 1
                if write.key or never_sent(error):
                    continue
                write.outcome = "unknown"
                return write
            self._note(base, response)
            write.status = response.status_code
            if response.status_code >= 500:
                if write.key:
                    continue
                write.outcome = "unknown"  # a form's 5xx may come after its commit
                return write
            return self._answered(write, response)
        write.outcome = "failed"
        return write

    def _answered(self, write, response):
        write.replayed = response.headers.get("Idempotent-Replayed") == "true"
        write.location = response.headers.get("Location", "")
        if response.headers.get("Content-Type", "").startswith("application/json"):
            write.answer = response.json()
        signed_out = "/accounts/login/" in write.location
        write.outcome = "ok" if 200 <= response.status_code < 400 and not signed_out else "failed"
        with self.lock:
            self.counts["writes"] += 1
            self.counts["replayed"] += write.replayed
        return write

    def resend(self, session, write, method, path, *, json, headers):
        """Send an answered API write again with its key, as a client does whose answer
        was lost on the way: it must get the same answer, and write nothing."""
        again = Write(kind=f"{write.kind} (resent)", user=write.user, key=write.key, sent=json)
        self.write(session, again, method, path, json=json, headers=headers)
        with self.lock:
            self.counts["resent"] += 1
        return again


class Budget(Exception):
    """The client's request budget is spent."""


def new_key():
    return str(uuid.uuid4())
