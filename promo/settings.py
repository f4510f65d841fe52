"""promo's only settings module. Everything that varies comes from the environment.

See `.env.example` for every variable and its default.
"""

import sys
from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from promo.env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_networks,
    env_redis_url,
    env_str,
    env_time_zone,
)
from promo.monitoring.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PROMO_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: expected a long random string "
            "(it may be omitted only with DEBUG=true)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_celery_beat",
    "axes",
    "ninja",
    "promo",
    "evidence",
    "reviews",
]

MIDDLEWARE = [
    # First: its request id and clock cover every middleware below.
    "promo.monitoring.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # High up, so even a response made from an exception further down carries the policy.
    "promo.web.middleware.ContentSecurityPolicyMiddleware",
    # Before sessions and CSRF: a preflight is answered here, and never with credentials.
    "promo.api.cors.ApiCorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files come precompressed) and above everything that makes a
    # page; see the class for why compressing pages is safe from BREACH here.
    "promo.web.middleware.CompressPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "promo.web.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, whose check reads the body: an oversized body is refused unread.
    "promo.web.body_limits.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "promo.web.middleware.PrivatePagesMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so its lockout page still passes through every middleware above (CSP included).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "promo.urls"
WSGI_APPLICATION = "promo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # django-template-partials' own setup, over loaders that trim HTML indentation.
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "promo.web.template_loaders.FilesystemLoader",
                                "promo.web.template_loaders.AppDirectoriesLoader",
                            ],
                        )
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "promo.web.context_processors.navigation",
                "promo.web.context_processors.sign_on",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", VAR_DIR / "promo.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis outages (promo/web/breaker.py): a call to the broker or the cache waits at most these
# many seconds; after one fails, the process fails fast for OUTAGE_RETRY_SECONDS.
BROKER_PUBLISH_TIMEOUT = env_int("BROKER_PUBLISH_TIMEOUT", 1, minimum=1)
CACHE_TIMEOUT = env_int("CACHE_TIMEOUT", 1, minimum=1)
OUTAGE_RETRY_SECONDS = env_int("OUTAGE_RETRY_SECONDS", 60, minimum=1)
REDIS_URL = env_redis_url("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "promo.web.cache.RedisCacheWithBreaker",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": CACHE_TIMEOUT, "socket_timeout": CACHE_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "promo.User"
# The throttle first: it refuses a locked-out client before any password is checked.
AUTHENTICATION_BACKENDS = [
    "promo.accounts.throttling.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "promo.accounts.sso.SignOnBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_time_zone("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded files: the local disk by default; any S3-compatible store (AWS, MinIO, Ceph...)
# through django-storages when S3_BUCKET is set. Files are only ever served through
# access-checked views, so the bucket stays private and URLs are never handed out.
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX", "media"),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }

# Email: the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "promo <promo@localhost>")

# Security. Production sets DEBUG=false and serves over HTTPS.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 8 * 3600, minimum=60)
# The cookie age is an idle timeout: promo.web.middleware.IdleSessionMiddleware renews an
# active session at most this often, rather than writing it on every request.
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 300, minimum=1)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No 'unsafe-inline' and no 'unsafe-eval'. A template that truly needs an inline
# script uses {{ request.csp_nonce }}; htmx is configured to need no eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Request bodies (promo/web/body_limits.py): any body over MAX_REQUEST_BYTES is refused with 413
# before it is read, except on the attachment upload, which takes one attachment plus the
# form around it. Uploads over FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to disk, not memory.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 2_621_440, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MEMORY_BYTES", 1_048_576, minimum=0)
EVIDENCE_ATTACHMENT_MAX_BYTES = env_int("EVIDENCE_ATTACHMENT_MAX_BYTES", 5_242_880, minimum=1024)
# The largest export `manage.py import_person` / `import_org` (and the staff import page)
# opens: zip size, and unpacked size.
PORTABILITY_IMPORT_MAX_BYTES = env_int(
    "PORTABILITY_IMPORT_MAX_BYTES", 524_288_000, minimum=1_048_576
)
ATTACHMENT_REQUEST_MAX_BYTES = EVIDENCE_ATTACHMENT_MAX_BYTES + 65_536
# The staff page that imports an organisation takes one export plus the form around it.
PORTABILITY_IMPORT_REQUEST_MAX_BYTES = PORTABILITY_IMPORT_MAX_BYTES + 65_536
# Largest people CSV the staff import reads at once (promo/org/csv_import.py). Keep it under
# MAX_REQUEST_BYTES, which caps the upload around it.
PEOPLE_IMPORT_MAX_BYTES = env_int("PEOPLE_IMPORT_MAX_BYTES", 1_048_576, minimum=1024)
CSRF_COOKIE_SAMESITE = "Lax"
# API tokens (promo/api/auth.py): requests one token may make in a minute before 429.
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120, minimum=1)
# Proxies in front of promo that append to X-Forwarded-For; 0 trusts none of it.
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0, minimum=0)

# Login throttling (django-axes). A (client address, email) pair that fails
# LOGIN_FAILURE_LIMIT times in a row is refused for LOGIN_LOCKOUT_MINUTES, whether or not
# the email belongs to anyone, so the lockout reveals nothing about who has an account.
# Locking the pair rather than the email alone stops a stranger locking someone out.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field, though it holds an email
AXES_USERNAME_CALLABLE = "promo.accounts.throttling.attempted_email"
AXES_CLIENT_IP_CALLABLE = "promo.accounts.throttling.client_ip"
AXES_WHITELIST_CALLABLE = "promo.accounts.throttling.is_single_sign_on"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "promo.accounts.throttling.lockout_response"

# Single sign-on through OpenID Connect (mozilla-django-oidc), on when OIDC_CLIENT_ID is
# set. Endpoints are configured explicitly: no discovery request at startup.
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_JWKS_ENDPOINT")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
_oidc_required = {
    "OIDC_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET,
    "OIDC_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
    "OIDC_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
    "OIDC_USERINFO_ENDPOINT": OIDC_OP_USER_ENDPOINT,
    "OIDC_JWKS_ENDPOINT": OIDC_OP_JWKS_ENDPOINT,
}
if OIDC_ENABLED and not all(_oidc_required.values()):
    raise ImproperlyConfigured(
        "OIDC_CLIENT_ID is set, so single sign-on also needs "
        + ", ".join(name for name, value in _oidc_required.items() if not value)
        + " (see .env.example)."
    )
OIDC_OP_ISSUER = env_str("OIDC_ISSUER")  # checked against the id_token's `iss` when set
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "your company account")
OIDC_RP_SIGN_ALGO = env_str("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10, minimum=1)
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport so the
# zero-setup run needs no server at all.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = False
# django_celery_beat's DatabaseScheduler behind a lock (promo/web/beat.py): a second beat
# started by mistake waits, and takes over within BEAT_LOCK_SECONDS when the first dies.
CELERY_BEAT_SCHEDULER = "promo.web.beat:SingletonDatabaseScheduler"
BEAT_LOCK_SECONDS = env_int("BEAT_LOCK_SECONDS", 20, minimum=10)
# Save each task's last run as it is sent (not every 3 minutes), so a beat taking over
# from one that died knows what was already sent.
CELERY_BEAT_SYNC_EVERY = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Measured: with defaults, publishing to a port that accepts TCP but never answers
# hangs for over 40 s. Bound every broker call so a request never waits on it.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Each kind of work has a queue and a worker of its own (Procfile), so a mail server that
# never answers delays email only, never a PDF export or a dashboard refresh, and a long
# planning pass never holds up an import. Unrouted tasks (the heartbeat, imports, purges,
# the export and snapshot relays) stay on the default queue, "celery".
CELERY_TASK_ROUTES = {
    "promo.nudges.plan": {"queue": "nudges"},
    "promo.nudges.relay": {"queue": "nudges"},
    "promo.checkins_plan": {"queue": "nudges"},
    "promo.nudges.deliver": {"queue": "email"},
    "reviews.render_pdf": {"queue": "exports"},
    "promo.portability.build_export": {"queue": "exports"},
    "promo.snapshot_refresh": {"queue": "snapshots"},
    "promo.snapshots_refresh_all": {"queue": "snapshots"},
}
# A task whose worker was killed comes back from Redis only after this long, so nothing
# waits on it: work in progress holds a short lease in its row instead (below).
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=60)
# A worker delivering nudges leases its batch's claims for this long and renews the lease
# as it goes; the relay (every 30 s) publishes again the claims whose lease ran out. One
# email must fit well inside a lease, whatever EMAIL_TIMEOUT is.
NUDGE_LEASE_SECONDS = env_int("NUDGE_LEASE_SECONDS", 45, minimum=3 * EMAIL_TIMEOUT)
# A batch stops sending after this long and hands its remaining claims back to the queue,
# so one slow mail server cannot keep a worker on one batch for an hour.
NUDGE_BATCH_SECONDS = env_int("NUDGE_BATCH_SECONDS", 120, minimum=NUDGE_LEASE_SECONDS)
# A check-in due longer ago than this is no longer nudged one by one: the check-ins page
# and the next check-in nudge fold it into one "still open" line.
CHECKIN_NUDGE_MAX_AGE_DAYS = env_int("CHECKIN_NUDGE_MAX_AGE_DAYS", 14, minimum=1)
# An invitation's link to set a password works for this many days (staff can resend).
INVITATION_DAYS = env_int("INVITATION_DAYS", 7, minimum=1)
# GitHub capture (docs/integrations.md). Webhook deliveries are refused (401) until the
# secret is set; GITHUB_API_URL points at GitHub Enterprise's /api/v3 when used there.
GITHUB_WEBHOOK_SECRET = env_str("GITHUB_WEBHOOK_SECRET")
GITHUB_API_URL = env_str("GITHUB_API_URL", "https://api.github.com").rstrip("/")
# The Fernet key that encrypts personal tokens; blank derives one from SECRET_KEY, so
# rotating SECRET_KEY then makes stored tokens unreadable (people give theirs again).
GITHUB_TOKEN_KEY = env_str("GITHUB_TOKEN_KEY")
GITHUB_TIMEOUT = env_int("GITHUB_TIMEOUT", 10, minimum=1)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_timeout": 3,
        "socket_connect_timeout": 2,
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    }
else:
    CELERY_QUEUE_DIR = VAR_DIR / "celery" / "queue"
    CELERY_PROCESSED_DIR = VAR_DIR / "celery" / "processed"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR),
        "data_folder_out": str(CELERY_QUEUE_DIR),
        "processed_folder": str(CELERY_PROCESSED_DIR),
        "store_processed": False,
        "control_folder": str(VAR_DIR / "celery" / "control"),
        # kombu's default of one poll a second lets a worker take about two tasks a
        # second, so the demo seed's backlog (~180 tasks) held every task behind it for
        # a minute and a half. Listing one small folder five times a second costs nothing.
        "polling_interval": 0.2,
    }

LOG_FORMAT = env_str("LOG_FORMAT", "plain").lower()
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: expected plain or json.")
LOGGING = logging_config(log_format=LOG_FORMAT, level=env_str("LOG_LEVEL", "INFO"))
# /metrics answers these networks, or a request bearing METRICS_TOKEN; anyone else gets 404.
METRICS_ALLOWED_NETWORKS = env_networks("METRICS_ALLOWED_NETWORKS", ["127.0.0.0/8", "::1/128"])
METRICS_TOKEN = env_str("METRICS_TOKEN")
# host:port a Celery worker serves its task metrics on (same guard); blank: not served.
METRICS_WORKER_ADDRESS = env_str("METRICS_WORKER_ADDRESS")
# /healthz/ready fails when no worker has recorded a heartbeat for this long (beat fires
# the heartbeat every minute).
HEALTH_HEARTBEAT_MAX_AGE = env_int("HEALTH_HEARTBEAT_MAX_AGE", 180, minimum=60)

DEMO_PASSWORD = env_str("DEMO_PASSWORD", "promo-demo-2026")
