"""litigation: excel."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core.actions import Actor
from fazhi.org.models import Region

from ..base import (
    case_deadlines,
    case_events,
)
from ..details.litigation import (
    AbsenceReason,
    AppealDecision,
    AppealResult,
    Appearance,
    Appellant,
    HeadRank,
    Hearing,
    JudgmentKind,
    Level,
    LitigationDetail,
)
from ..excel import (
    ExcelColumn,
    check_state,
    choice_parser,
    parse_bool,
    parse_date,
    parse_text,
    replay_event,
    replay_open,
)
from ..models import Case, CaseEvent, Deadline
from .forms import (
    JUDGMENT_OUTCOMES,
)
from .procedure import (
    DEFENCE,
    LitigationRegister,
)

# ----------------------------------------------------------------------- Excel
# Several hearings of one case share a row: one per line within the cell. Every
# per-hearing value is single-line (dates, choices, names, a CharField), so the
# line break is a safe separator.
SEP = "\n"
HEARING_KEYS = ("notified_on", "level", "summoned", "head_present", "head_name", "head_post",
                "head_rank", "staff_name", "staff_post", "absence_reason", "absence_proof",
                "lawyer_attended")


# The export getters read the case's prefetched hearings, events and deadlines
# (``LitigationRegister.export_queryset``), so the export runs a fixed number
# of queries however many cases it has.
def _hearings(case: Case) -> list[Hearing]:
    return sorted(case.hearings.all(), key=lambda h: (h.held_on, h.pk))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _per_hearing(get: Callable[[Hearing], Any]) -> Callable[[Case], str]:
    def cell(case: Case) -> str:
        return SEP.join(_text(get(h)) for h in _hearings(case))

    return cell


def _multi(parse: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    def parse_all(value: Any) -> list[Any]:
        if value in (None, ""):
            return []
        if not isinstance(value, str):
            return [parse(value)]
        return [parse(part) for part in value.replace("\r\n", SEP).split(SEP)]

    return parse_all


def _ignored(value: Any) -> None:  # noqa: ARG001 - an export-only column
    return None


def _defence_deadline(case: Case) -> Deadline | None:
    """The latest defence clock that was not superseded."""
    clocks = [d for d in case_deadlines(case, DEFENCE) if d.status != Deadline.Status.SUPERSEDED]
    return clocks[-1] if clocks else None


def _pending_notice(case: Case) -> CaseEvent | None:
    """The last hearing notice not (yet) followed by a hearing."""
    notices = sorted(case_events(case, "notice"), key=lambda e: (e.occurred_on, e.pk))
    return notices[-1] if len(notices) > len(case.hearings.all()) else None


def _pending_value(case: Case, key: str) -> Any:
    notice = _pending_notice(case)
    if notice is None:
        return None
    value = notice.data.get(key)
    if key == "hearing_on":
        return parse_date(value)
    return bool(value)


def columns(reg: LitigationRegister) -> list[ExcelColumn]:
    def d(case: Case) -> LitigationDetail:
        return case.litigation  # type: ignore[attr-defined]

    choice = choice_parser
    only = "仅导出，导入时按办理经过重新计算"
    many = "多次开庭的，每次一行（单元格内换行），与“开庭日期”逐行对应"
    return [
        ExcelColumn("number", "编号", lambda c: c.number, width=24, note="留空则自动编号"),
        ExcelColumn("unit", "承办单位", lambda c: str(c.unit), required=True, width=18,
                    note="被告行政机关，填写本县单位名称或简称"),
        ExcelColumn("started_on", "收到起诉状日期", lambda c: c.started_on, parse_date,
                    required=True, width=14, note="收到起诉状副本之日，答辩举证期限自次日起算十五日"),
        ExcelColumn("court_case_number", "案号", lambda c: d(c).court_case_number,
                    required=True, width=26),
        ExcelColumn("court", "法院", lambda c: d(c).court, required=True, width=18),
        ExcelColumn("plaintiff", "原告", lambda c: d(c).plaintiff, required=True, width=20),
        ExcelColumn("cause", "案由", lambda c: d(c).cause, required=True, width=16),
        ExcelColumn("act_sued", "被诉行政行为", lambda c: d(c).act_sued, width=30),
        ExcelColumn("after_reconsideration", "复议后起诉", lambda c: d(c).after_reconsideration,
                    parse_bool, width=10, note="是/否"),
        ExcelColumn("defence_filed_on", "答辩日期", lambda c: d(c).defence_filed_on, parse_date,
                    width=14, note="提交答辩状和证据的日期"),
        ExcelColumn("extension_approved", "经准许延期举证", lambda c: d(c).extension_approved,
                    parse_bool, width=12, note="是/否（解释第三十四条）"),
        ExcelColumn("defence_due", "答辩期限届满日",
                    lambda c: getattr(_defence_deadline(c), "due", None), _ignored, width=14,
                    note=only),
        ExcelColumn("defence_status", "答辩期限状态",
                    lambda c: (x.get_status_display() if (x := _defence_deadline(c)) else ""),
                    _ignored, width=12, note=only),
        ExcelColumn("notified_on", "开庭通知日期", _per_hearing(lambda h: h.notified_on),
                    _multi(parse_date), width=14, note=many + "；留空则同开庭日期"),
        ExcelColumn("held_on", "开庭日期", _per_hearing(lambda h: h.held_on), _multi(parse_date),
                    width=14, note="每次开庭一行（单元格内换行）"),
        ExcelColumn("level", "审级", _per_hearing(lambda h: h.get_level_display()),
                    _multi(choice(Level.choices)), width=8, note=many + "；留空则第一次为一审、其后为二审"),
        ExcelColumn("summoned", "法院通知负责人出庭", _per_hearing(lambda h: h.summoned),
                    _multi(parse_bool), width=12, note=many + "；是/否"),
        ExcelColumn("head_present", "负责人是否出庭", _per_hearing(lambda h: h.head_present),
                    _multi(parse_bool), width=12, note=many + "；是/否"),
        ExcelColumn("head_name", "出庭负责人", _per_hearing(lambda h: h.head_name),
                    _multi(parse_text), width=12, note=many),
        ExcelColumn("head_post", "职务", _per_hearing(lambda h: h.head_post), _multi(parse_text),
                    width=12, note=many + "；出庭负责人的职务"),
        ExcelColumn("head_rank", "负责人类别", _per_hearing(lambda h: h.get_head_rank_display()),
                    _multi(choice(HeadRank.choices)), width=16,
                    note=many + "；正职负责人、副职负责人、参与分管的副职级别负责人、其他参与分管的负责人"),
        ExcelColumn("staff_name", "出庭工作人员", _per_hearing(lambda h: h.staff_name),
                    _multi(parse_text), width=12, note=many + "；负责人未出庭时出庭的相应工作人员"),
        ExcelColumn("staff_post", "工作人员职务", _per_hearing(lambda h: h.staff_post),
                    _multi(parse_text), width=12, note=many),
        ExcelColumn("absence_reason", "未出庭原因",
                    _per_hearing(lambda h: h.get_absence_reason_display()),
                    _multi(choice(AbsenceReason.choices)), width=16,
                    note=many + "；不可抗力、意外事件、需要履行他人不能代替的公务、其他正当理由、未说明正当理由"),
        ExcelColumn("absence_proof", "未出庭证明材料", _per_hearing(lambda h: h.absence_proof),
                    _multi(parse_text), width=24, note=many),
        ExcelColumn("lawyer_attended", "委托律师出庭", _per_hearing(lambda h: h.lawyer_attended),
                    _multi(parse_bool), width=10,
                    note=many + "；是/否。不得仅委托律师出庭（行诉法第三条第三款）；仅律师或无人出庭的照常导入，记为未履行出庭应诉义务"),
        ExcelColumn("pending_notified_on", "待开庭通知日期",
                    lambda c: getattr(_pending_notice(c), "occurred_on", None), parse_date,
                    width=14, note="已收到开庭通知、尚未开庭的：收到通知的日期"),
        ExcelColumn("pending_hearing_on", "待开庭日期",
                    lambda c: _pending_value(c, "hearing_on"), parse_date, width=14,
                    note="通知的开庭日期"),
        ExcelColumn("pending_level", "待开庭审级",
                    lambda c: d(c).get_level_display() if _pending_notice(c) else "",
                    choice(Level.choices), width=8, note="留空则上诉后为二审，否则为一审"),
        ExcelColumn("pending_summoned", "待开庭通知负责人出庭",
                    lambda c: _pending_value(c, "summoned"), parse_bool, width=12, note="是/否"),
        ExcelColumn("judgment_kind", "裁判文书", lambda c: d(c).get_judgment_kind_display(),
                    choice(JudgmentKind.choices), width=10, note="一审：判决、裁定或调解书"),
        ExcelColumn("outcome", "裁判结果", lambda c: d(c).get_outcome_display(),
                    choice(JUDGMENT_OUTCOMES), width=20, note="一审裁判结果"),
        ExcelColumn("judged_on", "裁判日期", lambda c: d(c).judged_on, parse_date, width=14,
                    note="一审裁判日期"),
        ExcelColumn("served_on", "裁判文书送达日期", lambda c: d(c).served_on, parse_date, width=14,
                    note="上诉期限自送达之日起：判决十五日、裁定十日（行诉法第八十五条）；留空为裁判日期"),
        ExcelColumn("appeal_decision", "本机关上诉决定", lambda c: d(c).get_appeal_decision_display(),
                    choice(AppealDecision.choices), width=12, note="决定上诉；决定不上诉"),
        ExcelColumn("appeal_decision_on", "上诉决定日期", lambda c: d(c).appeal_decision_on,
                    parse_date, width=14),
        ExcelColumn("appealed", "是否上诉", lambda c: d(c).appealed, parse_bool, width=10),
        ExcelColumn("appealed_by", "上诉人", lambda c: d(c).get_appealed_by_display(),
                    choice(Appellant.choices), width=12),
        ExcelColumn("appealed_on", "上诉日期", lambda c: d(c).appealed_on, parse_date, width=14),
        ExcelColumn("appeal_judgment_kind", "二审裁判文书",
                    lambda c: d(c).get_appeal_judgment_kind_display(),
                    choice(JudgmentKind.choices), width=10),
        ExcelColumn("appeal_result", "上诉处理结果", lambda c: d(c).get_appeal_result_display(),
                    choice(AppealResult.choices), width=18,
                    note="驳回上诉，维持原裁判；改判；准许撤回上诉"),
        ExcelColumn("appeal_outcome", "二审改判结果", lambda c: d(c).get_appeal_outcome_display(),
                    choice(JUDGMENT_OUTCOMES), width=20),
        ExcelColumn("appeal_judged_on", "二审裁判日期", lambda c: d(c).appeal_judged_on,
                    parse_date, width=14),
        ExcelColumn("withdrawn_on", "撤诉日期",
                    lambda c: c.closed_on if c.state == "withdrawn" else None, parse_date,
                    width=14, note="人民法院裁定准许撤诉的日期"),
        ExcelColumn("withdrawn_after_change", "改变行为后撤诉",
                    lambda c: d(c).withdrawn_after_change, parse_bool, width=12,
                    note="是/否（行诉法第六十二条）"),
        ExcelColumn("closed_on", "结案日期", lambda c: c.closed_on if c.state == "closed" else None,
                    parse_date, width=14, note="裁判生效、结案的日期"),
        ExcelColumn("final_outcome", "生效裁判结果", lambda c: d(c).get_final_outcome_display(),
                    _ignored, width=20, note=only),
        ExcelColumn("lost", "是否败诉", lambda c: d(c).lost if d(c).final_outcome else "",
                    _ignored, width=10, note=only + "（按配置的败诉口径）"),
        ExcelColumn("state", "状态", lambda c: reg.state_label(c.state),
                    choice(reg.state_choices()), width=14,
                    note="可不填；填写的，须与按以上经过办理后的状态一致"),
    ]






def _hearing_rows(reg: LitigationRegister, values: Mapping[str, Any]) -> list[dict[str, Any]]:
    headers = {c.key: c.header for c in reg.excel_columns()}
    held = values.get("held_on") or []
    n = len(held)
    columns: dict[str, list[Any]] = {}
    for key in HEARING_KEYS:
        items = values.get(key) or []
        if all(v in (None, "") for v in items):
            items = [None] * n
        elif not n:
            raise ValidationError(f"填写了“{headers[key]}”，但没有“开庭日期”。")
        elif len(items) != n:
            raise ValidationError(f"“{headers[key]}”有{len(items)}行，与“开庭日期”的{n}行不一致"
                                  "（多次开庭的，每次一行，逐行对应）。")
        columns[key] = items
    rows = []
    for i, held_on in enumerate(held):
        if held_on is None:
            raise ValidationError(f"“开庭日期”第{i + 1}行为空。")
        row = {key: columns[key][i] for key in HEARING_KEYS}
        row["held_on"] = held_on
        row["level"] = row["level"] or (Level.FIRST if i == 0 else Level.SECOND)
        row["notified_on"] = row["notified_on"] or held_on
        rows.append(row)
    return rows


def _hearing_steps(h: Mapping[str, Any]) -> list[tuple[str, datetime.date | None, dict[str, Any]]]:
    if h["head_present"]:
        appearance = Appearance.HEAD
    elif h["staff_name"]:
        appearance = Appearance.STAFF
    elif h["lawyer_attended"]:
        appearance = Appearance.LAWYER_ONLY  # refused by the gate, with its reason
    else:
        appearance = Appearance.NONE
    hearing = {k: h[k] for k in ("head_name", "head_post", "head_rank", "staff_name",
                                 "staff_post", "absence_reason", "absence_proof",
                                 "lawyer_attended")}
    return [
        ("notice", h["notified_on"], {"hearing_on": h["held_on"], "level": h["level"],
                                      "summoned": h["summoned"]}),
        ("hearing", h["held_on"], {"appearance": appearance, **hearing}),
    ]


def _steps(reg: LitigationRegister, values: Mapping[str, Any]
           ) -> list[tuple[str, datetime.date | None, dict[str, Any]]]:
    """The row's history as events, in the order the procedure takes them."""
    v = values
    hearings = _hearing_rows(reg, v)
    first = [h for h in hearings if h["level"] == Level.FIRST]
    later = [h for h in hearings if h["level"] != Level.FIRST]
    steps: list[tuple[str, datetime.date | None, dict[str, Any]]] = []
    for h in first:
        steps += _hearing_steps(h)
    if v.get("judged_on"):
        steps.append(("judgment", v["judged_on"], {"judgment_kind": v.get("judgment_kind"),
                                                   "outcome": v.get("outcome"),
                                                   "served_on": v.get("served_on")}))
        if v.get("appeal_decision"):
            steps.append(("appeal_decision", v.get("appeal_decision_on") or v["judged_on"],
                          {"decision": v["appeal_decision"]}))
    if v.get("appealed") or v.get("appealed_on"):
        if not v.get("appealed_on"):
            raise ValidationError("“是否上诉”为“是”的，须填写“上诉日期”。")
        steps.append(("appeal", v["appealed_on"], {"appealed_by": v.get("appealed_by")}))
    for h in later:
        steps += _hearing_steps(h)
    appeal = {"appeal_result": v.get("appeal_result"),
              "appeal_judgment_kind": v.get("appeal_judgment_kind"),
              "appeal_outcome": v.get("appeal_outcome")}
    if later and v.get("appeal_judged_on"):
        steps.append(("judgment", v["appeal_judged_on"], {
            "judgment_kind": appeal["appeal_judgment_kind"] or JudgmentKind.JUDGMENT,
            "outcome": appeal["appeal_outcome"], "appeal_result": appeal["appeal_result"]}))
    if v.get("pending_notified_on") or v.get("pending_hearing_on"):
        if not (v.get("pending_notified_on") and v.get("pending_hearing_on")):
            raise ValidationError("“待开庭通知日期”和“待开庭日期”须同时填写。")
        steps.append(("notice", v["pending_notified_on"], {
            "hearing_on": v["pending_hearing_on"], "level": v.get("pending_level"),
            "summoned": v.get("pending_summoned")}))
    if v.get("closed_on"):
        close: dict[str, Any] = {}
        if v.get("appealed_on") and not later:  # decided on the papers, or appeal withdrawn
            close = {**appeal, "appeal_judged_on": v.get("appeal_judged_on")}
        steps.append(("close", v["closed_on"], close))
    if v.get("withdrawn_on"):
        steps.append(("withdraw", v["withdrawn_on"],
                      {"after_change": v.get("withdrawn_after_change")}))
    defence_on = v.get("defence_filed_on")
    if defence_on:
        defence = {"extension_approved": v.get("extension_approved")}
        notices = [on for key, on, _ in steps if key == "notice" and on]
        if not notices or defence_on <= min(notices):
            steps.insert(0, ("defence", defence_on, defence))
        else:
            # Filed after the hearing notice: recorded as a late filing where its
            # date falls among the later steps.
            at = next((i for i, s in enumerate(steps) if i > 0 and s[1] and s[1] > defence_on),
                      len(steps))
            steps.insert(at, ("defence_late", defence_on, defence))
    return steps


def import_row(reg: LitigationRegister, values: dict[str, Any], region: Region,
                actor: Actor) -> Case:
    steps = _steps(reg, values)  # before anything is saved: a bad row fails early
    case = replay_open(reg, region, actor, values.get("unit") or "", {k: values.get(k) for k in (
        "number", "started_on", "court_case_number", "court", "plaintiff", "cause", "act_sued",
        "after_reconsideration")})
    for key, on, fields in steps:
        case = replay_event(reg, case, actor, key, on, fields)
    check_state(reg, case, values.get("state"))
    return case


