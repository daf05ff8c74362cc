"""People correct what the reader coded, and the reader learns from it.

On a report's page the office (whoever may upload for the report's region)
changes or removes a figure's code (``CorrectFact``) or adds a figure the
reader missed by selecting its sentence (``AddFact``). The correction keeps the
reader's own code in ``original_code``, who made it and when; the report's
values in the indicator store are rewritten at once, so the comparison uses the
corrected codes. Reading the report again keeps every correction
(``saved_corrections`` / ``reapply``). ``correction_examples`` turns them into
annotated examples for ``fazhi train_coder``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.utils import timezone

from fazhi.core.actions import Action, ActionRefused, Actor
from fazhi.indicators import catalogue
from fazhi.indicators.services import replace_values, to_decimal

from .coder_examples import Example, coded_indicators, examples_from_gold
from .coding import _kind_of_unit
from .models import ExtractedFact, PublishedReport
from .numbers import DURATION_UNITS, find_quantities, normalise_digits

MAX_SELECTION = 200  # characters: a sentence, not a page
DENIED = "只有上传单位（或其上级）的依法治县办管理员、上级查阅人员可以更正归类。"


def code_choices(unit: str) -> list[tuple[str, str]]:
    """The codes a figure in ``unit`` may carry (kind must fit), as (code, name)."""
    kind = _kind_of_unit(unit)
    out = []
    for ind in coded_indicators():
        if ind.kind == "boolean":
            continue
        if (ind.kind == "rate") != (kind == "rate") or (ind.kind == "amount") != (kind == "amount"):
            continue
        out.append((ind.code, ind.name))
    return out


def _check_code(code: str, unit: str) -> None:
    if not code:
        return
    ind = catalogue.find(code)
    if ind is None or ind.kind == "boolean":
        raise ActionRefused("所选指标不在指标目录中。")
    if unit in DURATION_UNITS or code not in {c for c, _ in code_choices(unit)}:
        raise ActionRefused(f"单位“{unit}”与指标“{ind.name}”（{ind.unit}）不符，不能这样归类。")


def rewrite_values(report: PublishedReport) -> None:
    """The report's extracted values again, from its (corrected) figures."""
    from .services import SaveReading  # services imports this module

    facts = list(report.facts.all())
    values = SaveReading._values(report, facts)
    replace_values(report.origin, values)
    report.coded_count = sum(1 for f in facts if catalogue.find(f.code))
    report.value_count = len(values)
    report.save(update_fields=["coded_count", "value_count"])


class CorrectFact(Action):
    """Change (or remove, ``code=""``) the code of one extracted figure."""

    verb = "analysis.fact.correct"
    permission = "analysis.upload"
    denied_message = DENIED

    def __init__(self, actor: Actor, fact: ExtractedFact, code: str) -> None:
        super().__init__(actor, fact, code=code)

    def check(self) -> None:
        super().check()
        fact = self.obj
        assert isinstance(fact, ExtractedFact)
        _check_code(self.params["code"], fact.unit)
        if self.params["code"] == fact.code:
            raise ActionRefused("归类没有变化。")

    def audit_note(self) -> str:
        new = catalogue.find(self.params["code"])
        return f"归类更正为“{new.name}”" if new else "取消归类"

    def apply(self) -> ExtractedFact:
        fact = self.obj
        assert isinstance(fact, ExtractedFact)
        if fact.corrected_by_id is None and not fact.manual:
            fact.original_code = fact.code
        fact.code = self.params["code"]
        fact.corrected_by = self.actor.user
        fact.corrected_at = timezone.now()
        fact.save(update_fields=["code", "original_code", "corrected_by", "corrected_at"])
        rewrite_values(fact.report)
        return fact


def locate(text: str, selected: str) -> tuple[int, int] | None:
    """Where the selected words are in the report (first occurrence)."""
    selected = selected.strip()
    if not selected:
        return None
    i = text.find(selected)
    return (i, i + len(selected)) if i >= 0 else None


class AddFact(Action):
    """Add a figure the reader missed: the office selects its sentence on the
    report page and chooses the code."""

    verb = "analysis.fact.add"
    permission = "analysis.upload"
    denied_message = DENIED

    def __init__(self, actor: Actor, report: PublishedReport, selected: str, code: str) -> None:
        super().__init__(actor, report, selected=selected, code=code)
        self.quantity: Any = None
        self.span: tuple[int, int] = (0, 0)

    def check(self) -> None:
        super().check()
        report = self.obj
        assert isinstance(report, PublishedReport)
        selected = self.params["selected"].strip()
        if not selected:
            raise ActionRefused("请先在原文中选中包含该数字的句子。")
        if len(selected) > MAX_SELECTION:
            raise ActionRefused(f"所选文字过长（{len(selected)}字），请只选包含该数字的一句话。")
        span = locate(report.text, selected)
        if span is None:
            raise ActionRefused("所选文字不在报告原文中。")
        quantities = find_quantities(normalise_digits(selected))
        if not quantities:
            raise ActionRefused("所选文字中没有带单位的数字。")
        q = quantities[0]
        s = span[0]
        if report.facts.filter(num_start=s + q.start, num_end=s + q.end).exists():
            raise ActionRefused("这个数字已经在提取的数据中，请直接更正它的归类。")
        _check_code(self.params["code"], q.unit)
        self.quantity, self.span = q, span

    def audit_note(self) -> str:
        ind = catalogue.find(self.params["code"])
        return f"补充遗漏的数据（{ind.name if ind else '不归类'}）"

    def apply(self) -> ExtractedFact:
        report = self.obj
        assert isinstance(report, PublishedReport)
        q, (s, e) = self.quantity, self.span
        text = report.text
        fact = ExtractedFact.objects.create(
            report=report,
            phrase=text[s : s + q.start].strip()[-100:] or text[s:e][:100],
            value=to_decimal(q.value),
            unit=q.unit,
            approx=q.approx,
            code=self.params["code"],
            start=s,
            end=e,
            num_start=s + q.start,
            num_end=s + q.end,
            quote=text[s:e],
            manual=True,
            corrected_by=self.actor.user,
            corrected_at=timezone.now(),
        )
        report.fact_count = report.facts.count()
        report.save(update_fields=["fact_count"])
        rewrite_values(report)
        return fact


# ------------------------------------------------------------- reading again
def saved_corrections(report: PublishedReport) -> list[dict[str, Any]]:
    """The corrections of a report, to survive reading it again."""
    rows = report.facts.filter(Q(corrected_by__isnull=False) | Q(manual=True))
    keep = ("phrase", "value", "high", "unit", "approx", "code", "start", "end", "num_start", "num_end",
            "quote", "original_code", "manual", "corrected_by_id", "corrected_at")
    return [{k: getattr(r, k) for k in keep} for r in rows]


def reapply(report: PublishedReport, saved: Sequence[dict[str, Any]]) -> None:
    """Put the corrections back on a report read again: a corrected figure the
    reader finds again (same number, same place) gets its corrected code; an
    added figure comes back as it was."""
    for c in saved:
        if c["manual"]:
            if not report.facts.filter(num_start=c["num_start"], num_end=c["num_end"]).exists():
                ExtractedFact.objects.create(report=report, **c)
            continue
        report.facts.filter(
            num_start=c["num_start"], num_end=c["num_end"], value=c["value"], unit=c["unit"]
        ).update(
            original_code=c["original_code"],
            code=c["code"],
            corrected_by_id=c["corrected_by_id"],
            corrected_at=c["corrected_at"],
        )


# ------------------------------------------------------------- learning
def corrected_reports() -> Any:
    return PublishedReport.objects.filter(
        Q(facts__corrected_by__isnull=False) | Q(facts__manual=True)
    ).distinct()


def correction_examples() -> list[Example]:
    """Every corrected or added figure as an annotated example (the reader's
    context for it, labelled with the office's code)."""
    out: list[Example] = []
    for report in corrected_reports().iterator():
        gold = [
            {"value": float(f.value), "unit": f.unit, "quote": f.quote, "code": f.code or None}
            for f in report.facts.filter(Q(corrected_by__isnull=False) | Q(manual=True))
        ]
        out.extend(examples_from_gold(report.text, gold, source=f"report:{report.pk}"))
    return out


def export_gold(report: PublishedReport) -> dict[str, Any]:
    """A report's figures in the seed gold format (corrections included), for
    adding it to the development corpus."""
    return {
        "doc": f"report_{report.pk}.txt",
        "region": report.region_name,
        "year": report.year,
        "kind": "annual_report",
        "catalogue": "local",
        "sections": None,
        "facts": [
            {
                "phrase": f.phrase,
                "value": int(f.value) if f.value == int(f.value) else float(f.value),
                "unit": f.unit,
                "approx": f.approx,
                "quote": f.quote,
                "code": f.code or None,
            }
            for f in report.facts.all()
        ],
    }
