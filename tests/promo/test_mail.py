"""Header injection: user text in a display name or subject cannot add headers."""

import pytest
from django.core.mail import BadHeaderError, EmailMessage

from promo.web.mail import mail_address, mail_subject
from tests.factories import UserFactory

EVIL = "Olive\r\nBcc: attacker@evil.example\nX-Injected: yes"


def test_a_display_name_with_line_breaks_cannot_add_headers(db):
    person = UserFactory(display_name=EVIL, email="olive@example.com")
    message = EmailMessage("Hello", "Body", "promo@example.com", [mail_address(person)])
    raw = message.message().as_string()
    headers = raw.split("\n\n", 1)[0]
    assert "\nBcc:" not in headers and "\nX-Injected:" not in headers
    assert message.recipients() == [mail_address(person)]
    assert "olive@example.com" in headers


def test_a_subject_with_line_breaks_stays_one_header(db):
    message = EmailMessage(mail_subject(EVIL), "Body", "promo@example.com", ["o@example.com"])
    headers = message.message().as_string().split("\n\n", 1)[0]
    assert "\nBcc:" not in headers and "\nX-Injected:" not in headers
    assert "Subject: Olive Bcc: attacker@evil.example X-Injected: yes" in headers


def test_django_refuses_a_raw_injected_header_anyway():
    message = EmailMessage(EVIL, "Body", "promo@example.com", ["o@example.com"])
    with pytest.raises(BadHeaderError):
        message.message()
