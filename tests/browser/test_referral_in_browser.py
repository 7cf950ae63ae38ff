"""おつなぎ end to end: a counsellor refers a case on the person's consent, sharing the intake
sheet only; the agency's 関係機関担当 finds it in their inbox, opens the limited view (the case
record; a contact answers 404), accepts and sends feedback; the counsellor reads the feedback
on the case's referral page. The consent is then withdrawn while a second referral is being
written: sending it is refused with the reason."""

import pytest

from tsunagu.accounts.roles import Role
from tsunagu.tenancy.models import Organization
from tsunagu.testing.browser import sign_in
from tsunagu.testing.contacts import make_contact
from tsunagu.testing.referrals import give_consent, referable_case, withdraw_consent
from tsunagu.testing.world import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_referral_accepted_by_an_agency_user(live_server, browser, world):
    counsellor, agency_user = world.user(Role.COUNSELLOR), world.user(Role.AGENCY_STAFF)
    agency = world.home.agency
    case = referable_case(world)
    contact = make_contact(case)
    second = Organization.objects.create(
        municipality=world.home.municipality,
        slug="home-youth",
        name="若者サポートステーション",
        org_type=Organization.Type.YOUTH_STATION,
    )
    make_user("youth_staff", Role.AGENCY_STAFF, world.home, organization=second)
    consent = give_consent(case, [agency, second], recorded_by=counsellor)

    # the sender: from the case page to the 「おつなぎ」 form
    context, page = sign_in(browser, live_server, counsellor, f"/staff/cases/{case.pk}/")
    page.get_by_role("link", name="おつなぎする").click()
    page.wait_for_url(f"**/staff/cases/{case.pk}/referrals/new/")
    page.get_by_label("おつなぎ先の機関・団体").select_option(label=agency.name)
    page.get_by_label("サービス・事業").fill("就労準備支援")
    page.get_by_label("依頼内容").fill("就労準備支援の利用について相談したいとのことです。")
    page.get_by_role("checkbox", name="相談受付票").check()
    page.get_by_role("radio", name="本人の同意", exact=False).check()
    page.get_by_role("button", name="おつなぎを送付する").click()
    page.wait_for_url("**/staff/referrals/*/")
    assert page.get_by_text(f"{agency.name}におつなぎしました。").is_visible()
    referral_url = page.url
    # the sender's window stays open (a second sign-in within one TOTP period would reuse a code)
    sender_context, sender = context, page

    # the receiver: inbox → referral → the limited view → accept → feedback
    context, page = sign_in(browser, live_server, agency_user, "/staff/referrals/received/")
    page.get_by_role("link", name="#", exact=False).first.click()
    page.wait_for_url(referral_url)
    page.get_by_role("link", name="共有された記録を見る").click()
    page.wait_for_url(f"**/staff/cases/{case.pk}/")
    assert page.get_by_role("heading", name=f"ケース #{case.pk}", exact=False).first.is_visible()
    response = page.goto(f"{live_server.url}/staff/contacts/{contact.pk}/")
    assert response.status == 404  # the contacts were not shared
    page.goto(referral_url)
    page.get_by_role("radio", name="受理", exact=True).check()
    page.get_by_role("button", name="回答を送る").click()
    page.wait_for_url(referral_url)
    assert page.get_by_text("「受理」と回答しました。").is_visible()
    page.locator("textarea[name=text]").fill("初回面談を行い、来週から通所します。")
    page.get_by_role("button", name="フィードバックを送る").click()
    page.wait_for_url(referral_url)
    assert page.get_by_text("フィードバックを送りました。").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()

    # the sender reads the answer and the feedback on the case
    context, page = sender_context, sender
    page.goto(f"{live_server.url}/staff/cases/{case.pk}/referrals/")
    assert page.get_by_text("初回面談を行い、来週から通所します。").is_visible()
    assert page.get_by_text("受理", exact=True).first.is_visible()

    # the consent is withdrawn while a second referral is being written: sending is refused
    page.goto(f"{live_server.url}/staff/cases/{case.pk}/referrals/new/")
    page.get_by_label("おつなぎ先の機関・団体").select_option(label=second.name)
    page.get_by_label("依頼内容").fill("居場所の利用について")
    page.get_by_role("radio", name="本人の同意", exact=False).check()
    withdraw_consent(consent, counsellor)
    page.get_by_role("button", name="おつなぎを送付する").click()
    assert page.get_by_text("撤回されているため、情報を提供できません", exact=False).is_visible()
    assert (
        page.get_by_role("radio", name="本人の同意", exact=False).count() == 0
    )  # no longer offered
    context.close()
