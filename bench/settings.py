"""Settings for the load benchmark only: production settings plus the floor views.

gunicorn gets this module from `bench/pages.py` alone. `promo.settings` never names it, so
the floor URLs do not exist in a deployed promo.
"""

from promo.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
