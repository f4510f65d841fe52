"""Signed, expiring unsubscribe tokens: who, and which kind. No login needed to use one."""

from datetime import timedelta

from django.core import signing

SALT = "promo.nudges.unsubscribe"
MAX_AGE = timedelta(days=60)


class _IssuedAtSigner(signing.TimestampSigner):
    """A TimestampSigner whose timestamp can be given (an email's send time, say)."""

    def __init__(self, *, issued_at=None, **kwargs):
        super().__init__(**kwargs)
        self.issued_at = issued_at

    def timestamp(self):
        if self.issued_at is None:
            return super().timestamp()
        return signing.b62_encode(int(self.issued_at.timestamp()))


class BadToken(Exception):
    """The link was tampered with, or has expired. `expired` says which."""

    def __init__(self, expired):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def unsubscribe_token(person, kind, *, issued_at=None):
    signer = _IssuedAtSigner(salt=SALT, issued_at=issued_at)
    return signer.sign_object({"p": person.pk, "k": kind}, compress=True)


def read_unsubscribe_token(token):
    """(person_id, kind) from a token; BadToken if tampered with or older than MAX_AGE."""
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise BadToken(expired=True) from None
    except signing.BadSignature:
        raise BadToken(expired=False) from None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int) or "k" not in data:
        raise BadToken(expired=False)
    return data["p"], data["k"]
