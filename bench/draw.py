"""Benchmark of the 双随机 draw (fazhi.enforcement.draw): 100,000 entities over the
four credit-risk grades and 1,000 inspectors, with conflicts; the draw and its
verification must each take at most a couple of seconds.

    .venv/bin/python bench/draw.py
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fazhi.enforcement.draw import DEFAULT_RATIOS, record, verify  # noqa: E402


def main(n_entities: int = 100_000, n_inspectors: int = 1_000) -> None:
    rng = random.Random(2026)
    grades = rng.choices("ABCD", weights=(30, 50, 15, 5), k=n_entities)
    entities = [(f"E{i:06d}", g) for i, g in enumerate(grades)]
    inspectors = [f"37150{i:04d}" for i in range(n_inspectors)]
    excluded = [(rng.choice(inspectors), rng.choice(entities)[0]) for _ in range(5_000)]
    start = time.perf_counter()
    rec = record(seed="2026-12-01 上证综指收盘 3456.78", seed_source="bench", region="莘县",
                 item="食品经营抽查", departments=["县市场监管局"], ratios=DEFAULT_RATIOS,
                 entities=entities, inspectors=inspectors, excluded=excluded)
    drawn = time.perf_counter() - start
    start = time.perf_counter()
    problems = verify(rec)
    verified = time.perf_counter() - start
    n = sum(len(v) for v in rec["selected"].values())
    print(f"draw: {n_entities} entities, {n_inspectors} inspectors, {len(excluded)} exclusions -> "
          f"{n} drawn, {len(rec['unstaffed'])} unstaffed; draw {drawn:.2f} s, verify {verified:.2f} s")
    assert not problems, problems
    assert drawn <= 2.0 and verified <= 2.0, "slower than the couple of seconds allowed"


if __name__ == "__main__":
    main()
