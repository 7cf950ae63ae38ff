"""A supervisor answers a 開示請求: from the person page, records the request, reviews every
item with its source tag, withholds a household member's health (第2号), saves, comes back to
the saved marks and exports the PDF, whose text has the 「不開示（理由）」 line and not the
withheld text."""

import pytest

from tsunagu.accounts.roles import Role
from tsunagu.consent.models import Disclosure
from tsunagu.testing.browser import sign_in
from tsunagu.testing.case_study import build_study
from tsunagu.testing.pdf_text import pdftotext

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WITHHELD = "幸子さんは腰痛で通院中（要配慮）"


def test_review_withhold_and_export_a_disclosure(live_server, browser, world):
    build_study(world)
    person = world.home.person
    supervisor = world.user(Role.SUPERVISOR)
    context, page = sign_in(
        browser, live_server, supervisor, f"/staff/persons/{person.pk}/", width=1280
    )
    page.get_by_role("link", name="開示請求への対応").click()
    page.get_by_label("開示請求の受付日").fill("R8.4.20")
    page.get_by_label("本人", exact=True).check()
    page.get_by_role("button", name="受け付けて記録を確認する").click()
    page.wait_for_url("**/staff/disclosure-requests/*/")
    assert page.get_by_text("令和8年5月20日").is_visible()  # due: 30 days after receipt

    row = page.locator("tr.disclosure-item", has_text=WITHHELD)
    assert row.get_by_text("第三者情報").is_visible()
    assert (
        page.locator("tr.disclosure-item", has_text="たっくん").get_by_text("本人提供").is_visible()
    )
    for tag in ("third_party", "staff"):
        for radio in page.locator(f'tr[data-tag="{tag}"] input[value="disclose"]').all():
            radio.check()
    row.get_by_label("不開示", exact=True).check()
    row.get_by_label("不開示の理由").select_option(label="第三者の権利利益を害するおそれ（第2号）")
    page.get_by_role("button", name="判断を保存する").click()
    assert page.get_by_text("判断を保存しました。").is_visible()
    assert page.get_by_text("（未判断 0 件）").is_visible()
    row = page.locator("tr.disclosure-item", has_text=WITHHELD)
    assert row.get_by_label("不開示", exact=True).is_checked()  # the review resumes

    with page.expect_download() as download_info:
        page.get_by_role("button", name="PDFで出力する").click()
    with open(download_info.value.path(), "rb") as pdf:
        flat = pdftotext(pdf.read())
    assert "不開示（第三者の権利利益を害するおそれ（第2号））" in flat
    assert "腰痛" not in flat and "たっくん" in flat
    assert (
        Disclosure.objects.unscoped("test: the person's disclosure log")
        .filter(person=person, target_type="disclosures.disclosurerequest")
        .exists()
    )
    context.close()
