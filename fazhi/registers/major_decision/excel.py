"""重大行政决策登记簿的 Excel 列（由明细字段声明）和导入：一行重放为登记和各项办理经过。

The legality review is a case of the legality_review register: a row carries
the latest review's opinion, and importing it replays 送请合法性审查 (which opens
the review there) and then the opinion on that review, through the same
actions — so the discussion after it passes the same gate as on the web page
(条例第二十五条第二款). Reviews sent from this register are imported with their
decisions, not from the legality_review workbook."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core.actions import Actor
from fazhi.org.models import Region

from ..base import Register, get_register
from ..columns import case_columns, detail_columns, state_columns
from ..details.legality_review import LegalityReviewDetail, Opinion
from ..excel import (
    ExcelColumn,
    check_state,
    choice_parser,
    parse_bool,
    parse_date,
    parse_int,
    replay_event,
    replay_open,
)
from ..models import Case

REVIEW_KEY = "legality_review"


def latest_review(case: Case) -> LegalityReviewDetail | None:
    """The latest review not withdrawn, from the prefetched ``legality_reviews``
    (``export_queryset``): no query per case."""
    reviews = [r for r in case.legality_reviews.all()  # type: ignore[attr-defined]
               if r.case.state != "withdrawn"]
    return max(reviews, key=lambda r: r.pk) if reviews else None


def _review(attr: str, labels: dict[str, str] | None = None):  # noqa: ANN202
    def get(case: Case) -> Any:
        review = latest_review(case)
        value = getattr(review, attr) if review is not None else ""
        return labels.get(value, "") if labels is not None else value
    return get


def _catalogue_year(case: Case) -> Any:
    catalogue = case.major_decision.catalogue  # type: ignore[attr-defined]
    return catalogue.year if catalogue is not None else ""


OPEN_FIELDS = ("decision_kind", "outside_catalogue_reason", "co_units", "participation_required",
               "participation_reason", "expert_required", "expert_reason", "risk_required",
               "risk_reason", "party_report_required", "not_disclosed")
# (event, date column, its fields) in the order the procedure runs them.
STEPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("public_comment", "comment_published_on",
     ("comment_until", "comment_short_reason", "participation_methods")),
    ("participation_done", "participation_done_on", ("participation_methods", "participation_summary")),
    ("expert_argument", "expert_done_on", ("expert_summary",)),
    ("risk_assessment", "risk_done_on", ("risk_conclusion", "risk_summary")),
    ("send_review", "review_sent_on", ("reviewer_kind", "reviewer_name")),
    ("discuss", "discussed_on", ("meeting_kind", "meeting_name", "discussion_result",
                                 "exploratory_reform", "legal_risk_statement")),
    ("party_report", "party_reported_on", ("party_report_note",)),
    ("publish", "published_on", ("decision_number", "publication_channel", "executing_unit")),
    ("archive", "archived_on", ("archive_documents", "archive_number")),
    ("implementation", "implementation_reported_on",
     ("executing_unit", "implementation_status", "implementation_note")),
    ("evaluate", "evaluated_on", ("evaluation_ground", "evaluation_unit", "evaluation_result")),
)
STEP_FIELDS = tuple(dict.fromkeys(name for _, date, names in STEPS for name in (date, *names)))


def columns(reg: Register) -> list[ExcelColumn]:
    return [
        *case_columns(reg, unit_header="决策承办单位", started_header="启动日期"),
        *detail_columns(reg, ("decision_kind",), required=("decision_kind",)),
        ExcelColumn("catalogue_year", "列入目录年度", _catalogue_year, parse_int,
                    note="列入本县该年度决策事项目录的填年度（目录须已建立）；未列入的留空并填写理由"),
        *detail_columns(reg, OPEN_FIELDS[1:]),
        *detail_columns(reg, STEP_FIELDS),
        ExcelColumn("review_opinion", "合法性审查意见", _review("opinion", dict(Opinion.choices)),
                    choice_parser(Opinion.choices), note="、".join(Opinion.labels)),
        ExcelColumn("review_opinion_on", "审查意见日期", _review("opinion_on"), parse_date),
        ExcelColumn("review_opinion_reasons", "审查意见理由和修改意见", _review("opinion_reasons"),
                    width=30),
        ExcelColumn("review_counsel", "审查时组织法律顾问、公职律师提出法律意见",
                    _review("counsel_consulted"), parse_bool),
        ExcelColumn("termination_reason", "终止理由",
                    lambda c: c.major_decision.termination_reason),  # type: ignore[attr-defined]
        ExcelColumn("closed_on", "办结日期", lambda c: c.closed_on, parse_date,
                    note="归档或终止的日期"),
        *state_columns(reg),
    ]


def _open_value(reg: Register, v: dict[str, Any], name: str) -> Any:
    """A blank 是/否 cell is the field's default (公众参与 and 党委请示报告: 是)."""
    value = v.get(name)
    if value is None:
        field = reg.detail_model._meta.get_field(name)
        if field.get_internal_type() == "BooleanField":
            return field.get_default()
    return value


def import_row(reg: Register, v: dict[str, Any], region: Region, actor: Actor) -> Case:
    case = replay_open(reg, region, actor, v["unit"], {
        "number": v.get("number"), "title": v["title"], "started_on": v["started_on"],
        "catalogue_year": v.get("catalogue_year"),
        **{name: _open_value(reg, v, name) for name in OPEN_FIELDS}})
    steps = [(v[date], key, {name: v.get(name) for name in names})
             for key, date, names in STEPS if v.get(date)]
    if v.get("termination_reason"):
        if not v.get("closed_on"):
            raise ValidationError("填写了“终止理由”，须同时填写“办结日期”。")
        steps.append((v["closed_on"], "terminate", {"termination_reason": v["termination_reason"]}))
    for on, key, fields in steps:
        if key == "discuss" and v.get("review_opinion"):
            _replay_opinion(case, actor, v)
        case = replay_event(reg, case, actor, key, on, fields)
    if v.get("review_opinion") and not v.get("discussed_on"):
        _replay_opinion(case, actor, v)
    check_state(reg, case, v.get("state"))
    return case


def _replay_opinion(case: Case, actor: Actor, v: dict[str, Any]) -> None:
    """The opinion of the review the row's 送请合法性审查 opened."""
    review = latest_review(Case.objects.prefetch_related("legality_reviews__case").get(pk=case.pk))
    if review is None:
        raise ValidationError("填写了“合法性审查意见”，须同时填写“送请合法性审查日期”。")
    if not v.get("review_opinion_on"):
        raise ValidationError("填写了“合法性审查意见”，须同时填写“审查意见日期”。")
    replay_event(get_register(REVIEW_KEY), review.case, actor, "opinion", v["review_opinion_on"], {
        "opinion": v["review_opinion"], "opinion_reasons": v.get("review_opinion_reasons"),
        "counsel_consulted": bool(v.get("review_counsel"))})
