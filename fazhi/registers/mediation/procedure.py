"""人民调解登记簿：人民调解委员会受理调解的矛盾纠纷，从受理到调解成功（达成协议及其履行）
或调解不成功.

The procedure is declared in ``fazhi.procedures.definitions.MEDIATION``: an
agreement is recorded as a written agreement or the content of an oral one
(《人民调解法》第二十八条); a failed mediation ends with the parties told of
arbitration, administrative and judicial channels (第二十六条); the parties'
performance of the agreement is recorded afterwards (第三十一条). The law sets
no period, so there is no clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import models

from fazhi.core import staging

from ..base import EventContext, EventType, Register, refuse, register
from ..details.mediation import Agreement, DisputeType, MediationCommittee, MediationDetail
from ..models import Case
from .forms import MediationOpenForm
from .service import KEY

EVENTS: tuple[EventType, ...] = (
    EventType("succeed", "调解成功", target="succeeded", date_label="达成协议日期",
              fields=("agreement", "agreement_summary"), required=("agreement",),
              date_field="outcome_on",
              help="达成调解协议的，制作调解协议书；当事人认为无需制作的，可以采取口头协议方式，"
                   "调解员记录协议内容（《人民调解法》第二十八条）。"),
    EventType("fail", "调解不成功", target="failed", date_label="终止调解日期",
              fields=("failure_reason",), required=("failure_reason",), date_field="outcome_on",
              help="调解不成的，终止调解，告知当事人可以依法通过仲裁、行政、司法等途径维护权利"
                   "（《人民调解法》第二十六条）。"),
    EventType("performance", "登记协议履行情况", allowed_in=("succeeded",), date_label="回访日期",
              fields=("performance",), required=("performance",),
              help="经人民调解委员会调解达成的调解协议具有法律约束力，当事人应当按照约定履行"
                   "（《人民调解法》第三十一条）；回访后登记履行情况。"),
)


@register
class MediationRegister(Register):
    key = KEY
    label = "人民调解"
    process_key = "mediation"
    detail_model = MediationDetail
    open_form = MediationOpenForm
    events = EVENTS
    number_prefix = "调"
    bulk_import = True

    def create_detail(self, case: Case, data: Mapping[str, Any]) -> MediationDetail:
        committee: MediationCommittee | None = data.get("committee")
        if committee is None:
            refuse("请选择受理调解的人民调解组织。")
        if committee.region_id != case.region_id:
            refuse("所选调解组织不属于该县（市、区）。")
        if case.started_on < committee.established_on:
            refuse("受理日期不能早于调解组织的设立日期。")
        kind = data.get("dispute_type") or ""
        if kind not in DisputeType.values:
            refuse(f"纠纷类型应为：{'、'.join(DisputeType.labels)}。")
        parties = str(data.get("parties") or "").strip()
        if not parties:
            refuse("请填写当事人。")
        return staging.create(
            MediationDetail, case=case, committee=committee, dispute_type=kind, parties=parties,
            mediator=str(data.get("mediator") or "").strip())

    def facts(self, case: Case, detail: models.Model, data: Mapping[str, Any],
              on: datetime.date) -> dict[str, Any]:
        agreement = data.get("agreement") or ""
        summary = bool(str(data.get("agreement_summary") or "").strip())
        return {
            # An oral agreement is recorded by its content; a written one is the document.
            "agreement_recorded": agreement == Agreement.WRITTEN or (
                agreement == Agreement.ORAL and summary),
            "parties_told": bool(str(data.get("failure_reason") or "").strip()),
        }

    def on_event(self, ctx: EventContext) -> None:
        if ctx.event.kind == "performance" and ctx.event.occurred_on < (
                ctx.detail.outcome_on or ctx.case.started_on):  # type: ignore[attr-defined]
            refuse("回访日期不能早于达成协议的日期。")
        super().on_event(ctx)

    def export_queryset(self, qs: Any) -> Any:
        return super().export_queryset(qs).select_related("mediation__committee")

    def detail_rows(self, detail: Any) -> list[tuple[str, str]]:
        rows = [(label, value) for label, value in super().detail_rows(detail)
                if label != "调解组织"]
        rows.insert(0, ("调解组织", f"{detail.committee}（{detail.committee.get_kind_display()}）"))
        return rows
