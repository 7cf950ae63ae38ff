"""Development and demo settings: SQLite in TSUNAGU_DATA_DIR unless DATABASE_URL is set."""

import os

from .base import *  # noqa: F403
from .base import DATA_DIR

DEBUG = os.getenv("TSUNAGU_DEBUG", "") == "1"
# A development key, generated once per data directory so sessions survive restarts.
_key_file = DATA_DIR / "secret_key.txt"
if not SECRET_KEY:  # noqa: F405
    if _key_file.exists():
        SECRET_KEY = _key_file.read_text(encoding="utf-8").strip()
    else:
        from django.core.management.utils import get_random_secret_key

        SECRET_KEY = get_random_secret_key()
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(SECRET_KEY, encoding="utf-8")

# whitenoise serves from STATIC_ROOT; make sure it exists before the first collectstatic.
(DATA_DIR / "static").mkdir(parents=True, exist_ok=True)
