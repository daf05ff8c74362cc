"""行政规范性文件登记簿, tested from design/rules.md §4 (国办发〔2018〕37号、115号, M;
《优化营商环境条例》第六十二条第二款, C1; 示范指标 item 24, C2; 《山东省各级人大常委会
规范性文件备案审查规定》第七条, C1; validity 5/2 years, M).

2025 holidays: 国庆 10/1–10/8 off, 9/28 (Sunday) and 10/11 (Saturday) worked;
春节 1/28–2/4 off, 1/26 and 2/8 worked.
"""

from __future__ import annotations

import datetime
import random
from io import BytesIO
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.core.actions import ActionRefused, Actor
from fazhi.indicators import engine
from fazhi.indicators.periods import Period
from fazhi.procedures.definitions import can_transition
from fazhi.procedures.models import RuleSetting
from fazhi.registers import excel, reminders
from fazhi.registers.base import OpenCase, RecordEvent, get_register
from fazhi.registers.legality_review import review_status
from fazhi.registers.models import Case, CaseEvent, Deadline, Notification
from fazhi.registers.normative_document import load_demo

from ..conftest import PASSWORD

D = datetime.date
REG = get_register("normative_document")
JUNE_2, JULY_1 = D(2025, 6, 2), D(2025, 7, 1)
LR = get_register("legality_review")


def office(county) -> Actor:  # noqa: ANN001
    return Actor.for_user(county.users["office"])


def draft(county, started: D = JUNE_2, *, title: str = "莘县城区停车管理办法",  # noqa: ANN001
          unit: str = "县政府办公室", business: bool = False, congress: bool = True,
          number: str = "") -> Case:
    return OpenCase(office(county), REG, region=county.county, unit=county.units[unit], data={
        "number": number, "title": title, "started_on": started, "issuer": "莘县人民政府",
        "business_related": business, "congress_filing_required": congress}).execute()


def act(county, case: Case, event: str, on: D, **data: Any) -> Case:  # noqa: ANN001
    action = RecordEvent(office(county), case, REG, event, occurred_on=on, data=data)
    case = action.execute()
    case.messages = action.messages  # type: ignore[attr-defined]
    return case


def opine(county, case: Case, on: D, opinion: str = "lawful", reasons: str = "") -> None:  # noqa: ANN001
    review = review_status(case).case
    RecordEvent(office(county), review, LR, "opinion", occurred_on=on,
                data={"opinion": opinion, "opinion_reasons": reasons}).execute()


def omit(county, case: Case, on: D) -> Case:  # noqa: ANN001
    return act(county, case, "send_review", on, reviewer_kind="justice_bureau",
               comment_omitted_reason="仅规定内部工作程序，不涉及公民权利义务")


def published(county, *, title: str = "莘县城区停车管理办法", start: D = JUNE_2,  # noqa: ANN001
              on: D = JULY_1, effective: D | None = None, number: str = "莘政发〔2025〕1号",
              unit: str = "县政府办公室", congress: bool = True, **kw: Any) -> Case:
    case = draft(county, start, title=title, unit=unit, congress=congress, **kw)
    case = omit(county, case, start + datetime.timedelta(days=3))
    opine(county, case, start + datetime.timedelta(days=7))
    case = act(county, case, "deliberate", start + datetime.timedelta(days=10),
               deliberation_meeting="县政府第8次常务会议")
    return act(county, case, "publish", on, doc_number=number,
               effective_on=effective or on + datetime.timedelta(days=30),
               publication_channel="县政府门户网站")


def open_clock(case: Case, step: str) -> Deadline:
    return Deadline.objects.get(case=case, step=step, status=Deadline.Status.OPEN)


# ------------------------------------------------------------ public comment
@pytest.mark.django_db
def test_business_documents_are_open_for_comment_at_least_30_days(county) -> None:  # noqa: ANN001
    case = draft(county, D(2025, 8, 1), business=True)
    case = act(county, case, "start_comment", D(2025, 9, 5), comment_channel="县政府门户网站")
    # 9/5 + 30 = 10/5, inside 国庆 (10/1–10/8): the shortest period ends 10/9.
    least = open_clock(case, "public_comment_business")
    assert (least.due, least.unit, least.amount) == (D(2025, 10, 9), "CD", 30)
    assert "优化营商环境条例》第六十二条第二款" in least.basis
    with pytest.raises(ActionRefused, match="征求意见的期限不得少于"):
        act(county, case, "send_review", D(2025, 10, 10), comment_ended_on=D(2025, 10, 8))
    case.refresh_from_db()
    assert case.state == "public_comment" and not review_status(case).opened
    case = act(county, case, "send_review", D(2025, 10, 10), comment_ended_on=D(2025, 10, 9))
    assert case.state == "legality_review"
    assert Deadline.objects.get(case=case, step="public_comment_business").status == "met"


@pytest.mark.django_db
def test_other_documents_at_least_7_working_days_and_a_county_may_set_more(county) -> None:  # noqa: ANN001
    case = act(county, draft(county, D(2025, 9, 1)), "start_comment", D(2025, 9, 26),
               comment_channel="县政府门户网站")
    # 7 WD after 9/26: 9/28, 9/29, 9/30, 10/9, 10/10, 10/11, 10/13.
    assert open_clock(case, "public_comment").due == D(2025, 10, 13)
    with pytest.raises(ActionRefused, match="不得少于"):
        act(county, case, "send_review", D(2025, 10, 13), comment_ended_on=D(2025, 10, 10))
    RuleSetting.objects.create(process="normative_document", step="public_comment",
                               region=county.county, amount=10, unit="WD",
                               basis="《莘县行政规范性文件管理办法》第十条")
    other = act(county, draft(county, D(2025, 9, 1), title="另一件"), "start_comment",
                D(2025, 9, 26), comment_channel="县政府门户网站")
    assert open_clock(other, "public_comment").due == D(2025, 10, 16)


@pytest.mark.django_db
def test_omitting_public_comment_needs_a_reason(county) -> None:  # noqa: ANN001
    case = draft(county)
    with pytest.raises(ActionRefused, match="未公开征求意见的，应当说明理由"):
        act(county, case, "send_review", D(2025, 6, 5), comment_omitted_reason=" ")
    case = omit(county, case, D(2025, 6, 5))
    assert REG.detail_of(case).comment_omitted_reason.startswith("仅规定")


# --------------------------------------------------- the shared review step
@pytest.mark.django_db
def test_the_review_is_opened_in_the_legality_review_register(county) -> None:  # noqa: ANN001
    case = omit(county, draft(county, D(2025, 9, 22)), D(2025, 9, 26))
    review = review_status(case).case
    detail = LR.detail_of(review)
    assert detail.source_case == case and detail.matter_kind == "normative_document"
    assert review.unit == case.unit and review.register == "legality_review"
    # The reviewer's clock is the legality_review register's: 5 WD → 10/10.
    assert Deadline.objects.get(case=review, status="open").due == D(2025, 10, 10)
    opine(county, case, D(2025, 10, 9), "lawful_after_changes", "删除第六条")
    note = CaseEvent.objects.get(case=case, kind="review_opinion")
    assert note.label == "收到合法性审查意见：修改后合法"


@pytest.mark.django_db
def test_no_deliberation_before_the_opinion_nor_after_an_unlawful_one(county) -> None:  # noqa: ANN001
    case = omit(county, draft(county), D(2025, 6, 5))
    with pytest.raises(ActionRefused, match="尚未出具合法性审核意见"):
        act(county, case, "deliberate", D(2025, 6, 6), deliberation_meeting="常务会议")
    opine(county, case, D(2025, 6, 10), "unlawful", "增设行政许可条件")
    with pytest.raises(ActionRefused, match="经审核不合法的，不得提交集体审议"):
        act(county, case, "deliberate", D(2025, 6, 12), deliberation_meeting="常务会议")
    case.refresh_from_db()
    assert case.state == "legality_review"
    case = act(county, case, "resend_review", D(2025, 6, 16), reviewer_kind="justice_bureau")
    with pytest.raises(ActionRefused, match="尚在办理中"):
        act(county, case, "resend_review", D(2025, 6, 17), reviewer_kind="justice_bureau")
    assert not review_status(case).done
    opine(county, case, D(2025, 6, 19))
    with pytest.raises(ActionRefused, match="不能早于合法性审核意见"):
        act(county, case, "deliberate", D(2025, 6, 18), deliberation_meeting="常务会议")
    case = act(county, case, "deliberate", D(2025, 6, 20), deliberation_meeting="常务会议")
    assert case.state == "deliberated"
    assert Case.objects.filter(register="legality_review").count() == 2


@pytest.mark.django_db
def test_no_publication_without_a_passed_review_and_a_deliberation(county) -> None:  # noqa: ANN001
    case = omit(county, draft(county), D(2025, 6, 5))
    opine(county, case, D(2025, 6, 9))
    with pytest.raises(ActionRefused, match="未经合法性审核和集体审议的，不得公布"):
        act(county, case, "publish", D(2025, 6, 20), doc_number="莘政发〔2025〕1号",
            effective_on=D(2025, 7, 20))
    # The gates of the transition itself, on the facts the register supplies.
    for facts, words in (({"legality_review_passed": False, "deliberated": True}, "审核未通过"),
                         ({"legality_review_passed": True, "deliberated": False}, "未经集体审议")):
        ok, reason = can_transition("normative_document", "deliberated", "published", facts)
        assert not ok and words in reason and ("37号" in reason or "115号" in reason)
    assert can_transition("normative_document", "deliberated", "published",
                          {"legality_review_passed": True, "deliberated": True})[0]


@pytest.mark.django_db
def test_publication_assigns_the_registration_number_and_checks_the_dates(county) -> None:  # noqa: ANN001
    one = published(county)
    d = REG.detail_of(one)
    assert d.registration_number == "莘县规登〔2025〕1号" and d.doc_number == "莘政发〔2025〕1号"
    two = published(county, title="莘县公共租赁住房管理办法", number="莘政发〔2025〕2号")
    assert REG.detail_of(two).registration_number == "莘县规登〔2025〕2号"
    with pytest.raises(ActionRefused, match="文号“莘政发〔2025〕1号”已用于"):
        published(county, title="第三件", number="莘政发〔2025〕1号")
    with pytest.raises(ActionRefused, match="施行日期不能早于公布日期"):
        published(county, title="第四件", number="莘政发〔2025〕4号", effective=D(2025, 6, 30))


# -------------------------------------------------------------- filing
@pytest.mark.django_db
def test_two_filing_clocks_across_national_day(county) -> None:  # noqa: ANN001
    case = published(county, on=D(2025, 9, 5))
    # 9/5 + 30 = 10/5 (国庆): both periods end on 10/9.
    gov, congress = open_clock(case, "filing_government"), open_clock(case, "filing")
    assert gov.due == congress.due == D(2025, 10, 9)
    assert "山东省各级人大常委会规范性文件备案审查规定》第七条" in congress.basis
    assert "地区设置" in gov.basis
    case = act(county, case, "file_government", D(2025, 10, 9), filing_authority="聊城市人民政府")
    assert case.state == "filed" and not case.messages
    case = act(county, case, "file_congress", D(2025, 10, 10))
    assert any("未及时报备" in m for m in case.messages)
    assert Deadline.objects.get(case=case, step="filing_government").status == "met"
    assert Deadline.objects.get(case=case, step="filing").status == "missed"
    with pytest.raises(ActionRefused, match="已登记报送人大常委会备案"):
        act(county, case, "file_congress", D(2025, 10, 11))


@pytest.mark.django_db
def test_the_government_filing_period_is_the_regions_setting(county) -> None:  # noqa: ANN001
    RuleSetting.objects.create(process="normative_document", step="filing_government",
                               region=county.province, amount=15, unit="CD",
                               basis="本省规范性文件备案规定（示例）")
    # 2025-01-20 + 15 = 2/4, inside 春节 (1/28–2/4): ends 2/5. Departments file only with the county.
    case = published(county, unit="县市场监管局", congress=False, on=D(2025, 1, 20),
                     start=D(2024, 12, 2), number="莘市监发〔2025〕1号")
    assert open_clock(case, "filing_government").due == D(2025, 2, 5)
    assert not Deadline.objects.filter(case=case, step="filing").exists()


@pytest.mark.django_db
def test_filing_review_result(county) -> None:  # noqa: ANN001
    case = act(county, published(county), "file_government", D(2025, 7, 10),
               filing_authority="聊城市人民政府")
    with pytest.raises(ActionRefused, match="应当登记备案审查意见"):
        act(county, case, "filing_result", D(2025, 8, 1), filing_result="correction")
    case = act(county, case, "filing_result", D(2025, 8, 1), filing_result="correction",
               filing_result_note="第七条与上位法不一致，要求修改")
    assert REG.detail_of(case).get_filing_result_display() == "要求纠正"


# ----------------------------------------------------- validity and cleanup
@pytest.mark.django_db
def test_validity_five_years_or_two_for_provisional_documents(county) -> None:  # noqa: ANN001
    five = published(county, effective=D(2025, 8, 1))
    assert REG.detail_of(five).expires_on == D(2030, 8, 1)
    assert open_clock(five, "validity").amount == 60
    two = published(county, title="莘县城镇生活垃圾分类管理办法（暂行）", number="莘政发〔2025〕2号",
                    effective=D(2025, 8, 1))
    assert REG.detail_of(two).provisional
    assert REG.detail_of(two).expires_on == D(2027, 8, 1)
    RuleSetting.objects.create(process="normative_document", step="validity",
                               region=county.county, amount=36, unit="months",
                               basis="《莘县行政规范性文件管理办法》（示例）")
    three = published(county, title="第三件", number="莘政发〔2025〕3号", effective=D(2025, 8, 1))
    assert REG.detail_of(three).expires_on == D(2028, 8, 1)


@pytest.mark.django_db
def test_the_reminders_warn_before_the_validity_runs_out(county) -> None:  # noqa: ANN001
    case = published(county, title="莘县农村宅基地管理办法（试行）", start=D(2024, 8, 1),
                     on=D(2024, 11, 1), effective=D(2024, 12, 10), number="莘政发〔2024〕9号")
    d = REG.detail_of(case)
    clock = open_clock(case, "validity_provisional")
    assert d.expires_on == D(2026, 12, 10) and clock.due == D(2026, 12, 10) and clock.amount == 24
    assert reminders.scan(D(2026, 11, 20)).total == 2  # the filing clocks, long overdue
    assert not Notification.objects.filter(deadline__step="validity_provisional").exists()
    reminders.scan(D(2026, 12, 7))  # 3 working days before
    note = Notification.objects.get(deadline__step="validity_provisional")
    assert note.kind == "due_soon" and note.unit == case.unit
    assert "有效期届满" in note.message and "12月10日" in note.message
    # Kept in force at the cleanup: refused after the validity has run out.
    with pytest.raises(ActionRefused, match="有效期已于2025年12月31日届满"):
        _late_keep(county, case)


def _late_keep(county, case: Case) -> None:  # noqa: ANN001
    """An event dated after today is refused by the write path itself; the
    cleanup check is tested by moving the validity back instead."""
    d = REG.detail_of(case)
    d.expires_on = D(2025, 12, 31)
    d.save(update_fields=["expires_on"])
    act(county, case, "cleanup_kept", D(2026, 1, 5))


@pytest.mark.django_db
def test_cleanup_results(county) -> None:  # noqa: ANN001
    kept = act(county, published(county), "cleanup_kept", D(2025, 11, 1),
               cleanup_note="集中清理：继续有效")
    assert REG.detail_of(kept).cleanup_result == "kept" and kept.state == "published"
    amended = act(county, published(county, title="二", number="莘政发〔2025〕2号"),
                  "cleanup_amended", D(2025, 11, 3), cleanup_note="修改第五条")
    assert REG.detail_of(amended).expires_on == D(2030, 11, 3)
    assert Deadline.objects.filter(case=amended, step="validity", status="superseded").exists()
    repealed = act(county, published(county, title="三", number="莘政发〔2025〕3号"),
                   "repeal", D(2025, 11, 5), cleanup_note="上位法废止")
    assert repealed.state == "repealed" and repealed.closed_on == D(2025, 11, 5)
    assert not Deadline.objects.filter(case=repealed, status="open").exists()
    assert Deadline.objects.get(case=repealed, step="validity").status == "cancelled"
    lapsed = act(county, published(county, title="四", number="莘政发〔2025〕4号"),
                 "lapse", D(2025, 11, 6))
    assert lapsed.state == "lapsed" and REG.detail_of(lapsed).cleanup_result == "lapsed"
    with pytest.raises(ActionRefused, match="不能清理：继续有效"):
        act(county, lapsed, "cleanup_kept", D(2025, 11, 7))


# ------------------------------------------------------------------ figures
@pytest.mark.django_db
def test_figures(county) -> None:  # noqa: ANN001
    # 2025: four published; three filed with the government (one late, one whose
    # 人大 filing was late), one result recorded; one repealed, one amended.
    a = published(county, start=D(2025, 1, 6), title="甲", on=D(2025, 3, 3), number="莘政发〔2025〕1号")
    a = act(county, a, "file_government", D(2025, 3, 10), filing_authority="聊城市人民政府")
    a = act(county, a, "file_congress", D(2025, 3, 12))
    act(county, a, "filing_result", D(2025, 4, 1), filing_result="no_objection")
    b = published(county, start=D(2025, 1, 6), title="乙", on=D(2025, 3, 3), number="莘政发〔2025〕2号")
    b = act(county, b, "file_government", D(2025, 4, 20), filing_authority="聊城市人民政府")  # late
    c = published(county, start=D(2025, 1, 6), title="丙", on=D(2025, 5, 6), number="莘政发〔2025〕3号")
    c = act(county, c, "file_government", D(2025, 5, 9), filing_authority="聊城市人民政府")
    act(county, c, "file_congress", D(2025, 6, 20))  # 人大 filing late
    d = published(county, start=D(2025, 3, 3), title="丁", on=D(2025, 6, 3), number="莘政发〔2025〕4号")
    act(county, d, "repeal", D(2025, 9, 1), cleanup_note="上位法废止")
    act(county, b, "cleanup_amended", D(2025, 10, 1), cleanup_note="修改第三条")
    # Published in 2024, in force until 2025-08-01 (暂行, 2 years from 2023-08-01 is not
    # ours to publish: the validity is set short by a county setting instead).
    RuleSetting.objects.create(process="normative_document", step="validity",
                               region=county.county, amount=12, unit="months",
                               basis="示例：有效期1年")
    e = published(county, title="戊", start=D(2024, 6, 3), on=D(2024, 7, 1),
                  effective=D(2024, 8, 1), number="莘政发〔2024〕1号")
    assert REG.detail_of(e).expires_on == D(2025, 8, 1)
    draft(county, D(2025, 4, 1), title="起草中")
    figs = {f.code: f for f in engine.evaluate(Period.year(2025), county_ids=[county.county.pk],
                                                as_of=D(2026, 1, 20)) if f.unit_id is None}
    assert figs["NORMATIVE_DOCS_ISSUED"].count == 4
    assert figs["NORMATIVE_DOCS_FILED"].count == 3
    assert (figs["NORMATIVE_DOCS_FILING_RATE"].numerator, figs["NORMATIVE_DOCS_FILING_RATE"].count) == (3, 4)
    assert (figs["NORMATIVE_DOCS_FILING_TIMELY_RATE"].numerator,
            figs["NORMATIVE_DOCS_FILING_TIMELY_RATE"].count) == (1, 3)
    assert (figs["NORMATIVE_DOCS_REVIEW_RATE"].numerator, figs["NORMATIVE_DOCS_REVIEW_RATE"].count) == (1, 3)
    assert figs["NORMATIVE_DOCS_IN_FORCE"].count == 3  # 甲, 乙 (amended), 丙; not 丁, 戊
    assert figs["NORMATIVE_DOCS_EXPIRED"].count == 1  # 戊
    assert figs["NORMATIVE_DOCS_CLEANED"].count == 2
    assert figs["NORMATIVE_DOCS_REPEALED"].count == 1
    assert figs["NORMATIVE_DOCS_CLEANED_AMENDED"].count == 1
    assert figs["NORMATIVE_DOCS_CLEANED_KEPT"].count == 0
    # In force at the end of 2024: 戊 only.
    before = {f.code: f for f in engine.evaluate(Period.year(2024), county_ids=[county.county.pk],
                                                  as_of=D(2026, 1, 20)) if f.unit_id is None}
    assert before["NORMATIVE_DOCS_IN_FORCE"].count == 1


# ------------------------------------------------------------------- Excel
def _various(county) -> list[Case]:  # noqa: ANN001
    one = draft(county, D(2025, 8, 1), title="起草中的办法", unit="县市场监管局", congress=False)
    two = act(county, draft(county, D(2025, 8, 1), title="征求意见的办法", business=True),
              "start_comment", D(2025, 9, 5), comment_channel="县政府门户网站")
    two = act(county, two, "send_review", D(2025, 10, 10), comment_ended_on=D(2025, 10, 9),
              reviewer_kind="justice_bureau")
    opine(county, two, D(2025, 10, 15), "lawful_after_changes", "删除第六条")
    two = act(county, two, "deliberate", D(2025, 10, 20), deliberation_meeting="县政府常务会议")
    two = act(county, two, "publish", D(2025, 10, 24), doc_number="莘政发〔2025〕7号",
              effective_on=D(2025, 11, 24), publication_channel="县政府门户网站")
    two = act(county, two, "file_government", D(2025, 11, 1), filing_authority="聊城市人民政府")
    two = act(county, two, "file_congress", D(2025, 11, 3))
    two = act(county, two, "filing_result", D(2025, 11, 20), filing_result="no_objection")
    three = published(county, title="已废止的办法", number="莘政发〔2025〕1号")
    three = act(county, three, "repeal", D(2025, 9, 1), cleanup_note="上位法废止")
    four = omit(county, draft(county, D(2025, 6, 2), title="终止的办法"), D(2025, 6, 5))
    opine(county, four, D(2025, 6, 9), "unlawful", "设定行政许可")
    four = act(county, four, "abandon", D(2025, 6, 12), abandon_reason="不再制定")
    return [one, two, three, four]


def _snapshot(case: Case) -> tuple:
    d = REG.detail_of(case)
    fields = [f.name for f in d._meta.concrete_fields if f.name not in ("id", "case")]
    deadlines = sorted((x.step, x.start, x.due, x.status) for x in case.deadlines.all())
    review = review_status(case)
    return (case.title, case.unit.name, case.started_on, case.state, case.closed_on,
            tuple(getattr(d, f) for f in fields), tuple(deadlines),
            (review.opinion, review.opinion_on, review.sent_on))


@pytest.mark.django_db
def test_export_then_import_into_an_empty_county_gives_the_same_records(county) -> None:  # noqa: ANN001
    from fazhi.org.models import Unit

    for short, name in (("县政府办公室", "东阿县人民政府办公室"), ("县市场监管局", "东阿县市场监管局")):
        Unit.objects.create(region=county.other_county, name=name, short_name=short,
                            kind=Unit.Kind.DEPARTMENT)
    originals = _various(county)
    data = excel.workbook_bytes(REG, REG.export_queryset(
        Case.objects.filter(register="normative_document").order_by("id")))
    headers = [c.value.rstrip("*") for c in load_workbook(BytesIO(data)).worksheets[0][1]]
    for header in ("起草单位", "制定机关", "文号", "登记号", "合法性审核意见", "集体审议日期",
                   "报送政府备案日期", "报送人大常委会备案日期", "备案审查结果", "清理结果", "有效期至"):
        assert header in headers
    result = excel.import_workbook(REG, data, county.other_county,
                                   Actor.for_user(county.users["other_office"]))
    assert result.ok, result.errors
    assert result.created == len(originals)
    for original in originals:
        copy = Case.objects.get(register="normative_document", region=county.other_county,
                                number=original.number)
        assert _snapshot(copy)[2:] == _snapshot(original)[2:], original.title
        assert copy.title == original.title


@pytest.mark.django_db
def test_a_bad_row_refuses_the_whole_import(county) -> None:  # noqa: ANN001
    wb = Workbook()
    ws = wb.active
    ws.append(["起草单位", "事由", "启动起草日期", "制定机关", "未公开征求意见的理由", "送请合法性审核日期",
               "合法性审核意见", "审核意见日期", "审核理由和修改意见", "集体审议日期", "集体审议会议"])
    ws.append(["县政府办公室", "办法一", "2025-06-02", "莘县人民政府", "内部程序", "2025-06-05",
               "合法", "2025-06-09", "", "2025-06-12", "常务会议"])
    # Found unlawful, yet deliberated: refused by the gate, so nothing is kept.
    ws.append(["县政府办公室", "办法二", "2025-06-02", "莘县人民政府", "内部程序", "2025-06-05",
               "不合法", "2025-06-09", "设定许可", "2025-06-12", "常务会议"])
    buffer = BytesIO()
    wb.save(buffer)
    result = excel.import_workbook(REG, buffer.getvalue(), county.county, office(county))
    assert not result.ok and result.created == 0
    assert result.errors[0][0] == 3 and "不合法" in result.errors[0][1]
    assert not Case.objects.filter(register__in=["normative_document", "legality_review"]).exists()


# ------------------------------------------------------------------- pages
@pytest.mark.django_db
def test_pages_export_and_scoping(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    _various(county)
    c = Client()
    c.login(username="office", password=PASSWORD)
    page = c.get(reverse("registers:case_list", args=["normative_document"]))
    assert page.status_code == 200 and "征求意见的办法" in page.content.decode()
    case = Case.objects.get(title="征求意见的办法")
    body = c.get(reverse("registers:case_detail", args=["normative_document", case.pk])).content.decode()
    assert "修改后合法" in body and "莘县规登〔2025〕" in body and "审查无异议" in body
    draft_case = Case.objects.get(title="起草中的办法")
    body = c.get(reverse("registers:case_detail", args=["normative_document", draft_case.pk])).content.decode()
    assert "送请合法性审核" in body and "公开征求意见" in body
    form = c.get(reverse("registers:case_event", args=["normative_document", draft_case.pk, "send_review"]))
    assert form.status_code == 200 and "审核机构" in form.content.decode()
    url = reverse("registers:case_list", args=["normative_document"]) + "?export=xlsx"
    c.get(url)  # warm the per-process caches (calendar)
    with django_assert_max_num_queries(20) as few:
        assert c.get(url).status_code == 200
    for n in range(6):
        published(county, title=f"另一件{n}", number=f"莘政发〔2025〕{20 + n}号")
    with django_assert_max_num_queries(20):
        c.get(reverse("registers:case_list", args=["normative_document"]))
    with django_assert_max_num_queries(20) as many:
        assert c.get(url).status_code == 200
    assert len(many) == len(few)
    town = Client()
    town.login(username="town_clerk", password=PASSWORD)
    listing = town.get(reverse("registers:case_list", args=["normative_document"])).content.decode()
    assert "征求意见的办法" not in listing


@pytest.mark.django_db
def test_the_portal_lists_the_documents_in_force(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    cache.clear()
    _various(county)
    in_force = published(county, title="莘县城市供热管理办法", number="莘政发〔2025〕9号",
                         on=D(2025, 7, 1), effective=D(2025, 8, 1))
    act(county, in_force, "file_government", D(2025, 7, 5), filing_authority="聊城市人民政府")
    url = reverse("portal:normative_list")
    with django_assert_max_num_queries(8):
        text = Client().get(url).content.decode()
    assert "莘县城市供热管理办法" in text and "莘政发〔2025〕9号" in text and "2030年8月1日" in text
    assert "征求意见的办法" in text  # published, in force since 2025-11-24
    for hidden in ("起草中的办法", "已废止的办法", "终止的办法"):
        assert hidden not in text
    assert "现行有效规范性文件" in text and "None" not in text
    assert "莘县城市供热管理办法" not in Client().get(url + "?q=停车").content.decode()
    # A repeal shows at once (the page cache is keyed by what is published).
    act(county, in_force, "repeal", D(2025, 12, 1), cleanup_note="废止")
    assert "莘县城市供热管理办法" not in Client().get(url).content.decode()


# -------------------------------------------------------------------- demo
@pytest.mark.django_db
def test_the_demo_has_every_state(county) -> None:  # noqa: ANN001
    from django.utils import timezone

    today = timezone.localdate()
    units = {k: u for k, u in county.units.items() if u.region_id == county.county.pk}
    made = load_demo(county.county, units, office(county), today, random.Random(3))
    cases = Case.objects.filter(register="normative_document", region=county.county)
    assert made == cases.count() and 22 <= made <= 28
    states = set(cases.values_list("state", flat=True))
    assert {"drafting", "public_comment", "legality_review", "deliberated", "published", "filed",
            "repealed", "abandoned"} <= states
    assert all(c.is_demo for c in cases)
    details = [REG.detail_of(c) for c in cases]
    nxt = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    assert any(d.expires_on and (d.expires_on.year, d.expires_on.month) == (nxt.year, nxt.month)
               for d in details)
    assert Deadline.objects.filter(case__in=cases, step="filing_government", status="missed").exists()
    assert Case.objects.filter(register="legality_review", legality_review__source_case__in=cases,
                               legality_review__opinion="unlawful").exists()
    assert all(review_status(c).passed for c in cases if c.state in ("published", "filed"))


@pytest.mark.django_db
def test_every_form_opens_and_publishing_through_the_page_works(county) -> None:  # noqa: ANN001
    c = Client()
    c.login(username="office", password=PASSWORD)
    opened = c.get(reverse("registers:case_open", args=["normative_document"])).content.decode()
    assert "起草单位" in opened and "制定机关" in opened and "与市场主体生产经营活动密切相关" in opened
    case = omit(county, draft(county), D(2025, 6, 5))
    opine(county, case, D(2025, 6, 9))
    case = act(county, case, "deliberate", D(2025, 6, 12), deliberation_meeting="县政府常务会议")
    url = reverse("registers:case_event", args=["normative_document", case.pk, "publish"])
    form = c.get(url).content.decode()
    assert "文号" in form and "登记号" in form and "施行日期" in form and "None" not in form
    response = c.post(url, {"occurred_on": "2025-06-20", "doc_number": "莘政发〔2025〕5号",
                            "effective_on": "2025-07-20", "publication_channel": "县政府门户网站"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "published" and REG.detail_of(case).registration_number == "莘县规登〔2025〕1号"
    for event in REG.available_events(case):
        page = c.get(reverse("registers:case_event", args=["normative_document", case.pk, event.key]))
        assert page.status_code == 200, event.key


@pytest.mark.django_db
def test_the_commands_export_and_import_by_key(county, tmp_path) -> None:  # noqa: ANN001
    from django.core.management import call_command

    from fazhi.org.models import Unit

    for short, name in (("县政府办公室", "东阿县人民政府办公室"), ("县市场监管局", "东阿县市场监管局")):
        Unit.objects.create(region=county.other_county, name=name, short_name=short,
                            kind=Unit.Kind.DEPARTMENT)
    originals = _various(county)
    out = tmp_path / "规范性文件.xlsx"
    call_command("export_register", "normative_document", "--region", "莘县", "--out", str(out))
    call_command("import_register", "normative_document", str(out), "--region", "东阿县",
                 "--user", "other_office")
    copies = Case.objects.filter(register="normative_document", region=county.other_county)
    assert sorted(copies.values_list("state", flat=True)) == sorted(c.state for c in originals)
    assert Case.objects.filter(register="legality_review", region=county.other_county).count() == 3
