"""Monitoring fixtures: the nudge tests' real Celery worker processes (tests/nudges)."""

import json

from tests.nudges.conftest import queue, smtp, workers  # noqa: F401 - fixtures used here


def json_lines(text):
    """Every line of `text` that is a JSON object (a process's log), parsed."""
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except ValueError:
                continue
    return lines
