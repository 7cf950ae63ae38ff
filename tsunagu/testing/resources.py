"""Directory records for tests: in each municipality of the world, the default fields, a
resource with a published place (and a pin), a 居場所 that hides its exact address, and the
first window's directory entry. Sets world.<side>.service (the published resource)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tsunagu.resources.models import Service
from tsunagu.resources.services import PlaceInput, add_window, install_default_fields, save_service


def add_resources(world: Any) -> None:
    for side, prefix in ((world.home, "ホーム"), (world.away, "アウェイ")):
        fields = {f.code: f for f in install_default_fields(side.municipality)}
        side.service = save_service(
            side.municipality,
            {
                "field": fields["work"],
                "organization": side.agency,
                "name": f"{prefix}若者就労支援センター",
                "name_kana": "ワカモノシュウロウシエンセンター",
                "description": "働くことの相談と職場体験。",
                "summary_easy": "はたらく ことの 相談が できます。",
                "minimum_age": 15,
                "maximum_age": 39,
                "cost": Service.Cost.FREE,
            },
            place=PlaceInput(
                name="就労支援センター",
                postal_code="1920000",
                address_1="旭町0-0-1",
                latitude=Decimal("35.655000"),
                longitude=Decimal("139.338000"),
            ),
            phone="+81421000999",
            schedule="毎週水曜 10:00〜15:00",
        )
        side.hidden_service = save_service(
            side.municipality,
            {
                "field": fields["welfare"],
                "name": f"{prefix}の居場所",
                "name_kana": "いばしょ",
                "description": "ひきこもりの方の居場所。",
                "cost": Service.Cost.FREE,
            },
            place=PlaceInput(
                address_1="秘密町9-9-9",
                area_label="秘密地区",
                hide_exact_address=True,
                latitude=Decimal("35.660000"),
                longitude=Decimal("139.330000"),
                postal_code="1929999",
            ),
        )
        side.window_service = add_window(side.window, summary_easy="そうだん できます。")
