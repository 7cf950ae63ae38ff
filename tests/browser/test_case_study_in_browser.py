"""A supervisor reviews an anonymised case study, types a name back in (the check replaces it),
leaves a line out, names the legal basis and downloads the PDF, which names nobody."""

import pytest

from tsunagu.accounts.roles import Role
from tsunagu.consent.models import Disclosure
from tsunagu.testing.browser import sign_in
from tsunagu.testing.case_study import IDENTIFYING, build_study
from tsunagu.testing.pdf_text import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIFE = "人の生命、身体又は財産の保護のため（個人情報保護法第69条第2項第4号）"


def test_review_edit_and_produce_a_case_study(live_server, browser, world):
    study = build_study(world)
    case = study.case
    supervisor = study.world.user(Role.SUPERVISOR)
    context, page = sign_in(
        browser, live_server, supervisor, f"/staff/cases/{case.pk}/", width=1024
    )
    page.get_by_role("link", name="事例検討資料を作成").click()
    page.wait_for_url(f"**/staff/cases/{case.pk}/case-study/")
    assert (
        page.get_by_role("textbox", name="本人", exact=True).input_value() == "Aさん（40代、男性）"
    )
    body = page.content().split('id="basis-h"')[0]  # the draft (recipients listed below it)
    for leaked in IDENTIFYING:
        assert leaked not in body, leaked

    points = page.get_by_role("textbox", name="検討したい点", exact=True)
    points.fill("山田さんと母の幸子さんへの関わり方を検討したい")
    page.get_by_label("含めない").first.check()  # the 本人 line
    page.get_by_role("button", name="確認する").click()
    assert page.get_by_text("確認が必要な行があります").is_visible()
    assert points.input_value() == "Aさんと母の母への関わり方を検討したい"
    assert page.get_by_label("含めない").first.is_checked()  # kept across the check

    page.get_by_label("八王子市関係機関").check()
    page.get_by_label("法令の定めによる（法令名を記入）").check()
    page.get_by_label("法令名（法令の定めによる場合）").fill(LIFE)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="PDFを作成").click()
    download = download_info.value
    with open(download.path(), "rb") as pdf:
        text = pdf_text(pdf.read())
    assert "Aさんと母の母への関わり方を検討したい" in text
    assert "Aさん（40代、男性）" not in text  # the line left out
    for leaked in IDENTIFYING:
        assert leaked not in text, leaked
    disclosure = Disclosure.objects.unscoped("test: the case's disclosure").get(case=case)
    assert disclosure.channel == "case_study" and disclosure.statute == LIFE
    context.close()
