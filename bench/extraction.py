"""Score the report reader against the gold annotations of the seed reports.

    .venv/bin/python bench/extraction.py [--seeds DIR] [-v]

Gold files: <seeds>/gold/*.json with "kind": "annual_report" (work plans are
skipped). A predicted figure matches a gold one when value and unit are equal
and its span overlaps an occurrence of the gold quote in the text; matching is
one-to-one (maximum bipartite matching). Coded figures additionally need equal
catalogue codes and only facts with a code (predicted or gold) take part.
Prints precision / recall / F1 for both, section-flag accuracy and reports per
second. Exit status 1 when the seeds are missing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.test")

from fazhi.analysis.reader import analyze_text  # noqa: E402

SECTION_FLAGS = ("measures_and_results", "shortcomings", "first_responsible_duty", "next_year_plan")
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"


def occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    out, i = [], text.find(quote)
    while i >= 0 and quote:
        out.append((i, i + len(quote)))
        i = text.find(quote, i + 1)
    return out


def _matching(n_pred: int, n_gold: int, ok: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """Maximum bipartite matching between predictions and gold facts."""
    adj = [[g for g in range(n_gold) if ok(p, g)] for p in range(n_pred)]
    gold_of: dict[int, int] = {}

    def augment(p: int, seen: set[int]) -> bool:
        for g in adj[p]:
            if g in seen:
                continue
            seen.add(g)
            if g not in gold_of or augment(gold_of[g], seen):
                gold_of[g] = p
                return True
        return False

    for p in range(n_pred):
        augment(p, set())
    return [(p, g) for g, p in gold_of.items()]


def _same_figure(pred: dict, gold: dict, spans: list[tuple[int, int]]) -> bool:
    if abs(float(pred["value"]) - float(gold["value"])) > 1e-6 or pred["unit"] != gold["unit"]:
        return False
    return any(pred["start"] < e and s < pred["end"] for s, e in spans)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(seeds: Path, verbose: bool = False) -> dict[str, float]:
    golds = sorted((seeds / "gold").glob("*.json"))
    totals = {
        "tp": 0,
        "pred": 0,
        "gold": 0,
        "ctp": 0,
        "cpred": 0,
        "cgold": 0,
        "flags": 0,
        "flags_ok": 0,
    }
    texts: list[tuple[str, str]] = []
    for gpath in golds:
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        if gold.get("kind") != "annual_report":
            continue
        text = (seeds / gold["doc"]).read_text(encoding="utf-8")
        texts.append((gold["doc"], text))
        result = analyze_text(text, gold["doc"]).to_dict()
        preds = result["facts"]
        gfacts = gold["facts"]
        spans = [occurrences(text, g["quote"]) for g in gfacts]
        pairs = _matching(
            len(preds),
            len(gfacts),
            lambda p, g, preds=preds, gfacts=gfacts, spans=spans: _same_figure(
                preds[p], gfacts[g], spans[g]
            ),
        )
        totals["tp"] += len(pairs)
        totals["pred"] += len(preds)
        totals["gold"] += len(gfacts)
        cp = [p for p in preds if p.get("code")]
        cg = [g for g in gfacts if g.get("code")]
        cspans = [occurrences(text, g["quote"]) for g in cg]
        cpairs = _matching(
            len(cp),
            len(cg),
            lambda p, g, cp=cp, cg=cg, cspans=cspans: (
                cp[p]["code"] == cg[g]["code"] and _same_figure(cp[p], cg[g], cspans[g])
            ),
        )
        totals["ctp"] += len(cpairs)
        totals["cpred"] += len(cp)
        totals["cgold"] += len(cg)
        for flag in SECTION_FLAGS:
            totals["flags"] += 1
            totals["flags_ok"] += int(
                bool(result["sections"].get(flag)) == bool(gold["sections"][flag])
            )
        if verbose:
            _explain(gold["doc"], preds, gfacts, pairs, cp, cg, cpairs, result, gold)
    n_reports = len(texts)
    t0 = time.perf_counter()
    rounds = 0
    while rounds < 3 or time.perf_counter() - t0 < 1.0:
        for name, text in texts:
            analyze_text(text, name)
        rounds += 1
    elapsed = time.perf_counter() - t0
    p, r, f = prf(totals["tp"], totals["pred"], totals["gold"])
    cp_, cr_, cf_ = prf(totals["ctp"], totals["cpred"], totals["cgold"])
    return {
        "reports": n_reports,
        "figure_precision": p,
        "figure_recall": r,
        "figure_f1": f,
        "figures_predicted": totals["pred"],
        "figures_gold": totals["gold"],
        "figures_matched": totals["tp"],
        "coded_precision": cp_,
        "coded_recall": cr_,
        "coded_f1": cf_,
        "coded_predicted": totals["cpred"],
        "coded_gold": totals["cgold"],
        "coded_matched": totals["ctp"],
        "section_accuracy": totals["flags_ok"] / totals["flags"] if totals["flags"] else 1.0,
        "reports_per_second": n_reports * rounds / elapsed if elapsed else 0.0,
    }


def _explain(doc, preds, gfacts, pairs, cp, cg, cpairs, result, gold) -> None:
    print(f"== {doc}")
    mp = {p for p, _ in pairs}
    mg = {g for _, g in pairs}
    for i, p in enumerate(preds):
        if i not in mp:
            print(f"  FP  {p['value']:>10} {p['unit']:<4} {p['code'] or '-':<32} {p['quote']}")
    for i, g in enumerate(gfacts):
        if i not in mg:
            print(f"  FN  {g['value']:>10} {g['unit']:<4} {g.get('code') or '-':<32} {g['quote']}")
    cmp_ = {p for p, _ in cpairs}
    cmg = {g for _, g in cpairs}
    for i, p in enumerate(cp):
        if i not in cmp_:
            print(f"  cFP {p['value']:>10} {p['unit']:<4} {p['code']:<32} {p['quote']}")
    for i, g in enumerate(cg):
        if i not in cmg:
            print(f"  cFN {g['value']:>10} {g['unit']:<4} {g['code']:<32} {g['quote']}")
    for flag in SECTION_FLAGS:
        if bool(result["sections"].get(flag)) != bool(gold["sections"][flag]):
            print(
                f"  section {flag}: predicted {result['sections'].get(flag)}, gold {gold['sections'][flag]}"
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = ap.parse_args(argv)
    if not (args.seeds / "gold").is_dir():
        print(f"no gold annotations under {args.seeds}", file=sys.stderr)
        return 1
    s = score(args.seeds, args.verbose)
    if args.json:
        print(json.dumps(s, indent=2))
        return 0
    print(f"reports               {s['reports']}")
    print(
        f"figures     P {s['figure_precision']:.3f}  R {s['figure_recall']:.3f}  F1 {s['figure_f1']:.3f}"
        f"   ({s['figures_matched']} matched, {s['figures_predicted']} predicted, {s['figures_gold']} gold)"
    )
    print(
        f"coded       P {s['coded_precision']:.3f}  R {s['coded_recall']:.3f}  F1 {s['coded_f1']:.3f}"
        f"   ({s['coded_matched']} matched, {s['coded_predicted']} predicted, {s['coded_gold']} gold)"
    )
    print(f"sections    accuracy {s['section_accuracy']:.3f}")
    print(f"speed       {s['reports_per_second']:.1f} reports/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
