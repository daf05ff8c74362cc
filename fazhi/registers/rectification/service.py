"""Risk signals from the other registers and the findings raised from them;
the overdue findings the office's home page shows.

A signal is a fact already recorded in another register that points at a
problem the office may want fixed: a 复议 decision that corrected a unit
(``corrected_q``), a lost case (``lost_outcomes``), a hearing the head did not
attend, a disclosure reply past its period, a normative document past its
validity still in force. Each is offered once per source case; turning it into
a finding (``raise_finding``) opens a case of this register linked back to the
source. The queries are a fixed number whatever the data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from fazhi.core.actions import ActionRefused, Actor
from fazhi.org.models import Region
from fazhi.workdays.calendar import fmt_date

from ..details.rectification import Origin, RectificationDetail, SignalKind
from ..models import Case, CaseEvent, Deadline

KEY = "rectification"
SIGNAL_LIMIT = 200  # per kind on one page; the oldest first


@dataclass(frozen=True)
class Signal:
    kind: str
    case: Case
    on: datetime.date
    text: str

    @property
    def kind_label(self) -> str:
        return SignalKind(self.kind).label


def signals(region: Region, today: datetime.date, cases: QuerySet | None = None) -> list[Signal]:
    """The signals of ``region`` not yet turned into a finding; ``cases`` is
    the scoped set of source cases the person may read (default: all)."""
    from ..details.litigation import Appearance, lost_outcomes
    from ..details.reconsideration import corrected_q

    base = (cases if cases is not None else Case.objects.all()).filter(region=region)
    taken = set(RectificationDetail.objects.filter(case__region=region).exclude(signal_kind="")
                .values_list("signal_kind", "source_case_id"))
    out: list[Signal] = []

    def add(kind: str, qs: QuerySet, on: str, text: str) -> None:
        for case in qs.select_related("unit").order_by(on, "id")[:SIGNAL_LIMIT]:
            if (kind, case.pk) in taken:
                continue
            day = case
            for part in on.split("__"):
                day = getattr(day, part)
            out.append(Signal(kind, case, day, text.format(case=case)))

    add(SignalKind.RECON_CORRECTED,
        base.filter(Q(register="reconsideration") & corrected_q("reconsideration__"),
                    reconsideration__decided_on__isnull=False).select_related("reconsideration"),
        "reconsideration__decided_on", "行政复议决定纠正了被申请人的行政行为：{case.title}")
    add(SignalKind.LITIGATION_LOST,
        base.filter(register="litigation", litigation__final_outcome__in=sorted(lost_outcomes())),
        "started_on", "行政诉讼败诉：{case.title}")
    add(SignalKind.HEAD_ABSENT,
        base.filter(register="litigation", hearings__appearance__in=[
            a for a in Appearance.values if a != Appearance.HEAD]).distinct(),
        "started_on", "开庭时行政机关负责人未出庭应诉：{case.title}")
    late = Deadline.objects.filter(step="reply", process="disclosure").filter(
        Q(status=Deadline.Status.MISSED) | Q(status=Deadline.Status.OPEN, due__lt=today))
    add(SignalKind.DISCLOSURE_OVERDUE,
        base.filter(register="disclosure", deadlines__in=late).distinct(),
        "started_on", "政府信息公开申请未在法定期限内答复：{case.title}")
    if _has_normative_register():
        add(SignalKind.NORMATIVE_EXPIRED,
            base.filter(register="normative_document", state__in=("published", "filed"),
                        normative_document__expires_on__lt=today),
            "normative_document__expires_on", "规范性文件有效期已届满仍在施行：{case.title}")
    return out


def _has_normative_register() -> bool:
    from ..base import REGISTERS

    return "normative_document" in REGISTERS


def raise_finding(actor: Actor, source: Case, kind: str, today: datetime.date) -> Case:
    """Turn a signal into a finding of this register: one action, linked back
    to ``source``, owned by the unit the signal is about, with the county's
    default period (rule ``signal_rectify``)."""
    from fazhi.org.resolve import NameIndex
    from fazhi.procedures.deadlines import compute_deadline

    from ..actions import OpenCase
    from ..base import get_register

    if kind not in SignalKind.values:
        raise ActionRefused("未知的风险提示类型。")
    offered = {(s.kind, s.case.pk) for s in signals(source.region, today,
                                                     Case.objects.filter(pk=source.pk))}
    if (kind, source.pk) not in offered:
        raise ActionRefused("该风险提示已转为整改问题，或已不再成立。")
    name = ""
    if kind == SignalKind.RECON_CORRECTED:
        name = source.reconsideration.respondent  # type: ignore[attr-defined]
    unit = NameIndex.for_region(source.region).resolve(name).unit if name else None
    due = compute_deadline("rectification", "signal_rectify", today, region=source.region).due
    label = SignalKind(kind).label
    finding = OpenCase(actor, get_register(KEY), region=source.region, unit=unit or source.unit,
                    is_demo=source.is_demo, data={
                        "title": f"{label}：{source.title}"[:300], "started_on": today,
                        "origin": Origin.SIGNAL, "signal_kind": kind, "source_case": source,
                        "problem": f"{label}（{source.number}，{fmt_date(source.started_on)}登记）：{source.title}。"
                                   "请分析原因，提出整改措施。",
                        "rectify_by": due}).execute()
    # The source's timeline says where its signal went.
    CaseEvent.objects.create(
        case=source, kind="rectification_raised", label=f"风险提示已转为督察整改问题：{finding.number}",
        occurred_on=today, from_state=source.state, to_state=source.state, recorded_by=actor.user,
        data={"finding": finding.number, "signal": kind})
    return finding


def overdue_findings(policy, today: datetime.date) -> QuerySet:  # noqa: ANN001
    """Findings past their rectification deadline and not 销号, for the office."""
    # Awaiting the office's verification is not the unit's delay.
    return (policy.scope(Case.objects.filter(register=KEY, state="rectifying", next_due__lt=today))
            .select_related("unit").order_by("next_due", "id"))


def home_overdue(policy, today: datetime.date, limit: int = 8) -> dict | None:  # noqa: ANN001
    """The office's home-page card: how many findings are overdue and the
    most overdue ones (two queries)."""
    if not policy.can("register.manage"):
        return None
    qs = overdue_findings(policy, today)
    count = qs.count()
    return {"count": count, "items": list(qs[:limit])} if count else None
