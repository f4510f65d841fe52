"""How a bench script starts when run as `python bench/<name>.py`.

Run as a script, bench/ comes first on the path: each script first puts the project root
there (one line, before it can import this module), then calls `django_setup`.
"""

import os

import django


def django_setup(**defaults):
    """Set Django up on promo.settings, with `defaults` for the environment variables the
    caller's environment leaves unset (a bench run's own DEBUG, say)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "promo.settings")
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    django.setup()
