"""The roles a membership can carry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("システム管理者")
    MUNICIPALITY_ADMIN = "municipality_admin", _("自治体管理者")
    RECEPTION = "reception", _("受付担当")
    COUNSELLOR = "counsellor", _("相談員")
    CONTRACTED_COUNSELLOR = "contracted_counsellor", _("委託相談員")
    SUPERVISOR = "supervisor", _("スーパーバイザー")
    AGENCY_STAFF = "agency_staff", _("関係機関担当")
    WELFARE_COMMISSIONER = "welfare_commissioner", _("民生委員")
    PUBLICITY = "publicity", _("団体・広報担当")
    PREFECTURE_ANALYST = "prefecture_analyst", _("都道府県分析担当")
