"""The 「イベント一覧」 CSV: the exact column set, its order, BOM, dates and times."""

import csv
import datetime
import io
from pathlib import Path

import pytest

from tsunagu.calendar_public.opendata import COLUMNS, OpenDataEvent, to_csv

README = Path("/work/shared/data/open-data/README.md")


def event(**kw) -> OpenDataEvent:
    base = dict(
        municipality_code="132152",
        prefecture_name="東京都",
        municipality_name="国立市",
        name="からふらっと 陶芸",
        start=datetime.datetime(2026, 12, 5, 13, 0),
        end=datetime.datetime(2026, 12, 5, 15, 30),
    )
    base.update(kw)
    return OpenDataEvent(**base)


def read(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_columns_are_the_data_set_in_order():
    assert len(COLUMNS) == 32
    if README.exists():  # the standards folder of the project (not shipped with the package)
        text = README.read_text(encoding="utf-8")
        listed = text.split("Dates as YYYY-MM-DD, times as HH:MM.")[1]
        names = [n.strip() for n in listed.replace("\n", " ").split(",") if n.strip()]
        assert tuple(names) == COLUMNS


def test_rows_are_numbered_with_dates_and_times():
    rows = read(to_csv([event(capacity=10), event(name="ここから 定例会", end=None)]))
    assert rows[0] == list(COLUMNS)
    first = dict(zip(COLUMNS, rows[1], strict=True))
    assert first["NO"] == "1"
    assert first["都道府県コード又は市区町村コード"] == "132152"
    assert (first["開始日"], first["終了日"]) == ("2026-12-05", "2026-12-05")
    assert (first["開始時間"], first["終了時間"]) == ("13:00", "15:30")
    assert first["定員"] == "10"
    second = dict(zip(COLUMNS, rows[2], strict=True))
    assert second["NO"] == "2" and second["終了時間"] == "" and second["定員"] == ""


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "+1", "@SUM(A1)", "-2"])
def test_text_never_becomes_a_formula(text):
    rows = read(to_csv([event(description=text)]))
    assert dict(zip(COLUMNS, rows[1], strict=True))["説明"] == "'" + text


def test_commas_quotes_and_newlines_survive():
    text = '陶芸、ゲーム, "畑"\n二行目'
    rows = read(to_csv([event(description=text)]))
    assert dict(zip(COLUMNS, rows[1], strict=True))["説明"] == text
