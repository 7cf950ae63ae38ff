"""Settings shared by every environment. Environment-specific modules import this."""

import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from .env import data_dir, envbool, envint, envlist, envsecret

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir()

SECRET_KEY = envsecret("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")

# Demo mode lets the printed demo accounts in without enrolling TOTP.
# It is forced off in production settings.
TSUNAGU_DEMO_MODE = envbool("TSUNAGU_DEMO_MODE")
TSUNAGU_PRODUCTION = False  # True in production settings only

# API tokens expire this many days after they are issued (unless a shorter term is asked for).
TSUNAGU_API_TOKEN_DAYS = envint("TSUNAGU_API_TOKEN_DAYS", "90")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "tsunagu.core",
    "tsunagu.tenancy",
    "tsunagu.accounts",
    "tsunagu.audit",
    "tsunagu.people",
    "tsunagu.intake",
    "tsunagu.routing",
    "tsunagu.concerns",
    "tsunagu.contacts",
    "tsunagu.casestudies",
    "tsunagu.disclosures",
    "tsunagu.consent",
    "tsunagu.referrals",
    "tsunagu.assessments",
    "tsunagu.plans",
    "tsunagu.search",
    "tsunagu.dashboard",
    "tsunagu.notifications",
    "tsunagu.approvals",
    "tsunagu.meetings",
    "tsunagu.programmes",
    "tsunagu.navigator",
    "tsunagu.imports",
    "tsunagu.calendar_public",
    "tsunagu.reports",
    "tsunagu.resources",
    "tsunagu.booking",
    "tsunagu.publicity",
    "tsunagu.web",
    "tsunagu.api",
    "tsunagu.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Public pages from the shared cache (off without Redis): see tsunagu.core.public_cache.
    "tsunagu.core.public_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Not Django's LocaleMiddleware: the language is the one chosen on the page, never the
    # browser's Accept-Language (Japanese is the default).
    "tsunagu.core.middleware.ChosenLanguageMiddleware",
    "tsunagu.core.middleware.StaffJapaneseMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Wraps everything below, so redirects from the session-security middlewares are covered too.
    "tsunagu.core.middleware.NoStoreMiddleware",
    # Before the session-security middlewares: they add messages and log users out (audited).
    "django.contrib.messages.middleware.MessageMiddleware",
    "tsunagu.audit.middleware.AuditContextMiddleware",
    "tsunagu.accounts.middleware.IdleTimeoutMiddleware",
    "tsunagu.accounts.middleware.UserSessionMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "tsunagu.accounts.middleware.RequireMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# The resource directory's map: a tile server URL template (e.g. the 地理院タイル
# "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png") and the attribution it requires.
# Empty by default: no tiles are fetched, the map shows only its pins and the list works alone.
TSUNAGU_MAP_TILE_URL = os.getenv("TSUNAGU_MAP_TILE_URL", "")
TSUNAGU_MAP_TILE_ATTRIBUTION = os.getenv("TSUNAGU_MAP_TILE_ATTRIBUTION", "")

# The first date the system holds records for: a contact dated earlier is refused as a typo
# (ISO date; a municipality migrating older paper records sets it earlier).
TSUNAGU_RECORDS_BEGIN = os.getenv("TSUNAGU_RECORDS_BEGIN", "1990-01-01")

# Publicity channels (tsunagu/publicity). LINE: the Messaging API's base URL (a test or a proxy
# replaces it) and, per municipality code, the official account's channel access token and
# channel secret, as JSON: {"132128": {"access_token": "...", "channel_secret": "..."}}.
# A municipality without an entry has LINE deliveries 未設定 (nothing is sent).
# The public site's address as printed on flyers and posted to LINE and X (/news/<id>/ after it).
TSUNAGU_PUBLIC_BASE_URL = os.getenv("TSUNAGU_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
TSUNAGU_LINE_API_BASE = os.getenv("TSUNAGU_LINE_API_BASE", "https://api.line.me")
TSUNAGU_LINE_CHANNELS = json.loads(os.getenv("TSUNAGU_LINE_CHANNELS", "{}") or "{}")
# X (optional, off by default): the API's base URL and, per municipality code, an OAuth 2.0 user
# access token with tweet.write, as JSON: {"132128": {"access_token": "..."}}. Without an entry
# X deliveries are 未設定 and staff copy the text.
TSUNAGU_X_API_BASE = os.getenv("TSUNAGU_X_API_BASE", "https://api.x.com")
TSUNAGU_X_ACCOUNTS = json.loads(os.getenv("TSUNAGU_X_ACCOUNTS", "{}") or "{}")
# Digital signage: the hours a screen shows content, per municipality code ("HH:MM-HH:MM");
# outside them it shows only the clock. "*" is the default for the others.
TSUNAGU_SIGNAGE_HOURS = json.loads(os.getenv("TSUNAGU_SIGNAGE_HOURS", "") or '{"*": "08:30-17:15"}')

ROOT_URLCONF = "tsunagu.urls"
WSGI_APPLICATION = "tsunagu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tsunagu.web.context_processors.site",
                "tsunagu.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASE_URL = envsecret("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "tsunagu.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "staff-home"
LOGOUT_REDIRECT_URL = "public-home"

# allauth: staff accounts are created by administrators, never by sign-up.
ACCOUNT_ADAPTER = "tsunagu.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
# Failed logins are limited by tsunagu.accounts.lockout (5 per username locks it for 15 minutes;
# above 20 per address, that address is slowed down, never locked), not by allauth's per-address
# limits, which would lock out a whole office behind one NAT address. Needs a shared cache.
ACCOUNT_RATE_LIMITS = {"login_failed": "", "login": ""}
# Behind N reverse proxies, the client address is the N-th from the right in X-Forwarded-For;
# otherwise every login would share the proxy's address (and its per-IP limit).
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TSUNAGU_TRUSTED_PROXY_COUNT", "0")
MFA_ADAPTER = "tsunagu.accounts.adapter.MFAAdapter"
# The audit log's chain and checkpoints are keyed (HMAC-SHA256) with a key kept outside the
# database, so whoever can write the database cannot recompute the chain. Production requires it.
TSUNAGU_AUDIT_KEY = envsecret("TSUNAGU_AUDIT_KEY")
# Signed checkpoints of every chain head are also appended here; in production this file lives
# where the database administrator cannot write (see README).
TSUNAGU_AUDIT_WITNESS_FILE = os.getenv("TSUNAGU_AUDIT_WITNESS_FILE") or str(
    DATA_DIR / "audit-witness.jsonl"
)
# TOTP secrets are encrypted at rest with this key (default: derived from SECRET_KEY).
TSUNAGU_MFA_KEY = envsecret("TSUNAGU_MFA_KEY")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "tsunagu"
MFA_RECOVERY_CODE_COUNT = 10

# E-mail to people who booked a consultation (tsunagu.booking). Without TSUNAGU_EMAIL_HOST the
# messages are written to the console (development and the demo).
DEFAULT_FROM_EMAIL = os.getenv("TSUNAGU_EMAIL_FROM", "tsunagu@localhost")
EMAIL_HOST = os.getenv("TSUNAGU_EMAIL_HOST", "")
EMAIL_PORT = envint("TSUNAGU_EMAIL_PORT", "587")
EMAIL_HOST_USER = os.getenv("TSUNAGU_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = envsecret("TSUNAGU_EMAIL_PASSWORD") or ""
EMAIL_USE_TLS = envbool("TSUNAGU_EMAIL_TLS", "True")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
# The booking form's proof of work: leading zero bits of SHA-256 (16 ≈ a second on a phone).
BOOKING_POW_BITS = envint("TSUNAGU_BOOKING_POW_BITS", "16")

# Sessions: idle expiry (default 30 minutes), closed with the browser.
TSUNAGU_IDLE_TIMEOUT_SECONDS = envint("TSUNAGU_IDLE_TIMEOUT_SECONDS", "1800")
# the database store, its per-request read compiled once per connection
SESSION_ENGINE = "tsunagu.accounts.session_store"
SESSION_COOKIE_AGE = 12 * 60 * 60  # absolute lifetime
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "tsunagu.core.error_views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "ja"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
# 「このページをすぐ閉じる」 (components/exit_this_page.html) leads here: a neutral site.
TSUNAGU_EXIT_URL = os.getenv("TSUNAGU_EXIT_URL", "https://tenki.jp/")
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Tokyo"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_STORAGE_BACKEND = "whitenoise.storage.CompressedManifestStaticFilesStorage"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": STATICFILES_STORAGE_BACKEND},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # What a person answers in the navigator travels in the query string: request lines of
    # /navi/ (and the language switch that carries them back) are logged without it.
    "filters": {"answers": {"()": "tsunagu.navigator.logging.RedactAnswers"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["answers"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["answers"],
        },
    },
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# A shared cache is required when several workers run (login limits): production settings
# without TSUNAGU_REDIS_URL fail `check --deploy` (tsunagu.accounts.checks).
REDIS_URL = envsecret("TSUNAGU_REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The {% cache %} tag's fragments: per process (no round trip to Redis), and only parts of the
# layout that depend on nothing but the language and the page's URL name (the public menu, the
# exit button, the footer links), never on data or on a visitor.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",  # LocMem caches of one LOCATION share their entries
}
# Seconds a public page may be served from the shared cache (tsunagu.core.public_cache): only
# with Redis, which every app server and worker shares (a change must reach them all).
TSUNAGU_PUBLIC_CACHE_SECONDS = envint("TSUNAGU_PUBLIC_CACHE_SECONDS", "60" if REDIS_URL else "0")
STATICFILES_DIRS = [BASE_DIR / "static"]

# Background tasks (django-tasks with its database backend): imports run in a worker started by
# `tsunagu worker` (one or more in production; `tsunagu demo` starts one beside the web server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
