"""Small readouts of the case page's summary header."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from .models import Person
from .models.persons import whole_years


def age_label(person: Person, today: datetime.date) -> str:
    """The person's age on ``today`` (a local date) from what is known of the birth date:
    「52歳」, a range 「52〜53歳」 for a partial date or a stated age, 「不明」."""
    birth = person.birth
    earliest, latest = birth.earliest(), birth.latest()
    if earliest is None or latest is None:
        return _("不明")
    youngest = max(whole_years(latest, today), 0)
    oldest = max(whole_years(earliest, today), 0)
    if youngest == oldest:
        return _("%(age)d歳") % {"age": youngest}
    return _("%(low)d〜%(high)d歳") % {"low": youngest, "high": oldest}
