"""``fazhi train_coder [--corpus DIR] [--seeds DIR] [--no-corrections]``

Rebuilds the examples the shipped coder learns from
(``fazhi/analysis/data/coder_examples.json``): every annotated figure of the
development corpus (``bench/corpus``), of the seed reports (``../shared/seeds``,
when present) and every code an office corrected on a report page. The coder
trains on them when first used; nothing else has to be rebuilt.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from fazhi.analysis import coder_examples, corpus_gold, learned


class Command(BaseCommand):
    help = "重建报告解读的归类样本（开发语料、种子报告、报告页上的更正）"

    def add_arguments(self, parser: CommandParser) -> None:
        base = Path(settings.BASE_DIR)
        parser.add_argument("--corpus", type=Path, default=base / "bench" / "corpus")
        parser.add_argument("--seeds", type=Path, default=base.parent / "shared" / "seeds")
        parser.add_argument("--no-corrections", action="store_true", help="不使用数据库中的更正")
        parser.add_argument("--output", type=Path, default=coder_examples.EXAMPLES_PATH)

    def handle(self, *args: Any, **opts: Any) -> None:
        examples: list[coder_examples.Example] = []
        counts: dict[str, int] = {}
        local_codes = corpus_gold.load_local_codes(opts["corpus"] / "seed_local_codes.json")
        for label, gold_dir, text_dir in (
            ("开发语料", opts["corpus"], opts["corpus"]),
            ("种子报告", opts["seeds"] / "gold", opts["seeds"]),
        ):
            got = corpus_gold.examples_from_folder(gold_dir, text_dir, local_codes)
            counts[label] = len(got)
            examples.extend(got)
        if not opts["no_corrections"]:
            from fazhi.analysis.corrections import correction_examples

            got = correction_examples()
            counts["报告页更正"] = len(got)
            examples.extend(got)
        coder_examples.save_examples(examples, opts["output"])
        learned.shipped_coder.cache_clear()
        parts = "，".join(f"{k}{v}条" for k, v in counts.items())
        self.stdout.write(f"已写入{len(examples)}条归类样本（{parts}）：{opts['output']}")
