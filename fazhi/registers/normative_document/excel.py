"""行政规范性文件登记簿的 Excel 列（由明细字段声明）和导入：一行重放为登记和各项
办理经过。合法性审核在合法性审查登记簿办理：导出最近一次审核的意见，导入时经
“送请合法性审核”在该登记簿重新送审，再按所填意见出具（同一套审查机制）."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet

from fazhi.core.actions import Actor
from fazhi.org.models import Region

from ..base import Register, get_register
from ..columns import case_columns, detail_columns, state_columns
from ..details.legality_review import LegalityReviewDetail, Opinion, ReviewerKind
from ..details.normative_document import CleanupResult
from ..excel import (
    ExcelColumn,
    check_state,
    choice_parser,
    parse_date,
    replay_event,
    replay_open,
)
from ..models import Case

CLEANUP_EVENTS = {CleanupResult.KEPT: "cleanup_kept", CleanupResult.AMENDED: "cleanup_amended",
                  CleanupResult.REPEALED: "repeal", CleanupResult.LAPSED: "lapse"}


def export_queryset(reg: Register, qs: QuerySet) -> QuerySet:
    """The reviews opened for each document, prefetched (newest first, withdrawn left out)."""
    reviews = (LegalityReviewDetail.objects.exclude(case__state="withdrawn")
               .select_related("case").order_by("-id"))
    return qs.prefetch_related(Prefetch("legality_reviews", queryset=reviews,
                                        to_attr="reviews_for_export"))


def _review(case: Case) -> LegalityReviewDetail | None:
    reviews = getattr(case, "reviews_for_export", None)
    if reviews is None:  # not prefetched: the same row, read now
        return (LegalityReviewDetail.objects.filter(source_case=case)
                .exclude(case__state="withdrawn").order_by("-id").first())
    return reviews[0] if reviews else None


def _review_value(name: str, labels: dict[str, str] | None = None) -> Any:
    def get(case: Case) -> Any:
        review = _review(case)
        value = getattr(review, name) if review is not None else ""
        return labels.get(value, "") if labels is not None else value
    return get


def columns(reg: Register) -> list[ExcelColumn]:
    return [
        *case_columns(reg, unit_header="起草单位", started_header="启动起草日期"),
        *detail_columns(reg, ("issuer", "provisional", "business_related",
                              "congress_filing_required", "comment_started_on", "comment_channel",
                              "comment_ended_on", "comment_omitted_reason", "review_sent_on"),
                        required=("issuer",)),
        ExcelColumn("reviewer_kind", "审核机构", _review_value("reviewer_kind", dict(ReviewerKind.choices)),
                    choice_parser(ReviewerKind.choices), note="、".join(ReviewerKind.labels)),
        ExcelColumn("review_opinion", "合法性审核意见", _review_value("opinion", dict(Opinion.choices)),
                    choice_parser(Opinion.choices),
                    note="合法性审查登记簿出具的意见（最近一次审核）：" + "、".join(Opinion.labels)),
        ExcelColumn("review_opinion_on", "审核意见日期", _review_value("opinion_on"), parse_date),
        ExcelColumn("review_reasons", "审核理由和修改意见", _review_value("opinion_reasons"), width=30),
        *detail_columns(reg, ("deliberation_meeting", "deliberated_on", "registration_number",
                              "doc_number", "published_on", "effective_on", "publication_channel")),
        ExcelColumn("expires_on", "有效期至", lambda c: c.normative_document.expires_on,
                    lambda v: None, note="按施行日期和有效期计算；导出时填写，导入时不读取"),
        *detail_columns(reg, ("filing_authority", "filed_gov_on", "filed_congress_on",
                              "filing_result", "filing_result_on", "filing_result_note",
                              "cleanup_result", "cleaned_on", "cleanup_note", "abandon_reason")),
        ExcelColumn("closed_on", "办结日期", lambda c: c.closed_on, parse_date,
                    note="废止、失效或终止制定的日期；终止制定的须填写"),
        *state_columns(reg),
    ]


def import_row(reg: Register, v: dict[str, Any], region: Region, actor: Actor) -> Case:
    case = replay_open(reg, region, actor, v["unit"], {
        key: v.get(key) for key in ("number", "title", "started_on", "issuer", "provisional",
                                    "business_related", "congress_filing_required")})
    if v.get("comment_started_on"):
        case = replay_event(reg, case, actor, "start_comment", v["comment_started_on"],
                            {"comment_channel": v.get("comment_channel") or "（导入）"})
    if v.get("review_sent_on"):
        case = replay_event(reg, case, actor, "send_review", v["review_sent_on"], {
            "comment_ended_on": v.get("comment_ended_on"),
            "comment_omitted_reason": v.get("comment_omitted_reason"),
            "reviewer_kind": v.get("reviewer_kind") or ReviewerKind.JUSTICE_BUREAU})
    if v.get("review_opinion"):
        _replay_opinion(reg, case, actor, v)
    steps: list[tuple[Any, str, dict[str, Any]]] = []
    if v.get("deliberated_on"):
        steps.append((v["deliberated_on"], "deliberate",
                      {"deliberation_meeting": v.get("deliberation_meeting") or "（导入）"}))
    if v.get("published_on"):
        steps.append((v["published_on"], "publish", {
            key: v.get(key) for key in ("doc_number", "registration_number", "effective_on",
                                        "publication_channel")}))
    if v.get("filed_gov_on"):
        steps.append((v["filed_gov_on"], "file_government",
                      {"filing_authority": v.get("filing_authority") or "（导入）"}))
    if v.get("filed_congress_on"):
        steps.append((v["filed_congress_on"], "file_congress", {}))
    if v.get("filing_result"):
        steps.append((v.get("filing_result_on"), "filing_result", {
            "filing_result": v["filing_result"], "filing_result_note": v.get("filing_result_note")}))
    if v.get("cleanup_result"):
        steps.append((v.get("cleaned_on"), CLEANUP_EVENTS[CleanupResult(v["cleanup_result"])],
                      {"cleanup_note": v.get("cleanup_note")}))
    if v.get("abandon_reason"):
        steps.append((v.get("closed_on"), "abandon", {"abandon_reason": v["abandon_reason"]}))
    for on, key, fields in steps:
        case = replay_event(reg, case, actor, key, on, fields)
    check_state(reg, case, v.get("state"))
    return case


def _replay_opinion(reg: Register, case: Case, actor: Actor, v: dict[str, Any]) -> None:
    """The review's opinion, entered in the legality_review register."""
    from ..legality_review.service import review_status

    review = review_status(case)
    if review.case is None:
        raise ValidationError("填写了“合法性审核意见”，须同时填写“送请合法性审核日期”。")
    if not v.get("review_opinion_on"):
        raise ValidationError("填写了“合法性审核意见”，须同时填写“审核意见日期”。")
    replay_event(get_register("legality_review"), review.case, actor, "opinion",
                 v["review_opinion_on"], {"opinion": v["review_opinion"],
                                          "opinion_reasons": v.get("review_reasons")})
