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
``--nested`` also scores the choice of a threshold honestly: for each
document the threshold is chosen on the other documents' figures (the best F1,
or the best F1 with precision at least 0.90 / 0.95), globally, per kind of
unit (rate, amount, count) and per agreement of the two opinions, and a
logistic calibration of confidence → correct (confidence, the model's
posterior, the catalogue coder's score, the nearest-example closeness,
agreement, kind) is fitted on the other documents and thresholded alike.
``--dump`` writes every figure (doc, quote, value, unit, gold and predicted
code, confidence and the opinions behind it) as JSON lines, for error analysis.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import extraction as bench  # noqa: E402

from fazhi.analysis import corpus_gold, learned  # noqa: E402
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


def _group(row: dict, how: str) -> str:
    if how == "kind":
        return "rate" if row["unit"] == "%" else ("amount" if "元" in row["unit"] else "count")
    if how == "agreement":
        return "agreed" if row.get("agreed") else "not agreed"
    return ""


def _calibration_inputs(row: dict) -> list[float]:
    return [1.0, row["confidence"], row.get("nb_posterior", 0.0), row.get("rule_score", 0.0),
            row.get("near", 1.0), float(bool(row.get("agreed"))), float(row["unit"] == "%"),
            float("元" in row["unit"])]


def _logistic(xs: Sequence[list[float]], ys: Sequence[float], rounds: int = 300) -> list[float]:
    """Logistic regression by gradient descent (L2 on the weights, not the bias)."""
    w = [0.0] * len(xs[0])
    n = len(xs) or 1
    for _ in range(rounds):
        grad = [0.0] * len(w)
        for x, y in zip(xs, ys, strict=True):
            z = max(-30.0, min(30.0, sum(a * b for a, b in zip(w, x, strict=True))))
            err = 1 / (1 + math.exp(-z)) - y
            for j, xj in enumerate(x):
                grad[j] += err * xj
        w = [wj - 0.5 * (g / n + (wj / n if j else 0.0)) for j, (wj, g) in enumerate(zip(w, grad, strict=True))]
    return w


def nested(rows: Sequence[dict], floor: float | None, how: str = "", score: str = "confidence") -> tuple:
    """Coded P, R, F1 when each document's threshold(s) come from the other documents."""
    docs = sorted({r["doc"] for r in rows})
    n_gold = sum(1 for r in rows if r["gold"])
    grid = [x / 50 for x in range(5, 50)]
    chosen: list[dict] = []
    for d in docs:
        train = [r for r in rows if r["doc"] != d and r["code"]]
        gold_train = sum(1 for r in rows if r["doc"] != d and r["gold"])
        groups = sorted({_group(r, how) for r in train})
        ts = dict.fromkeys(groups, 0.3)

        def value(ts: dict, train: list = train, gold_train: int = gold_train) -> float:
            sel = [r for r in train if r[score] >= ts.get(_group(r, how), 0.3)]
            ok = sum(1 for r in sel if r["code"] == r["gold"])
            p, _, f = bench.prf(ok, len(sel), gold_train)
            return f if floor is None or p >= floor else p - 1.0

        for _ in range(2):  # coordinate ascent over the groups' thresholds
            for g in groups:
                ts[g] = max(grid, key=lambda t, g=g: value({**ts, g: t}))
        chosen += [r for r in rows if r["doc"] == d and r["code"]
                   and r[score] >= ts.get(_group(r, how), 0.3)]
    ok = sum(1 for r in chosen if r["code"] == r["gold"])
    return bench.prf(ok, len(chosen), n_gold)


def calibrate(rows: Sequence[dict]) -> None:
    """Each document's figures get a calibrated probability fitted on the others'."""
    coded = [r for r in rows if r["code"]]
    for d in sorted({r["doc"] for r in coded}):
        train = [r for r in coded if r["doc"] != d]
        w = _logistic([_calibration_inputs(r) for r in train],
                      [float(r["code"] == r["gold"]) for r in train])
        for r in coded:
            if r["doc"] == d:
                z = sum(a * b for a, b in zip(w, _calibration_inputs(r), strict=True))
                r["calibrated"] = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
    for r in rows:
        r.setdefault("calibrated", 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=bench.DEFAULT_SEEDS)
    ap.add_argument("--corpus", type=Path, default=bench.DEFAULT_CORPUS)
    ap.add_argument("--temperature", type=float)
    ap.add_argument("--weights", default="", help="part weights to try, e.g. t=1,c=0.5")
    ap.add_argument("--nested", action="store_true",
                    help="thresholds and calibration chosen on the other documents")
    ap.add_argument("--dump", type=Path, help="write every figure as JSON lines")
    args = ap.parse_args(argv)
    for item in filter(None, args.weights.split(",")):
        part, _, w = item.partition("=")
        learned.WEIGHTS[part] = float(w)
    kw = {"temperature": args.temperature} if args.temperature else {}
    local_codes = corpus_gold.load_local_codes(args.corpus / "seed_local_codes.json")
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
    if args.nested:
        calibrate(rows)
        print("chosen on the other documents        best F1              P ≥ 0.90             P ≥ 0.95")
        for label, how, score in (("one threshold", "", "confidence"),
                                  ("per kind of unit", "kind", "confidence"),
                                  ("per agreement", "agreement", "confidence"),
                                  ("logistic calibration", "", "calibrated")):
            cells = []
            for floor in (None, 0.90, 0.95):
                p, r, f = nested(rows, floor, how, score)
                cells.append(f"P {p:.3f} R {r:.3f} F1 {f:.3f}")
            print(f"{label:<22} " + "  ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
