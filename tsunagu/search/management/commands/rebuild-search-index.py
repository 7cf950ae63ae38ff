"""`tsunagu rebuild-search-index [--batch-size N] [--municipalities CODES]`."""

from django.core.management.base import BaseCommand

from tsunagu.search.index import rebuild, vacuum_analyze
from tsunagu.tenancy.models import Municipality


class Command(BaseCommand):
    help = "本人の検索索引を作り直します（バッチ単位。PostgreSQL では最後に VACUUM ANALYZE）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--municipalities", default="", help="地方公共団体コード（カンマ区切り）"
        )

    def handle(self, *args, **options) -> None:
        codes = [c.strip() for c in options["municipalities"].split(",") if c.strip()]
        ids = (
            list(Municipality.objects.filter(code__in=codes).values_list("pk", flat=True))
            if codes
            else None
        )
        done = rebuild(
            batch_size=options["batch_size"],
            municipality_ids=ids,
            progress=lambda n: self.stderr.write(f"  {n:,}") if options["verbosity"] > 1 else None,
        )
        vacuum_analyze()
        self.stdout.write(f"indexed={done}")
