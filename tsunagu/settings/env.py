"""Small helpers to read configuration from the environment (healthchecks style)."""

import os
from pathlib import Path


def envbool(name: str, default: str = "False") -> bool:
    return os.getenv(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envsecret(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the file named by NAME_FILE (systemd/container secrets)."""
    path = os.getenv(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.getenv(name, default)


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def data_dir() -> Path:
    """Where tsunagu keeps its files: TSUNAGU_DATA_DIR, default ./var."""
    return Path(os.getenv("TSUNAGU_DATA_DIR", "var")).resolve()
