"""Staff navigation built from the user's roles (permissions.ROLE_HOME_SECTIONS)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import ROLE_HOME_SECTIONS, memberships_for

SECTIONS = {
    "persons": (_("本人・ケース"), "staff-home"),
    "cases": (_("担当ケース"), "staff-home"),
    "windows": (_("相談窓口"), "public-home"),
    "organizations": (_("関係機関・団体"), "public-home"),
    "users": (_("職員アカウント"), "staff-home"),
    "audit": (_("監査ログ"), "audit-log"),
    "municipalities": (_("自治体"), "public-home"),
    "concerns": (_("気になる方の連絡"), "staff-home"),
    "public": (_("公開情報"), "public-home"),
    "statistics": (_("統計"), "staff-home"),
}


def staff_nav(user: User, current_path: str) -> list[dict[str, object]]:
    seen: list[str] = []
    for membership in memberships_for(user):
        for section in ROLE_HOME_SECTIONS.get(membership.role, ()):
            if section not in seen:
                seen.append(section)
    items = [{"label": _("ホーム"), "url": reverse("staff-home")}]
    for section in seen:
        label, url_name = SECTIONS[section]
        items.append({"label": label, "url": reverse(url_name)})
    unique = []
    for item in items:
        if not any(u["url"] == item["url"] and u["label"] == item["label"] for u in unique):
            item["active"] = item["url"] == current_path
            unique.append(item)
    return unique
