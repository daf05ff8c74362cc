"""Annotated examples for the learned coder (``learned.LearnedCoder``): a
figure's context as the reader gives it to a coder, with its code; built from
gold annotations (the seeds, ``bench/corpus``, corrections made on report
pages) and from the catalogue's own names and phrasings, and kept in
``data/coder_examples.json`` (rebuilt by ``fazhi train_coder``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from fazhi.indicators import catalogue
from fazhi.indicators.catalogue import Indicator

from .coding import Coder

EXAMPLES_PATH = Path(__file__).resolve().parent / "data" / "coder_examples.json"


@dataclass
class Example:
    """One figure in its context, as ``Coder.code`` receives it, and its code."""

    unit: str
    pre: str
    local: str
    subject: str = ""
    counted: str = ""
    after: str = ""
    context: str = ""
    topic: str = ""
    code: str | None = None
    source: str = ""
    rule: tuple[str, ...] | None = None  # the catalogue coder's top codes (cached)

    def args(self) -> tuple[str, str, str, str, str, str, str, str]:
        return (
            self.unit,
            self.pre,
            self.local,
            self.subject,
            self.counted,
            self.after,
            self.context,
            self.topic,
        )



class _Recorder(Coder):
    """Codes nothing; remembers the context of every figure it is asked about."""

    def __init__(self) -> None:  # no catalogue needed
        self.calls: list[Example] = []

    def decide(self, *args: str, **kwargs: str) -> tuple[str | None, float]:
        self.calls.append(Example(*args, **kwargs))
        return None, 0.0

    def code(self, *args: str, **kwargs: str) -> str | None:  # type: ignore[override]
        return self.decide(*args, **kwargs)[0]


def _overlaps(text: str, quote: str, start: int, end: int) -> bool:
    i = text.find(quote)
    while i >= 0 and quote:
        if start < i + len(quote) and i < end:
            return True
        i = text.find(quote, i + 1)
    return False


def examples_from_gold(text: str, gold_facts: Sequence[dict], source: str = "") -> list[Example]:
    """The reader's context for every annotated figure it finds in ``text``
    (matched by value, unit and quote); figures it does not find are skipped."""
    from .facts import extract_facts  # facts imports this module's callers

    rec = _Recorder()
    facts = extract_facts(text, rec)
    out: list[Example] = []
    used: set[int] = set()
    for f, ctx in zip(facts, rec.calls, strict=True):
        for gi, g in enumerate(gold_facts):
            if gi in used or g["unit"] != f.unit or abs(float(g["value"]) - f.value) > 1e-6:
                continue
            if _overlaps(text, g["quote"], f.start, f.end):
                used.add(gi)
                ctx.code = g.get("code") or None
                ctx.source = source
                out.append(ctx)
                break
    return out


def catalogue_examples(indicators: Iterable[Indicator]) -> list[Example]:
    """The catalogue's names and phrasings as examples of their codes."""
    from .facts import extract_facts

    out: list[Example] = []
    for ind in indicators:
        if ind.kind == "boolean":
            continue
        unit = ind.unit if ind.unit not in ("场次", "件次") else ind.unit
        texts = [p.replace("N", "3").replace("YYYY", "2023") for p in ind.phrasings]
        texts.append(f"{re.sub(r'[（(][^）)]*[）)]', '', ind.name)}3{unit}")
        for t in texts:
            rec = _Recorder()
            extract_facts(t + "。", rec)
            for ctx in rec.calls:
                ctx.code = ind.code
                ctx.source = "catalogue"
                out.append(ctx)
    return out


# The local catalogue additions made for published reports (docs/analysis.md,
# "指标目录的增补"). Other local entries are figures the registers and the ledger
# compute (a finer breakdown of a design code, or a register's own step); a
# report is not coded against them, or the same sentence would get two codes.
REPORT_CODES_LOCAL: frozenset[str] = frozenset(
    {
        "GOV_SERVICE_ITEMS",
        "LICENSING_ITEMS",
        "ENFORCEMENT_CASES_TOTAL",
        "LICENSING_DECISIONS",
        "COERCIVE_MEASURES",
        "RECON_CLOSED",
        "LITIGATION_CLOSED_CASES",
        "LITIGATION_LOST_CASES",
        "AUDIT_RECOMMENDATIONS",
        "PUBLICITY_MATERIALS",
        "LEGAL_CONSULTATIONS",
        "SUGGESTIONS_SOLVED",
        "NORMATIVE_DOCS_IN_FORCE",
        "NORMATIVE_DOCS_CLEANED",
        "NORMATIVE_DOCS_CLEANED_KEPT",
        "NORMATIVE_DOCS_CLEANED_AMENDED",
        "NORMATIVE_DOCS_REPEALED",
        "NORMATIVE_DOCS_LAPSED",
    }
)


def coded_indicators() -> list[Indicator]:
    """What published reports are coded in: the design catalogue and the local
    additions made for reports."""
    design = {i.code for i in catalogue.design()}
    return [i for i in catalogue.all() if i.code in design or i.code in REPORT_CODES_LOCAL]


def load_examples(path: Path = EXAMPLES_PATH) -> list[Example]:
    if not path.exists():
        return []
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [Example(**x) for x in raw["examples"]]


def save_examples(examples: Sequence[Example], path: Path = EXAMPLES_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = []
    for x in examples:
        d = asdict(x)
        del d["rule"]  # recomputed when training: it follows the catalogue
        rows.append(d)
    data = {"examples": rows}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
