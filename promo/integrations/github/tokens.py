"""Personal tokens at rest: Fernet-encrypted with GITHUB_TOKEN_KEY, or with a key derived
from SECRET_KEY when that is blank. A token that no longer decrypts (the key changed) is
treated as absent: the person is asked for it again."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet():
    key = settings.GITHUB_TOKEN_KEY
    if not key:
        digest = hashlib.sha256(b"promo.github.token:" + settings.SECRET_KEY.encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    return Fernet(key)


def token_encrypt(token):
    return _fernet().encrypt(token.encode()).decode()


def token_decrypt(stored):
    """The token, or "" when there is none or it no longer decrypts."""
    if not stored:
        return ""
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except (InvalidToken, ValueError):
        return ""
