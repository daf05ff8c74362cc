"""The learned coder's precision/recall curve on the corpus, held out by document.

    .venv/bin/python bench/coder_curve.py [--corpus DIR] [--seeds DIR] [--dump FILE]

Every corpus document is read by a coder trained on the seeds and the other
corpus documents (as ``bench/extraction.py`` does), with no abstention: each
figure keeps the coder's best code and its confidence (``LearnedCoder.assess``).
A figure the reader finds is paired with the gold figure it matches (value,
unit, quote); it is right when the codes are equal. The curve is coded
precision, recall and F1 for every threshold on the confidence (breakdown
items inherit their total's code only when it is coded, so a point of the
curve can differ slightly from ``bench/extraction.py --threshold``).
``--dump`` writes every figure (doc, quote, value, unit, gold and predicted
code, confidence and the opinions behind it) as JSON lines, for error analysis.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import extraction as bench  # noqa: E402

from fazhi.analysis import learned  # noqa: E402
from fazhi.analysis.coding import Coder  # noqa: E402
from fazhi.analysis.reader import analyze_text  # noqa: E402


class _Assessing(Coder):
    """Codes every figure with its best code (no threshold) and remembers why."""

    def __init__(self, inner: learned.LearnedCoder) -> None:  # (no catalogue of its own)
        self.inner = inner
        self.seen: list[learned.Assessment] = []

    def decide(self, *args: str, **kwargs: str) -> tuple[str | None, float]:
        a = self.inner.assess(*args, **kwargs)
        self.seen.append(a)
        return a.code, a.confidence


def records(docs: Sequence[bench.Doc], always: Sequence[bench.Doc], **kw: float) -> list[dict]:
    """One row per figure found or gold, every document read by a coder trained without it."""
    train = bench.trainer("learned", threshold=0.0, **kw)
    rows: list[dict] = []
    for i, doc in enumerate(docs):
        coder = _Assessing(train([*always, *(d for j, d in enumerate(docs) if j != i)]))
        preds = analyze_text(doc.text, doc.name, coder=coder).to_dict()["facts"]
        gfacts = doc.gold["facts"]
        spans = [bench.occurrences(doc.text, g["quote"]) for g in gfacts]
        pairs = dict(bench._matching(
            len(preds), len(gfacts),
            lambda p, g, preds=preds, gfacts=gfacts, spans=spans: bench._same_figure(
                preds[p], gfacts[g], spans[g]),
        ))
        seen = coder.seen if len(coder.seen) == len(preds) else [None] * len(preds)
        for p, f in enumerate(preds):
            g = gfacts[pairs[p]] if p in pairs else None
            a = seen[p]
            rows.append({
                "doc": doc.name, "quote": f["quote"], "value": f["value"], "unit": f["unit"],
                "code": f["code"], "confidence": f["confidence"],
                "gold": None if g is None else (g.get("code") or None), "found": g is not None,
                "phrase": f["phrase"],
                **({} if a is None else {
                    "agreed": a.agreed, "rule_best": a.rule_best, "rule_score": a.rule_score,
                    "nb_best": a.nb_best, "nb_posterior": a.nb_posterior, "near": a.near}),
            })
        for g in (g for k, g in enumerate(gfacts) if k not in pairs.values()):
            rows.append({"doc": doc.name, "quote": g["quote"], "value": g["value"],
                         "unit": g["unit"], "code": None, "confidence": 0.0,
                         "gold": g.get("code") or None, "found": False, "phrase": ""})
    return rows


def curve(rows: Sequence[dict], thresholds: Sequence[float]) -> list[tuple[float, float, float, float]]:
    n_gold = sum(1 for r in rows if r["gold"])
    out = []
    for t in thresholds:
        coded = [r for r in rows if r["code"] and r["confidence"] >= t]
        ok = sum(1 for r in coded if r["code"] == r["gold"])
        p, r_, f = bench.prf(ok, len(coded), n_gold)
        out.append((t, p, r_, f))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=bench.DEFAULT_SEEDS)
    ap.add_argument("--corpus", type=Path, default=bench.DEFAULT_CORPUS)
    ap.add_argument("--temperature", type=float)
    ap.add_argument("--weights", default="", help="part weights to try, e.g. t=1,c=0.5")
    ap.add_argument("--dump", type=Path, help="write every figure as JSON lines")
    args = ap.parse_args(argv)
    for item in filter(None, args.weights.split(",")):
        part, _, w = item.partition("=")
        learned.WEIGHTS[part] = float(w)
    kw = {"temperature": args.temperature} if args.temperature else {}
    local_codes = learned.load_local_codes(args.corpus / "seed_local_codes.json")
    seeds = bench.load_docs(args.seeds / "gold", args.seeds, local_codes) \
        if (args.seeds / "gold").is_dir() else []
    docs = bench.load_docs(args.corpus, args.corpus)
    rows = records(docs, seeds, **kw)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("threshold  coded P  coded R  coded F1")
    for t, p, r, f in curve(rows, [x / 20 for x in range(21)]):
        print(f"{t:9.2f}  {p:7.3f}  {r:7.3f}  {f:8.3f}")
    points = curve(rows, sorted({r["confidence"] for r in rows if r["code"]}))
    best = max(points, key=lambda x: x[3])
    print(f"best F1 {best[3]:.3f} at {best[0]:.3f} (P {best[1]:.3f} R {best[2]:.3f})")
    for floor in (0.85, 0.90, 0.95):
        ok = [x for x in points if x[1] >= floor]
        if ok:
            t, p, r, f = max(ok, key=lambda x: x[3])
            print(f"P ≥ {floor:.2f}: best F1 {f:.3f} at {t:.3f} (P {p:.3f} R {r:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
