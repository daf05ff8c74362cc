"""Figures typed by hand, checked: the report reader (fazhi.analysis) reads
the draft as it would read any published report, and each figure whose code
it knows is compared with the indicator store."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from fazhi.analysis.reader import analyze_text
from fazhi.indicators import catalogue

from . import report_figures
from .document import build
from .html_render import plain_text
from .models import AnnualReport

# Reports round rates to one decimal place.
RATE_TOLERANCE = Decimal("0.05")


@dataclass
class Contradiction:
    code: str
    quote: str
    written: Decimal
    expected: str

    @property
    def message(self) -> str:
        name = catalogue.get(self.code).name
        return f"“{self.quote}”中{name}写作{self.written.normalize():f}，系统数据为{self.expected}"


def contradictions(report: AnnualReport) -> list[Contradiction]:
    values = report_figures.year_values(report)
    reported = report_figures._reported(report)  # noqa: SLF001 - same package
    snapshots = {f.code: f.snapshot for f in report.figures.all()}
    analysis = analyze_text(plain_text(build(report)))
    out = []
    for fact in analysis.facts:
        if not fact.code:
            continue
        written = Decimal(str(fact.value))
        stored = values.get(fact.code)
        expected = stored.value if stored is not None else (
            reported[fact.code].value if fact.code in reported else None)
        if expected is None:
            continue
        ind = catalogue.get(fact.code)
        tolerance = RATE_TOLERANCE if ind.kind == "rate" else Decimal(0)
        if abs(written - expected) <= tolerance:
            continue
        snap = snapshots.get(fact.code)
        if snap is not None and abs(written - snap) <= tolerance:
            continue  # a figure taken earlier and now stale: shown as stale, not here
        shown = stored.display if stored is not None else reported[fact.code].text
        out.append(Contradiction(fact.code, fact.quote, written, shown))
    return out
