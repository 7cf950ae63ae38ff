"""Development and demo settings: SQLite in TSUNAGU_DATA_DIR unless DATABASE_URL is set."""

import os
import secrets
from collections.abc import Callable

from .base import *  # noqa: F403
from .base import DATA_DIR

DEBUG = os.getenv("TSUNAGU_DEBUG", "") == "1"


def _dev_key(filename: str, make: Callable[[], str]) -> str:
    """A development key, generated once per data directory and kept there (so sessions and the
    audit chain survive restarts)."""
    key_file = DATA_DIR / filename
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    key = make()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file.touch(mode=0o600)
    key_file.write_text(key, encoding="utf-8")
    return key


if not SECRET_KEY:  # noqa: F405
    from django.core.management.utils import get_random_secret_key

    SECRET_KEY = _dev_key("secret_key.txt", get_random_secret_key)
if not TSUNAGU_AUDIT_KEY:  # noqa: F405
    TSUNAGU_AUDIT_KEY = _dev_key("audit_key.txt", lambda: secrets.token_hex(32))

# whitenoise serves from STATIC_ROOT; make sure it exists before the first collectstatic.
(DATA_DIR / "static").mkdir(parents=True, exist_ok=True)
