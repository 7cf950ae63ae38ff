from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "tsunagu.tenancy"
    verbose_name = "自治体・窓口・関係機関"
