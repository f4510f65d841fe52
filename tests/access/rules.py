"""Vocabulary for the access matrix: who gets which status on a URL.

A rule names, per persona, the status for GET (plain and htmx) and for POST.
"anon" is the anonymous visitor; everyone else is a persona of the `world` fixture.
"""

from dataclasses import dataclass, field

PERSONAS = [
    "anonymous",
    "owner",
    "other_engineer",
    "mentor",
    "unassigned_mentor",
    "manager",
    "other_manager",
    "staff",
    "committee_member",
    "conflicted_member",
]
SIGNED_IN = PERSONAS[1:]
LOGIN = "login"  # a redirect to the login page


@dataclass
class Rule:
    get: dict
    post: dict
    kwargs: object = None  # callable(world) -> URL kwargs
    note: str = ""
    htmx: dict = field(default=None)  # defaults to `get`

    def expected(self, method, persona):
        table = {"GET": self.get, "HTMX": self.htmx or self.get, "POST": self.post}[method]
        return table[persona]


def statuses(default, **overrides):
    """A status for every persona: `default`, with named exceptions."""
    table = dict.fromkeys(PERSONAS, default)
    table.update(overrides)
    return table


def signed_in(status, anonymous=LOGIN, **overrides):
    """Anonymous visitors are sent to log in; everyone signed in gets `status`."""
    return statuses(status, anonymous=anonymous, **overrides)


def staff_only(get=200, post=200, kwargs=None, note=""):
    """Staff pages: everyone else signed in gets 403."""
    return Rule(
        get=signed_in(403, staff=get),
        post=signed_in(403, staff=post),
        kwargs=kwargs,
        note=note,
    )


def get_only(get, kwargs=None, note=""):
    """A page that only answers GET: POST is 405 for whoever may reach it."""
    post = {p: (405 if s == 200 else s) for p, s in get.items()}
    return Rule(get=get, post=post, kwargs=kwargs, note=note)
