"""System check: production needs the shared cache, or the login limits do not hold.

Each worker process would count failed logins in its own memory, so the limits would be
multiplied by the number of workers (tsunagu.accounts.lockout).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_shared_cache(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not settings.TSUNAGU_PRODUCTION or settings.REDIS_URL:
        return []
    return [
        Error(
            "TSUNAGU_REDIS_URL が設定されていません。ログイン試行の制限がワーカーごとに"
            "数えられ、記載の回数で止まりません。",
            hint="共有キャッシュの Redis を TSUNAGU_REDIS_URL（例 redis://127.0.0.1:6379/0）"
            "で指定してください。",
            id="tsunagu.accounts.E001",
        )
    ]
