"""合法性审查登记簿的指标（rules.md §4、§5 口径）.

A review counts in the period of the date its opinion was given (审查 is done
when the opinion is out); requests received are placed by the receipt. 镇街
reviews are those sent by a town or street (Unit.Kind). The reviewer's time is
in working days, start day not counted.
"""

from __future__ import annotations

from django.db.models import FilteredRelation, Q

from fazhi.indicators.engine import Computation, ReportSentence, declare, declare_sentence
from fazhi.org.models import Unit

from ..details.legality_review import Adoption, MatterKind, Opinion
from ..models import Deadline
from ..sources import case_source
from .service import KEY


def _state_label(case):  # noqa: ANN001, ANN202
    from fazhi.registers.base import get_register

    return get_register(KEY).state_label(case.state)


SOURCE = case_source(KEY, "合法性审查登记簿", state_label=_state_label)

OPINED = Q(legality_review__opinion__in=Opinion.values)
TOWNS = Q(unit__kind__in=[Unit.Kind.TOWN, Unit.Kind.STREET])
# The opinion clock settled as met (one per case: constraint deadline_met_once_per_step).
MET_OPINION = {"met_opinion": FilteredRelation(
    "deadlines", condition=Q(deadlines__step__startswith="opinion_",
                             deadlines__status=Deadline.Status.MET))}

REVIEWS = Computation(
    "LEGALITY_REVIEWS", SOURCE, "legality_review__opinion_on", placing_label="按出具意见日期",
    where=OPINED,
    definition="年度内出具合法性审查（审核）意见的事项：规范性文件、重大行政决策、行政协议（合同）和其他重大事项。")
NORMATIVE = Computation(
    "NORMATIVE_DOCS_LEGALITY_REVIEWED", SOURCE, "legality_review__opinion_on",
    placing_label="按出具意见日期",
    where=OPINED & Q(legality_review__matter_kind=MatterKind.NORMATIVE_DOCUMENT),
    definition="出具合法性审核意见的行政规范性文件（含指导部门起草的文件）。")
AGREEMENTS = Computation(
    "LEGALITY_REVIEW_AGREEMENTS", SOURCE, "legality_review__opinion_on",
    placing_label="按出具意见日期",
    where=OPINED & Q(legality_review__matter_kind=MatterKind.AGREEMENT),
    definition="出具合法性审查意见的行政协议（合同）。")
TOWN_REVIEWS = Computation(
    "TOWN_LEGALITY_REVIEWS", SOURCE, "legality_review__opinion_on", placing_label="按出具意见日期",
    where=OPINED & TOWNS,
    definition="镇、街道送审并出具合法性审查意见的重大事项、合同等。")
TOWN_COVERAGE = Computation(
    "TOWN_REVIEW_COVERAGE", SOURCE, "legality_review__opinion_on", placing_label="按出具意见日期",
    where=OPINED & TOWNS, distinct="unit_id",
    definition="年度内至少有一件事项经合法性审查的镇、街道数（审查机制实际运行的镇街）。")
CORRECTED = Computation(
    "LEGALITY_REVIEW_CORRECTED", SOURCE, "legality_review__opinion_on",
    placing_label="按出具意见日期",
    where=Q(legality_review__opinion__in=[Opinion.LAWFUL_AFTER_CHANGES, Opinion.UNLAWFUL]),
    definition="审查意见为“修改后合法”或“不合法”的事项（审查发现问题并提出修改意见）。")
ONTIME_RATE = Computation(
    "LEGALITY_REVIEW_ONTIME_RATE", SOURCE, "legality_review__opinion_on",
    placing_label="按出具意见日期",
    where=OPINED, numerator=Q(met_opinion__isnull=False), relations=MET_OPINION,
    definition="在本县规定的审查期限内出具意见的事项 ÷ 出具意见的事项；期限按事项类别设置"
               "（默认规范性文件5个工作日、重大行政决策7个工作日）。")
ADOPTION_RATE = Computation(
    "LEGALITY_REVIEW_ADOPTION_RATE", SOURCE, "closed_on", placing_label="按登记采纳情况日期",
    where=Q(legality_review__adoption__in=Adoption.values),
    numerator=Q(legality_review__adoption__in=[Adoption.ADOPTED, Adoption.PARTLY]),
    definition="审查意见被采纳（含部分采纳）的事项 ÷ 已登记采纳情况的事项。")

declare(REVIEWS, NORMATIVE, AGREEMENTS, TOWN_REVIEWS, TOWN_COVERAGE, CORRECTED, ONTIME_RATE,
        ADOPTION_RATE)
declare_sentence(ReportSentence(
    KEY, "严格落实合法性审查制度",
    "全年出具合法性审查意见{LEGALITY_REVIEWS}，其中行政规范性文件{NORMATIVE_DOCS_LEGALITY_REVIEWED}、"
    "行政协议（合同）{LEGALITY_REVIEW_AGREEMENTS}，镇（街道）送审{TOWN_LEGALITY_REVIEWS}；"
    "提出修改意见或认为不合法{LEGALITY_REVIEW_CORRECTED}，审查意见采纳率{LEGALITY_REVIEW_ADOPTION_RATE}。",
    order=40))
