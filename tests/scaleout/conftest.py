"""The nudge tests' loopback SMTP server and per-test queue, shared with the fleet test."""

from tests.nudges.conftest import queue, smtp  # noqa: F401 - fixtures
