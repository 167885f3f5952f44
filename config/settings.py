"""Internationale settings: one file, read from the environment.

Every setting an operator may change is an environment variable; secrets may
also come from a file named by the same variable with ``_FILE`` appended
(``SECRET_KEY_FILE=/run/secrets/key``). Defaults are the safe production ones:
``DEBUG`` is off, cookies are secure and HTTPS is assumed unless ``HTTPS=false``
says the site is served over plain HTTP (as the local demo on 127.0.0.1 is).
See docs/operators.md for the full list.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = BASE_DIR / "internationale"

env = environ.Env()


def _secret(name: str, default: str | None = None) -> str | None:
    """Read NAME from the environment, or from the file NAME_FILE points to."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


DEBUG = env.bool("DEBUG", default=False)
DATA_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "data"))).resolve()

# The test run (pytest sets PYTEST_VERSION) gets a fixed key, plain HTTP and
# plain static files; nothing else changes between tests and production.
TESTING = "PYTEST_VERSION" in os.environ
HTTPS = env.bool("HTTPS", default=not TESTING)

SECRET_KEY = _secret("SECRET_KEY") or ""
if not SECRET_KEY and (DATA_DIR / "secret_key").is_file():
    SECRET_KEY = (DATA_DIR / "secret_key").read_text(encoding="utf-8").strip()
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-key-for-development-and-tests-only-0123456789abcdef"  # noqa: S105
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set; `internationale serve` makes one "
            "under DATA_DIR for you."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = env.str("SITE_NAME", default="Internationale")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "internationale.web",  # first of ours: its templates override allauth's layout
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "template_partials",
    "csp",
    "internationale.core",
    "internationale.accounts",
    "internationale.organizations",
    "internationale.declarations",
    "internationale.wire",
    "internationale.congresses",
    "internationale.mail",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body (the CSRF check does); after the language is chosen,
    # so that its refusals are in the reader's language.
    "internationale.core.requests.RequestLimitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "internationale.accounts.middleware.StaffSecondFactorMiddleware",
]

# benchmarks/sign.py --reference adds its reference view to the site's URLs this way.
ROOT_URLCONF = env.str("ROOT_URLCONF", default="config.urls")
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "internationale.web.context_processors.site",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------
# The embedded default is SQLite in WAL mode under DATA_DIR; DATABASE_URL
# (postgres://user@host:5432/name) switches to PostgreSQL.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'internationale.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers run while one writer writes; IMMEDIATE takes the
            # write lock at BEGIN so two writers queue instead of deadlocking, and a
            # writer that finds it taken waits up to `timeout` seconds for it.
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 10,
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": env.str("SQLITE_TEST_NAME", default="") or None}
# Connections are kept between requests (each server thread has its own): opening
# one costs more than a simple request, on SQLite (its PRAGMAs) as on PostgreSQL.
# They are not checked before each request (a SELECT 1 on every request): one lost
# when PostgreSQL restarts answers its request 503 with Retry-After and is replaced
# (see web.views.server_error and docs/decisions/0013).
DATABASES["default"].setdefault(
    "CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0 if TESTING else 60)
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=False)

# Two caches (decision 0019). "default" holds what every server process must see
# alike: allauth's counters of failed log-ins and of sign-ups (ACCOUNT_RATE_LIMITS),
# which allauth keeps in the default cache. On the embedded default it is Django's
# database cache, in the table `internationale migrate` and `serve` make
# (createcachetable). "local" holds what may be counted or kept per process, on the
# signing path: the declarations' burst counter and their lists of signatories
# (local memory). CACHE_URL (rediscache://127.0.0.1:6379/1, pymemcache://…) names a
# shared cache that then serves as both.
CACHE_MAX_ENTRIES = 20_000  # a flood of made-up log-ins must not push real counters out
if os.environ.get("CACHE_URL"):
    CACHES = {"default": env.cache_url("CACHE_URL"), "local": env.cache_url("CACHE_URL")}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "OPTIONS": {"MAX_ENTRIES": CACHE_MAX_ENTRIES},
        },
        "local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "internationale-local",
        },
    }

# A busy declaration's list of signatories and its counts are rebuilt at most this often.
DECLARATION_LIST_MAX_AGE = env.float("DECLARATION_LIST_MAX_AGE", default=5.0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Accounts (django-allauth) ------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-up: "invitation" (the default: only invited addresses may register)
# or "open" (anyone may create an account).
SIGNUP_MODE = env.str("SIGNUP_MODE", default="invitation")
ACCOUNT_ADAPTER = "internationale.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    # The public application mails a link to the address typed (organizations/views/joining.py):
    # from one place, ten an hour; to one address, three an hour (more are not mailed).
    "join": "10/h/ip",
    "join_address": "3/h/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# The enrolment secret stays the same across reloads of the page until enrolment.
# The others put the site's own labels on allauth's fields (accounts/forms.py).
_FORMS = "internationale.accounts.forms."
ACCOUNT_FORMS = {
    "signup": _FORMS + "SignupForm",
    "login": _FORMS + "LoginForm",
    "reset_password": _FORMS + "ResetPasswordForm",
    "reset_password_from_key": _FORMS + "ResetPasswordKeyForm",
    "change_password": _FORMS + "ChangePasswordForm",
    "add_email": _FORMS + "AddEmailForm",
    "reauthenticate": _FORMS + "ReauthenticateForm",
}
MFA_FORMS = {
    "activate_totp": _FORMS + "ActivateTOTPForm",
    "authenticate": _FORMS + "AuthenticateForm",
    "reauthenticate": _FORMS + "MfaReauthenticateForm",
}
MFA_TOTP_ISSUER = SITE_NAME
# Behind a reverse proxy every request comes from the proxy's address, so the per-address
# log-in counters would lock everyone out together; the operator who runs one declares
# it and the client's address is read from what that proxy sets (decision 0019).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None
LOGIN_REDIRECT_URL = "web:home"
LOGIN_URL = "account_login"

# --- Internationalization -----------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static files -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# The international's own media host(s): reports may link audio and video there
# (shown as links, never loaded by the page). Comma-separated host names.
WIRE_MEDIA_HOSTS = env.list("WIRE_MEDIA_HOSTS", default=[])

# --- Background work (django-tasks + django-tasks-db) ------------------------
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "mail"],
    }
}

# --- Mail ---------------------------------------------------------------------
# Everything Django sends goes into the database outbox (internationale.mail);
# the worker delivers it through EMAIL_URL (smtp://user@host:25, smtp+tls://…:587,
# smtps://…:465). Without EMAIL_URL the worker prints each message, addresses and
# working confirmation links included, to its output: only the demo (`internationale
# serve --demo` sets INTERNATIONALE_DEMO), DEBUG and the tests may do that. In
# production `internationale serve` and `worker` refuse to start without an SMTP
# server, and `check --deploy` says so (internationale.mail.checks, decision 0019).
DEMO = env.bool("INTERNATIONALE_DEMO", default=False)
CONSOLE_MAIL_ALLOWED = DEBUG or DEMO or TESTING
EMAIL_BACKEND = "internationale.mail.backends.OutboxBackend"
OUTBOX_DELIVERY: dict[str, Any]
if os.environ.get("EMAIL_URL"):
    OUTBOX_DELIVERY = env.email_url("EMAIL_URL")
elif CONSOLE_MAIL_ALLOWED:
    OUTBOX_DELIVERY = env.email_url_config("consolemail://")
else:
    OUTBOX_DELIVERY = {}  # no mail server: refused (see above)
email_password = _secret("EMAIL_PASSWORD")
if email_password:
    OUTBOX_DELIVERY["EMAIL_HOST_PASSWORD"] = email_password
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Internationale <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
# A worker that dies mid-send leaves its messages claimed this long; then another sends them.
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=600)

# --- Request bodies -----------------------------------------------------------
# A request body larger than this is refused (413) from its Content-Length, before a
# byte of it is read; an upload view allows what it documents with
# @accepts_body (core.requests). The reverse proxy's limit (nginx client_max_body_size)
# must be at least the largest upload's: see docs/operators.md.
MAX_REQUEST_BODY_BYTES = 5 * 1024 * 1024
# The fields of a form, files apart: the longest text forms (a wire report of 60,000
# characters, all percent-encoded UTF-8; a pasted list's preview) stay well below.
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024
# A pasted list's preview posts five fields a line, for up to 5,000 lines
# (organizations.pasted.MAX_LINES).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 26_000
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# --- Security -----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Set only by a page with a form, and kept for the browser session, not Django's
# year: a reader's browser keeps no year-long trace of having posted here (decision 0018).
CSRF_COOKIE_AGE = None
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # allauth draws the TOTP QR code as a data: SVG image.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Every line goes through one handler, whose filter takes the secret out of
# token-bearing paths (confirm, withdraw, invitation, reset links: core/logs.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "internationale.core.logs.RedactTokenPaths"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own handlers (its console when DEBUG, mail to ADMINS, runserver's)
        # are replaced by the one above.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint narrates every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

if TESTING:
    # Hashing a password the production way is slow by design; the suite makes hundreds.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
