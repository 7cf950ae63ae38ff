"""CSV export and import of a municipality's resources (one row = one service, its place, main
phone and schedule text). Japanese headers; UTF-8 with BOM out, UTF-8 or Shift_JIS (cp932, as
Excel saves) in.

Import validates every row with the staff page's own form (same rules, same Japanese
messages), reports each error with its row number, and writes nothing unless every row is
valid; then all rows are written in one transaction. A row matches an existing service by its
`id` column, otherwise by its name within the municipality, so importing the same file again
updates rather than duplicates. A 相談窓口's entry is not in the CSV (the window is managed on its
own settings page).
"""

from __future__ import annotations

import csv
import hashlib
import io
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from tsunagu.jp.phone import format_phone_jp
from tsunagu.tenancy.models import Municipality, Organization

from .forms import ServiceForm
from .models import Service
from .services import install_default_fields, save_service

COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "id"),
    ("field", "分野"),
    ("name", "名称"),
    ("name_kana", "よみがな"),
    ("organization", "運営団体"),
    ("description", "説明"),
    ("summary_easy", "やさしい日本語"),
    ("status", "状態"),
    ("eligibility_description", "対象"),
    ("minimum_age", "対象年齢（下限）"),
    ("maximum_age", "対象年齢（上限）"),
    ("cost", "費用"),
    ("fees_description", "費用の説明"),
    ("application_process", "利用の方法"),
    ("url", "ウェブサイト"),
    ("email", "メール"),
    ("phone", "電話番号"),
    ("schedule", "日時"),
    ("place_name", "場所の名称"),
    ("postal_code", "郵便番号"),
    ("address_1", "町域・番地"),
    ("address_2", "建物名"),
    ("area_label", "地区"),
    ("hide_exact_address", "所在地を伏せる"),
    ("latitude", "緯度"),
    ("longitude", "経度"),
    ("is_public", "公開"),
)
HEADER = [label for _key, label in COLUMNS]
REQUIRED_HEADERS = ("分野", "名称")
YES = {"はい", "1", "true", "yes", "○", "〇", "公開", "伏せる"}
NO = {"", "いいえ", "0", "false", "no", "×", "非公開"}
MAX_ROWS = 2000


def export_csv(municipality: Municipality) -> str:
    services = (
        Service.objects.filter(municipality=municipality, window__isnull=True)
        .select_related("field", "organization")
        .prefetch_related("phones", "schedules", "at_locations__location")
        .order_by("field__order", "name")
    )
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for s in services:
        sal = next(iter(s.at_locations.all()), None)
        loc = sal.location if sal else None
        phone = next((p.number for p in s.phones.all() if p.type == "voice"), "")
        schedule = next((x.description for x in s.schedules.all()), "")
        writer.writerow(
            [
                s.pk,
                s.field.name,
                s.name,
                s.name_kana,
                s.organization.name if s.organization else "",
                s.description,
                s.summary_easy,
                s.get_status_display(),
                s.eligibility_description,
                "" if s.minimum_age is None else s.minimum_age,
                "" if s.maximum_age is None else s.maximum_age,
                s.get_cost_display() if s.cost else "",
                s.fees_description,
                s.application_process,
                s.url,
                s.email,
                format_phone_jp(phone) if phone else "",
                schedule,
                loc.name if loc else "",
                loc.postal_code if loc else "",
                loc.address_1 if loc else "",
                loc.address_2 if loc else "",
                loc.area_label if loc else "",
                ("はい" if loc.hide_exact_address else "いいえ") if loc else "",
                "" if loc is None or loc.latitude is None else loc.latitude,
                "" if loc is None or loc.longitude is None else loc.longitude,
                "はい" if s.is_public else "いいえ",
            ]
        )
    return out.getvalue()


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("文字コードを読み取れません。UTF-8 か Shift_JIS の CSV にしてください。")


def _yes(value: str) -> bool | None:
    value = value.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    return None


def _choice(value: str, choices: Any) -> str | None:
    value = value.strip()
    for key, label in choices:
        if value in (key, str(label)):
            return key
    return None


class _Lookups:
    def __init__(self, municipality: Municipality) -> None:
        self.municipality = municipality
        fields = install_default_fields(municipality)
        self.fields = {f.name: f for f in fields} | {f.code: f for f in fields}
        self.orgs = {o.name: o for o in Organization.objects.filter(municipality=municipality)}
        self.services = {
            s.name: s
            for s in Service.objects.filter(municipality=municipality, window__isnull=True)
        }
        self.by_id = {str(s.pk): s for s in self.services.values()}


def _row_form(
    row: dict[str, str], look: _Lookups, line: int, errors: list[str], new_orgs: set[str]
) -> tuple[ServiceForm | None, Service | None]:
    text = {key: (row.get(label) or "").strip() for key, label in COLUMNS}
    problems: list[str] = []
    existing = None
    if text["id"]:
        try:
            existing = look.by_id.get(str(uuid.UUID(text["id"])))
        except ValueError:
            existing = None
        if existing is None:
            problems.append(
                "id がこの自治体の社会資源と一致しません（新しく登録するときは空にしてください）。"
            )
    elif text["name"] in look.services:
        existing = look.services[text["name"]]
    field_obj = look.fields.get(text["field"])
    if field_obj is None:
        names = "・".join(sorted({f.name for f in look.fields.values()}))
        problems.append(f"分野「{text['field']}」がありません（{names} から選んでください）。")
    status = _choice(text["status"] or "active", Service.Status.choices)
    if status is None:
        problems.append("状態は 実施中・休止中・一時休止・終了 のどれかにしてください。")
    cost = _choice(text["cost"], Service.Cost.choices)
    if cost is None:
        problems.append("費用は 無料・有料 か空にしてください。")
    hide, public = _yes(text["hide_exact_address"]), _yes(text["is_public"] or "はい")
    if hide is None:
        problems.append("所在地を伏せるは はい・いいえ で入力してください。")
    if public is None:
        problems.append("公開は はい・いいえ で入力してください。")
    org = look.orgs.get(text["organization"])
    if text["organization"] and org is None:
        new_orgs.add(text["organization"])
    if problems:
        errors.extend(f"{line}行目：{p}" for p in problems)
        return None, existing
    data = {
        **{k: v for k, v in text.items() if k not in ("id", "organization")},
        "field": str(field_obj.pk),
        "organization": str(org.pk) if org else "",
        "status": status,
        "cost": cost,
        "hide_exact_address": "on" if hide else "",
        "is_public": "on" if public else "",
    }
    form = ServiceForm(look.municipality, data=data, instance=existing or Service())
    if not form.is_valid():
        if text["organization"] and org is None and "organization" in form.errors:
            form.errors.pop("organization")
        for name, messages in form.errors.items():
            label = dict(COLUMNS).get(name, name)
            for message in messages:
                errors.append(f"{line}行目：{label}：{message}")
        if form.errors:
            return None, existing
    return form, existing


def _organization(municipality: Municipality, name: str) -> Organization:
    """An organisation named in the CSV and not yet registered: registered now (the directory
    and the referral lists share organisations), with a stable slug from its name."""
    slug = "r-" + hashlib.sha256(name.encode()).hexdigest()[:12]
    org, _created = Organization.objects.get_or_create(
        municipality=municipality,
        slug=slug,
        defaults={"name": name, "org_type": Organization.Type.OTHER},
    )
    return org


def import_csv(municipality: Municipality, text: str) -> ImportResult:
    result = ImportResult()
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = headers
    missing = [h for h in REQUIRED_HEADERS if h not in headers]
    if missing:
        result.errors.append(f"1行目：見出しに {'・'.join(missing)} がありません。")
        return result
    look = _Lookups(municipality)
    forms: list[tuple[ServiceForm, Service | None, dict[str, str]]] = []
    seen: dict[str, int] = {}
    new_orgs: set[str] = set()
    for index, row in enumerate(reader):
        line = index + 2
        if index >= MAX_ROWS:
            result.errors.append(f"{line}行目：一度に取り込めるのは {MAX_ROWS} 行までです。")
            break
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue  # a blank line
        name = (row.get("名称") or "").strip()
        if name in seen:
            result.errors.append(f"{line}行目：名称「{name}」が{seen[name]}行目と重複しています。")
            continue
        seen[name] = line
        form, existing = _row_form(row, look, line, result.errors, new_orgs)
        if form is not None:
            forms.append((form, existing, row))
    if result.errors:
        return result
    with transaction.atomic():
        for form, existing, row in forms:
            values = {k: form.cleaned_data[k] for k in form.Meta.fields if k in form.cleaned_data}
            org_name = (row.get("運営団体") or "").strip()
            if org_name and values.get("organization") is None:
                values["organization"] = _organization(municipality, org_name)
            save_service(
                municipality,
                values,
                service=existing,
                place=form.place(),
                phone=form.cleaned_data["phone"],
                schedule=form.cleaned_data["schedule"],
            )
            if existing is None:
                result.created += 1
            else:
                result.updated += 1
    return result
