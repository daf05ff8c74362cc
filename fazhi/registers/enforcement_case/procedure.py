"""行政执法案件登记簿：执法主体（承办单位）的处罚、许可、强制、检查等执法案件，
从立案到决定、公示、撤回和结案，落实行政执法三项制度.

The states, transitions, gates and clocks are declared in
``fazhi.procedures.definitions.ENFORCEMENT`` (rules.md §6). This module
supplies the gates' facts and the handlers:

* 立案 starts the 90-day decision clock of a penalty case (行政处罚法第六十条;
  a sector's own step where the case's sector declares one) and warns when the
  act is already beyond the limitation of 第三十六条 or the body's powers are not
  published (第三十九条);
* 现场执法措施 listed in ``AV_REQUIRED`` need their audio-video record (第四十七条;
  118号 全程音像记录);
* 法制审核 records the reviewer, qualification and opinion on the case; a
  first-time reviewer without 法律职业资格 is refused (第五十八条第二款), and no
  major decision passes the gate without a passed review (第五十八条第一款);
* the decision starts the publication clock (7 WD for penalties and licences,
  20 WD for others — 118号; a sector's step where declared);
* a published decision that is revoked must be withdrawn within 3 WD
  (第四十八条第二款, 第八十五条).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models

from fazhi.core import staging
from fazhi.workdays.calendar import fmt_date

from ..base import EventContext, EventType, Register, refuse, register
from ..clocks import cancel_clocks, finish_clock, open_deadline, start_clock
from ..details.enforcement_case import (
    AV_REQUIRED,
    LENIENT_OUTCOMES,
    NO_PENALTY_BASES,
    PENALTY_OUTCOMES,
    SIMPLE_LIMIT_ORGANISATION,
    SIMPLE_LIMIT_PERSON,
    EnforcementCaseDetail,
    EnforcementKind,
    LenientBasis,
    OnSiteMeasure,
    Outcome,
    PartyType,
    PenaltyType,
    Procedure,
    ReviewResult,
    Sector,
)
from ..models import Case
from .forms import DecisionForm, EnforcementCaseOpenForm
from .leniency import resolve_item
from .rules import credit_code_error, limitation_end

KEY = "enforcement_case"
LAW = "《中华人民共和国行政处罚法》"

# Outcomes a decision of each kind may have (第五十七条 for penalties).
OUTCOMES_BY_KIND: dict[str, tuple[str, ...]] = {
    EnforcementKind.PENALTY: (*PENALTY_OUTCOMES, Outcome.NO_PENALTY, Outcome.NOT_ESTABLISHED,
                              Outcome.TRANSFERRED),
    EnforcementKind.LICENCE: (Outcome.GRANTED, Outcome.REFUSED),
    EnforcementKind.COERCION: (Outcome.DECIDED,),
    EnforcementKind.INSPECTION: (Outcome.DECIDED, Outcome.TRANSFERRED),
    EnforcementKind.OTHER: (Outcome.DECIDED,),
}

EVENTS: tuple[EventType, ...] = (
    EventType("measure", "现场执法措施", allowed_in=("filed",), date_label="采取措施日期",
              fields=("measure", "av_record_ref"), required=("measure",), date_field="measure_on",
              help="查封、扣押、强制拆除等现场执法活动应当全程音像记录，填写音像记录的编号或存放位置"
                   f"（{LAW}第四十七条；国办发〔2018〕118号）。"),
    EventType("mark_major", "认定为重大执法决定", allowed_in=("filed",),
              fields=("major_reason",), required=("major_reason",),
              help=f"有{LAW}第五十八条第一款所列情形之一的，作出决定前应当进行法制审核。"),
    EventType("legal_review", "重大执法决定法制审核", allowed_in=("filed",), date_label="审核日期",
              fields=("reviewer_name", "reviewer_first_time", "reviewer_bar_qualified",
                      "review_result", "review_opinion"),
              required=("reviewer_name", "review_result"), date_field="reviewed_on",
              help="由本机关从事行政处罚决定法制审核的人员审核；初次从事法制审核的人员应当取得法律职业资格；"
                   f"未经法制审核或者审核未通过的，不得作出决定（{LAW}第五十八条）。"),
    EventType("extend", "延长办案期限", allowed_in=("filed",), date_label="批准日期",
              fields=("extended_days", "extension_approval"),
              required=("extended_days", "extension_approval"),
              help=f"行政处罚案件自立案之日起九十日内作出决定；法律、法规、规章另有规定的从其规定（{LAW}第六十条）。"
                   "可延长的日数按本县、本行业的期限规则参数设置。"),
    EventType("decide", "作出执法决定", target="decided", form=DecisionForm, date_label="决定日期",
              fields=("outcome", "penalty_type", "lenient_basis", "decision_number"),
              required=("outcome",), date_field="decided_on",
              help=f"简易程序只适用于对公民二百元以下、对法人或者其他组织三千元以下罚款或者警告（{LAW}第五十一条）；"
                   "不予处罚、减轻处罚的，写明适用的清单事项或者法律条款。"),
    EventType("publish", "公示执法决定", target="published", date_label="公示日期",
              fields=("publication_place",), date_field="published_on",
              help="行政处罚、行政许可决定自作出之日起7个工作日内公示，其他执法决定20个工作日内公示"
                   "（国办发〔2018〕118号；行业另有规定的按本县期限规则参数）。"),
    EventType("exempt_publication", "登记不予公示", allowed_in=("decided",),
              fields=("not_published_reason",), required=("not_published_reason",),
              help="涉及国家秘密、商业秘密、个人隐私等依法不予公开的，写明理由。"),
    EventType("revoke", "决定被变更、撤销或确认违法、无效", target="revoked",
              fields=("revocation_reason",), required=("revocation_reason",),
              date_field="revoked_on",
              help=f"已公开的决定被变更、撤销、确认违法或者确认无效的，应当在三个工作日内撤回决定信息并公开说明理由"
                   f"（{LAW}第四十八条第二款、第八十五条）。"),
    EventType("withdraw_publication", "撤回公示信息并说明理由", allowed_in=("revoked",),
              date_label="撤回日期", fields=("withdrawal_note",), required=("withdrawal_note",),
              date_field="withdrawn_on", help=f"{LAW}第四十八条第二款。"),
    EventType("close", "结案", target="closed", date_label="结案日期",
              help="决定执行完毕或者依法终结，案卷归档（全过程记录归档保存）。"),
    EventType("terminate", "撤销立案（终止调查）", target="terminated",
              fields=("termination_reason",), required=("termination_reason",)),
)


def _detail(ctx: EventContext) -> EnforcementCaseDetail:
    return ctx.detail  # type: ignore[return-value]


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        refuse(f"金额应为数字：{value}")


def sector_step(process_steps: tuple[str, ...], base: str, sector: str) -> str:
    """The sector's own step where one is declared (e.g. publicity_penalty_market)."""
    candidate = f"{base}_{sector}"
    return candidate if sector != Sector.GENERAL and candidate in process_steps else base


@register
class EnforcementCaseRegister(Register):
    key = KEY
    label = "行政执法案件"
    process_key = "enforcement"
    detail_model = EnforcementCaseDetail
    open_form = EnforcementCaseOpenForm
    events = EVENTS
    number_prefix = "执"
    bulk_import = True
    # A measure or a review may be recorded after a later step was entered.
    order_exempt = ("measure",)

    # -- steps -----------------------------------------------------------------
    def decision_step(self, d: EnforcementCaseDetail) -> str:
        return sector_step(self.process.steps, "penalty_decision", d.sector)

    def publicity_step(self, d: EnforcementCaseDetail) -> str:
        if d.kind == EnforcementKind.PENALTY:
            return sector_step(self.process.steps, "publicity_penalty", d.sector)
        if d.kind == EnforcementKind.LICENCE:
            return "publicity_penalty"  # 118号: 行政许可 like 行政处罚, 7 WD
        return "publicity_other"

    # -- opening -----------------------------------------------------------------
    def title_for(self, data: Mapping[str, Any]) -> str:
        return str(data.get("title") or "")

    def create_detail(self, case: Case, data: Mapping[str, Any]) -> EnforcementCaseDetail:
        kind = data.get("kind") or ""
        if kind not in EnforcementKind.values:
            refuse(f"执法类别“{kind}”无效。")
        party_type = data.get("party_type") or ""
        if party_type not in PartyType.values:
            refuse("请选择当事人类型（公民，或者法人或者其他组织）。")
        code = str(data.get("credit_code") or "").strip().upper()
        if code:
            error = credit_code_error(code)
            if error:
                refuse(f"统一社会信用代码“{code}”{error}")
        procedure = data.get("procedure") or Procedure.ORDINARY
        if procedure == Procedure.SIMPLE and kind != EnforcementKind.PENALTY:
            refuse(f"简易程序只适用于当场作出的行政处罚（{LAW}第五十一条）。")
        return staging.create(
            EnforcementCaseDetail, case=case, kind=kind, sector=data.get("sector") or Sector.GENERAL,
            party_type=party_type, party_name=str(data.get("party_name") or "").strip(),
            credit_code=code, procedure=procedure,
            act_ended_on=data.get("act_ended_on"), discovered_on=data.get("discovered_on"),
            safety_related=bool(data.get("safety_related")),
            powers_published=bool(data.get("powers_published")),
            is_major=bool(data.get("is_major")), major_reason=data.get("major_reason") or "")

    def on_open(self, ctx: EventContext) -> None:
        d, case = _detail(ctx), ctx.case
        if d.is_major and not d.major_reason:
            refuse(f"认定为重大执法决定的，请选择{LAW}第五十八条第一款所列的情形。")
        if d.kind == EnforcementKind.PENALTY:
            start_clock(ctx, self.decision_step(d), case.started_on)
        if d.act_ended_on is not None:
            end = limitation_end(d.act_ended_on, five_years=d.safety_related)
            discovered = d.discovered_on or case.started_on
            if discovered > end:
                years = "五" if d.safety_related else "二"
                ctx.messages.append(
                    f"违法行为发生（终了）于{fmt_date(d.act_ended_on)}，至{fmt_date(discovered)}发现时已超过"
                    f"{years}年，依法不再给予行政处罚（{LAW}第三十六条）；本案不能作出处罚决定。")
        if not d.powers_published:
            ctx.messages.append(f"执法主体、职权、立案依据、程序和救济渠道等信息应当事前公示（{LAW}第三十九条；"
                                "国办发〔2018〕118号），请核实本机关的公示情况。")

    # -- the gates' facts ----------------------------------------------------------
    def facts(self, case: Case, detail: models.Model, data: Mapping[str, Any],
              on: datetime.date) -> dict[str, Any]:
        d: EnforcementCaseDetail = detail  # type: ignore[assignment]
        outcome = data.get("outcome") or ""
        penalty_type = data.get("penalty_type") or ""
        fine = _decimal(data.get("fine_amount"))
        penalising = outcome in PENALTY_OUTCOMES
        limit = SIMPLE_LIMIT_PERSON if d.party_type == PartyType.PERSON else SIMPLE_LIMIT_ORGANISATION
        within_simple = (not penalising or penalty_type == PenaltyType.WARNING
                         or (penalty_type == PenaltyType.FINE and fine is not None and fine <= limit))
        expired = False
        if d.act_ended_on is not None:
            expired = (d.discovered_on or case.started_on) > limitation_end(
                d.act_ended_on, five_years=d.safety_related)
        basis = data.get("lenient_basis") or ""
        cited = False
        if outcome in LENIENT_OUTCOMES:
            item = resolve_item(case.region_id, data.get("leniency_ref") or "", on)
            statutory = NO_PENALTY_BASES if outcome == Outcome.NO_PENALTY else (LenientBasis.ART32,)
            cited = item is not None or basis in statutory
        return {
            "is_major": d.is_major,
            "review_passed": d.review_passed,
            "reviewer_qualified": d.reviewer_qualified,
            "simple_procedure": d.procedure == Procedure.SIMPLE,
            "within_simple_limits": within_simple,
            "penalising": penalising,
            "limitation_expired": expired,
            "lenient": outcome in LENIENT_OUTCOMES,
            "lenient_basis_cited": cited,
            "fine": penalising and penalty_type == PenaltyType.FINE,
            "fine_amount_given": fine is not None and fine > 0,
            "publication_exempt": bool(d.not_published_reason),
            "was_published": d.published_on is not None,
            "publication_withdrawn": d.withdrawn_on is not None,
        }

    # -- handlers --------------------------------------------------------------------
    def _on_measure(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        if d.measure in AV_REQUIRED and not d.av_record_ref:
            refuse(f"“{OnSiteMeasure(d.measure).label}”应当全程音像记录，请填写音像记录的编号或存放位置"
                   f"（{LAW}第四十七条；国办发〔2018〕118号）。")
        if d.av_record_ref:
            d.av_recorded = True

    def _on_mark_major(self, ctx: EventContext) -> None:
        _detail(ctx).is_major = True

    def _on_legal_review(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        if d.reviewer_first_time and not d.reviewer_bar_qualified:
            refuse("初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格"
                   f"（{LAW}第五十八条第二款）；请由符合条件的法制审核人员审核。")
        if d.review_result != ReviewResult.PASSED and not d.review_opinion:
            refuse("审核未通过或者需要修改的，请写明审核意见。")
        if not d.is_major:
            ctx.messages.append("本案未认定为重大执法决定；法制审核情况已记录。")

    def _on_extend(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        step = self.decision_step(d)
        if open_deadline(ctx.case, step) is None:
            refuse("只有行政处罚案件的办案期限可以延长，且须在作出决定前。")
        start_clock(ctx, step, ctx.case.started_on, extended=True, extension=d.extended_days,
                    event_on=None)

    def _on_decide(self, ctx: EventContext) -> None:
        d, data, on = _detail(ctx), ctx.data, ctx.event.occurred_on
        if d.outcome not in OUTCOMES_BY_KIND[d.kind]:
            allowed = "、".join(Outcome(o).label for o in OUTCOMES_BY_KIND[d.kind])
            refuse(f"{EnforcementKind(d.kind).label}案件的处理结果应为：{allowed}。")
        penalising = d.outcome in PENALTY_OUTCOMES
        if penalising and not d.penalty_type:
            refuse(f"给予行政处罚的，请选择处罚种类（{LAW}第九条、第五十九条）。")
        if not penalising:
            d.penalty_type = ""
        d.fine_amount = _decimal(data.get("fine_amount")) if penalising else None
        d.amount_involved = _decimal(data.get("amount_involved"))
        d.leniency_item = None
        if d.outcome in LENIENT_OUTCOMES and data.get("leniency_ref"):
            item = resolve_item(ctx.case.region_id, data["leniency_ref"], on)
            if item is None or item.kind != d.outcome:
                refuse(f"清单事项“{data['leniency_ref']}”不是{fmt_date(on)}施行的"
                       f"{Outcome(d.outcome).label}清单事项。")
            d.leniency_item = item
        if d.outcome not in LENIENT_OUTCOMES:
            d.lenient_basis = ""
        step = self.decision_step(d)
        clock = open_deadline(ctx.case, step)
        finish_clock(ctx, step, on)
        if clock is not None and on > clock.due:
            ctx.messages.append(f"办案期限已于{fmt_date(clock.due)}届满，本决定逾期作出（{clock.basis}）。")
        start_clock(ctx, self.publicity_step(d), on)

    def _on_publish(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        step = self.publicity_step(d)
        clock = open_deadline(ctx.case, step)
        finish_clock(ctx, step, on)
        if clock is not None and on > clock.due:
            ctx.messages.append(f"公示期限已于{fmt_date(clock.due)}届满，本次公示逾期。")

    def _on_exempt_publication(self, ctx: EventContext) -> None:
        cancel_clocks(ctx, self.publicity_step(_detail(ctx)))

    def _on_revoke(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        cancel_clocks(ctx, self.publicity_step(d))
        if d.published_on is not None:
            start_clock(ctx, "withdrawal", ctx.event.occurred_on)

    def _on_withdraw_publication(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        if d.published_on is None:
            refuse("该决定未公示，无需撤回。")
        clock = open_deadline(ctx.case, "withdrawal")
        finish_clock(ctx, "withdrawal", on)
        if clock is not None and on > clock.due:
            ctx.messages.append(f"撤回期限已于{fmt_date(clock.due)}届满，本次撤回逾期（{LAW}第四十八条第二款）。")
