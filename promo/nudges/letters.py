"""A nudge's words, rendered once per kind of message, and its email for one person.

A Monday reminder says the same thing to tens of thousands of people: only the greeting,
the address and the unsubscribe link differ. So a message with no context of its own
(see Message) is rendered once per template, title, link and period, and the email
around it once per letter, with markers where each person's parts go; an email is then
the letter with those markers filled in. A message with a context (a digest's content, a
comment quoted) is about one claim and is rendered for it alone.
"""

import secrets
from functools import cached_property

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from promo.nudges.tokens import unsubscribe_token
from promo.web.mail import mail_subject

# Where each person's parts go in a rendered letter: random, so no text can contain them.
_MARK = secrets.token_hex(8)
NAME, ADDRESS, UNSUBSCRIBE = (f"promo-{_MARK}-{part}" for part in ("name", "address", "unsub"))


def absolute(path):
    return f"{settings.SITE_URL}{path}"


class Letter:
    """One message rendered: `body_text` (also the in-app notification's body), and the
    email around it, ready for `email_for(person, kind)`."""

    def __init__(self, claim, message):
        self.message = message
        self.link = absolute(message.path)
        context = {**message.context, "claim": claim, "link": self.link}
        self._context = context
        self.body_text = render_to_string(f"{message.template}.txt", context).strip()

    @cached_property
    def _bodies(self):
        """The email's text and HTML, with markers for the recipient's parts."""
        body_html = render_to_string(f"{self.message.template}.html", self._context)
        context = {
            "message": self.message,
            "body_text": self.body_text,
            "body_html": body_html,
            "link": self.link,
            "preferences": absolute(reverse("nudge_preferences")),
            "name": NAME,
            "address": ADDRESS,
            "unsubscribe": UNSUBSCRIBE,
        }
        return (
            render_to_string("nudges/email.txt", context),
            render_to_string("nudges/email.html", context),
        )

    def email_for(self, person, kind):
        unsubscribe = absolute(reverse("nudge_unsubscribe", args=[unsubscribe_token(person, kind)]))
        parts = {NAME: person.get_short_name(), ADDRESS: person.email, UNSUBSCRIBE: unsubscribe}
        text, html = self._bodies
        email = EmailMultiAlternatives(
            subject=mail_subject(self.message.title),
            body=_fill(text, parts),
            to=[person.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        html_parts = {mark: escape(value) for mark, value in parts.items()}
        email.attach_alternative(_fill(html, html_parts), "text/html")
        return email


def _fill(text, parts):
    for mark, value in parts.items():
        text = text.replace(mark, value)
    return text


class Letters:
    """The letters of one batch: a message with no context is rendered once per template,
    title, link and period (its templates may use `claim.period` and `link`, nothing else
    of the claim); any other message once per claim."""

    def __init__(self):
        self._rendered = {}

    def letter(self, claim, message):
        if message.context:
            return Letter(claim, message)
        key = (message.template, message.title, message.path, claim.period)
        if key not in self._rendered:
            self._rendered[key] = Letter(claim, message)
        return self._rendered[key]
