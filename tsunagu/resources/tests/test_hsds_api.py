"""/api/hsds/ against the HSDS 3.0 JSON schemas (../shared/data/hsds-3.0/schema/compiled):
every service, list item and page validates; paging and AND filters as the HSDS API defines;
422 on bad parameters; open (no token) with CORS *."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema_rs  # installed with schemathesis (a JSON Schema validator, formats included)
import pytest
from django.test import Client

from tsunagu.testing.resources import add_resources

SCHEMAS = Path(os.environ.get("TSUNAGU_HSDS_SCHEMAS", "/work/shared/data/hsds-3.0/schema"))
if not SCHEMAS.exists():  # pragma: no cover - the schemas live beside the repository
    SCHEMAS = Path(__file__).resolve().parents[4] / "shared" / "data" / "hsds-3.0" / "schema"

pytestmark = pytest.mark.skipif(not SCHEMAS.exists(), reason="HSDS 3.0 schemas not found")


def _validator(name: str):
    schema = json.loads((SCHEMAS / "compiled" / name).read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def _page_validator():
    openapi = json.loads((SCHEMAS / "openapi.json").read_text(encoding="utf-8"))
    page = openapi["components"]["schemas"]["Page"]
    page = {**page, "required": list(page["properties"])}
    return jsonschema_rs.validator_for(page)


def _errors(validator, instance) -> list[str]:
    return [f"{list(e.instance_path)}: {e.message}" for e in validator.iter_errors(instance)]


@pytest.fixture
def directory(world):
    add_resources(world)
    return world


def test_every_service_validates_against_the_hsds_schemas(client: Client, directory):
    full, item, page = (
        _validator("service.json"),
        _validator("service_list.json"),
        _page_validator(),
    )
    # the validators do fail a document that is not HSDS (status missing, id not a UUID)
    assert len(_errors(full, {"id": "not-a-uuid", "name": "x"})) == 2
    listing = client.get("/api/hsds/services?per_page=100")
    assert listing.status_code == 200
    assert listing["Access-Control-Allow-Origin"] == "*"
    body = listing.json()
    assert _errors(page, body) == []
    assert body["total_items"] == 6 and body["size"] == 6  # 3 per municipality
    for entry in body["contents"]:
        assert _errors(item, entry) == []
        detail = client.get(f"/api/hsds/services/{entry['id']}")
        assert detail.status_code == 200
        assert _errors(full, detail.json()) == [], entry["name"]
    nested = client.get("/api/hsds/services?full=true").json()["contents"]
    assert all(_errors(full, s) == [] for s in nested)


def test_the_full_service_carries_the_japanese_profile(client: Client, directory):
    data = client.get(f"/api/hsds/services/{directory.home.service.pk}").json()
    assert data["municipality_code"] == directory.home.municipality.code
    assert data["name_kana"] and data["summary_easy_ja"]
    assert data["minimum_age"] == 15 and data["maximum_age"] == 39
    assert data["cost_options"][0]["currency"] == "JPY"
    assert data["phones"][0]["number"] == "+81421000999"
    location = data["service_at_locations"][0]["location"]
    assert location["hide_exact_address"] is False and location["latitude"] == 35.655
    assert data["attributes"][0]["taxonomy_term"]["name"] == "就労"
    hidden = client.get(f"/api/hsds/services/{directory.home.hidden_service.pk}").json()
    place = hidden["service_at_locations"][0]["location"]
    assert place["hide_exact_address"] is True
    assert "latitude" not in place and place["addresses"][0]["postal_code"] == ""
    assert "秘密町" not in json.dumps(hidden, ensure_ascii=False)
    window = client.get(f"/api/hsds/services/{directory.home.window_service.pk}").json()
    assert window["window_id"] == directory.home.window.pk
    assert window["name"] == directory.home.window.name


def test_paging(client: Client, directory):
    first = client.get("/api/hsds/services?per_page=4&page=1").json()
    second = client.get("/api/hsds/services?per_page=4&page=2").json()
    assert (first["total_pages"], first["first_page"], first["last_page"]) == (2, True, False)
    assert (second["size"], second["last_page"], second["empty"]) == (2, True, False)
    ids = {s["id"] for s in first["contents"]} | {s["id"] for s in second["contents"]}
    assert len(ids) == 6
    beyond = client.get("/api/hsds/services?per_page=4&page=3").json()
    assert beyond["empty"] is True and beyond["contents"] == []


def test_filters_are_cumulative(client: Client, directory):
    home = directory.home
    term = str(home.service.field_id)
    by_term = client.get(f"/api/hsds/services?taxonomy_term_id={term}").json()
    assert [s["name"] for s in by_term["contents"]] == ["ホーム若者就労支援センター"]
    both = client.get(f"/api/hsds/services?taxonomy_term_id={term}&search=いばしょ").json()
    assert both["total_items"] == 0
    org = by_term["contents"][0]["organization_id"]
    by_org = client.get(f"/api/hsds/services?organization_id={org}&search=わかもの").json()
    assert by_org["total_items"] == 1
    local = client.get(
        f"/api/hsds/services?municipality_code={home.municipality.code}&age=50"
    ).json()
    names = {s["name"] for s in local["contents"]}
    assert "ホーム若者就労支援センター" not in names and "ホームの居場所" in names
    assert client.get("/api/hsds/services?minimal=true").json()["contents"][0].keys() == {
        "id",
        "last_modified",
    }


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "per_page=1000",
        "taxonomy_term_id=not-a-uuid",
        "modified_after=yesterday",
        "format=ndjson",
        "age=-1",
        "municipality_code=abc",
    ],
)
def test_bad_parameters_answer_422_in_the_api_shape(client: Client, directory, query):
    response = client.get(f"/api/hsds/services?{query}")
    assert response.status_code == 422
    item = response.json()["detail"][0]
    assert set(item) == {"loc", "msg", "type"} and item["loc"][0] == "query"


def test_unknown_service_is_404_and_the_root_describes_the_api(client: Client, directory):
    assert client.get("/api/hsds/services/00000000-0000-0000-0000-000000000000").status_code == 404
    root = client.get("/api/hsds/").json()
    assert root["version"] == "3.0" and root["openapi_url"].endswith("/api/hsds/openapi.json")
    assert client.get("/api/hsds/openapi.json").status_code == 200
