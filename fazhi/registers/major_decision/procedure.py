"""重大行政决策登记簿：县政府的重大行政决策，从启动到公众参与、专家论证、风险评估，
合法性审查，集体讨论决定，向党委请示报告，公布，归档，以及执行情况和决策后评估.

The states, transitions and gates are declared in
``fazhi.procedures.definitions.MAJOR_DECISION`` (《重大行政决策程序暂行条例》, C1);
this module supplies the facts the gates read and what is not a plain fact:

* the public comment period is at least 30 days (art. 15, a minimum: the
  earliest end is computed; a shorter one needs the recorded reason);
* the legality review is a case of the legality_review register
  (``open_review``); its reviewer's clock is that register's (7 working days by
  default, configurable); this register keeps the art. 26② minimum — a
  discussion sooner than 7 working days after sending is warned;
* collective discussion is refused until the review has given its opinion and
  did not find the draft unlawful (art. 25②; exploratory reform matters with
  the legal risk stated excepted) — the gates of the declared transition.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet

from fazhi.procedures.deadlines import compute_deadline
from fazhi.workdays.calendar import fmt_date

from ..base import EventContext, EventType, Register, refuse, register
from ..details.legality_review import LegalityReviewDetail, MatterKind, ReviewerKind
from ..details.major_decision import (
    ADOPTED_RESULTS,
    DecisionCatalogue,
    DecisionKind,
    ImplementationStatus,
    MajorDecisionDetail,
    RiskConclusion,
)
from ..legality_review.service import open_review, review_status
from ..models import Case
from .forms import AdjustCatalogueForm, MajorDecisionOpenForm

KEY = "major_decision"
LAW = "《重大行政决策程序暂行条例》"
OPEN_STATES = ("started", "consultation", "legality_review", "discussed", "reported", "published")
CONSULTATION = "公众参与、专家论证、风险评估可以同时开展，各项完成后送请合法性审查。"

EVENTS: tuple[EventType, ...] = (
    EventType("public_comment", "公开征求意见", target="consultation",
              fields=("comment_until", "comment_short_reason", "participation_methods"),
              required=("comment_until",), date_field="comment_published_on",
              date_label="公布征求意见稿日期",
              help="通过政府网站等途径公布决策草案及其说明，明确提出意见的方式和期限；期限一般不少于30日，"
                   f"因情况紧急等原因缩短的，应当予以说明（{LAW}第十五条）。{CONSULTATION}"),
    EventType("participation_done", "公众参与完成", target="consultation",
              fields=("participation_methods", "participation_summary"),
              required=("participation_summary",), date_field="participation_done_on",
              date_label="完成日期",
              help=f"对社会各方面提出的意见归纳整理、研究论证，充分采纳合理意见（{LAW}第十八条）。"),
    EventType("expert_argument", "专家论证", target="consultation",
              fields=("expert_summary",), required=("expert_summary",),
              date_field="expert_done_on", date_label="论证日期",
              help=f"组织专家、专业机构论证决策事项的必要性、可行性、科学性（{LAW}第十九条、第二十条）。"),
    EventType("risk_assessment", "风险评估", target="consultation",
              fields=("risk_conclusion", "risk_summary"), required=("risk_conclusion", "risk_summary"),
              date_field="risk_done_on", date_label="评估报告日期",
              help=f"形成风险评估报告，明确风险点，提出防范措施和处置预案（{LAW}第二十二条、第二十三条）。"),
    EventType("send_review", "送请合法性审查", target="legality_review",
              fields=("reviewer_kind", "reviewer_name"), required=("reviewer_kind",),
              date_field="review_sent_on", date_label="送审日期",
              help=f"决策草案提交讨论前，应当由负责合法性审查的部门审查；送请审查应当保证必要的审查时间，"
                   f"一般不少于7个工作日（{LAW}第二十五条第一款、第二十六条）。审查意见在合法性审查登记簿中登记。"),
    EventType("discuss", "集体讨论决定", target="discussed",
              fields=("meeting_kind", "meeting_name", "discussion_result", "exploratory_reform",
                      "legal_risk_statement"),
              required=("meeting_kind", "meeting_name", "discussion_result"),
              date_field="discussed_on", date_label="会议日期",
              help=f"决策草案应当经决策机关常务会议或者全体会议讨论，行政首长在集体讨论的基础上作出决定"
                   f"（{LAW}第三十条）；未经合法性审查或者经审查不合法的，不得提交讨论（第二十五条第二款）。"),
    EventType("party_report", "向同级党委请示报告", target="reported",
              fields=("party_report_note",), date_field="party_reported_on", date_label="报告日期",
              help=f"重大行政决策出台前应当按照规定向同级党委请示报告（{LAW}第三十一条）。"),
    EventType("publish", "公布决策", target="published",
              fields=("decision_number", "publication_channel", "executing_unit"),
              required=("publication_channel",), date_field="published_on", date_label="公布日期",
              help=f"通过政府公报、政府网站和本地报纸等途径及时公布；社会公众普遍关心或者专业性、技术性较强的，"
                   f"说明公众意见、专家论证意见的采纳情况（{LAW}第三十二条）。"),
    EventType("archive", "立卷归档", target="archived",
              fields=("archive_documents", "archive_number"), required=("archive_documents",),
              date_field="archived_on", date_label="归档日期",
              help=f"将履行决策程序形成的记录、材料及时完整归档（{LAW}第三十三条）。"),
    EventType("implementation", "报告执行情况", allowed_in=("published", "archived"),
              fields=("executing_unit", "implementation_status", "implementation_note"),
              required=("implementation_status",), date_field="implementation_reported_on",
              date_label="报告日期",
              help=f"决策执行单位向决策机关报告执行情况；发现决策存在问题、客观情况发生重大变化的，应当及时报告"
                   f"（{LAW}第三十四条、第三十五条）。"),
    EventType("evaluate", "决策后评估", allowed_in=("archived",),
              fields=("evaluation_ground", "evaluation_unit", "evaluation_result"),
              required=("evaluation_ground", "evaluation_result"), date_field="evaluated_on",
              date_label="评估日期",
              help=f"决策后评估由决策机关视情组织；决策作出前承担主要论证评估工作的单位不得承担（{LAW}第三十六条）。"),
    EventType("adjust_catalogue", "调整目录", allowed_in=OPEN_STATES, form=AdjustCatalogueForm,
              fields=("outside_catalogue_reason",),
              help=f"决策机关根据实际情况调整决策事项目录（{LAW}第三条第三款）：列入某年度目录，"
                   "或者写明不列入目录的理由。"),
    EventType("terminate", "终止决策程序", target="terminated",
              fields=("termination_reason",), required=("termination_reason",), date_label="决定日期"),
)


def _detail(ctx: EventContext) -> MajorDecisionDetail:
    return ctx.detail  # type: ignore[return-value]


def _text(value: Any) -> str:
    return str(value or "").strip()


def find_catalogue(region_id: int, year: int | None) -> DecisionCatalogue | None:
    """The county's catalogue of ``year`` (None: not in a catalogue); refused when none is kept."""
    if not year:
        return None
    catalogue = DecisionCatalogue.objects.filter(region_id=region_id, year=year).first()
    if catalogue is None:
        refuse(f"本县尚未编制{year}年度重大行政决策事项目录，请先在“决策事项目录”中新建该年度目录，"
               "或者写明未列入目录的理由。")
    return catalogue


@register
class MajorDecisionRegister(Register):
    key = KEY
    label = "重大行政决策"
    process_key = "major_decision"
    detail_model = MajorDecisionDetail
    open_form = MajorDecisionOpenForm
    events = EVENTS
    number_prefix = "决策"
    order_exempt = ("adjust_catalogue",)

    def create_detail(self, case: Case, data: Mapping[str, Any]) -> MajorDecisionDetail:
        kind = data.get("decision_kind") or DecisionKind.OTHER
        if kind not in DecisionKind.values:
            refuse(f"决策事项类别“{kind}”无效。")
        catalogue = find_catalogue(case.region_id, data.get("catalogue_year"))
        reason = _text(data.get("outside_catalogue_reason"))
        if catalogue is None and not reason:
            refuse("未列入年度决策事项目录的，须写明理由（调整目录）。")
        flags = {name: bool(data.get(name, default)) for name, default in (
            ("participation_required", True), ("expert_required", False),
            ("risk_required", False), ("party_report_required", True), ("not_disclosed", False))}
        for flag, why, label in (("participation_required", "participation_reason", "公众参与"),
                                 ("expert_required", "expert_reason", "专家论证"),
                                 ("risk_required", "risk_reason", "风险评估")):
            if not flags[flag] and not _text(data.get(why)):
                refuse(f"不需要{label}的，须写明理由。")
        return MajorDecisionDetail.objects.create(
            case=case, catalogue=catalogue, outside_catalogue_reason=reason, decision_kind=kind,
            co_units=_text(data.get("co_units")),
            participation_reason=_text(data.get("participation_reason")),
            expert_reason=_text(data.get("expert_reason")),
            risk_reason=_text(data.get("risk_reason")), **flags)

    def facts(self, case: Case, detail: models.Model, data: Mapping[str, Any],
              on: datetime.date) -> dict[str, Any]:
        d: MajorDecisionDetail = detail  # type: ignore[assignment]
        review = review_status(case)
        return {
            "public_participation_done": d.participation_done_on is not None,
            "not_public": not d.participation_required,
            "technical_matter": d.expert_required,
            "expert_argument_done": d.expert_done_on is not None,
            "risk_possible": d.risk_required,
            "risk_assessment_done": d.risk_done_on is not None,
            "review_pending": review.opened and not review.done,
            "legality_review_done": review.done,
            "found_unlawful": review.found_unlawful,
            "exploratory_reform_risk_stated": bool(data.get("exploratory_reform"))
            and bool(_text(data.get("legal_risk_statement"))),
            "decision_adopted": d.discussion_result in ADOPTED_RESULTS,
            "party_report_required": d.party_report_required,
            "party_reported": d.party_reported_on is not None,
            "not_disclosed": d.not_disclosed,
        }

    # -- 公众参与 -------------------------------------------------------------
    def _on_public_comment(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        if d.comment_until is None or d.comment_until <= on:
            refuse("征求意见截止日期应当晚于公布征求意见稿的日期。")
        earliest = compute_deadline(self.process_key, "public_comment", on, region=ctx.case.region)
        d.comment_min_until = earliest.due
        if d.comment_until < earliest.due:
            if not d.comment_short_reason:
                refuse(f"公开征求意见的期限一般不少于30日（{LAW}第十五条第一款），自{fmt_date(on)}公布起"
                       f"最早于{fmt_date(earliest.due)}届满；因情况紧急等原因缩短期限的，须登记说明的理由。")
            ctx.messages.append(f"征求意见期限短于30日（最短期限届满日为{fmt_date(earliest.due)}），"
                                f"已登记理由：{d.comment_short_reason}")
        if not d.participation_required:
            ctx.messages.append("该事项登记为不需要公众参与，现已公开征求意见。")

    def _on_participation_done(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        if d.comment_until is not None and on < d.comment_until:
            refuse(f"公开征求意见的期限至{fmt_date(d.comment_until)}届满，期限届满前不能结束公众参与。")

    def _on_risk_assessment(self, ctx: EventContext) -> None:
        if _detail(ctx).risk_conclusion == RiskConclusion.UNCONTROLLABLE:
            ctx.messages.append(f"风险评估认为风险不可控的，应当采取调整决策草案等措施确保风险可控后，"
                                f"方可作出决策（{LAW}第二十四条）。")

    # -- 合法性审查 ----------------------------------------------------------
    def _on_send_review(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        if d.reviewer_kind not in ReviewerKind.values:
            refuse(f"审查机构应为：{'、'.join(ReviewerKind.labels)}。")
        open_review(ctx.actor, ctx.case, matter_kind=MatterKind.MAJOR_DECISION, sent_on=on,
                    reviewer_kind=d.reviewer_kind, reviewer_name=d.reviewer_name,
                    title=f"{ctx.case.title}（决策草案）")
        d.review_min_until = compute_deadline(self.process_key, "legality_review", on,
                                              region=ctx.case.region).due
        ctx.messages.append(f"已送请合法性审查；应当保证审查时间一般不少于7个工作日，"
                            f"即不早于{fmt_date(d.review_min_until)}提交集体讨论（{LAW}第二十六条第二款）。")

    # -- 集体讨论决定 --------------------------------------------------------
    def _on_discuss(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        review = review_status(ctx.case)
        if review.opinion_on is not None and on < review.opinion_on:
            refuse(f"会议日期（{fmt_date(on)}）早于合法性审查意见的出具日期（{fmt_date(review.opinion_on)}）："
                   f"未经合法性审查不得提交集体讨论（{LAW}第二十五条第二款）。")
        d.review_opinion_at_discussion = review.opinion
        if not d.exploratory_reform:
            d.legal_risk_statement = ""
        elif review.found_unlawful:
            ctx.messages.append("经合法性审查认为不合法，作为探索性改革决策事项明示法律风险后提交讨论"
                                f"（{LAW}第二十五条第二款）。")
        if d.review_min_until is not None and on < d.review_min_until:
            ctx.messages.append(f"集体讨论距送请合法性审查（{fmt_date(d.review_sent_on)}）不足7个工作日"
                                f"（最短审查时间至{fmt_date(d.review_min_until)}），"
                                f"应当保证必要的审查时间（{LAW}第二十六条第二款）。")
        if d.risk_conclusion == RiskConclusion.UNCONTROLLABLE:
            ctx.messages.append(f"风险评估结论为风险不可控（{LAW}第二十四条）。")

    # -- 归档 ------------------------------------------------------------------
    def _on_archive(self, ctx: EventContext) -> None:
        """The list should hold the record of every step the file went through
        (art. 33 “及时完整归档”): name those it seems to miss."""
        d = _detail(ctx)
        listed = d.archive_documents
        expected = [(d.comment_published_on, ("征求意见",), "征求意见稿及公众意见采纳情况"),
                    (d.expert_done_on, ("专家", "论证"), "专家论证意见"),
                    (d.risk_done_on, ("风险",), "风险评估报告"),
                    (d.review_sent_on, ("合法性审查", "审查意见"), "合法性审查意见书"),
                    (d.discussed_on, ("会议", "纪要", "集体讨论"), "集体讨论决定的会议记录（纪要）"),
                    (d.published_on, ("决策文件", "公布", "文号"), "公布的决策文件")]
        missing = [name for done, words, name in expected
                   if done is not None and not any(w in listed for w in words)]
        if missing:
            ctx.messages.append(f"归档材料清单中未见：{'、'.join(missing)}；履行决策程序形成的记录、材料应当"
                                f"完整归档（{LAW}第三十三条）。")

    # -- 执行、调整目录 ------------------------------------------------------
    def _on_implementation(self, ctx: EventContext) -> None:
        status = _detail(ctx).implementation_status
        if status in (ImplementationStatus.PROBLEM, ImplementationStatus.SUSPENDED):
            ctx.messages.append(f"决策执行中发现问题、情况发生重大变化或者中止执行的，应当及时向决策机关报告；"
                                f"需要作出重大调整的，应当依照条例履行相关法定程序（{LAW}第三十五条、第三十七条）。")

    def _on_adjust_catalogue(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        d.catalogue = find_catalogue(ctx.case.region_id, ctx.data.get("catalogue_year"))
        if d.catalogue is not None:
            d.outside_catalogue_reason = ""
        elif not d.outside_catalogue_reason:
            refuse("未列入年度决策事项目录的，须写明理由（调整目录）。")

    def export_queryset(self, qs: QuerySet) -> QuerySet:
        """Also the catalogue and the reviews the Excel columns read."""
        return super().export_queryset(qs).select_related("major_decision__catalogue").prefetch_related(
            Prefetch("legality_reviews",
                     queryset=LegalityReviewDetail.objects.select_related("case").order_by("id")))

    def detail_rows(self, detail: Any) -> list[tuple[str, str]]:
        review = review_status(detail.case)
        rows = super().detail_rows(detail)
        text = review.label if review.case is None else f"{review.label}（{review.case.number}）"
        rows.insert(1, ("合法性审查", text))
        return rows
