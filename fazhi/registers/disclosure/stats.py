"""政府信息公开申请登记簿的指标（政府信息公开条例 2019）.

按期答复: the reply clock (第三十三条: 20个工作日; 经批准延长不超过20个工作日;
征求第三方意见的时间不计入, 第三十二条) was settled as met. The clock's due date
is already rolled past holidays, and an approved extension replaces the clock,
so a reply by the extended date is on time. An application whose reply clock
ran out unanswered is due too: it is in the denominator as not on time.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q

from fazhi.indicators.engine import Computation, ReportSentence, declare, declare_sentence
from fazhi.indicators.periods import Period

from ..details.disclosure import (
    REASONS_BY_TYPE,
    ApplicantType,
    ReplyReason,
    ReplyType,
    ReviewOutcome,
)
from ..models import Deadline
from ..sources import case_source
from .procedure import (
    INDICATOR_ONTIME,
    KEY,
    REPLY,
)

REPLY_STEP = "reply"


def _state_label(case):  # noqa: ANN001, ANN202
    from fazhi.registers.base import get_register

    return get_register(KEY).state_label(case.state)


SOURCE = case_source(KEY, "政府信息公开申请登记簿", state_label=_state_label)


def reply_due(period: Period, as_of: datetime.date) -> Q:
    """Applications that had to be answered in the period: replied in it, or
    still unanswered when their reply clock ran out in it (before ``as_of``)."""
    last = min(period.end, as_of - datetime.timedelta(days=1))
    # IN (…) rather than a correlated EXISTS: inside the OR, PostgreSQL hashes
    # the overdue clocks once instead of probing them for every case.
    overdue = Deadline.objects.filter(
        step=REPLY_STEP, status=Deadline.Status.OPEN, due__gte=period.start,
        due__lte=last).values("case_id")
    replied = Q(state="replied", disclosure__replied_on__gte=period.start,
                disclosure__replied_on__lte=period.end)
    return replied | (~Q(state__in=["replied", "abandoned"]) & Q(pk__in=overdue))


# The reply clock settled as met, joined once (an EXISTS per case inside the
# filtered COUNT made this the slowest figure at a province's size). A case
# has at most one met reply clock (constraint deadline_met_once_per_step), so
# the join adds no rows and a plain COUNT stays exact.
MET_REPLY = {"met_reply": FilteredRelation(
    "deadlines", condition=Q(deadlines__step=REPLY_STEP, deadlines__status=Deadline.Status.MET))}
ON_TIME = Q(state="replied", met_reply__isnull=False)


REQUESTS = Computation(
    "DISCLOSURE_REQUESTS", SOURCE, "started_on", placing_label="按收到申请日期",
    definition="年度内收到的政府信息公开申请；收到日期依条例第三十一条按提交方式确定。")
ONTIME_RATE = Computation(
    "DISCLOSURE_ONTIME_REPLY_RATE", SOURCE, reply_due, placing_label="按答复日期或答复期限届满日",
    numerator=ON_TIME, relations=MET_REPLY,
    definition="在法定期限内答复的申请 ÷ 应答复的申请。期限为20个工作日，经批准延长的不超过"
               "20个工作日（条例第三十三条），征求第三方意见时间不计入（第三十二条）；"
               "应答复的申请含期间内已答复的和答复期限已届满仍未答复的。")

declare(REQUESTS, ONTIME_RATE)
declare_sentence(ReportSentence(
    KEY, "深入推进政务公开",
    "全年收到政府信息公开申请{DISCLOSURE_REQUESTS}，依申请公开按期答复率{DISCLOSURE_ONTIME_REPLY_RATE}。",
    order=30))


# ----------------------------------------------------------------- statistics
# The 30号 columns: 自然人; 法人或其他组织 (five kinds, "其他" their last); 总计.
COLUMNS: tuple[tuple[str, str], ...] = (
    *((str(kind), "其他" if kind == ApplicantType.OTHER_ORG else kind.label)
      for kind in ApplicantType),
    ("total", "总计"),
)
RESULT_HEADINGS: dict[str, str] = {
    ReplyType.GRANTED: "（一）予以公开",
    ReplyType.PARTIAL: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ReplyType.WITHHELD: "（三）不予公开",
    ReplyType.UNAVAILABLE: "（四）无法提供",
    ReplyType.NOT_PROCESSED: "（五）不予处理",
    ReplyType.OTHER: "（六）其他处理",
}


def _table_rows(first: datetime.date, last: datetime.date) -> list[dict[str, Any]]:
    """The rows of the 30号 part 三 table with the condition that counts a case in each.
    新收: arrived in the year; 上年结转: arrived before and not concluded before the
    year; results: concluded (replied, or abandoned → 其他处理) in the year by type;
    结转下年: arrived by the year's end and not concluded by then."""
    concluded = Q(closed_on__gte=first, closed_on__lte=last)
    open_at = lambda day: Q(closed_on__isnull=True) | Q(closed_on__gt=day)  # noqa: E731
    rows: list[dict[str, Any]] = [
        {"key": "new", "label": "一、本年新收政府信息公开申请数量", "level": 0,
         "q": Q(started_on__gte=first, started_on__lte=last)},
        {"key": "carried_in", "label": "二、上年结转政府信息公开申请数量", "level": 0,
         "q": Q(started_on__lt=first) & open_at(first - datetime.timedelta(days=1))},
        {"key": "results", "label": "三、本年度办理结果", "level": 0, "q": None},
    ]
    for kind, heading in RESULT_HEADINGS.items():
        by_type = concluded & Q(disclosure__reply_type=kind)
        reasons = REASONS_BY_TYPE[kind]
        rows.append({"key": kind, "label": heading, "level": 1, "q": by_type,
                     "subtotal": bool(reasons)})
        for i, reason in enumerate(reasons, start=1):
            rows.append({"key": f"{kind}.{reason}", "label": f"{i}.{ReplyReason(reason).label}",
                         "level": 2, "q": by_type & Q(disclosure__reply_reason=reason)})
    rows += [
        {"key": "total", "label": "（七）总计", "level": 1, "q": concluded},
        {"key": "carried_over", "label": "四、结转下年度继续办理", "level": 0,
         "q": Q(started_on__lte=last) & open_at(last)},
    ]
    return rows


def annual_report_table(cases: models.QuerySet, year: int) -> dict[str, Any]:
    """Part 三 of the annual report (国办公开办函〔2021〕30号): applications by
    applicant type, a filtered COUNT per cell, in one query per part of the year's cases (three).

    Returns {"year", "columns": [(key, label)], "column_groups": [(heading,
    span)], "rows": [{"key", "label", "level", "subtotal", "values": {column:
    n}}], "cells": {row key: {column: n}}, "ontime_reply_rate": …}. Result rows are keyed by reply type
    ("withheld") and type.reason ("withheld.state_secret"); a type with
    sub-rows also carries its subtotal (the form itself only has the sub-rows).
    """
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    # Every cell counts only cases that arrived by the year's end and were still
    # open on its first day. Those are two disjoint sets, each read through its
    # own index: the cases received in the year (register, region, started_on),
    # and the earlier ones carried in, i.e. still open or closed in or after the
    # year (register, region, closed_on). Counted apart and added, the cells
    # are exact and the work grows with the year's cases, not with the history.
    qs = cases.filter(register=KEY)
    parts = (qs.filter(started_on__gte=first, started_on__lte=last),
             qs.filter(started_on__lt=first, closed_on__gte=first),
             qs.filter(started_on__lt=first, closed_on__isnull=True))
    rows = _table_rows(first, last)
    aggregates: dict[str, Count] = {}
    for i, row in enumerate(rows):
        if row["q"] is None:
            continue
        for j, (column, _) in enumerate(COLUMNS):
            condition = row["q"] if column == "total" else row["q"] & Q(
                disclosure__applicant_type=column)
            aggregates[f"c{i}_{j}"] = Count("pk", filter=condition)
    counts = dict.fromkeys(aggregates, 0)
    for part in parts:
        for name, value in part.aggregate(**aggregates).items():
            counts[name] += value
    cells: dict[str, dict[str, int]] = {}
    out_rows = []
    for i, row in enumerate(rows):
        values = ({} if row["q"] is None else
                  {column: counts[f"c{i}_{j}"] for j, (column, _) in enumerate(COLUMNS)})
        if values:
            cells[row["key"]] = values
        out_rows.append({"key": row["key"], "label": row["label"], "level": row["level"],
                         "subtotal": row.get("subtotal", False), "values": values})
    return {"year": year, "columns": list(COLUMNS),
            "column_groups": [("自然人", 1), ("法人或其他组织", len(COLUMNS) - 2), ("总计", 1)],
            "rows": out_rows, "cells": cells,
            "ontime_reply_rate": ontime_reply_rate(cases, year)}


def ontime_reply_rate(cases: models.QuerySet, year: int | None = None) -> dict[str, Any]:
    """DISCLOSURE_ONTIME_REPLY_RATE: replies made within the legal period (20 WD,
    with an approved extension 40 WD, consultation time excluded — arts. 32–34)
    ÷ replies (replied in ``year`` if given). A reply is on time when its reply
    clock was settled as met; counted in the database."""
    replied = cases.filter(register=KEY, state="replied")
    if year is not None:
        replied = replied.filter(disclosure__replied_on__year=year)
    met = Deadline.objects.filter(case=OuterRef("pk"), step=REPLY, status=Deadline.Status.MET)
    counts = replied.aggregate(replied=Count("pk"), ontime=Count("pk", filter=Exists(met)))
    rate = round(100 * counts["ontime"] / counts["replied"], 1) if counts["replied"] else None
    return {"code": INDICATOR_ONTIME, "numerator": counts["ontime"],
            "denominator": counts["replied"], "rate": rate}


REVIEW_ROWS: tuple[tuple[str, str, Q], ...] = (
    ("reconsideration", "行政复议", Q()),
    ("litigation_direct", "行政诉讼（未经复议直接起诉）",
     Q(disclosure__litigation_after_reconsideration=False)),
    ("litigation_after", "行政诉讼（复议后起诉）",
     Q(disclosure__litigation_after_reconsideration=True)),
)


def review_table(cases: models.QuerySet, year: int) -> dict[str, dict[str, int]]:
    """Part 四 of the annual report: reconsiderations and suits about disclosure
    applications filed in ``year``, by outcome (维持/纠正/其他/未审结/总计)."""
    qs = cases.filter(register=KEY)
    aggregates: dict[str, Count] = {}
    for key, _, extra in REVIEW_ROWS:
        field = "reconsideration" if key == "reconsideration" else "litigation"
        base = Q(**{f"disclosure__{field}_on__year": year}) & extra
        for outcome in [*ReviewOutcome.values, "total"]:
            condition = base if outcome == "total" else base & Q(
                **{f"disclosure__{field}_outcome": outcome})
            aggregates[f"{key}__{outcome}"] = Count("pk", filter=condition)
    counts = qs.aggregate(**{k.replace("__", "_X_"): v for k, v in aggregates.items()})
    table: dict[str, dict[str, int]] = {}
    for name, value in counts.items():
        key, outcome = name.split("_X_")
        table.setdefault(key, {})[outcome] = value
    return table


