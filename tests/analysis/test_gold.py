"""The reader against the annotated seed reports (floors from the issue)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def load_bench():
    spec = importlib.util.spec_from_file_location(
        "bench_extraction", REPO / "bench" / "extraction.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_extraction_floors(seeds: Path) -> None:
    scores = load_bench().score(seeds)
    assert scores["reports"] >= 1
    assert scores["figure_f1"] >= 0.98, scores
    assert scores["coded_f1"] >= 0.90, scores
    assert scores["section_accuracy"] >= 0.99, scores


def test_gold_quotes_locate_every_gold_fact(seeds: Path) -> None:
    import json

    bench = load_bench()
    for gold_path in sorted((seeds / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if gold.get("kind") != "annual_report":
            continue
        text = (seeds / gold["doc"]).read_text(encoding="utf-8")
        for fact in gold["facts"]:
            assert bench.occurrences(text, fact["quote"]), fact
