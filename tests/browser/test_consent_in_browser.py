"""A counsellor records a consent from the case page, withdraws it, and sees it in the history
(phone width); from the withdrawal on, sharing on that consent is refused."""

import datetime

import pytest
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.consent.disclosure import Basis, DisclosureRefused, disclose
from tsunagu.consent.models import Category, Consent
from tsunagu.jp.wareki import format_wareki
from tsunagu.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_withdraw_and_see_the_history(live_server, browser, world):
    case = world.home.case
    counsellor = world.user(Role.COUNSELLOR)
    context, page = sign_in(browser, live_server, counsellor, f"/staff/cases/{case.pk}/")

    page.locator("#consent-panel").get_by_role("link", name="同意の記録を見る・記録する").click()
    page.wait_for_url(f"**/staff/cases/{case.pk}/consents/")
    assert page.get_by_text("有効な同意はありません。").is_visible()
    page.get_by_role("link", name="同意を記録する").click()
    page.wait_for_url("**/consents/new/")

    form = page.locator("#consent-form")
    form.get_by_label("本人", exact=True).check()
    form.get_by_label(f"{world.home.agency.name}（関係機関）").check()
    form.get_by_label("基本情報", exact=True).check()
    form.get_by_label("支援記録", exact=True).check()
    form.get_by_label("利用目的").fill("若者支援機関へのおつなぎのため")
    form.get_by_label("同意日").fill("令和8年4月10日")
    form.get_by_label("署名", exact=True).check()
    expires = timezone.localdate() + datetime.timedelta(days=120)  # ahead of today, always
    form.get_by_label("有効期限").fill(format_wareki(expires, "short"))
    form.get_by_role("button", name="同意を記録する").click()
    page.wait_for_url(f"**/staff/cases/{case.pk}/consents/")
    assert page.get_by_text("同意を記録しました。").is_visible()
    current = page.locator("section", has=page.get_by_role("heading", name="現在の同意"))
    assert current.get_by_text("若者支援機関へのおつなぎのため").is_visible()
    assert current.get_by_text(format_wareki(expires)).is_visible()

    consent = Consent.objects.unscoped("test").get()
    share = lambda: disclose(  # noqa: E731
        counsellor,
        case,
        channel="referral",
        organizations=[world.home.agency],
        categories=[Category.BASIC],
        basis=Basis.consent(consent),
    )
    share()  # allowed while the consent stands

    current.get_by_role("link", name="撤回").click()
    page.wait_for_url(f"**/consents/{consent.pk}/withdraw/")
    page.get_by_role("button", name="撤回を記録する").click()
    assert "撤回の理由を入力してください。" in page.content()  # the reason is required
    page.get_by_label("撤回の理由").fill("本人から電話で撤回の申し出")
    page.get_by_role("button", name="撤回を記録する").click()
    page.wait_for_url(f"**/staff/cases/{case.pk}/consents/")
    assert page.get_by_text("同意の撤回を記録しました。").is_visible()
    assert page.get_by_text("有効な同意はありません。").is_visible()
    history = page.locator(
        "section",
        has=page.get_by_role("heading", name="これまでの同意（撤回・期限切れ・変更済み）"),
    )
    assert history.get_by_text("本人から電話で撤回の申し出").is_visible()
    assert history.get_by_text("若者支援機関へのおつなぎのため").is_visible()
    # no horizontal scrolling at 360 px (the tables scroll inside their own box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()

    with pytest.raises(DisclosureRefused, match="撤回されている"):
        share()
