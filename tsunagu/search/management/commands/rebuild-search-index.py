"""`tsunagu rebuild-search-index [--batch-size N] [--municipalities CODES] [--cluster]
[--cluster-only]`."""

from django.core.management.base import BaseCommand

from tsunagu.search.index import cluster_by_reading, rebuild, vacuum_analyze
from tsunagu.tenancy.models import Municipality


class Command(BaseCommand):
    help = "本人の検索索引を作り直します（バッチ単位。PostgreSQL では最後に VACUUM ANALYZE）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--municipalities", default="", help="地方公共団体コード（カンマ区切り）"
        )
        parser.add_argument(
            "--cluster",
            action="store_true",
            help="作り直した後、索引を読みの順に並べ替える（PostgreSQL の CLUSTER。実行中は検索が待たされます）",
        )
        parser.add_argument(
            "--cluster-only",
            action="store_true",
            help="作り直さずに読みの順への並べ替えだけを行う（夜間の保守作業向け）",
        )

    def handle(self, *args, **options) -> None:
        if options["cluster_only"]:
            self._cluster()
            return
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
        if options["cluster"]:
            self._cluster()

    def _cluster(self) -> None:
        if cluster_by_reading():
            self.stdout.write("clustered=1")
        else:
            self.stdout.write("clustered=0（SQLite では並べ替えは不要です）")
