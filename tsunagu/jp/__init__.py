"""Japanese conventions used across tsunagu: names, 和暦, phones, postal codes, office days.

A plain package (not a Django app, no models) so that forms, imports, management commands
and tests share one implementation of each convention.
"""

from tsunagu.jp.calendar import (
    holiday_name,
    is_office_closed,
    is_public_holiday,
    is_year_end_closure,
    next_office_day,
)
from tsunagu.jp.itaiji import fold_itaiji
from tsunagu.jp.names import (
    bigrams,
    full_name_key,
    index_grams,
    kana_key,
    search_key,
    validate_furigana,
)
from tsunagu.jp.onset import Onset, parse_onset
from tsunagu.jp.partial_dates import PartialDate, parse_partial
from tsunagu.jp.phone import format_phone_jp, normalize_phone
from tsunagu.jp.postal import (
    PostalAddress,
    format_postal_code,
    lookup_address,
    normalize_postal_code,
)
from tsunagu.jp.wareki import (
    ERAS,
    Era,
    era_of,
    fiscal_year,
    format_fiscal_year,
    format_readout,
    format_wareki,
    parse_date,
    parse_datetime,
    to_wareki,
    wareki_to_date,
)

__all__ = [
    "ERAS",
    "Era",
    "Onset",
    "PartialDate",
    "PostalAddress",
    "bigrams",
    "era_of",
    "fiscal_year",
    "fold_itaiji",
    "format_fiscal_year",
    "format_phone_jp",
    "format_postal_code",
    "format_readout",
    "format_wareki",
    "full_name_key",
    "holiday_name",
    "index_grams",
    "is_office_closed",
    "is_public_holiday",
    "is_year_end_closure",
    "kana_key",
    "lookup_address",
    "next_office_day",
    "normalize_phone",
    "normalize_postal_code",
    "parse_date",
    "parse_datetime",
    "parse_onset",
    "parse_partial",
    "search_key",
    "to_wareki",
    "validate_furigana",
    "wareki_to_date",
]
