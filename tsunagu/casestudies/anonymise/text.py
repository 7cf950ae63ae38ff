"""Anonymise one free text of a case: the passes, in order.

1. URLs and e-mail addresses, then phone numbers and postal codes (any, not only the case's);
2. calendar dates → relative to the first consultation (「2024年5月10日」 → 「初回相談から1か月後」);
   a month-day without a year → 「（日付）」;
3. the names, address parts and phone numbers the system knows for the case (needles, found in
   any spelling: see fold.py), with a following honorific, → their labels (「Aさん」, 「母」, 「職員」,
   「関係機関」, 「（住所）」);
4. remaining 番地 (「3丁目」, 「2-22」, 「12番地」) → 「（番地）」;
5. ages (「52歳」) → age bands (「50代」);
6. any other word written before an honorific (「佐藤さん」, 「ユウキくん」) → 「〇〇さん」: a name the
   system does not know is still a name. Common nouns that take さん (お母さん, 相談員さん,
   ヘルパーさん …) are left alone.

The result is stable: anonymising it again changes nothing (the review page relies on this to
tell a user's edit that brings a name back from an untouched line).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Sequence

from tsunagu.jp.wareki import ERAS

from .fold import fold
from .generalise import age_band, relative_date, relative_month, relative_year
from .known import UNKNOWN_PERSON_LABEL, Needle

D = "[0-9０-９]"
DASH = "[-‐‑‒–—―−－ーｰ]"
SPACE = "[ \u3000]"

_URL = re.compile(r"https?://[^\s\u3000<>「」]+", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+[@＠][A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_PHONE = re.compile(
    rf"(?<![0-9０-９])(?:(?:[+＋](?:81|８１){SPACE}?{DASH}?{SPACE}?\(?(?:0|０)?\)?)|[0０])"
    rf"{D}{{1,4}}(?:{DASH}|{SPACE}|[()（）]){{0,2}}{D}{{1,4}}(?:{DASH}|{SPACE}|[()（）])?"
    rf"{D}{{3,4}}(?![0-9０-９])"
)
_POSTAL = re.compile(
    rf"〒{SPACE}*{D}{{3}}{DASH}?{D}{{4}}|(?<![0-9０-９]){D}{{3}}{DASH}{D}{{4}}(?![0-9０-９])"
)

_ERA_TOKENS = {
    token: era
    for era in ERAS
    for token in (era.name, era.abbreviation, era.letter, era.letter.lower())
}
_ERA = "|".join(sorted(map(re.escape, _ERA_TOKENS), key=len, reverse=True))
_YEAR_SEP = rf"{SPACE}*(?:年|[/.．／]|{DASH}){SPACE}*"
_MONTH_SEP = rf"{SPACE}*(?:月|[/.．／]|{DASH}){SPACE}*"
_FULL_SEIREKI = re.compile(
    rf"(?<![0-9０-９])(?P<y>{D}{{4}}){_YEAR_SEP}(?P<m>{D}{{1,2}}){_MONTH_SEP}(?P<d>{D}{{1,2}})(?:{SPACE}*日)?(?![0-9０-９])"
)
_FULL_WAREKI = re.compile(
    rf"(?<![A-Za-z])(?P<era>{_ERA}){SPACE}*(?P<y>{D}{{1,2}}|元){SPACE}*(?:年|[/.．]){SPACE}*"
    rf"(?P<m>{D}{{1,2}}){SPACE}*(?:月|[/.．]){SPACE}*(?P<d>{D}{{1,2}})(?:{SPACE}*日)?(?![0-9０-９])"
)
_MONTH_SEIREKI = re.compile(
    rf"(?<![0-9０-９])(?P<y>{D}{{4}}){SPACE}*年{SPACE}*(?P<m>{D}{{1,2}}){SPACE}*月"
)
_MONTH_WAREKI = re.compile(
    rf"(?<![A-Za-z])(?P<era>{_ERA}){SPACE}*(?P<y>{D}{{1,2}}|元){SPACE}*年{SPACE}*(?P<m>{D}{{1,2}}){SPACE}*月"
)
_YEAR_SEIREKI = re.compile(rf"(?<![0-9０-９])(?P<y>{D}{{4}}){SPACE}*年(?!{SPACE}*{D})")
_YEAR_WAREKI = re.compile(rf"(?<![A-Za-z])(?P<era>{_ERA}){SPACE}*(?P<y>{D}{{1,2}}|元){SPACE}*年")
_MONTH_DAY = re.compile(
    rf"(?<![0-9０-９])(?P<m>{D}{{1,2}}){SPACE}*月{SPACE}*(?P<d>{D}{{1,2}}){SPACE}*日"
    rf"|(?<![0-9０-９/／.])(?P<m2>{D}{{1,2}})[/／](?P<d2>{D}{{1,2}})(?![0-9０-９/／])"
)
# 「週2-3回」, 「10-12時」 are counts and times, not 番地.
_COUNTERS = "[回日時人件かヶヵケ個歳才年月週分割度枚通%％〜~]"
_BLOCK_NUMBER = re.compile(
    rf"{D}+{SPACE}*(?:丁目|番地|番|号)(?:{SPACE}*{D}+{SPACE}*(?:番地|番|号|{DASH}))*(?:{SPACE}*{D}+)?"
    rf"|(?<![0-9０-９]){D}{{1,4}}(?:{DASH}{D}{{1,4}}){{1,3}}(?![0-9０-９]|{SPACE}*{_COUNTERS})"
)
# 「（住所）（番地）（住所）」 from one address written in one go reads as one address.
_ADDRESS_RUN = re.compile(r"(?:（住所）|（番地）){2,}")
# 「10歳未満」, 「80歳以上」 are bands already (and the labels of age_band).
_AGE = re.compile(rf"(?<![0-9０-９.])(?P<age>{D}{{1,3}}){SPACE}*(?:歳|才)(?!{SPACE}*(?:未満|以上))")

# 要介護度 without its grade, as in the household lines (generalise.care_level_label).
_CARE_GRADE = re.compile(rf"(?P<level>要介護|要支援){SPACE}*[1-5１-５一二三四五](?![0-9０-９])")

HONORIFICS = ("ちゃん", "さん", "さま", "くん", "先生", "様", "氏", "君", "殿")
# Written after a name, these are honorifics; followed by these kanji they start a word
# (様子, 様式, 氏名, 殿堂, 君臨), and the text before them is no name.
_HONORIFIC_PATTERN = (
    "ちゃん|さん|さま|くん|先生|様(?![子式相態々])|氏(?!名)|殿(?![堂下])|君(?![臨主])"
)
_HONORIFIC = re.compile(rf"{SPACE}*(?:{_HONORIFIC_PATTERN})")
# A word written before an honorific: kanji (with 々), katakana, latin letters. Hiragana is left
# out: 「みなさん」, 「おばあさん」 are words, and a hiragana name the system knows is a needle.
_NAMED = re.compile(
    r"(?P<name>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ\u30a1-\u30faー\uff66-\uff9f"
    r"A-Za-zＡ-Ｚａ-ｚ]{1,8})" + rf"{SPACE}*(?P<honorific>{_HONORIFIC_PATTERN})"
)
# Common nouns that take さん/くん: a word that ends with one of these is not a name.
_NOT_NAMES = (
    "母",
    "父",
    "兄",
    "姉",
    "弟",
    "妹",
    "娘",
    "息子",
    "子",
    "奥",
    "皆",
    "孫",
    "嫁",
    "婿",
    "叔母",
    "伯母",
    "叔父",
    "伯父",
    "祖母",
    "祖父",
    "主人",
    "旦那",
    "親戚",
    "本人",
    "相談員",
    "職員",
    "担当",
    "委員",
    "看護師",
    "医師",
    "保健師",
    "社会福祉士",
    "司書",
    "大家",
    "店員",
    "隣",
    "近所",
    "友達",
    "友人",
    "先輩",
    "後輩",
    "同級生",
    "上司",
    "同僚",
    "先方",
    "相手",
    "家族",
    "ヘルパー",
    "ケアマネ",
    "ケアマネージャー",
    "ケアマネジャー",
    "ワーカー",
    "カウンセラー",
    "ドクター",
    "スタッフ",
    "サポーター",
    "ボランティア",
    "マネージャー",
    "リーダー",
    "コーディネーター",
    "パパ",
    "ママ",
    "〇〇",
    # 同様, 模様, 仕様, 多様, 異様, 一様, 各様, 王様, 神様, お客様, 御殿: words, not names
    "同",
    "模",
    "仕",
    "多",
    "異",
    "一",
    "各",
    "王",
    "神",
    "客",
    "御",
    # people named by their job
    "店長",
    "社長",
    "課長",
    "部長",
    "係長",
    "園長",
    "校長",
    "院長",
    "所長",
    "会長",
    "担任",
    "主治医",
    "医者",
    "薬剤師",
    "弁護士",
    "司法書士",
    "警察官",
    "保護司",
    "管理人",
    "業者",
    "運転手",
    "美容師",
)
_KANA_PLACEHOLDER = re.compile(r"^[A-Za-zＡ-Ｚａ-ｚ]$")  # 「Aさん」, 「Bさん」: already anonymous


def _nfkc_int(text: str) -> int:
    return int(unicodedata.normalize("NFKC", text))


def _era_year(match: re.Match[str]) -> int | None:
    era = _ERA_TOKENS.get(match["era"])
    if era is None:
        return None
    year = 1 if match["y"] == "元" else _nfkc_int(match["y"])
    return era.first_year + year - 1


def _full_date(year: int | None, month: int, day: int, base: datetime.date) -> str:
    try:
        value = datetime.date(year or 0, month, day)
    except ValueError:
        return "（日付）"
    return relative_date(value, base)


def _sub(pattern: re.Pattern[str], text: str, replace: Callable[[re.Match[str]], str]) -> str:
    return pattern.sub(replace, text)


def _dates(text: str, base: datetime.date) -> str:
    text = _sub(
        _FULL_SEIREKI,
        text,
        lambda m: _full_date(_nfkc_int(m["y"]), _nfkc_int(m["m"]), _nfkc_int(m["d"]), base),
    )
    text = _sub(
        _FULL_WAREKI,
        text,
        lambda m: _full_date(_era_year(m), _nfkc_int(m["m"]), _nfkc_int(m["d"]), base),
    )

    def month(m: re.Match[str], year: int | None) -> str:
        number = _nfkc_int(m["m"])
        if year is None or not 1 <= number <= 12:
            return "（日付）"
        return relative_month(year, number, base)

    text = _sub(_MONTH_SEIREKI, text, lambda m: month(m, _nfkc_int(m["y"])))
    text = _sub(_MONTH_WAREKI, text, lambda m: month(m, _era_year(m)))

    def year(m: re.Match[str], value: int | None) -> str:
        if value is None or not 1900 <= value <= 2100:
            return m.group(0)  # 「1000年」 is not a year of anyone's life
        return relative_year(value, base)

    text = _sub(_YEAR_SEIREKI, text, lambda m: year(m, _nfkc_int(m["y"])))
    text = _sub(_YEAR_WAREKI, text, lambda m: year(m, _era_year(m)))

    def month_day(m: re.Match[str]) -> str:
        number, day = _nfkc_int(m["m"] or m["m2"]), _nfkc_int(m["d"] or m["d2"])
        return "（日付）" if 1 <= number <= 12 and 1 <= day <= 31 else m.group(0)

    return _sub(_MONTH_DAY, text, month_day)


def _phones(text: str) -> str:
    def phone(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", m.group(0)))
        national = digits[2:] if digits.startswith("81") else digits.removeprefix("0")
        return "（電話番号）" if 9 <= len(national) <= 10 else m.group(0)

    return _PHONE.sub(phone, text)


def _honorific_end(text: str, position: int) -> int:
    match = _HONORIFIC.match(text, position)
    return match.end() if match else position


def _cuts_a_number(folded: str, start: int, end: int) -> bool:
    """Would a match cut a number in two? The fold drops hyphens, so 「10-12時」 folds to 1012,
    in which the room number 101 must not be found."""
    before = start > 0 and folded[start].isdigit() and folded[start - 1].isdigit()
    after = end < len(folded) and folded[end - 1].isdigit() and folded[end].isdigit()
    return before or after


def replace_needles(text: str, needles: Sequence[Needle]) -> str:
    """Replace every occurrence of the needles (longest first), with a following honorific."""
    if not text or not needles:
        return text
    folded = fold(text)
    hits: list[tuple[int, int, str]] = []
    for item in needles:
        start = folded.text.find(item.key)
        while start != -1:
            if _cuts_a_number(folded.text, start, start + len(item.key)):
                start = folded.text.find(item.key, start + 1)
                continue
            first, last = folded.original_span(start, start + len(item.key))
            end = _honorific_end(text, last)
            if (end > last or not item.needs_honorific) and not any(
                first < taken_end and taken_start < end for taken_start, taken_end, _ in hits
            ):
                hits.append((first, end, item.label))
            start = folded.text.find(item.key, start + 1)
    out: list[str] = []
    position = 0
    for first, end, label in sorted(hits):
        out.append(text[position:first])
        out.append(label)
        position = end
    out.append(text[position:])
    return "".join(out)


def _unknown_names(text: str) -> str:
    def named(m: re.Match[str]) -> str:
        name = unicodedata.normalize("NFKC", m["name"])
        if _KANA_PLACEHOLDER.match(name) or name.endswith(_NOT_NAMES):
            return m.group(0)
        honorific = m["honorific"]
        if honorific in ("くん", "君"):
            return f"{UNKNOWN_PERSON_LABEL}くん"
        if honorific == "ちゃん":
            return f"{UNKNOWN_PERSON_LABEL}ちゃん"
        if honorific == "先生":
            return f"{UNKNOWN_PERSON_LABEL}先生"
        return f"{UNKNOWN_PERSON_LABEL}さん"

    return _NAMED.sub(named, text)


def anonymise_text(text: str, needles: Sequence[Needle], base: datetime.date) -> str:
    """The anonymised form of ``text`` (see the module docstring for the passes)."""
    if not text:
        return ""
    text = _URL.sub("（URL）", text)
    text = _EMAIL.sub("（メールアドレス）", text)
    text = _phones(text)
    text = _POSTAL.sub("（郵便番号）", text)
    text = _dates(text, base)
    text = replace_needles(text, needles)
    text = _BLOCK_NUMBER.sub("（番地）", text)
    text = _ADDRESS_RUN.sub("（住所）", text)
    text = _AGE.sub(lambda m: age_band(_nfkc_int(m["age"])), text)
    text = _CARE_GRADE.sub(lambda m: m["level"], text)
    return _unknown_names(text)
