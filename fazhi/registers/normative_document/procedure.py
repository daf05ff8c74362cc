"""行政规范性文件登记簿：从起草、公开征求意见、合法性审核、集体审议到统一登记、
统一编号、统一印发并公布，报送备案，有效期届满和清理.

The states, transitions, gates and clocks are declared in
``fazhi.procedures.definitions.NORMATIVE_DOCUMENT`` (rules.md §4):

* 公开征求意见: at least 30 days for documents closely tied to business activity
  (《优化营商环境条例》第六十二条第二款, C1), otherwise at least 7 working days
  (示范指标 item 24, C2) — both regional settings; an omission needs its reason;
* 合法性审核 is the legality_review register's (one review mechanism): no
  集体审议 before its opinion or when it found the draft unlawful, no
  publication without a passed review and a deliberation (国办发〔2018〕115号、
  37号, M);
* two filing clocks from publication: the government at the level above (period
  set by region; M) and the 人大常委会 (Shandong 30 days, C1);
* the validity clock (5 years, 暂行/试行 2 years; M, regional): the reminders
  warn before it runs out; cleanup keeps, amends, repeals or declares lapsed.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import models

from fazhi.procedures.deadlines import compute_deadline, effective_rule
from fazhi.workdays.calendar import PeriodUnit, add_months, fmt_date

from ..base import EventContext, EventType, Register, refuse, register
from ..clocks import cancel_clocks, finish_clock, open_deadline, start_clock
from ..details.legality_review import MatterKind, ReviewerKind
from ..details.normative_document import CleanupResult, FilingResult, NormativeDocumentDetail
from ..legality_review.service import open_review, review_status
from ..models import Case, CaseEvent, Deadline
from .forms import NormativeDocumentOpenForm, SendReviewForm

KEY = "normative_document"
PROCESS = "normative_document"
IN_FORCE_STATES = ("published", "filed")

_CLEANUP_STATES = ("published", "filed")
EVENTS: tuple[EventType, ...] = (
    EventType("start_comment", "公开征求意见", target="public_comment", date_label="开始日期",
              fields=("comment_channel",), required=("comment_channel",),
              date_field="comment_started_on",
              help="与市场主体生产经营活动密切相关的，征求意见一般不少于30日（《优化营商环境条例》"
                   "第六十二条第二款）；其他一般不少于7个工作日（示范指标第24项）。期限按本县设置计算。"),
    EventType("send_review", "送请合法性审核", target="legality_review", form=SendReviewForm,
              date_label="送审日期", fields=("comment_ended_on", "comment_omitted_reason"),
              date_field="review_sent_on",
              help="由合法性审查登记簿办理审核并出具意见（国办发〔2018〕115号）。公开征求意见的，"
                   "填写征求意见截止日期；未征求意见的，写明理由。"),
    EventType("resend_review", "修改后重新送审", allowed_in=("legality_review",),
              form=SendReviewForm, date_label="送审日期", date_field="review_sent_on",
              help="经审核不合法的，起草单位修改后重新送请合法性审核。"),
    EventType("deliberate", "集体审议", target="deliberated", date_label="审议日期",
              fields=("deliberation_meeting",), required=("deliberation_meeting",),
              date_field="deliberated_on",
              help="经合法性审核后，由制定机关常务会议、全体会议或者办公会议集体审议"
                   "（国办发〔2018〕37号；未经审核或者审核不合法的，不得提交集体审议，115号）。"),
    EventType("publish", "统一登记、编号、印发并公布", target="published", date_label="公布日期",
              fields=("doc_number", "registration_number", "effective_on", "publication_channel"),
              required=("doc_number", "effective_on"), date_field="published_on",
              help="三统一：统一登记、统一编号、统一印发（国办发〔2018〕37号）；登记号留空则自动编号。"
                   "未经公布的，不得作为行政管理依据。"),
    EventType("file_government", "报送上级政府备案", target="filed", date_label="报送日期",
              fields=("filing_authority",), required=("filing_authority",),
              date_field="filed_gov_on",
              help="有件必备：公布后在本县规定的期限内报送上级政府备案（期限为地区设置）。"),
    EventType("file_congress", "报送人大常委会备案", allowed_in=IN_FORCE_STATES,
              date_label="报送日期", date_field="filed_congress_on",
              help="以县政府名义制定的，自公布之日起30日内报县人大常委会备案"
                   "（《山东省各级人大常委会规范性文件备案审查规定》第七条）。"),
    EventType("filing_result", "登记备案审查结果", allowed_in=("filed",), date_label="结果日期",
              fields=("filing_result", "filing_result_note"), required=("filing_result",),
              date_field="filing_result_on",
              help="有备必审、有错必纠：备案机关的审查结果；要求纠正的，登记审查意见。"),
    EventType("cleanup_kept", "清理：继续有效", allowed_in=_CLEANUP_STATES, date_label="清理日期",
              fields=("cleanup_note",), date_field="cleaned_on"),
    EventType("cleanup_amended", "清理：修改", allowed_in=_CLEANUP_STATES, date_label="重新施行日期",
              fields=("cleanup_note",), required=("cleanup_note",), date_field="cleaned_on",
              help="修改后重新公布施行的，有效期自重新施行之日起计算。"),
    EventType("repeal", "清理：废止", target="repealed", date_label="废止日期",
              fields=("cleanup_note",), date_field="cleaned_on"),
    EventType("lapse", "清理：宣布失效", target="lapsed", date_label="失效日期",
              fields=("cleanup_note",), date_field="cleaned_on"),
    EventType("abandon", "终止制定", target="abandoned",
              fields=("abandon_reason",), required=("abandon_reason",)),
)


def _detail(ctx: EventContext) -> NormativeDocumentDetail:
    return ctx.detail  # type: ignore[return-value]


def comment_step(detail: NormativeDocumentDetail) -> str:
    return "public_comment_business" if detail.business_related else "public_comment"


def validity_step(detail: NormativeDocumentDetail) -> str:
    return "validity_provisional" if detail.provisional else "validity"


def is_provisional(title: str) -> bool:
    return "暂行" in title or "试行" in title


@register
class NormativeDocumentRegister(Register):
    key = KEY
    label = "行政规范性文件"
    process_key = PROCESS
    detail_model = NormativeDocumentDetail
    open_form = NormativeDocumentOpenForm
    events = EVENTS
    number_prefix = "规文"
    # The 人大 filing may precede the government's; its date is checked against
    # the publication instead (_on_file_congress).
    order_exempt = ("file_congress",)

    def create_detail(self, case: Case, data: Mapping[str, Any]) -> NormativeDocumentDetail:
        title = str(data.get("title") or "")
        return NormativeDocumentDetail.objects.create(
            case=case, issuer=str(data.get("issuer") or case.unit.name).strip(),
            provisional=bool(data.get("provisional")) or is_provisional(title),
            business_related=bool(data.get("business_related")),
            congress_filing_required=bool(data.get("congress_filing_required")))

    def facts(self, case: Case, detail: models.Model, data: Mapping[str, Any],
              on: datetime.date) -> dict[str, Any]:
        d: NormativeDocumentDetail = detail  # type: ignore[assignment]
        review = review_status(case)
        facts: dict[str, Any] = {
            "comment_omission_reasoned": bool(str(data.get("comment_omitted_reason") or "").strip()),
            "legality_review_done": review.done,
            "legality_review_passed": review.passed,
            "found_unlawful": review.found_unlawful,
            "deliberated": d.deliberated_on is not None,
        }
        if case.state == "public_comment" and d.comment_started_on is not None:
            ended = data.get("comment_ended_on") or on
            least = compute_deadline(PROCESS, comment_step(d), d.comment_started_on,
                                     region=case.region).due
            facts["comment_period_met"] = ended >= least
        return facts

    # -- drafting and review ----------------------------------------------------
    def _on_start_comment(self, ctx: EventContext) -> None:
        start_clock(ctx, comment_step(_detail(ctx)), ctx.event.occurred_on)

    def _on_send_review(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        if ctx.event.from_state == "public_comment":
            ended = d.comment_ended_on or on
            if ended > on:
                refuse("征求意见截止日期不能晚于送请合法性审核的日期。")
            d.comment_ended_on = ended
            d.comment_omitted_reason = ""
            # The gate held: the period ran at least its minimum.
            clock = open_deadline(ctx.case, comment_step(d))
            if clock is not None:
                Deadline.objects.filter(pk=clock.pk).update(status=Deadline.Status.MET,
                                                           done_on=ended)
        else:
            d.comment_ended_on = None
        self._open_review(ctx)

    def _on_resend_review(self, ctx: EventContext) -> None:
        status = review_status(ctx.case)
        if status.opened and not status.done:
            refuse("合法性审核尚在办理中，待出具意见后再处理。")
        if status.passed:
            refuse(f"已通过合法性审核（{status.label}），无需重新送审。")
        self._open_review(ctx)

    def _open_review(self, ctx: EventContext) -> None:
        kind = ctx.data.get("reviewer_kind") or ReviewerKind.JUSTICE_BUREAU
        open_review(ctx.actor, ctx.case, matter_kind=MatterKind.NORMATIVE_DOCUMENT,
                    sent_on=ctx.event.occurred_on, reviewer_kind=kind,
                    reviewer_name=str(ctx.data.get("reviewer_name") or ""),
                    title=f"{ctx.case.title}（送审稿）")

    def _on_deliberate(self, ctx: EventContext) -> None:
        status = review_status(ctx.case)
        if status.opinion_on and ctx.event.occurred_on < status.opinion_on:
            refuse(f"集体审议日期不能早于合法性审核意见的日期（{fmt_date(status.opinion_on)}）。")

    # -- publication (三统一) and filing -----------------------------------------
    def _on_publish(self, ctx: EventContext) -> None:
        d, case, on = _detail(ctx), ctx.case, ctx.event.occurred_on
        if d.effective_on is None or d.effective_on < on:
            refuse("施行日期不能早于公布日期：未经公布的规范性文件不得作为行政管理依据"
                   "（国办发〔2018〕37号）。")
        d.doc_number = d.doc_number.strip()
        others = NormativeDocumentDetail.objects.filter(case__region=case.region).exclude(case=case)
        if others.filter(doc_number=d.doc_number).exists():
            refuse(f"文号“{d.doc_number}”已用于本县另一件规范性文件。")
        d.registration_number = d.registration_number.strip() or next_registration_number(case, on)
        if others.filter(registration_number=d.registration_number).exists():
            refuse(f"登记号“{d.registration_number}”已登记过（统一登记、统一编号）。")
        self._start_validity(ctx, d.effective_on)
        start_clock(ctx, "filing_government", on)
        if d.congress_filing_required:
            start_clock(ctx, "filing", on)

    def _start_validity(self, ctx: EventContext, effective: datetime.date) -> None:
        d = _detail(ctx)
        step = validity_step(d)
        clock = start_clock(ctx, step, effective)
        rule = effective_rule(PROCESS, step, ctx.case.region)
        # The document is in force up to the period's last day (民法典第二百零二条);
        # the clock may move to a working day, the validity does not.
        d.expires_on = (add_months(effective, rule.amount)[0] if rule.unit is PeriodUnit.MONTHS
                        else clock.due)

    def _on_file_government(self, ctx: EventContext) -> None:
        self._settle_filing(ctx, "filing_government", "报送上级政府备案")

    def _on_file_congress(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        if d.published_on and ctx.event.occurred_on < d.published_on:
            refuse(f"报送备案日期不能早于公布日期（{fmt_date(d.published_on)}）。")
        if CaseEvent.objects.filter(case=ctx.case, kind="file_congress").exclude(
                pk=ctx.event.pk).exists():
            refuse("已登记报送人大常委会备案。")
        d.congress_filing_required = True
        self._settle_filing(ctx, "filing", "报送人大常委会备案")

    def _settle_filing(self, ctx: EventContext, step: str, what: str) -> None:
        done = finish_clock(ctx, step, ctx.event.occurred_on)
        if done is not None and done.status == Deadline.Status.MISSED:
            ctx.messages.append(f"{what}的期限已于{fmt_date(done.due)}届满，本次报备逾期"
                                f"（未及时报备）。")

    def _on_filing_result(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        if d.filing_result not in FilingResult.values:
            refuse(f"备案审查结果应为：{'、'.join(FilingResult.labels)}。")
        if d.filing_result == FilingResult.CORRECTION and not d.filing_result_note.strip():
            refuse("备案机关要求纠正的，应当登记备案审查意见。")

    # -- validity and cleanup ---------------------------------------------------
    def _cleanup(self, ctx: EventContext, result: CleanupResult) -> None:
        d = _detail(ctx)
        d.cleanup_result = result
        if result in (CleanupResult.KEPT, CleanupResult.AMENDED) and d.expires_on \
                and ctx.event.occurred_on > d.expires_on:
            refuse(f"有效期已于{fmt_date(d.expires_on)}届满，文件已失效；需要继续施行的，"
                   "应当重新制定并公布，或者登记“清理：宣布失效”。")

    def _on_cleanup_kept(self, ctx: EventContext) -> None:
        self._cleanup(ctx, CleanupResult.KEPT)

    def _on_cleanup_amended(self, ctx: EventContext) -> None:
        self._cleanup(ctx, CleanupResult.AMENDED)
        self._start_validity(ctx, ctx.event.occurred_on)

    def _on_repeal(self, ctx: EventContext) -> None:
        self._cleanup(ctx, CleanupResult.REPEALED)
        cancel_clocks(ctx)

    def _on_lapse(self, ctx: EventContext) -> None:
        self._cleanup(ctx, CleanupResult.LAPSED)
        cancel_clocks(ctx)

    def _on_abandon(self, ctx: EventContext) -> None:
        cancel_clocks(ctx)

    def export_queryset(self, qs: models.QuerySet) -> models.QuerySet:
        return self.module("excel").export_queryset(self, super().export_queryset(qs))

    def detail_rows(self, detail: Any) -> list[tuple[str, str]]:
        review = review_status(detail.case)
        text = review.label
        if review.case is not None:
            text = f"{review.label}（{review.case.number}）"
        return [("合法性审核", text), *super().detail_rows(detail)]


def next_registration_number(case: Case, on: datetime.date) -> str:
    """统一编号: the county's next 登记号 of the year of publication."""
    taken = set(NormativeDocumentDetail.objects.filter(
        case__region=case.region, published_on__year=on.year).values_list(
        "registration_number", flat=True))
    n = len(taken) + 1
    while f"{case.region.name}规登〔{on.year}〕{n}号" in taken:
        n += 1
    return f"{case.region.name}规登〔{on.year}〕{n}号"
