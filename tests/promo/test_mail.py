"""Header injection: user text in a subject cannot add headers."""

import pytest
from django.core.mail import BadHeaderError, EmailMessage

from promo.web.mail import mail_subject

EVIL = "Olive\r\nBcc: attacker@evil.example\nX-Injected: yes"


def test_a_subject_with_line_breaks_stays_one_header(db):
    message = EmailMessage(mail_subject(EVIL), "Body", "promo@example.com", ["o@example.com"])
    headers = message.message().as_string().split("\n\n", 1)[0]
    assert "\nBcc:" not in headers and "\nX-Injected:" not in headers
    assert "Subject: Olive Bcc: attacker@evil.example X-Injected: yes" in headers


def test_django_refuses_a_raw_injected_header_anyway():
    message = EmailMessage(EVIL, "Body", "promo@example.com", ["o@example.com"])
    with pytest.raises(BadHeaderError):
        message.message()
