"""Production settings: refuse to start without SECRET_KEY, TSUNAGU_AUDIT_KEY and ALLOWED_HOSTS."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import envint

if not os.getenv("SECRET_KEY") and not os.getenv("SECRET_KEY_FILE"):
    raise ImproperlyConfigured("SECRET_KEY を設定してください (SECRET_KEY must be set).")
if not os.getenv("TSUNAGU_AUDIT_KEY") and not os.getenv("TSUNAGU_AUDIT_KEY_FILE"):
    raise ImproperlyConfigured(
        "TSUNAGU_AUDIT_KEY を設定してください（監査ログの鍵。データベースの外に保管します）"
        " (TSUNAGU_AUDIT_KEY must be set)."
    )
if len(TSUNAGU_AUDIT_KEY or "") < 32:  # noqa: F405
    raise ImproperlyConfigured(
        "TSUNAGU_AUDIT_KEY は32文字以上の推測できない値にしてください"
        "（例：python -c 'import secrets; print(secrets.token_hex(32))'）"
        " (TSUNAGU_AUDIT_KEY must be at least 32 characters)."
    )
if not os.getenv("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS を設定してください (ALLOWED_HOSTS must be set).")

DEBUG = False
TSUNAGU_DEMO_MODE = False  # never in production
TSUNAGU_PRODUCTION = True
SECURE_SSL_REDIRECT = os.getenv("TSUNAGU_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("TSUNAGU_HSTS_SECONDS", "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if h and h[0] != "."]  # noqa: F405
