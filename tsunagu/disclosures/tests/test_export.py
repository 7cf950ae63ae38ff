"""The export: refused while items are undecided; the PDF (its real text, by pdftotext), JSON
and CSV show withheld items as 「不開示（理由）」 without their text; each export is logged as a
disclosure to the person and audited."""

from __future__ import annotations

import csv
import io
import json

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.consent.models import Disclosure
from tsunagu.disclosures.assemble import assemble
from tsunagu.disclosures.models import DisclosureRequest, Status
from tsunagu.testing.audit import last_audit_id
from tsunagu.testing.pdf_text import pdftotext

WITHHELD_HEALTH = "幸子さんは腰痛で通院中（要配慮）"  # a household member's health: 第2号
WITHHELD_FEEDBACK = "クリニックで面談した（要配慮）"  # an agency's feedback: 第3号
THIRD_PARTY = "不開示（第三者の権利利益を害するおそれ（第2号））"


def _url(request: DisclosureRequest) -> str:
    return f"/staff/disclosure-requests/{request.pk}/"


def _marks(world, request: DisclosureRequest, action: str) -> dict[str, str]:
    """Every item disclosed, but the two withheld texts (with their reasons)."""
    data = {"action": action}
    for item in assemble(world.user(Role.SUPERVISOR), request.person).items:
        data[f"decision:{item.key}"] = "disclose"
        if item.text == WITHHELD_HEALTH:
            data[f"decision:{item.key}"] = "withhold"
            data[f"reason:{item.key}"] = "third_party"
        if item.text == WITHHELD_FEEDBACK:
            data[f"decision:{item.key}"] = "withhold"
            data[f"reason:{item.key}"] = "corporation"
    return data


def test_export_is_refused_while_an_item_needs_a_decision(world, disclosure, supervisor_client):
    before = last_audit_id()
    response = supervisor_client.post(_url(disclosure), {"action": "pdf"})
    assert response.status_code == 422
    assert "決めていない項目が" in response.content.decode()
    disclosure.refresh_from_db()
    assert disclosure.status == Status.REVIEWING
    assert not AuditEvent.objects.filter(pk__gt=before, action="export").exists()


def test_the_pdf_shows_withheld_items_only_as_not_disclosed(world, disclosure, supervisor_client):
    before = last_audit_id()
    response = supervisor_client.post(_url(disclosure), _marks(world, disclosure, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdftotext(response.content)
    assert "保有個人情報の開示" in text
    assert "山田太郎" in text and "たっくん" in text  # the person's own
    assert "絵を描くのが得意" in text  # a staff opinion the reviewer disclosed
    assert THIRD_PARTY in text
    assert "不開示（法人等の正当な利益を害するおそれ（第3号））" in text
    assert "腰痛" not in text and "クリニックで面談" not in text
    for tag in ("本人提供", "第三者情報", "職員の所見", "記録事項"):
        assert tag in text

    disclosure.refresh_from_db()
    assert disclosure.status == Status.EXPORTED
    assert disclosure.exported_by == world.user(Role.SUPERVISOR)
    logged = Disclosure.objects.visible_to(world.user(Role.SUPERVISOR), "view_disclosures").filter(
        target_type="disclosures.disclosurerequest", target_id=str(disclosure.pk)
    )
    [entry] = logged
    assert entry.case_id == world.home.case.pk and entry.person_id == world.home.person.pk
    assert entry.channel == "export" and entry.basis == "statute"
    assert "個人情報保護法第76条" in entry.statute
    assert {"basic", "intake", "contacts", "sensitive"} <= set(entry.categories)
    export = AuditEvent.objects.filter(pk__gt=before, action="export").get()
    assert export.object_type == "disclosures.disclosurerequest"
    assert export.extra["format"] == "pdf" and export.extra["withheld"] == 2
    assert export.extra["disclosures"] == [entry.pk]
    # the marks were saved too: the review resumes as exported
    assert AuditEvent.objects.filter(
        pk__gt=before, action="update", object_type="disclosures.disclosurerequest"
    ).exists()


def test_json_and_csv_keep_the_structure_without_the_withheld_text(
    world, disclosure, supervisor_client
):
    response = supervisor_client.post(_url(disclosure), _marks(world, disclosure, "json"))
    assert response.status_code == 200
    assert WITHHELD_HEALTH not in response.content.decode()
    body = json.loads(response.content)
    items = [item for section in body["sections"] for item in section["items"]]
    withheld = [item for item in items if not item["disclosed"]]
    assert len(withheld) == 2
    assert all(item["text"] is None for item in withheld)
    assert {item["withheld_reason"] for item in withheld} == {
        "第三者の権利利益を害するおそれ（第2号）",
        "法人等の正当な利益を害するおそれ（第3号）",
    }
    assert {item["tag"] for item in items} == {"本人提供", "第三者情報", "職員の所見", "記録事項"}

    now = assemble(world.user(Role.SUPERVISOR), disclosure.person).items
    response = supervisor_client.post(_url(disclosure), _marks(world, disclosure, "csv"))
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    assert WITHHELD_HEALTH not in content
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))
    assert rows[0] == ["区分", "記録", "項目", "情報の種類", "開示", "内容"]
    assert any(row[4] == "不開示" and row[5] == THIRD_PARTY for row in rows[1:])
    # every item is a row (the JSON export's own disclosure log entry is items now too)
    assert len(rows) - 1 == len(now) == len(items) + 4
    # two exports, two entries in the person's disclosure log
    assert (
        Disclosure.objects.visible_to(world.user(Role.SUPERVISOR), "view_disclosures")
        .filter(target_type="disclosures.disclosurerequest", target_id=str(disclosure.pk))
        .count()
        == 2
    )


def test_an_unknown_format_is_only_a_save(world, disclosure, supervisor_client):
    response = supervisor_client.post(_url(disclosure), _marks(world, disclosure, "xlsx"))
    assert response.status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.status == Status.REVIEWING and disclosure.decisions
