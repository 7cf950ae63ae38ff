"""Staff navigation built from the user's roles (role_tables.ROLE_HOME_SECTIONS)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import memberships_for
from tsunagu.accounts.role_tables import ROLE_HOME_SECTIONS

SECTIONS = {
    "dashboard": (_("ダッシュボード"), "dashboard"),
    "team": (_("チームの状況"), "team-view"),
    "approvals": (_("承認待ち"), "approval-waiting"),
    "intake": (_("受付"), "intake-list"),
    "persons": (_("本人検索"), "person-search"),
    "cases": (_("ケース一覧"), "case-list"),
    "unassigned": (_("未割当のケース"), "case-unassigned"),
    "handoffs": (_("引き継ぎ"), "handoff-inbox"),
    "referrals_received": (_("届いたおつなぎ"), "referral-inbox"),
    "concern_triage": (_("民生委員からの連絡"), "concern-list"),
    "bookings": (_("相談の予約"), "staff-bookings"),
    "booking_rules": (_("予約の設定"), "staff-booking-rules"),
    "meetings": (_("会議"), "meeting-list"),
    "programmes": (_("プログラム・居場所"), "programme-list"),
    "concerns": (_("気になる方の連絡"), "concern-mine"),
    "intake_forms": (_("受付票の様式"), "intake-forms"),
    "routing": (_("振り分けルール"), "routing-index"),
    "windows": (_("相談窓口"), "public-home"),
    "staff": (_("職員と所属"), "staff-list"),
    "admin_windows": (_("相談窓口の設定"), "admin-windows"),
    "admin_organizations": (_("関係機関・団体の設定"), "admin-organizations"),
    "resources": (_("社会資源の案内"), "staff-resources"),
    "audit": (_("監査ログ"), "audit-log"),
    "imports": (_("データの取り込み"), "import-list"),
    "reports": (_("集計・報告"), "report-index"),
    "roles": (_("役割の設定"), "role-settings"),
    "casework_settings": (_("ケースワーク設定"), "casework-settings"),
    "municipalities": (_("自治体"), "public-home"),
    "public": (_("公開情報"), "public-home"),
    "programme_statistics": (_("プログラムの実績"), "programme-statistics"),
    "announcements": (_("お知らせ・広報"), "announcement-list"),
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
