"""学法、述法、普法活动登记簿：会前学法、听取法治建设汇报、党委（党组）研究法治建设、
中心组学法、领导干部述法、讲座培训、旁听庭审、普法宣传、法律明白人培训.

A record of what was held, no statutory clock (``fazhi.procedures.definitions.
ACTIVITY``). The record needs what the reports quote: a 述法 names the leader
who reported; a lecture, a 旁听庭审, a publicity event and a 法律明白人 training
say how many took part; every record has evidence — files, or the listed
纪要/签到表 — so that a figure can be checked against its records.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import models

from fazhi.core import staging

from ..base import EventContext, EventType, Register, refuse, register
from ..details.activity import COUNTED_KINDS, ActivityDetail, ActivityKind
from ..models import Case
from .forms import ActivityOpenForm
from .service import KEY

EVENTS: tuple[EventType, ...] = (
    EventType("evidence", "补充佐证材料", allowed_in=("held",), fields=("evidence_note",),
              required=("evidence_note",), help="补充会议纪要、签到表、照片等佐证材料（可上传附件）。"),
    EventType("void", "作废登记", target="void", date_label="作废日期", fields=("void_reason",),
              required=("void_reason",), help="登记有误的活动作废后不再计入统计，登记记录保留。"),
)


@register
class ActivityRegister(Register):
    key = KEY
    label = "学法述法普法"
    process_key = "activity"
    detail_model = ActivityDetail
    open_form = ActivityOpenForm
    events = EVENTS
    number_prefix = "学普"
    bulk_import = True
    order_exempt = ("evidence",)

    def create_detail(self, case: Case, data: Mapping[str, Any]) -> ActivityDetail:
        kind = data.get("kind") or ""
        if kind not in ActivityKind.values:
            refuse(f"活动类型应为：{'、'.join(ActivityKind.labels)}。")
        text = {k: str(data.get(k) or "").strip() for k in (
            "meeting", "topic", "presenter", "reporter", "reporter_post", "venue", "evidence_note")}
        if kind == ActivityKind.REPORTING and not text["reporter"]:
            refuse("领导干部述法须填写述法人。")
        participants = data.get("participants")
        if kind in COUNTED_KINDS and not participants:
            refuse(f"“{ActivityKind(kind).label}”须填写参加人数。")
        if not text["evidence_note"] and not data.get("files"):
            refuse("请上传或列明佐证材料（会议纪要、签到表、照片等）。")
        return staging.create(ActivityDetail, case=case, kind=kind, participants=participants,
                                             **text)

    def facts(self, case: Case, detail: models.Model, data: Mapping[str, Any],
              on: datetime.date) -> dict[str, Any]:
        return {"reason_given": bool(str(data.get("void_reason") or "").strip())}

    def _on_evidence(self, ctx: EventContext) -> None:
        d: ActivityDetail = ctx.detail  # type: ignore[assignment]
        previous = ActivityDetail.objects.get(pk=d.pk).evidence_note
        d.evidence_note = "\n".join(x for x in (previous, d.evidence_note) if x)
