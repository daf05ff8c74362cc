"""Read a published annual 法治政府建设 report as data.

``analyze_document`` turns a :class:`fazhi.core.documents.Document` into a
:class:`ReportAnalysis`: outline, region, year, issuer and date, the four
required parts, every figure (with catalogue code and span) and the checks.
``analyze_path`` reads a file first and never raises for a file that cannot be
read: the result then carries a Chinese ``error`` instead.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from fazhi.core.documents import Document, DocumentError, read_path

from .checks import Check, batch_cross_checks, cross_checks, report_checks
from .coding import Coder
from .facts import Fact, extract_facts
from .outline import SECTION_KEYS, Heading, analyse_outline
from .regions import county_of_town, is_town, speaks_as_town
from .vocabulary import (
    COUNSEL_WORDS,
    TOWN_CODES,
    TOWN_COUNTERPARTS,
    TOWN_REVIEW_WORDS,
    TOWN_WORDS,
)

# An annual report runs to some tens of thousands of characters; far more is
# not a report, and reading it would only keep the server busy.
MAX_CHARS = 1_000_000


@dataclass
class ReportAnalysis:
    file: str
    region: str | None = None
    county: str | None = None  # the county (district) of a town's or street's report
    year: int | None = None
    title: str | None = None
    issuer: str | None = None
    date: date | None = None
    headings: list[Heading] = field(default_factory=list)
    sections: dict[str, bool] = field(default_factory=dict)
    section_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    error: str | None = None
    text: str = field(default="", repr=False)

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of ``fazhi analyze --json`` (one object per file)."""
        if self.error is not None:
            return {"file": self.file, "error": self.error}
        return {
            "file": self.file,
            "region": self.region,
            "county": self.county,
            "year": self.year,
            "title": self.title,
            "issuer": self.issuer,
            "date": self.date.isoformat() if self.date else None,
            "outline": [h.to_dict() for h in self.headings],
            "sections": {k: bool(self.sections.get(k)) for k in SECTION_KEYS},
            "facts": [f.to_dict() for f in self.facts],
            "checks": [c.to_dict() for c in self.checks],
        }

    def add_cross_checks(self, others: Sequence[ReportAnalysis]) -> None:
        """Compare with other analysed reports (same region: same or previous year)."""
        if self.error is None:
            peers = [o for o in others if o is not self and o.error is None]
            self.checks.extend(cross_checks(self.text, self, peers))


def _code_for_region_level(facts: list[Fact], town: bool) -> None:
    """A town's own review counts are the town's (TOWN_COUNTERPARTS); elsewhere
    a town code stands only where the figure's clause names a town or village."""
    for f in facts:
        if (
            town
            and f.code in TOWN_COUNTERPARTS
            and any(w in f.quote for w in TOWN_REVIEW_WORDS)
            and not any(w in f.quote for w in COUNSEL_WORDS)
        ):
            f.code = TOWN_COUNTERPARTS[f.code]
        elif not town and f.code in TOWN_CODES and not any(w in f.quote for w in TOWN_WORDS):
            f.code = None


def analyze_text(
    text: str,
    filename: str = "",
    others: Sequence[ReportAnalysis] = (),
    coder: Coder | None = None,
) -> ReportAnalysis:
    """Analyse the text of a report (offsets in the result refer to ``text``);
    ``coder`` codes the figures (default: the shipped coder)."""
    if len(text) > MAX_CHARS:
        return ReportAnalysis(
            file=filename,
            error=f"文件文字过多（约{len(text) // 10000}万字），超出年度报告解读的上限"
            f"（{MAX_CHARS // 10000}万字），请确认是否为法治政府建设年度报告。",
        )
    if not text.strip():
        return ReportAnalysis(file=filename, error="文件中没有可读取的文字。")
    outline = analyse_outline(text)
    facts = extract_facts(text, coder)
    plan = outline.section_spans.get("next_year_plan")
    measures = outline.section_spans.get("measures_and_results")
    if plan and measures and plan[0] > measures[0]:
        # The next year's part states tasks and targets (力争…达到100%), not
        # results of the year reported: its figures are kept, but not coded.
        # (Only a plan part after the measures: a part taken for the plan
        # before any measures is more likely a misread heading.)
        for f in facts:
            if plan[0] <= f.start < plan[1]:
                f.code = None
    _code_for_region_level(facts, speaks_as_town(text, outline.region))
    result = ReportAnalysis(
        file=filename,
        region=outline.region,
        county=county_of_town(text, outline.title, outline.region)
        if is_town(outline.region)
        else None,
        year=outline.year,
        title=outline.title,
        issuer=outline.issuer,
        date=outline.date,
        headings=outline.headings,
        sections=outline.sections,
        section_spans=outline.section_spans,
        facts=facts,
        checks=report_checks(
            text,
            facts,
            outline.sections,
            outline.date,
            outline.year,
            outline.date_span,
            {k: outline.section_spans[k] for k in outline.weak_sections},
        ),
        text=text,
    )
    if others:
        result.add_cross_checks(others)
    return result


def analyze_document(
    doc: Document, filename: str, others: Sequence[ReportAnalysis] = ()
) -> ReportAnalysis:
    """Analyse a document read by :mod:`fazhi.core.documents`."""
    return analyze_text(doc.text, filename, others)


def analyze_path(
    path: str | os.PathLike[str], others: Sequence[ReportAnalysis] = ()
) -> ReportAnalysis:
    """Read and analyse a file; an unreadable file gives a result with ``error``."""
    name = str(path)
    try:
        doc = read_path(path)
    except DocumentError as exc:
        return ReportAnalysis(file=name, error=str(exc))
    except (OSError, UnicodeError, ValueError):
        return ReportAnalysis(file=name, error=f"无法读取文件“{Path(name).name}”。")
    return analyze_document(doc, name, others)


def analyze_paths(paths: Sequence[str | os.PathLike[str]]) -> list[ReportAnalysis]:
    """Analyse several files and check them against each other."""
    results = [analyze_path(p) for p in paths]
    add_batch_cross_checks(results)
    return results


def add_batch_cross_checks(results: Sequence[ReportAnalysis]) -> None:
    """Every result checked against the others of the batch, grouped by region
    and year (linear, see ``batch_cross_checks``)."""
    readable = [r for r in results if r.error is None]
    checks = batch_cross_checks([r.text for r in readable], readable)
    for r, found in zip(readable, checks, strict=True):
        r.checks.extend(found)
