import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tsunagu.accounts.models import User
from tsunagu.accounts.roles import Role
from tsunagu.demo.data_staff import DEMO_PASSWORD, STAFF


def run(*args: str, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_prints_counts_and_second_run_creates_nothing():
    first = run("load-demo")
    assert "相談窓口: 作成 19・更新 0・変更なし 0" in first
    assert "デモデータ：作成 0 件" not in first
    second = run("load-demo")
    assert "相談窓口: 作成 0・更新 0・変更なし 19" in second
    assert second.strip().splitlines()[-1] == "デモデータ：作成 0 件・更新 0 件・削除 0 件"
    assert "監査ログは正常です" in run("audit", "verify")


@pytest.mark.django_db
def test_demo_accounts_lists_one_line_per_membership():
    run("load-demo")
    out = run("demo-accounts")
    lines = out.splitlines()
    assert lines, "no demo accounts listed"
    assert len(lines) == sum(len(s.memberships) for s in STAFF)
    rows = []
    for line in lines:
        assert re.fullmatch(r"demo-[a-z-]+\t[a-z_]+\t\d{6}", line), line
        rows.append(tuple(line.split("\t")))
    assert {role for _, role, _ in rows} == set(Role.values)
    assert ("demo-contracted", "contracted_counsellor", "132128") in rows
    assert ("demo-hachioji-counsellor", "counsellor", "132012") in rows
    analyst = sorted(code for user, _, code in rows if user == "demo-analyst")
    assert analyst == ["132012", "132098", "132128", "132152", "133612"]
    assert rows == sorted(rows)


@pytest.mark.django_db
def test_demo_accounts_prints_nothing_without_demo_data():
    assert run("demo-accounts") == ""


@pytest.mark.django_db
def test_demo_no_serve_prepares_and_prints_the_banner(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    out = run("demo", "--no-serve", "--port", "8123")
    assert (tmp_path / "static" / "vendor" / "htmx" / "htmx.min.js").exists()
    assert "http://127.0.0.1:8123/" in out
    assert "http://127.0.0.1:8123/accounts/login/" in out
    assert DEMO_PASSWORD in out
    assert "二要素認証なし" in out and "実在の方の情報は絶対に入力しないでください" in out
    # the demo checkpoints the audit chains of the data it loaded (every municipality's)
    assert "監査ログのチェックポイント：6 件" in out
    assert "チェックポイント 第" in run("audit", "verify")
    for label in ("受付担当", "委託相談員", "関係機関担当", "都道府県分析担当", "システム管理者"):
        assert label in out
    assert "デモモード" in out
    assert settings.TSUNAGU_DEMO_MODE is False  # only switched on right before serving
    assert User.objects.filter(is_demo=True).count() == len(STAFF)


@pytest.mark.django_db
def test_demo_refuses_production_settings(monkeypatch):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "tsunagu.settings.production")
    with pytest.raises(CommandError, match="本番設定"):
        run("demo", "--no-serve")
