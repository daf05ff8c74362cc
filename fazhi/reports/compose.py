"""Proposing the annual report from the records (issue: the report that
writes its own figures).

Part 一 follows the year's work-plan sections — the tasks completed and what
the lead units reported, as accepted by the office — then the registers'
figure sentences (declared beside each register's computations). Part 二 is
seeded from the warnings: rates below their targets, overdue tasks. Part 四
comes from next year's plan when it is imported. Parts 三 and 五 are the
office's to write. Every figure is a ``{CODE}`` token, taken from the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery

from fazhi.indicators import catalogue, engine
from fazhi.indicators.models import IndicatorTarget, IndicatorValue
from fazhi.org.models import Region
from fazhi.plans.models import Assignment, Plan, ProgressReport, Task

from . import report_figures
from .models import AnnualReport

HEADING_NUMBER = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*")
# 一份进展摘要最多引用的字数：报告是概括，不是台账的复制。
EXCERPT_CHARS = 120


@dataclass
class Proposal:
    part: int
    heading: str
    text: str
    origin: str


def _clean(title: str) -> str:
    return HEADING_NUMBER.sub("", title or "").strip().rstrip("。")


def _first_sentence(text: str) -> str:
    text = " ".join((text or "").split())
    first = re.split(r"(?<=[。；！])", text, maxsplit=1)[0]
    return first if len(first) <= EXCERPT_CHARS else first[:EXCERPT_CHARS].rstrip("，、；") + "。"


def _plan_part(plan: Plan | None) -> list[Proposal]:
    """One （一） section per plan section: completed tasks, with what their
    lead units reported (the latest report the office accepted)."""
    if plan is None:
        return []
    accepted = ProgressReport.objects.filter(
        assignment__task=OuterRef("pk"), assignment__role=Assignment.Role.LEAD,
        state=ProgressReport.State.ACCEPTED).order_by("-reviewed_at", "-pk")
    tasks = (Task.objects.filter(plan=plan).select_related("section")
             .annotate(n=Count("assignments", distinct=True),
                       done=Count("assignments", filter=Q(assignments__is_done=True),
                                  distinct=True),
                       latest=Subquery(accepted.values("text")[:1]))
             .order_by("section__order", "number"))
    out: dict[int, Proposal] = {}
    for task in tasks:
        section = task.section
        proposal = out.setdefault(section.pk, Proposal(1, _clean(section.title), "",
                                                       f"工作计划：{section.title}"))
        if task.latest:
            line = _first_sentence(task.latest)
        elif task.n and task.done == task.n:
            line = f"{_first_sentence(task.text).rstrip('。')}，已完成。"
        else:
            continue
        proposal.text += line + "\n"
    return [p for p in out.values() if p.text]


def _has_figures(sentence: engine.ReportSentence, values: dict[str, IndicatorValue]) -> bool:
    """A register with nothing counted in the year gets no sentence."""
    counts = [values[c].value for c in sentence.codes
              if c in values and catalogue.get(c).kind != "rate"]
    return any(v for v in counts)


def _register_part(values: dict[str, IndicatorValue]) -> tuple[str, list[Proposal]]:
    opening = ""
    by_heading: dict[str, Proposal] = {}
    for sentence in engine.report_sentences():
        if not _has_figures(sentence, values):
            continue
        if not sentence.heading:
            opening += sentence.template + "\n"
            continue
        p = by_heading.setdefault(sentence.heading, Proposal(1, sentence.heading, "",
                                                             f"登记簿：{sentence.key}"))
        p.text += sentence.template + "\n"
    return opening, list(by_heading.values())


def _warnings(report: AnnualReport, values: dict[str, IndicatorValue]) -> list[str]:
    out = []
    targets = IndicatorTarget.objects.filter(region=report.region, year=report.year)
    for t in targets:
        v = values.get(t.code)
        if v is None or v.value is None or t.met_by(v.value):
            continue
        ind = catalogue.find(t.code)
        name = ind.name if ind else t.code
        # The target is not written as a number: the reader would take it for
        # a second value of the same figure.
        out.append(f"{name}为{{{t.code}}}，未达到年度目标。")
    overdue = values.get("PLAN_OVERDUE_ASSIGNMENTS")
    if overdue is not None and overdue.value:
        out.append("年度工作计划中仍有{PLAN_OVERDUE_ASSIGNMENTS}任务逾期未完成。")
    return out


def _next_year(report: AnnualReport) -> list[Proposal]:
    plan = Plan.objects.filter(region=report.region, year=report.year + 1).first()
    if plan is None:
        return []
    out = []
    for section in plan.sections.order_by("order").prefetch_related("tasks"):
        tasks = sorted(section.tasks.all(), key=lambda t: t.number)
        text = "\n".join(f"{i}. {_first_sentence(t.text)}" for i, t in enumerate(tasks, start=1))
        out.append(Proposal(4, _clean(section.title), text, f"{plan.year}年工作计划"))
    return out


def propose(report: AnnualReport) -> list[Proposal]:
    """The sections the system proposes for ``report`` (nothing saved)."""
    values = report_figures.ensure_computed(report)
    plan = Plan.objects.filter(region=report.region, year=report.year).first()
    opening, registers = _register_part(values)
    proposals: list[Proposal] = []
    if opening:
        proposals.append(Proposal(1, "", opening, "任务台账"))
    proposals += _plan_part(plan) + registers
    if not proposals:  # nothing recorded yet: the part is there, for the office to write
        proposals.append(Proposal(1, "", "", ""))
    warnings = _warnings(report, values)
    proposals.append(Proposal(2, "", "\n".join(warnings), "预警：未达目标的指标、逾期任务"))
    proposals.append(Proposal(3, "", "", ""))
    proposals += _next_year(report) or [Proposal(4, "", "", "")]
    return proposals


def default_title(region: Region, year: int) -> str:
    return f"{region.name}{year}年法治政府建设情况的报告"


def default_recipients(region: Region) -> str:
    parent = region.parent
    if parent is None:
        return ""
    return f"中共{parent.name}委、{parent.name}人民政府"


def compose_report(region: Region, year: int, actor: object | None = None) -> AnnualReport:
    """The region's report of ``year``, composed as a draft if it has none yet
    (through the write path: fazhi.reports.services.ComposeReport)."""
    from fazhi.core.actions import Actor

    from .services import ComposeReport

    existing = AnnualReport.objects.filter(region=region, year=year).first()
    if existing is not None:
        return existing
    return ComposeReport(actor or Actor.system(), None, region=region, year=year).execute()
