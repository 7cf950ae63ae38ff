"""Progress of a running job, readable by the web process while the worker holds the import's
one transaction open (an UPDATE of the job row inside it would not be seen until the end).

It goes through the shared cache when there is one (Redis, required in production), else
through a small file in the data directory (the demo and development: one machine)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

TIMEOUT = 24 * 60 * 60


def _shared_cache() -> bool:
    return not isinstance(getattr(cache, "_cache", cache), dict) and not isinstance(
        cache, LocMemCache
    )


def _file(job_id: int) -> Path:
    return Path(settings.DATA_DIR) / "import-progress" / f"{int(job_id)}.txt"


def set_progress(job_id: int, done: int) -> None:
    if _shared_cache():
        cache.set(f"tsunagu:import-progress:{int(job_id)}", int(done), TIMEOUT)
        return
    path = _file(job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(str(int(done)), encoding="ascii")
    tmp.replace(path)


def get_progress(job_id: int) -> int:
    if _shared_cache():
        return int(cache.get(f"tsunagu:import-progress:{int(job_id)}") or 0)
    try:
        return int(_file(job_id).read_text(encoding="ascii") or 0)
    except (OSError, ValueError):
        return 0


def clear_progress(job_id: int) -> None:
    if _shared_cache():
        cache.delete(f"tsunagu:import-progress:{int(job_id)}")
        return
    _file(job_id).unlink(missing_ok=True)
