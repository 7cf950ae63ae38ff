"""Test settings: fast hashing, in-memory SQLite unless DATABASE_URL is set."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("TSUNAGU_DATA_DIR", str(Path(tempfile.gettempdir()) / "tsunagu-test"))

from .local import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TSUNAGU_DEMO_MODE = False
BOOKING_POW_BITS = 8  # the booking form's proof of work, quick in tests
WHITENOISE_USE_FINDERS = True
# The audit witness file of this run only (several runs share the data directory).
_witness_dir = tempfile.mkdtemp(prefix="tsunagu-test-witness-")
atexit.register(shutil.rmtree, _witness_dir, ignore_errors=True)
TSUNAGU_AUDIT_WITNESS_FILE = str(Path(_witness_dir) / "audit-witness.jsonl")

# Parallel runs against one PostgreSQL server can each use their own test database.
if os.getenv("TSUNAGU_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TSUNAGU_TEST_DB_NAME"]}  # noqa: F405
