"""重大行政决策登记簿, tested from design/rules.md §5 and 《重大行政决策程序暂行条例》
(第三条第三款, 第十四条至第三十六条; 第二十五条第二款: 未经合法性审查或者经审查不合法的，
不得提交决策机关讨论).

2025 holidays: National Day and Mid-autumn 10/1–10/8 off, 9/28 (Sunday) and 10/11
(Saturday) worked.
"""

from __future__ import annotations

import datetime
import random
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.audit.models import AuditEntry
from fazhi.core.actions import ActionRefused, Actor
from fazhi.indicators import engine
from fazhi.indicators import figures as figures_of
from fazhi.indicators.periods import Period
from fazhi.registers import excel
from fazhi.registers.base import OpenCase, RecordEvent, get_register
from fazhi.registers.details.major_decision import DecisionCatalogue
from fazhi.registers.legality_review import review_status
from fazhi.registers.major_decision import load_demo
from fazhi.registers.major_decision.actions import (
    ApproveCatalogue,
    CreateCatalogue,
    PublishCatalogue,
)
from fazhi.registers.models import Case, CaseEvent, Deadline

from ..conftest import PASSWORD

D = datetime.date
AUG_1, SEP_26 = D(2025, 8, 1), D(2025, 9, 26)
REG = get_register("major_decision")
REVIEWS = get_register("legality_review")


def office(county, key: str = "office") -> Actor:  # noqa: ANN001
    return Actor.for_user(county.users[key])


def catalogue(county, year: int = 2025, *, region=None, actor_key: str = "office",  # noqa: ANN001
              published: bool = True) -> DecisionCatalogue:
    region = region or county.county
    unit = next(u for u in county.units.values() if u.region_id == region.pk)
    cat = CreateCatalogue(office(county, actor_key), region=region, unit=unit, year=year,
                          title=f"{region.name}{year}年度重大行政决策事项目录").execute()
    if published:
        cat = ApproveCatalogue(office(county, actor_key), cat, approved_on=D(year, 1, 20),
                               approval_note="经县委常委会会议研究同意").execute()
        cat = PublishCatalogue(office(county, actor_key), cat, published_on=D(year, 2, 10),
                               published_where="县政府门户网站").execute()
    return cat


def start(county, on: D = AUG_1, *, title: str = "莘县城区停车设施建设规划",  # noqa: ANN001
          **data: Any) -> Case:
    fields = {"title": title, "started_on": on, "decision_kind": "plan", "catalogue_year": 2025,
              "participation_required": True, "expert_required": False,
              "expert_reason": "不属于专业性、技术性较强的事项", "risk_required": False,
              "risk_reason": "已作风险评价，不重复评估", "party_report_required": True, **data}
    return OpenCase(office(county), REG, region=county.county, unit=county.units["县司法局"],
                    data=fields).execute()


def act(county, case: Case, event: str, on: D, **data: Any) -> Case:  # noqa: ANN001
    return RecordEvent(office(county), case, REG, event, occurred_on=on, data=data).execute()


def opinion(county, case: Case, on: D, value: str = "lawful", reasons: str = "") -> Case:  # noqa: ANN001
    review = review_status(case).case
    return RecordEvent(office(county), review, REVIEWS, "opinion", occurred_on=on, data={
        "opinion": value, "opinion_reasons": reasons, "counsel_consulted": True}).execute()


def consulted(county, on: D = AUG_1, **data: Any) -> Case:  # noqa: ANN001
    case = start(county, on, **data)
    case = act(county, case, "public_comment", on + datetime.timedelta(days=1),
               comment_until=on + datetime.timedelta(days=35), participation_methods="网上征求意见")
    return act(county, case, "participation_done", on + datetime.timedelta(days=36),
               participation_summary="收到意见8条，采纳3条。")


def sent(county, on: D = SEP_26, **data: Any) -> Case:  # noqa: ANN001
    case = consulted(county, **data)
    return act(county, case, "send_review", on, reviewer_kind="justice_bureau",
               reviewer_name="县司法局合法性审查科")


DISCUSS = {"meeting_kind": "standing", "meeting_name": "县政府第8次常务会议",
           "discussion_result": "adopted"}


# ------------------------------------------------------------------ opening and catalogue
@pytest.mark.django_db
def test_a_decision_outside_the_catalogue_needs_its_reason(county) -> None:  # noqa: ANN001
    catalogue(county)
    with pytest.raises(ActionRefused, match="须写明理由"):
        start(county, catalogue_year=None)
    with pytest.raises(ActionRefused, match="尚未编制2024年度"):
        start(county, catalogue_year=2024)
    case = start(county, catalogue_year=None, outside_catalogue_reason="年中新增事项，调整目录")
    assert case.major_decision.catalogue is None
    case = act(county, case, "adjust_catalogue", D(2025, 8, 5), catalogue_year=2025,
               outside_catalogue_reason="")
    assert case.major_decision.catalogue.year == 2025
    assert case.major_decision.outside_catalogue_reason == ""


@pytest.mark.django_db
def test_each_procedure_is_required_or_not_with_its_reason(county) -> None:  # noqa: ANN001
    catalogue(county)
    with pytest.raises(ActionRefused, match="不需要专家论证的，须写明理由"):
        start(county, expert_reason="")
    with pytest.raises(ActionRefused, match="不需要公众参与的，须写明理由"):
        start(county, participation_required=False)


@pytest.mark.django_db
def test_the_catalogue_is_published_only_after_the_party_committee_agreed(county) -> None:  # noqa: ANN001
    cat = catalogue(county, published=False)
    with pytest.raises(ActionRefused, match="第三条第三款"):
        PublishCatalogue(office(county), cat, published_on=D(2025, 2, 1),
                         published_where="县政府门户网站").execute()
    cat = ApproveCatalogue(office(county), cat, approved_on=D(2025, 1, 20),
                           approval_note="县委同意").execute()
    with pytest.raises(ActionRefused, match="不能早于同级党委同意"):
        PublishCatalogue(office(county), cat, published_on=D(2025, 1, 10),
                         published_where="县政府门户网站").execute()
    cat = PublishCatalogue(office(county), cat, published_on=D(2025, 2, 10),
                           published_where="县政府门户网站").execute()
    assert cat.state_label == "已公布"
    assert AuditEntry.objects.filter(action__startswith="major_decision.catalogue.").count() == 3
    with pytest.raises(ActionRefused, match="已经建立"):
        catalogue(county, published=False)
    with pytest.raises(PermissionDenied):
        CreateCatalogue(office(county, "clerk"), region=county.county,
                        unit=county.units["县政府办公室"], year=2026, title="目录").execute()


# ------------------------------------------------------------------ public participation
@pytest.mark.django_db
def test_the_comment_period_is_at_least_30_days_unless_a_reason_is_recorded(county) -> None:  # noqa: ANN001
    catalogue(county)
    case = start(county)
    # Published 9/1: 30 days end on 10/1, in the National Day holiday → 10/9 at the earliest.
    with pytest.raises(ActionRefused, match="2025年10月9日"):
        act(county, case, "public_comment", D(2025, 9, 1), comment_until=D(2025, 10, 1))
    action = RecordEvent(office(county), case, REG, "public_comment", occurred_on=D(2025, 9, 1),
                         data={"comment_until": D(2025, 9, 21),
                               "comment_short_reason": "汛期前须开工，情况紧急"})
    case = action.execute()
    assert case.state == "consultation"
    assert case.major_decision.comment_min_until == D(2025, 10, 9)
    assert any("已登记理由" in m for m in action.messages)
    with pytest.raises(ActionRefused, match="期限届满前不能结束公众参与"):
        act(county, case, "participation_done", D(2025, 9, 20), participation_summary="意见5条")
    case = act(county, case, "participation_done", D(2025, 9, 22), participation_summary="意见5条")
    assert case.major_decision.participation_done_on == D(2025, 9, 22)


@pytest.mark.django_db
def test_review_is_refused_until_the_required_procedures_are_done(county) -> None:  # noqa: ANN001
    catalogue(county)
    case = start(county, expert_required=True, expert_reason="技术性强")
    with pytest.raises(ActionRefused, match="公众参与"):
        act(county, case, "send_review", D(2025, 9, 1), reviewer_kind="justice_bureau")
    case = act(county, case, "public_comment", D(2025, 8, 2), comment_until=D(2025, 9, 5))
    case = act(county, case, "participation_done", D(2025, 9, 5), participation_summary="意见")
    with pytest.raises(ActionRefused, match="专家论证"):
        act(county, case, "send_review", D(2025, 9, 8), reviewer_kind="justice_bureau")
    case = act(county, case, "expert_argument", D(2025, 9, 6), expert_summary="论证可行")
    case = act(county, case, "send_review", D(2025, 9, 8), reviewer_kind="justice_bureau")
    assert case.state == "legality_review"


# ------------------------------------------------------------------ the shared review step
@pytest.mark.django_db
def test_sending_for_review_opens_it_in_the_legality_review_register(county) -> None:  # noqa: ANN001
    catalogue(county)
    case = sent(county, D(2025, 9, 26))
    status = review_status(case)
    review = status.case
    assert status.opened and not status.done
    assert review.register == "legality_review" and review.legality_review.source_case == case
    assert review.legality_review.matter_kind == "major_decision"
    # The reviewer's clock is the legality_review register's: 7 WD by default (art. 26②),
    # across the holiday with 10/11 worked.
    clock = Deadline.objects.get(case=review, status=Deadline.Status.OPEN)
    assert (clock.due, clock.amount, clock.unit) == (D(2025, 10, 13), 7, "WD")
    assert case.major_decision.review_min_until == D(2025, 10, 13)
    opinion(county, case, D(2025, 10, 10))
    assert CaseEvent.objects.filter(case=case, kind="review_opinion",
                                    label="收到合法性审查意见：合法").exists()


# ------------------------------------------------------------------ the discussion gate
@pytest.mark.django_db
def test_collective_discussion_before_the_review_is_refused(county) -> None:  # noqa: ANN001
    catalogue(county)
    case = consulted(county)
    with pytest.raises(ActionRefused, match="未经合法性审查不得提交集体讨论"):
        act(county, case, "discuss", D(2025, 9, 10), **DISCUSS)
    case = act(county, case, "send_review", D(2025, 9, 26), reviewer_kind="justice_bureau")
    with pytest.raises(ActionRefused, match="第二十五条第二款"):
        act(county, case, "discuss", D(2025, 9, 29), **DISCUSS)
    opinion(county, case, D(2025, 10, 13))
    with pytest.raises(ActionRefused, match="早于合法性审查意见的出具日期"):
        act(county, case, "discuss", D(2025, 10, 10), **DISCUSS)
    case = act(county, case, "discuss", D(2025, 10, 14), **DISCUSS)
    assert case.state == "discussed"
    assert case.major_decision.review_opinion_at_discussion == "lawful"


@pytest.mark.django_db
def test_a_decision_found_unlawful_is_refused_unless_an_exploratory_reform_states_the_risk(county) -> None:  # noqa: ANN001
    catalogue(county)
    case = sent(county, D(2025, 9, 1))
    opinion(county, case, D(2025, 9, 12), "unlawful", "设定收费缺少法律依据")
    with pytest.raises(ActionRefused, match="经合法性审查认为不合法的，不得提交集体讨论"):
        act(county, case, "discuss", D(2025, 9, 15), **DISCUSS)
    with pytest.raises(ActionRefused, match="不合法"):  # the reform flag without the risk stated
        act(county, case, "discuss", D(2025, 9, 15), exploratory_reform=True, **DISCUSS)
    action = RecordEvent(office(county), case, REG, "discuss", occurred_on=D(2025, 9, 15), data={
        **DISCUSS, "exploratory_reform": True,
        "legal_risk_statement": "国家尚无明确规定，存在被确认违法的风险"})
    case = action.execute()
    assert case.state == "discussed" and any("探索性改革" in m for m in action.messages)


@pytest.mark.django_db
def test_after_an_unlawful_opinion_the_revised_draft_is_sent_again(county) -> None:  # noqa: ANN001
    catalogue(county)
    case = sent(county, D(2025, 9, 1))
    with pytest.raises(ActionRefused, match="尚未出具意见"):
        act(county, case, "send_review", D(2025, 9, 3), reviewer_kind="justice_bureau")
    opinion(county, case, D(2025, 9, 12), "unlawful", "设定收费缺少法律依据")
    case = act(county, case, "send_review", D(2025, 9, 15), reviewer_kind="justice_bureau")
    assert review_status(case).opened and not review_status(case).done
    opinion(county, case, D(2025, 9, 26))
    case = act(county, case, "discuss", D(2025, 9, 29), **DISCUSS)
    assert case.state == "discussed"
    assert Case.objects.filter(register="legality_review", legality_review__source_case=case).count() == 2


@pytest.mark.django_db
def test_a_discussion_sooner_than_7_working_days_after_sending_is_warned(county) -> None:  # noqa: ANN001
    catalogue(county)
    case = sent(county, D(2025, 9, 26))
    opinion(county, case, D(2025, 9, 29))
    action = RecordEvent(office(county), case, REG, "discuss", occurred_on=D(2025, 9, 30),
                         data=DISCUSS)
    action.execute()
    assert any("不足7个工作日" in m and "2025年10月13日" in m for m in action.messages)


# ------------------------------------------------------------------ after the decision
@pytest.mark.django_db
def test_party_report_publication_archive_implementation_and_evaluation(county) -> None:  # noqa: ANN001
    catalogue(county)
    case = sent(county, D(2025, 9, 1))
    opinion(county, case, D(2025, 9, 12))
    case = act(county, case, "discuss", D(2025, 9, 15), **DISCUSS)
    with pytest.raises(ActionRefused, match="第三十一条"):
        act(county, case, "publish", D(2025, 9, 20), publication_channel="政府网站")
    with pytest.raises(ActionRefused, match="只能在"):
        act(county, case, "evaluate", D(2025, 9, 20), evaluation_ground="necessary",
            evaluation_result="好")
    case = act(county, case, "party_report", D(2025, 9, 18), party_report_note="县委同意")
    case = act(county, case, "publish", D(2025, 9, 22), publication_channel="政府网站",
               decision_number="莘政发〔2025〕9号", executing_unit="县司法局")
    case = act(county, case, "implementation", D(2025, 10, 9), implementation_status="on_track")
    archive = RecordEvent(office(county), case, REG, "archive", occurred_on=D(2025, 10, 10), data={
        "archive_documents": "常务会议纪要\n决策文件", "archive_number": "WS-2025-1"})
    case = archive.execute()
    assert any("征求意见稿及公众意见采纳情况、合法性审查意见书" in m and "第三十三条" in m
               for m in archive.messages)
    assert case.state == "archived" and case.closed_on == D(2025, 10, 10)
    action = RecordEvent(office(county), case, REG, "implementation", occurred_on=D(2025, 11, 3),
                         data={"implementation_status": "problem", "implementation_note": "客流不足"})
    action.execute()
    assert any("第三十五条" in m for m in action.messages)
    case = act(county, Case.objects.get(pk=case.pk), "evaluate", D(2025, 11, 20),
               evaluation_ground="necessary", evaluation_unit="第三方", evaluation_result="达到预期")
    assert case.major_decision.evaluated_on == D(2025, 11, 20)


@pytest.mark.django_db
def test_no_party_report_where_not_required_and_no_publication_of_a_rejected_draft(county) -> None:  # noqa: ANN001
    catalogue(county)
    case = sent(county, D(2025, 9, 1), party_report_required=False)
    opinion(county, case, D(2025, 9, 12))
    case = act(county, case, "discuss", D(2025, 9, 15), **DISCUSS)
    case = act(county, case, "publish", D(2025, 9, 16), publication_channel="政府网站")
    assert case.state == "published"
    other = sent(county, D(2025, 9, 1), title="莘县某项收费方案")
    opinion(county, other, D(2025, 9, 12))
    other = act(county, other, "discuss", D(2025, 9, 15), **{**DISCUSS, "discussion_result": "rejected"})
    with pytest.raises(ActionRefused, match="未决定通过"):
        act(county, other, "party_report", D(2025, 9, 16))
    other = act(county, other, "terminate", D(2025, 9, 17), termination_reason="会议不予通过")
    assert other.state == "terminated"


# ------------------------------------------------------------------ figures
@pytest.mark.django_db
def test_figures(county) -> None:  # noqa: ANN001
    catalogue(county)
    case = sent(county, D(2025, 9, 1))
    figures = lambda: {f.code: f for f in engine.evaluate(  # noqa: E731
        Period.year(2025), county_ids=[county.county.pk], by_unit=False)}
    assert figures()["MAJOR_DECISION_CATALOG_PUBLISHED"].count == 1
    assert figures()["MAJOR_DECISIONS"].count == 1
    opinion(county, case, D(2025, 9, 12))
    case = act(county, case, "discuss", D(2025, 9, 15), **DISCUSS)
    start(county, title="目录外事项", catalogue_year=None, outside_catalogue_reason="调整目录")
    f = figures()
    assert f["MAJOR_DECISIONS"].count == 1  # the item outside the catalogue is not decided yet
    assert f["MAJOR_DECISIONS_CATALOGUED"].count == 1
    assert f["MAJOR_DECISIONS_MADE"].count == 1
    assert f["MAJOR_DECISIONS_PUBLIC_PARTICIPATION"].count == 1
    assert f["MAJOR_DECISION_LEGALITY_REVIEW_RATE"].value == 100
    assert "MAJOR_DECISION_COLLECTIVE_RATE" not in f  # nothing published yet: no rate ("—")
    case = act(county, case, "party_report", D(2025, 9, 18))
    act(county, case, "publish", D(2025, 9, 22), publication_channel="政府网站")
    f = figures()
    assert f["MAJOR_DECISION_COLLECTIVE_RATE"].value == 100
    # An unpublished catalogue is 否 (0: no record counted); once published, 是 (1).
    published = engine.REGISTRY["MAJOR_DECISION_CATALOG_PUBLISHED"]
    cat = catalogue(county, 2026, published=False)
    assert published.records(Period.year(2026), D(2026, 12, 31)).count() == 0
    shown = figures_of.computed(Period.year(2026), region=county.county, as_of=D(2026, 12, 31))
    assert shown["MAJOR_DECISION_CATALOG_PUBLISHED"].text == "否"
    assert figures_of.computed(Period.year(2025), region=county.county)[
        "MAJOR_DECISION_CATALOG_PUBLISHED"].text == "是"
    ApproveCatalogue(office(county), cat, approved_on=D(2025, 12, 20), approval_note="同意").execute()
    PublishCatalogue(office(county), cat, published_on=D(2025, 12, 28),
                     published_where="县政府门户网站").execute()
    assert published.records(Period.year(2026), D(2026, 12, 31)).count() == 1
    # Not yet published by the end of January 2025's period? The 2025 catalogue was published 2/10.
    assert published.records(Period(D(2025, 1, 1), D(2025, 12, 31)), D(2025, 1, 31)).count() == 0


# ------------------------------------------------------------------ Excel
def _snapshot(case: Case) -> tuple:
    d = case.major_decision
    fields = ("decision_kind", "outside_catalogue_reason", "participation_required",
              "participation_reason", "expert_required", "risk_required", "party_report_required",
              "comment_published_on", "comment_until", "comment_min_until", "participation_done_on",
              "participation_summary", "review_sent_on", "review_min_until", "meeting_kind",
              "meeting_name", "discussion_result", "discussed_on", "review_opinion_at_discussion",
              "party_reported_on", "published_on", "publication_channel", "archived_on",
              "archive_documents", "termination_reason")
    status = review_status(case)
    return (case.title, case.started_on, case.state, case.closed_on, case.unit.short_name,
            d.catalogue.year if d.catalogue else None, tuple(getattr(d, f) for f in fields),
            (status.opinion, status.opinion_on, status.sent_on))


def _various(county) -> list[Case]:  # noqa: ANN001
    catalogue(county)
    a = start(county, title="事项一（已启动）")
    b = sent(county, D(2025, 9, 1), title="事项二（不合法，停在集体讨论前）")
    opinion(county, b, D(2025, 9, 12), "unlawful", "缺少法律依据")
    c = sent(county, D(2025, 9, 1), title="事项三（已归档）")
    opinion(county, c, D(2025, 9, 12))
    c = act(county, c, "discuss", D(2025, 9, 15), **DISCUSS)
    c = act(county, c, "party_report", D(2025, 9, 18))
    c = act(county, c, "publish", D(2025, 9, 22), publication_channel="政府网站")
    c = act(county, c, "archive", D(2025, 10, 10), archive_documents="纪要\n决策文件")
    d = start(county, title="事项四（目录外，已终止）", catalogue_year=None,
              outside_catalogue_reason="年中新增")
    d = act(county, d, "terminate", D(2025, 8, 10), termination_reason="情况变化")
    return [Case.objects.get(pk=x.pk) for x in (a, b, c, d)]


@pytest.mark.django_db
def test_export_then_import_into_an_empty_county_gives_the_same_records(
        county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    originals = _various(county)
    qs = REG.export_queryset(Case.objects.filter(register="major_decision").order_by("id"))
    with django_assert_max_num_queries(8) as few:
        excel.workbook_bytes(REG, qs[:2])
    with django_assert_max_num_queries(8) as many:
        data = excel.workbook_bytes(REG, qs)
    assert len(many) == len(few)  # twice the decisions, not one query more
    headers = [c.value.rstrip("*") for c in load_workbook(BytesIO(data)).worksheets[0][1]]
    for header in ("决策承办单位", "列入目录年度", "需要公众参与", "送请合法性审查日期",
                   "合法性审查意见", "集体讨论日期", "归档材料清单", "状态"):
        assert header in headers
    catalogue(county, region=county.other_county, actor_key="other_office")
    result = excel.import_workbook(REG, data, county.other_county,
                                   Actor.for_user(county.users["other_office"]))
    assert result.ok, result.errors
    assert result.created == len(originals)
    for original in originals:
        copy = Case.objects.get(register="major_decision", region=county.other_county,
                                number=original.number)
        assert _snapshot(copy) == _snapshot(original), original.title


@pytest.mark.django_db
def test_a_bad_row_refuses_the_whole_import(county) -> None:  # noqa: ANN001
    catalogue(county)
    wb = Workbook()
    ws = wb.active
    ws.append(["决策承办单位", "事由", "启动日期", "决策事项类别", "列入目录年度",
               "专家论证是否需要的理由", "风险评估是否需要的理由", "集体讨论日期", "会议类别",
               "会议名称", "集体讨论决定结果"])
    ws.append(["县司法局", "事项一", "2025-08-01", "重大公共政策和措施", 2025, "不需要", "不需要",
               "", "", "", ""])
    # Discussed without any legality review: refused by the gate (条例第二十五条第二款).
    ws.append(["县司法局", "事项二", "2025-08-01", "重大公共政策和措施", 2025, "不需要", "不需要",
               "2025-09-15", "常务会议", "第8次常务会议", "通过"])
    buffer = BytesIO()
    wb.save(buffer)
    result = excel.import_workbook(REG, buffer.getvalue(), county.county, office(county))
    assert not result.ok and result.created == 0
    assert result.errors[0][0] == 3 and "合法性审查" in result.errors[0][1]
    assert not Case.objects.filter(register="major_decision").exists()


# ------------------------------------------------------------------ pages
@pytest.mark.django_db
def test_catalogue_pages(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    _various(county)
    c = Client()
    c.login(username="office", password=PASSWORD)
    cat = DecisionCatalogue.objects.get(region=county.county, year=2025)
    listing = c.get(reverse("registers:md_catalogue_list")).content.decode()
    assert "莘县2025年度重大行政决策事项目录" in listing and "2025年2月10日" in listing
    with django_assert_max_num_queries(14):
        page = c.get(reverse("registers:md_catalogue_detail", args=[cat.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "事项三（已归档）" in html and "已归档" in html
    assert "事项四" not in html  # outside the catalogue
    for case in Case.objects.filter(register="major_decision"):
        with django_assert_max_num_queries(30):
            detail = c.get(reverse("registers:case_detail", args=["major_decision", case.pk]))
        text = detail.content.decode()
        assert detail.status_code == 200 and "None" not in text and "True" not in text
    with django_assert_max_num_queries(20):
        listing = c.get(reverse("registers:case_list", args=["major_decision"]))
    assert "事项二（不合法，停在集体讨论前）" in listing.content.decode()
    assert "决策事项目录" in listing.content.decode()
    assert c.get(reverse("registers:case_open", args=["major_decision"])).status_code == 200
    post = {"unit": county.units["县司法局"].pk, "started_on": "2025-08-01", "title": "网页登记的决策",
            "decision_kind": "policy", "catalogue_year": "", "participation_required": "on",
            "expert_reason": "不需要", "risk_reason": "不需要", "party_report_required": "on"}
    refused = c.post(reverse("registers:case_open", args=["major_decision"]), post)
    assert refused.status_code == 200 and "须写明理由（调整目录）" in refused.content.decode()
    opened = c.post(reverse("registers:case_open", args=["major_decision"]),
                    {**post, "catalogue_year": "2025"})
    assert opened.status_code == 302
    assert Case.objects.get(title="网页登记的决策").major_decision.catalogue.year == 2025
    for event in REG.events:  # every event's form renders in Chinese
        case = Case.objects.filter(register="major_decision").first()
        form = c.get(reverse("registers:case_event", args=["major_decision", case.pk, event.key]))
        assert form.status_code == 200 and "None" not in form.content.decode(), event.key
    # create, approve and publish through the pages
    new = c.post(reverse("registers:md_catalogue_new"), {
        "year": 2026, "title": "莘县人民政府2026年度重大行政决策事项目录",
        "unit": county.units["县政府办公室"].pk, "document_number": ""})
    cat26 = DecisionCatalogue.objects.get(region=county.county, year=2026)
    assert new.status_code == 302
    refused = c.post(reverse("registers:md_catalogue_publish", args=[cat26.pk]), {
        "published_on": "2026-01-05", "published_where": "县政府门户网站"})
    assert refused.status_code == 400 and "第三条第三款" in refused.content.decode()
    c.post(reverse("registers:md_catalogue_approve", args=[cat26.pk]), {
        "approved_on": "2025-12-20", "approval_note": "县委常委会同意"})
    c.post(reverse("registers:md_catalogue_publish", args=[cat26.pk]), {
        "published_on": "2025-12-28", "published_where": "县政府门户网站"})
    cat26.refresh_from_db()
    assert cat26.published_on == D(2025, 12, 28)
    clerk = Client()
    clerk.login(username="clerk", password=PASSWORD)
    # the clerk's unit has items in the 2025 catalogue: reads it, cannot change it
    assert clerk.get(reverse("registers:md_catalogue_detail", args=[cat.pk])).status_code == 200
    assert clerk.get(reverse("registers:md_catalogue_detail", args=[cat26.pk])).status_code == 404
    assert clerk.get(reverse("registers:md_catalogue_new")).status_code == 403
    assert clerk.post(reverse("registers:md_catalogue_approve", args=[cat.pk]), {
        "approved_on": "2025-01-01", "approval_note": "x"}).status_code == 403
    other = Client()
    other.login(username="other_office", password=PASSWORD)
    assert other.get(reverse("registers:md_catalogue_detail", args=[cat.pk])).status_code == 404


# ------------------------------------------------------------------ demo
@pytest.mark.django_db
def test_demo(county) -> None:  # noqa: ANN001
    today = datetime.date.today()
    count = load_demo(county.county, county.units, office(county), today, random.Random(1))
    assert 6 <= count <= 8
    cats = DecisionCatalogue.objects.filter(region=county.county)
    assert sorted(cats.values_list("year", flat=True)) == [today.year - 1, today.year]
    assert all(c.published_on and c.approved_on for c in cats)
    cases = Case.objects.filter(register="major_decision", is_demo=True)
    blocked = [c for c in cases if review_status(c).found_unlawful and c.state == "legality_review"]
    assert len(blocked) == 1
    with pytest.raises(ActionRefused, match="不合法"):
        act(county, blocked[0], "discuss", today, **DISCUSS)
    assert cases.filter(state="archived").exists()
    assert cases.filter(major_decision__catalogue__isnull=True).exists()
    assert Case.objects.filter(register="legality_review",
                               legality_review__source_case__in=cases).count() >= 5
