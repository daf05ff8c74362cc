"""Score the report reader against annotated reports: the seeds and the corpus.

    .venv/bin/python bench/extraction.py [--seeds DIR] [--corpus DIR] [--coder learned|rules]
                                         [--folds N] [-v] [--json]

Gold files: <seeds>/gold/*.json and <corpus>/*.json with "kind": "annual_report"
(work plans are skipped). A predicted figure matches a gold one when value,
unit (and the upper end of a range, ``high``) are equal and its span overlaps
an occurrence of the gold quote in the text; matching is one-to-one (maximum
bipartite matching). Coded figures additionally need equal catalogue codes and
only facts with a code (predicted or gold) take part.

Scores printed:

* seeds (in-sample): the shipped coder, which learned from the seeds too;
* seeds, leave-one-document-out: the coder trained without the scored seed;
* corpus, leave-one-document-out (``--folds N``: N folds by document): the coder
  trained on the seeds and every other corpus document, the score to trust.

With ``--coder rules`` the catalogue-only coder (no learning) is scored, the
reader as it was before the corpus. Section flags are scored on full reports
only (corpus excerpts carry ``"sections": null``). Speed is reports per second
on the seed texts (CPU time of one core); linearity is the time for the longest
seed repeated four times over the time for it once (≈ 4 when reading is linear
in the text's length; printed, not asserted). Exit status 1 when the seeds are
missing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.test")

from fazhi.analysis import coder_examples, corpus_gold, learned  # noqa: E402
from fazhi.analysis.coding import Coder, default_coder  # noqa: E402
from fazhi.analysis.reader import analyze_text  # noqa: E402

SECTION_FLAGS = ("measures_and_results", "shortcomings", "first_responsible_duty", "next_year_plan")
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
DEFAULT_CORPUS = ROOT / "bench" / "corpus"


@dataclass
class Doc:
    name: str
    text: str
    gold: dict


def load_docs(gold_dir: Path, text_dir: Path, local_codes: Sequence[dict] = ()) -> list[Doc]:
    """Annual-report annotations; ``local_codes`` fills in the codes of the
    project's catalogue additions for gold annotated against the design one."""
    out = []
    for gpath in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        if gold.get("kind") != "annual_report":
            continue
        gold = corpus_gold.apply_local_codes(gold, local_codes)
        out.append(Doc(gold["doc"], (text_dir / gold["doc"]).read_text(encoding="utf-8"), gold))
    return out


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
    if (pred.get("high") is None) != (gold.get("high") is None):
        return False
    if gold.get("high") is not None and abs(float(pred["high"]) - float(gold["high"])) > 1e-6:
        return False
    return any(pred["start"] < e and s < pred["end"] for s, e in spans)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


KEYS = ("tp", "pred", "gold", "ctp", "cpred", "cgold", "flags", "flags_ok", "regions", "regions_ok")


def score_doc(doc: Doc, coder: Coder, verbose: bool = False) -> dict[str, int]:
    """Counts for one document read with ``coder``."""
    t = dict.fromkeys(KEYS, 0)
    result = analyze_text(doc.text, doc.name, coder=coder).to_dict()
    preds = result["facts"]
    gfacts = doc.gold["facts"]
    spans = [occurrences(doc.text, g["quote"]) for g in gfacts]
    pairs = _matching(len(preds), len(gfacts), lambda p, g: _same_figure(preds[p], gfacts[g], spans[g]))
    t["tp"], t["pred"], t["gold"] = len(pairs), len(preds), len(gfacts)
    cp = [p for p in preds if p.get("code")]
    cg = [g for g in gfacts if g.get("code")]
    cspans = [occurrences(doc.text, g["quote"]) for g in cg]
    cpairs = _matching(
        len(cp),
        len(cg),
        lambda p, g: cp[p]["code"] == cg[g]["code"] and _same_figure(cp[p], cg[g], cspans[g]),
    )
    t["ctp"], t["cpred"], t["cgold"] = len(cpairs), len(cp), len(cg)
    if doc.gold.get("region") and doc.gold["region"] in doc.text:
        # (an excerpt that does not name its region has nothing to find)
        t["regions"] += 1
        t["regions_ok"] += int(result["region"] == doc.gold["region"])
    if doc.gold.get("sections"):
        for flag in SECTION_FLAGS:
            t["flags"] += 1
            t["flags_ok"] += int(bool(result["sections"].get(flag)) == bool(doc.gold["sections"][flag]))
    if verbose:
        _explain(doc.name, preds, gfacts, pairs, cp, cg, cpairs)
    return t


def summarise(counts: Sequence[dict[str, int]]) -> dict[str, float]:
    tot = {k: sum(c[k] for c in counts) for k in KEYS}
    p, r, f = prf(tot["tp"], tot["pred"], tot["gold"])
    cp, cr, cf = prf(tot["ctp"], tot["cpred"], tot["cgold"])
    return {
        "reports": len(counts),
        "figure_precision": p,
        "figure_recall": r,
        "figure_f1": f,
        "figures_predicted": tot["pred"],
        "figures_gold": tot["gold"],
        "figures_matched": tot["tp"],
        "coded_precision": cp,
        "coded_recall": cr,
        "coded_f1": cf,
        "coded_predicted": tot["cpred"],
        "coded_gold": tot["cgold"],
        "coded_matched": tot["ctp"],
        "section_accuracy": tot["flags_ok"] / tot["flags"] if tot["flags"] else None,
        "region_accuracy": tot["regions_ok"] / tot["regions"] if tot["regions"] else None,
        "regions": tot["regions"],
    }


def held_out(
    docs: Sequence[Doc],
    always: Sequence[Doc],
    train: Callable[[Sequence[Doc]], Coder],
    folds: int = 0,
    verbose: bool = False,
) -> dict[str, float]:
    """Score every document of ``docs`` with a coder trained without it (and
    without the rest of its fold): leave-one-document-out when ``folds`` is 0."""
    n = len(docs)
    k = n if not folds or folds >= n else folds
    counts = []
    for fold in range(k):
        test = [d for i, d in enumerate(docs) if i % k == fold]
        rest = [d for i, d in enumerate(docs) if i % k != fold]
        coder = train([*always, *rest])
        counts.extend(score_doc(d, coder, verbose) for d in test)
    return summarise(counts)


_EXAMPLES: dict[str, list] = {}


def trainer(kind: str, **kw: float) -> Callable[[Sequence[Doc]], Coder]:
    if kind == "rules":
        return lambda docs: default_coder()

    def examples(d: Doc) -> list:
        if d.name not in _EXAMPLES:  # the reader's context does not depend on the coder
            _EXAMPLES[d.name] = coder_examples.examples_from_gold(d.text, d.gold["facts"], d.name)
        return _EXAMPLES[d.name]

    def train(docs: Sequence[Doc]) -> Coder:
        return learned.train_coder([e for d in docs for e in examples(d)], **kw)

    return train


def speed(texts: Sequence[tuple[str, str]], coder: Coder) -> float:
    """Reports per second of CPU time of this process (one core; other work on
    the machine does not count against it)."""
    t0 = time.process_time()
    rounds = 0
    while rounds < 3 or time.process_time() - t0 < 1.0:
        for name, text in texts:
            analyze_text(text, name, coder=coder)
        rounds += 1
    elapsed = time.process_time() - t0
    return len(texts) * rounds / elapsed if elapsed else 0.0


def linearity(text: str, coder: Coder, times: int = 4) -> dict[str, float]:
    """CPU time to read ``text`` and ``text`` repeated ``times`` times (one
    report after the other, as a long document); the ratio should be about
    ``times`` if reading is linear in the length of the text."""
    long = "\n".join([text] * times)
    one = many = float("inf")
    for _ in range(5):  # the least of five, alternating: other work on the machine only adds
        for t in (text, long):
            t0 = time.process_time()
            analyze_text(t, "linearity", coder=coder)
            spent = time.process_time() - t0
            if t is text:
                one = min(one, spent)
            else:
                many = min(many, spent)
    return {"chars": len(text), "times": times, "one": one, "many": many,
            "ratio": many / one if one else 0.0}


def run(
    seeds: Path, corpus: Path, kind: str, folds: int, verbose: bool, **kw: float
) -> dict[str, dict]:
    local_codes = corpus_gold.load_local_codes(corpus / "seed_local_codes.json")
    seed_docs = load_docs(seeds / "gold", seeds, local_codes)
    corpus_docs = load_docs(corpus, corpus) if corpus.is_dir() else []
    train = trainer(kind, **kw)
    if kind == "rules":
        shipped: Coder = default_coder()
    else:
        shipped = learned.train_coder(coder_examples.load_examples(), **kw) if kw else learned.shipped_coder()
    out: dict[str, dict] = {
        "seeds": summarise([score_doc(d, shipped, verbose) for d in seed_docs]),
        "seeds_held_out": held_out(seed_docs, corpus_docs, train, 0, verbose),
    }
    if corpus_docs:
        out["corpus_held_out"] = held_out(corpus_docs, seed_docs, train, folds, verbose)
    out["speed"] = {"reports_per_second": speed([(d.name, d.text) for d in seed_docs], shipped)}
    if seed_docs:
        longest = max(seed_docs, key=lambda d: len(d.text))
        out["linearity"] = linearity(longest.text, shipped)
    return out


def _explain(doc, preds, gfacts, pairs, cp, cg, cpairs) -> None:
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


def _line(label: str, s: dict) -> str:
    sec = "" if s["section_accuracy"] is None else f"  sections {s['section_accuracy']:.3f}"
    if s["region_accuracy"] is not None:
        sec += f"  regions {s['region_accuracy']:.3f}"
    return (
        f"{label:<22} figures P {s['figure_precision']:.3f} R {s['figure_recall']:.3f} "
        f"F1 {s['figure_f1']:.3f} ({s['figures_matched']}/{s['figures_predicted']}/{s['figures_gold']})"
        f"   coded P {s['coded_precision']:.3f} R {s['coded_recall']:.3f} F1 {s['coded_f1']:.3f}"
        f" ({s['coded_matched']}/{s['coded_predicted']}/{s['coded_gold']}){sec}   [{s['reports']} reports]"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--coder", choices=("learned", "rules"), default="learned")
    ap.add_argument("--folds", type=int, default=0, help="k-fold by document (0: leave one out)")
    ap.add_argument("--threshold", type=float, help="abstention threshold of the learned coder")
    ap.add_argument("--temperature", type=float, help="naive Bayes temperature of the learned coder")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = ap.parse_args(argv)
    if not (args.seeds / "gold").is_dir():
        print(f"no gold annotations under {args.seeds}", file=sys.stderr)
        return 1
    kw = {k: v for k in ("threshold", "temperature") if (v := getattr(args, k)) is not None}
    s = run(args.seeds, args.corpus, args.coder, args.folds, args.verbose, **kw)
    if args.json:
        print(json.dumps(s, indent=2))
        return 0
    print(f"coder: {args.coder}   (matched/predicted/gold)")
    print(_line("seeds (in-sample)", s["seeds"]))
    print(_line("seeds (held out)", s["seeds_held_out"]))
    if "corpus_held_out" in s:
        label = f"corpus ({args.folds}-fold)" if args.folds else "corpus (held out)"
        print(_line(label, s["corpus_held_out"]))
    print(f"speed                  {s['speed']['reports_per_second']:.1f} reports/s (seed texts, one core)")
    if "linearity" in s:
        lin = s["linearity"]
        print(
            f"linearity              {lin['ratio']:.2f}× the time for the longest seed repeated"
            f" {lin['times']}× ({lin['chars']} chars: {lin['one'] * 1000:.1f} ms,"
            f" {lin['times'] * lin['chars']} chars: {lin['many'] * 1000:.1f} ms; linear ≈ {lin['times']})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
