"""`tsunagu generate-synthetic --persons N --contacts M --seed S [--municipalities CODES]`."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tsunagu.search.synthetic.run import generate


class Command(BaseCommand):
    help = "ベンチマーク用の合成データ（架空の人物・ケース・接触記録）を決定的に生成します。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--persons", type=int, required=True)
        parser.add_argument("--contacts", type=int, default=0)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--municipalities",
            default="",
            help="地方公共団体コードをカンマ区切りで（既定: 既存の自治体すべて）",
        )
        parser.add_argument(
            "--plant-rate",
            type=float,
            default=0.01,
            help="重複（表記ゆれ）を仕込む割合（既定 0.01）",
        )
        parser.add_argument(
            "--planted-file", default="", help="仕込んだ重複の対応表（JSON Lines）の出力先"
        )

    def handle(self, *args, **options) -> None:
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("本番環境では合成データを生成できません。")
        if options["persons"] < 0 or options["contacts"] < 0:
            raise CommandError("件数は0以上で指定してください。")
        codes = [c.strip() for c in options["municipalities"].split(",") if c.strip()]
        planted = Path(options["planted_file"]) if options["planted_file"] else None
        started = time.monotonic()
        report = generate(
            seed=options["seed"],
            n_persons=options["persons"],
            n_contacts=options["contacts"],
            codes=codes or None,
            plant_rate=options["plant_rate"],
            planted_file=planted,
            progress=lambda text: (
                self.stderr.write(f"  {text}") if options["verbosity"] > 1 else None
            ),
        )
        for message in report.messages:
            self.stderr.write(message)
        self.stdout.write(
            f"persons={report.persons} planted={report.planted} households={report.households} "
            f"cases={report.cases} "
            f"contacts={report.contacts} seconds={time.monotonic() - started:.1f}"
        )
