"""重大行政决策登记簿的指标（rules.md §5 口径）.

A decision counts in the period of its 集体讨论决定 (作出决策); a catalogue
item counts in its catalogue's year. The review and discussion rates have the
decisions made in the period as their denominator.

MAJOR_DECISION_CATALOG_PUBLISHED is a 是/否 figure. The engine has no boolean
kind of its own (engine.declare only tells rates from the rest): the figure is
the count of the county's catalogues of the period's year published by the
period's end — at most one per county and year (constraint
``decision_catalogue_one_per_year``), so it is 1 (是) or 0 (否), the same
convention as a hand-reported 是/否 figure (IndicatorReport.value).
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse

from fazhi.indicators.engine import Computation, ReportSentence, Source, declare, declare_sentence
from fazhi.indicators.periods import Period

from ..details.major_decision import ADOPTED_RESULTS, DecisionCatalogue, MeetingKind
from ..sources import case_source
from .procedure import KEY


def _state_label(case):  # noqa: ANN001, ANN202
    from fazhi.registers.base import get_register

    return get_register(KEY).state_label(case.state)


SOURCE = case_source(KEY, "重大行政决策登记簿", state_label=_state_label)


def _catalogues():  # noqa: ANN202
    return DecisionCatalogue.objects.all()


CATALOGUES = Source(
    key="major_decision_catalogue", label="重大行政决策事项目录", queryset=_catalogues,
    region="region", unit="unit", changed="updated_at",
    columns=(("目录", "title"), ("年度", "year"), ("文号", "document_number"),
             ("党委同意日期", "approved_on"), ("公布日期", "published_on")),
    link=lambda c: reverse("registers:md_catalogue_detail", args=[c.pk]),
    select_related=("unit",),
)


def in_catalogue_year(period: Period, as_of: datetime.date) -> Q:
    """Items of the catalogues of the years ending in the period."""
    return Q(major_decision__catalogue__year__in=period.years())


def catalogue_published(period: Period, as_of: datetime.date) -> Q:
    """The catalogue of a year ending in the period, published by the period's end."""
    return Q(year__in=period.years(), published_on__lte=min(period.end, as_of))


MADE = Q(major_decision__discussion_result__in=ADOPTED_RESULTS)
DECIDED_ON = "major_decision__discussed_on"


def catalogued_or_decided(period: Period, as_of: datetime.date) -> Q:
    """In the catalogue of a year ending in the period, or decided in the period."""
    return in_catalogue_year(period, as_of) | (
        Q(major_decision__discussed_on__gte=period.start,
          major_decision__discussed_on__lte=period.end) & MADE)


DECISIONS = Computation(
    "MAJOR_DECISIONS", SOURCE, catalogued_or_decided, placing_label="按目录年度或集体讨论日期",
    definition="列入年度重大行政决策事项目录的决策事项，以及年内经集体讨论决定通过的决策事项"
               "（含经调整目录的目录外事项）。")
CATALOGUED = Computation(
    "MAJOR_DECISIONS_CATALOGUED", SOURCE, in_catalogue_year, placing_label="按目录年度",
    definition="列入本年度重大行政决策事项目录的决策事项。")
MADE_COUNT = Computation(
    "MAJOR_DECISIONS_MADE", SOURCE, DECIDED_ON, placing_label="按集体讨论日期", where=MADE,
    definition="经政府常务会议或者全体会议集体讨论决定通过的重大行政决策。")
OUTSIDE = Computation(
    "MAJOR_DECISIONS_OUTSIDE_CATALOGUE", SOURCE, DECIDED_ON, placing_label="按集体讨论日期",
    where=MADE & Q(major_decision__catalogue__isnull=True),
    definition="作出的重大行政决策中未列入年度目录、登记了调整目录理由的事项。")
PARTICIPATION = Computation(
    "MAJOR_DECISIONS_PUBLIC_PARTICIPATION", SOURCE, DECIDED_ON, placing_label="按集体讨论日期",
    where=MADE & Q(major_decision__participation_done_on__isnull=False),
    definition="作出的重大行政决策中履行了公众参与程序的（条例第十四条至第十八条）。")
EXPERT = Computation(
    "MAJOR_DECISIONS_EXPERT_ARGUMENT", SOURCE, DECIDED_ON, placing_label="按集体讨论日期",
    where=MADE & Q(major_decision__expert_done_on__isnull=False),
    definition="作出的重大行政决策中组织了专家论证的（条例第十九条）。")
RISK = Computation(
    "MAJOR_DECISIONS_RISK_ASSESSMENT", SOURCE, DECIDED_ON, placing_label="按集体讨论日期",
    where=MADE & Q(major_decision__risk_done_on__isnull=False),
    definition="作出的重大行政决策中开展了风险评估的（条例第二十二条）。")
EVALUATED = Computation(
    "MAJOR_DECISIONS_EVALUATED", SOURCE, "major_decision__evaluated_on", placing_label="按评估日期",
    definition="年内开展决策后评估的重大行政决策（条例第三十六条）。")
REVIEW_RATE = Computation(
    "MAJOR_DECISION_LEGALITY_REVIEW_RATE", SOURCE, DECIDED_ON, placing_label="按集体讨论日期",
    where=MADE, numerator=~Q(major_decision__review_opinion_at_discussion=""),
    definition="提交集体讨论时已出具合法性审查意见的决策 ÷ 经集体讨论决定通过的决策"
               "（登记簿拒绝未经审查的集体讨论，条例第二十五条第二款）。")
COLLECTIVE_RATE = Computation(
    "MAJOR_DECISION_COLLECTIVE_RATE", SOURCE, "major_decision__published_on",
    placing_label="按公布日期",
    numerator=Q(major_decision__meeting_kind__in=MeetingKind.values,
                major_decision__discussed_on__isnull=False) & MADE,
    definition="经政府常务会议或者全体会议讨论决定的决策 ÷ 年内公布（出台）的重大行政决策（条例第三十条）。")
CATALOGUE_PUBLISHED = Computation(
    "MAJOR_DECISION_CATALOG_PUBLISHED", CATALOGUES, catalogue_published,
    placing_label="按目录年度（期末前公布）",
    definition="本年度重大行政决策事项目录经同级党委同意并在期末前向社会公布的为“是”（1），否则为“否”（0）；"
               "每县每年只有一份目录。")

declare(DECISIONS, CATALOGUED, MADE_COUNT, OUTSIDE, PARTICIPATION, EXPERT, RISK, EVALUATED,
        REVIEW_RATE, COLLECTIVE_RATE, CATALOGUE_PUBLISHED)
declare_sentence(ReportSentence(
    KEY, "推进科学民主依法决策",
    "编制并公布年度重大行政决策事项目录，列入目录事项{MAJOR_DECISIONS_CATALOGUED}；"
    "全年作出重大行政决策{MAJOR_DECISIONS_MADE}，其中履行公众参与程序{MAJOR_DECISIONS_PUBLIC_PARTICIPATION}、"
    "组织专家论证{MAJOR_DECISIONS_EXPERT_ARGUMENT}、开展风险评估{MAJOR_DECISIONS_RISK_ASSESSMENT}，"
    "合法性审查率{MAJOR_DECISION_LEGALITY_REVIEW_RATE}，集体讨论决定率{MAJOR_DECISION_COLLECTIVE_RATE}。",
    order=45))
