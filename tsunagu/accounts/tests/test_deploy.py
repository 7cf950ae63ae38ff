"""8. Production settings: `check --deploy` is clean, and reports a missing shared cache; the
settings refuse to start without SECRET_KEY, TSUNAGU_AUDIT_KEY or ALLOWED_HOSTS, never run in demo
mode, and the demo data cannot be loaded. Runs the installed `tsunagu` command."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

TSUNAGU = str(Path(sys.executable).with_name("tsunagu"))
HOST = "tsunagu.example.jp"


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "TSUNAGU_REDIS_URL"}
        and not k.endswith("_FILE")
    }
    env.update(
        TSUNAGU_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        TSUNAGU_AUDIT_KEY=secrets.token_hex(32),
        ALLOWED_HOSTS=HOST,
        TSUNAGU_DATA_DIR=str(tmp_path),
        TSUNAGU_REDIS_URL="redis://127.0.0.1:6379/0",  # not connected to by the checks
    )
    return env


def tsunagu(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [TSUNAGU, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_check_deploy_is_clean(production_env):
    result = tsunagu(production_env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_requires_the_shared_cache(production_env):
    del production_env["TSUNAGU_REDIS_URL"]
    result = tsunagu(production_env, "check", "--deploy")
    assert result.returncode != 0
    assert "tsunagu.accounts.E001" in result.stderr
    assert "TSUNAGU_REDIS_URL が設定されていません" in result.stderr


def test_load_demo_refuses_production(production_env):
    result = tsunagu(production_env, "load-demo")
    assert result.returncode != 0
    assert "本番設定（TSUNAGU_ENV=production）ではデモデータを読み込めません。" in result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY を設定してください"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS を設定してください"),
        ("TSUNAGU_AUDIT_KEY", "TSUNAGU_AUDIT_KEY を設定してください"),
    ],
)
def test_production_refuses_to_start_without(production_env, missing, message):
    del production_env[missing]
    result = tsunagu(production_env, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_a_short_audit_key(production_env):
    production_env["TSUNAGU_AUDIT_KEY"] = "short"
    result = tsunagu(production_env, "check")
    assert result.returncode != 0
    assert "32文字以上" in result.stderr


def test_production_settings(production_env):
    production_env["TSUNAGU_DEMO_MODE"] = "1"
    code = (
        "from django.conf import settings as s;"
        "print(s.TSUNAGU_DEMO_MODE, s.DEBUG, s.PASSWORD_HASHERS[0], s.SESSION_COOKIE_NAME,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'])"
    )
    result = tsunagu(production_env, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "False",
        "False",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "__Host-sessionid",
        "True",
        "True",
        "True",
        f"['{HOST}']",
        "django.db.backends.sqlite3",
    ]
