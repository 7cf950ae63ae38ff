"""The anonymiser of case studies: plain functions over text, no database.

- fold.py: names found in any spelling (kana, width, 異体字, spaces), mapped back to the text;
- known.py: what identifies a case (names, address parts, phones) as needles with labels;
- text.py: the passes over one free text (:func:`anonymise_text`);
- generalise.py: relative dates, age bands, coarse values of rare attributes.
"""

from .generalise import age_band, age_band_between, care_level_label, relative_date, sex_label
from .known import KnownIdentifiers, Needle, address_parts
from .text import anonymise_text

__all__ = [
    "KnownIdentifiers",
    "Needle",
    "address_parts",
    "age_band",
    "age_band_between",
    "anonymise_text",
    "care_level_label",
    "relative_date",
    "sex_label",
]
