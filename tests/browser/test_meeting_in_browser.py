"""A 支援会議 end to end in the browser with two agency members: the counsellor convenes it and
tables a case, each member acknowledges 守秘義務 before seeing anything, the meeting records the
role assignment and action items, the items appear on the members' dashboards, a supervisor
approves the minutes and the minutes PDF is downloaded."""

import datetime

import pytest
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.tenancy.models import Organization
from tsunagu.testing.browser import sign_in
from tsunagu.testing.world import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _agency(world, n: int, name: str):
    org = Organization.objects.create(
        municipality=world.home.municipality,
        slug=f"browser-agency-{n}",
        name=name,
        org_type=Organization.Type.AGENCY,
    )
    return org, make_user(f"agency{n}", Role.AGENCY_STAFF, world.home, organization=org)


def test_support_meeting_end_to_end(live_server, browser, world):
    case = world.home.case
    houkatsu, agency1 = _agency(world, 1, "地域包括支援センター")
    _, agency2 = _agency(world, 2, "就労支援センター")
    counsellor, supervisor = world.user(Role.COUNSELLOR), world.user(Role.SUPERVISOR)
    start = timezone.localtime() - datetime.timedelta(minutes=5)
    due = timezone.localdate() + datetime.timedelta(days=7)

    # The counsellor convenes the meeting and invites the two agency members.
    context, page = sign_in(browser, live_server, counsellor, "/staff/meetings/new/", width=1024)
    page.get_by_label("会議の種類").select_option("shien_kaigi")
    page.get_by_label("会議名").fill("第1回 八王子市支援会議")
    page.get_by_label("開始").fill(start.strftime("%Y-%m-%d %H:%M"))
    page.get_by_label("終了予定").fill(
        (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    )
    page.get_by_label("場所").fill("市役所 第3会議室")
    page.get_by_label(str(agency1)).check()
    page.get_by_label(str(agency2)).check()
    page.get_by_role("button", name="作成して招集する").click()
    page.wait_for_url("**/staff/meetings/*/")
    meeting_url = page.url
    # the convener is a member too: 守秘義務 first
    assert page.get_by_role("heading", name="守秘義務の確認").is_visible()
    page.get_by_label("守秘義務の内容を理解し、遵守します").check()
    page.get_by_role("button", name="守秘義務を確認する").click()
    assert page.get_by_text("守秘義務の確認を記録しました。").is_visible()

    # The agenda: the case with the summary prepared for the meeting.
    page.get_by_role("link", name="議題を追加する").click()
    page.get_by_label("ケース番号").fill(str(case.pk))
    page.get_by_label("議題（本人の表記）").fill("Aさん（40代男性）")
    page.get_by_label("共有する概要").fill("8050世帯。母親から、息子が10年外出していないと相談。")
    page.get_by_label("要配慮情報（心身の状態など）").fill("不眠で通院していた時期がある。")
    page.get_by_role("button", name="議題に追加して共有する").click()
    page.wait_for_url("**/staff/meetings/items/*/")
    item_url = page.url

    # A member sees nothing before acknowledging, then the summary only (never the case).
    member_ctx, member = sign_in(
        browser, live_server, agency1, meeting_url.replace(live_server.url, ""), width=1024
    )
    assert "Aさん（40代男性）" not in member.content()
    member.get_by_label("守秘義務の内容を理解し、遵守します").check()
    member.get_by_role("button", name="守秘義務を確認する").click()
    member.get_by_role("link", name="Aさん（40代男性）").click()
    assert member.get_by_text("8050世帯。母親から").is_visible()
    assert "不眠で通院" not in member.content()  # 要配慮: not for an agency role
    assert member.goto(f"{live_server.url}/staff/cases/{case.pk}/").status == 404

    # The meeting decides: direction, role assignment, action items for both members.
    page.goto(item_url)
    page.get_by_label("支援の方向性").fill("母親への支援を続け、本人へは手紙から接触する。")
    page.get_by_role("button", name="方向性を記録する").click()
    page.get_by_label("機関・団体").select_option(label=houkatsu.name)
    page.get_by_label("役割").fill("母親の介護相談と見守り")
    page.get_by_role("button", name="役割を割り当てる").click()
    for owner, title in (
        (agency1, "母親に介護保険の説明をする"),
        (agency2, "就労準備の案内を手紙で送る"),
    ):
        page.get_by_label("担当者（構成員）").last.select_option(label=str(owner))
        page.get_by_label("やること").fill(title)
        page.get_by_label("期限").fill(due.isoformat())
        page.get_by_role("button", name="アクションアイテムを追加する").click()
        assert page.get_by_text(title).first.is_visible()

    # The action items are on each owner's dashboard.
    member.goto(f"{live_server.url}/staff/dashboard/")
    assert member.get_by_text("母親に介護保険の説明をする").is_visible()
    assert "就労準備の案内" not in member.content()
    member_ctx.close()
    second_ctx, second = sign_in(browser, live_server, agency2, "/staff/dashboard/", width=1024)
    assert second.get_by_text("就労準備の案内を手紙で送る").is_visible()
    second_ctx.close()

    # Minutes: written, sent for approval, approved by a supervisor, printed as a PDF.
    page.goto(meeting_url)
    page.get_by_role("link", name="議事録を書く").click()
    page.get_by_label("議事録").fill(
        "母親の負担が大きい。包括が介護の相談を受け、就労支援は手紙から。"
    )
    page.get_by_role("button", name="保存して承認を依頼する").click()
    assert page.get_by_text("議事録を保存し、承認を依頼しました。").is_visible()
    context.close()

    sup_ctx, sup = sign_in(browser, live_server, supervisor, "/staff/approvals/", width=1024)
    sup.get_by_role("link", name="内容を見て判断する").first.click()
    sup.get_by_role("button", name="承認する").click()
    sup.goto(meeting_url)
    assert sup.get_by_text("承認済み").first.is_visible()
    with sup.expect_download() as download_info:
        sup.get_by_role("link", name="議事録をPDFで出力").click()
    path = download_info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    sup_ctx.close()
