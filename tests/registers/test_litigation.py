"""行政应诉 register, written from design/rules.md §0 and §2 (not from the code).

* Defence: 答辩状 and evidence within 15 CD of receiving the complaint (行诉法
  art. 67); start day not counted, a last day on a rest day rolls to the next
  working day (民诉 art. 85 via 行诉法 art. 101); a 调休 working Saturday is a
  working day. Late evidence counts as no evidence (art. 34②).
* The 负责人 or a 相应工作人员 must appear — never a lawyer alone (行诉法 art.
  3③; 解释 art. 128) — but that is the agency's duty, not a condition of the
  hearing: a hearing with a lawyer alone or nobody is recorded as a breach
  (test_law_litigation.py); a hearing follows its notice.
* Metrics (M): 出庭应诉率 per 审级 over cases heard; 败诉 = 撤销, 确认违法/无效,
  履行/给付, 变更, 赔偿 (configurable), 驳回 and 撤诉 apart.

Expected dates were counted by hand on the 2025 holiday notice (国办发明电〔2024〕12号:
National Day 10/1–10/8 off, Saturday 10/11 worked).
"""

from __future__ import annotations

import datetime
import random
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.core.actions import ActionRefused, Actor
from fazhi.org.models import Unit
from fazhi.registers import excel
from fazhi.registers.base import OpenCase, RecordEvent, get_register
from fazhi.registers.details.litigation import Hearing, LitigationDetail, lost_outcomes
from fazhi.registers.litigation import appearance_stats, load_demo
from fazhi.registers.models import Case, Deadline

from ..conftest import PASSWORD

D = datetime.date
REG = get_register("litigation")


def _office(county) -> Actor:  # noqa: ANN001
    return Actor.for_user(county.users["office"])


def _open(county, received: D, unit: str = "县市场监管局", **extra: Any) -> Case:  # noqa: ANN001
    data = {"unit": county.units[unit], "started_on": received,
            "court_case_number": extra.pop("court_case_number", f"（{received.year}）鲁1522行初{received.toordinal() % 1000}号"),
            "court": "莘县人民法院", "plaintiff": extra.pop("plaintiff", "王某某"),
            "cause": "行政处罚", "act_sued": "莘市监罚字〔2025〕12号行政处罚决定书",
            "after_reconsideration": False, **extra}
    return OpenCase(_office(county), REG, region=county.county, unit=county.units[unit],
                    data=data).execute()


def _do(county, case: Case, key: str, on: D, **data: Any) -> RecordEvent:  # noqa: ANN001
    action = RecordEvent(_office(county), case, REG, key, occurred_on=on, data=data)
    action.execute()
    return action


HEAD = {"appearance": "head", "head_name": "张建国", "head_post": "副局长", "head_rank": "deputy",
        "lawyer_attended": True}
STAFF = {"appearance": "staff", "staff_name": "李静", "staff_post": "法制股股长",
         "absence_reason": "duty", "absence_proof": "加盖公章的情况说明（附会议通知）"}


def _defence(case: Case) -> Deadline:
    return case.deadlines.get(step="defence")


def _heard(county, received: D, hearing: dict | None = None, **kw: Any) -> Case:  # noqa: ANN001
    case = _open(county, received, **kw)
    _do(county, case, "defence", received + datetime.timedelta(days=10))
    _do(county, case, "notice", received + datetime.timedelta(days=30),
        hearing_on=received + datetime.timedelta(days=40))
    _do(county, case, "hearing", received + datetime.timedelta(days=40), **(hearing or HEAD))
    case.refresh_from_db()
    return case


# ------------------------------------------------------------------ the defence clock
@pytest.mark.django_db
@pytest.mark.parametrize(("received", "due", "why"), [
    # 9/20 + 15 = 10/5, inside National Day (10/1–10/8) → next working day 10/9
    (D(2025, 9, 20), D(2025, 10, 9), "holiday"),
    # 9/26 + 15 = 10/11, a Saturday worked in lieu (调休): a working day, no roll
    (D(2025, 9, 26), D(2025, 10, 11), "working Saturday"),
    # 3/7 + 15 = 3/22, an ordinary Saturday → Monday 3/24
    (D(2025, 3, 7), D(2025, 3, 24), "weekend"),
    # 6/2 + 15 = 6/17, a Tuesday: no roll
    (D(2025, 6, 2), D(2025, 6, 17), "working day"),
])
def test_defence_deadline_is_15_calendar_days_from_receipt(county, received, due, why) -> None:  # noqa: ANN001
    case = _open(county, received)
    deadline = _defence(case)
    assert deadline.due == due, why
    assert (deadline.start, deadline.unit, deadline.amount) == (received, "CD", 15)
    assert "行政诉讼法》第六十七条" in deadline.basis
    assert deadline.status == Deadline.Status.OPEN
    assert case.next_due == due
    assert case.state == "complaint_received"
    if why == "working Saturday":
        assert "调休上班日" in deadline.explanation and "不顺延" in deadline.explanation
    if why == "holiday":
        assert "第八十五条顺延" in deadline.explanation
    assert LitigationDetail.objects.get(case=case).complaint_received_on == received


@pytest.mark.django_db
def test_defence_on_the_last_day_is_met_and_a_day_later_is_no_evidence(county) -> None:  # noqa: ANN001
    on_time = _open(county, D(2025, 9, 20), court_case_number="A")
    _do(county, on_time, "defence", D(2025, 10, 9))
    assert _defence(on_time).status == Deadline.Status.MET
    assert not on_time.litigation.evidence_late

    late = _open(county, D(2025, 9, 20), court_case_number="B")
    action = _do(county, late, "defence", D(2025, 10, 10))
    assert _defence(late).status == Deadline.Status.MISSED
    late.litigation.refresh_from_db()
    assert late.litigation.evidence_late
    # the warning the page shows: late evidence = no evidence (行诉法 art. 34②)
    assert any("视为没有相应证据" in m and "第三十四条第二款" in m for m in action.messages)
    rows = dict(REG.detail_rows(late.litigation))
    assert "视为没有相应证据" in rows["逾期举证"]

    excused = _open(county, D(2025, 9, 20), court_case_number="C")
    _do(county, excused, "defence", D(2025, 10, 20), extension_approved=True)
    excused.litigation.refresh_from_db()
    assert _defence(excused).status == Deadline.Status.MISSED
    assert not excused.litigation.evidence_late  # 解释 art. 34: the court allowed more time


@pytest.mark.django_db
def test_defence_after_the_hearing_notice_is_a_late_filing(county) -> None:  # noqa: ANN001
    case = _open(county, D(2025, 9, 20))
    assert "defence_late" not in [e.key for e in REG.available_events(case)]
    notice = _do(county, case, "notice", D(2025, 10, 15), hearing_on=D(2025, 10, 30))
    assert any("尚未登记答辩举证" in m for m in notice.messages)
    case.refresh_from_db()
    assert "defence_late" in [e.key for e in REG.available_events(case)]
    _do(county, case, "defence_late", D(2025, 10, 20))
    case.refresh_from_db()
    assert _defence(case).status == Deadline.Status.MISSED
    assert case.litigation.evidence_late
    assert "defence_late" not in [e.key for e in REG.available_events(case)]
    with pytest.raises(ActionRefused, match="已经登记"):
        _do(county, case, "defence_late", D(2025, 10, 21))


@pytest.mark.django_db
def test_withdrawal_within_the_period_cancels_the_clock(county) -> None:  # noqa: ANN001
    case = _open(county, D(2025, 9, 20))
    _do(county, case, "withdraw", D(2025, 9, 30), after_change=True)
    case.refresh_from_db()
    assert case.state == "withdrawn" and case.closed_on == D(2025, 9, 30)
    assert _defence(case).status == Deadline.Status.CANCELLED
    assert case.litigation.final_outcome == "withdrawn" and not case.litigation.lost


# ------------------------------------------------------------------ hearings and gates
@pytest.mark.django_db
def test_hearing_before_the_notice_is_refused(county) -> None:  # noqa: ANN001
    case = _open(county, D(2025, 9, 20))
    _do(county, case, "defence", D(2025, 10, 9))
    with pytest.raises(ActionRefused, match="须先收到开庭通知"):
        _do(county, case, "hearing", D(2025, 10, 20), **HEAD)
    assert not Hearing.objects.exists()


@pytest.mark.django_db
def test_hearing_records_the_appearance(county) -> None:  # noqa: ANN001
    case = _heard(county, D(2025, 3, 3))
    assert case.state == "heard"
    hearing = case.hearings.get()
    assert (hearing.level, hearing.appearance, hearing.head_rank) == ("first", "head", "deputy")
    assert hearing.head_present and hearing.notified_on == D(2025, 4, 2)
    other = _heard(county, D(2025, 3, 4), STAFF, court_case_number="S")
    assert other.hearings.get().absence_reason == "duty"
    rows = REG.detail_rows(other.litigation)
    assert any(label == "开庭（一审）" and "需要履行他人不能代替的公务" in value and "李静" in value
               for label, value in rows)


@pytest.mark.django_db
def test_hearing_dated_before_its_notice_is_refused(county) -> None:  # noqa: ANN001
    case = _open(county, D(2025, 9, 20))
    _do(county, case, "defence", D(2025, 10, 9))
    _do(county, case, "notice", D(2025, 10, 15), hearing_on=D(2025, 10, 30))
    with pytest.raises(ActionRefused, match="早于上一项办理经过"):
        _do(county, case, "hearing", D(2025, 10, 12), **HEAD)


@pytest.mark.django_db
def test_a_notice_less_than_three_days_ahead_warns(county) -> None:  # noqa: ANN001
    case = _open(county, D(2025, 9, 20))
    _do(county, case, "defence", D(2025, 10, 9))
    action = _do(county, case, "notice", D(2025, 10, 20), hearing_on=D(2025, 10, 21))
    assert any("三日前" in m and "第五条" in m for m in action.messages)


@pytest.mark.django_db
def test_second_instance_hearing_after_appeal(county) -> None:  # noqa: ANN001
    case = _heard(county, D(2025, 1, 6))
    _do(county, case, "judgment", D(2025, 3, 10), judgment_kind="judgment", outcome="revoke")
    with pytest.raises(ActionRefused, match="当前可转为：“已上诉”、“已结案”"):
        _do(county, case, "notice", D(2025, 3, 11), hearing_on=D(2025, 3, 20))
    fresh = _open(county, D(2025, 1, 7), court_case_number="F")
    with pytest.raises(ActionRefused, match="尚未上诉"):
        _do(county, fresh, "notice", D(2025, 1, 20), hearing_on=D(2025, 1, 30), level="second")
    _do(county, case, "appeal", D(2025, 3, 20), appealed_by="defendant")
    _do(county, case, "notice", D(2025, 4, 20), hearing_on=D(2025, 5, 6))  # level: automatic
    _do(county, case, "hearing", D(2025, 5, 6), **STAFF)
    with pytest.raises(ActionRefused, match="上诉处理结果"):
        _do(county, case, "judgment", D(2025, 6, 1), judgment_kind="judgment", outcome="reject_claim")
    _do(county, case, "judgment", D(2025, 6, 1), judgment_kind="judgment", outcome="reject_claim",
        appeal_result="amended")
    _do(county, case, "close", D(2025, 6, 15))
    case.refresh_from_db()
    detail = case.litigation
    assert [h.level for h in case.hearings.all()] == ["first", "second"]
    assert (detail.outcome, detail.final_outcome, detail.appeal_result) == (
        "revoke", "reject_claim", "amended")
    assert case.state == "closed" and not detail.lost  # won on appeal


# ---------------------------------------------------------------------------- 败诉
@pytest.mark.django_db
def test_lost_follows_the_outcome_and_is_configurable(county, settings) -> None:  # noqa: ANN001
    outcomes = {}
    for i, outcome in enumerate(["revoke", "partly_revoke", "confirm_illegal", "confirm_void",
                                 "perform", "pay", "alter", "compensate", "reject_claim",
                                 "dismiss_suit", "mediation"]):
        case = _heard(county, D(2025, 2, 1) + datetime.timedelta(days=i),
                      court_case_number=f"L{i}")
        kind = "ruling" if outcome == "dismiss_suit" else "judgment"
        _do(county, case, "judgment", D(2025, 5, 1), judgment_kind=kind, outcome=outcome)
        outcomes[outcome] = LitigationDetail.objects.get(case=case)
    lost = {k for k, d in outcomes.items() if d.lost}
    assert lost == {"revoke", "partly_revoke", "confirm_illegal", "confirm_void", "perform",
                    "pay", "alter", "compensate"}
    # a province that counts only 撤销 and 确认违法
    settings.FAZHI_LITIGATION_LOST_OUTCOMES = ["revoke", "confirm_illegal"]
    assert lost_outcomes() == {"revoke", "confirm_illegal"}
    assert {k for k, d in outcomes.items() if d.lost} == {"revoke", "confirm_illegal"}


@pytest.mark.django_db
def test_appeal_upheld_or_withdrawn_keeps_the_first_outcome(county) -> None:  # noqa: ANN001
    case = _heard(county, D(2025, 1, 6))
    _do(county, case, "judgment", D(2025, 3, 10), judgment_kind="judgment", outcome="confirm_illegal")
    _do(county, case, "appeal", D(2025, 3, 20), appealed_by="defendant")
    with pytest.raises(ActionRefused, match="上诉处理结果"):
        _do(county, case, "close", D(2025, 5, 1))
    _do(county, case, "close", D(2025, 5, 1), appeal_result="withdrawn")
    case.refresh_from_db()
    d = case.litigation
    assert (d.final_outcome, d.appeal_judgment_kind, d.appeal_judged_on) == (
        "confirm_illegal", "ruling", D(2025, 5, 1))
    assert d.lost


# ------------------------------------------------------------------------- statistics
@pytest.mark.django_db
def test_appearance_stats(county) -> None:  # noqa: ANN001
    # A: 一审 head present, 二审 staff; upheld (驳回诉讼请求) → not lost
    a = _heard(county, D(2025, 1, 6), court_case_number="A")
    _do(county, a, "judgment", D(2025, 3, 10), judgment_kind="judgment", outcome="reject_claim")
    _do(county, a, "appeal", D(2025, 3, 20), appealed_by="plaintiff")
    _do(county, a, "notice", D(2025, 4, 20), hearing_on=D(2025, 5, 6))
    _do(county, a, "hearing", D(2025, 5, 6), **STAFF)
    _do(county, a, "judgment", D(2025, 6, 1), judgment_kind="judgment", appeal_result="upheld")
    _do(county, a, "close", D(2025, 6, 20))
    # B: 一审 heard, staff only, still pending
    _heard(county, D(2025, 1, 7), STAFF, court_case_number="B")
    # C: withdrawn before any hearing
    c = _open(county, D(2025, 1, 8), court_case_number="C")
    _do(county, c, "withdraw", D(2025, 1, 15))
    # D: 一审 head, revoked, closed → lost
    d = _heard(county, D(2025, 1, 9), court_case_number="D")
    _do(county, d, "judgment", D(2025, 4, 1), judgment_kind="judgment", outcome="revoke")
    _do(county, d, "close", D(2025, 4, 20))
    # another register's case is not counted
    Case.objects.create(register="reconsideration", region=county.county,
                        unit=county.units["县司法局"], number="X", title="x",
                        started_on=D(2025, 1, 1), state="received")

    stats = appearance_stats(Case.objects.all())
    assert stats["cases"] == 4
    assert (stats["heard"], stats["heard_levels"], stats["head_present_levels"]) == (3, 4, 2)
    assert stats["appearance_rate"] == pytest.approx(0.5)
    assert stats["appearance_rate_cases"] == pytest.approx(2 / 3)
    assert (stats["concluded"], stats["lost"], stats["withdrawn"], stats["rejected"]) == (3, 1, 1, 1)
    assert stats["lost_rate"] == pytest.approx(1 / 3)
    assert stats["appealed"] == 1
    empty = appearance_stats(Case.objects.none())
    assert empty["appearance_rate"] is None and empty["lost_rate"] is None
    # scoped like any queryset: only D's unit
    only = appearance_stats(Case.objects.filter(litigation__court_case_number="D"))
    assert (only["heard_levels"], only["head_present_levels"], only["lost"]) == (1, 1, 1)


@pytest.mark.django_db
def test_appearance_stats_queries_do_not_grow_with_cases(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    for i in range(5):
        _heard(county, D(2025, 2, 1) + datetime.timedelta(days=i), court_case_number=f"Q{i}")
    with django_assert_max_num_queries(3):
        appearance_stats(Case.objects.all())


# ------------------------------------------------------------------------------ Excel
def _rows(data: bytes) -> list[tuple]:
    ws = load_workbook(BytesIO(data), read_only=True).worksheets[0]
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def _mirror_units(county) -> None:  # noqa: ANN001
    """The other county gets units with the same short names (an empty county)."""
    for short, unit in list(county.units.items()):
        if unit.region_id == county.county.pk:
            Unit.objects.create(region=county.other_county, name=f"东阿{unit.name[2:]}",
                                short_name=short, kind=unit.kind)


def _snapshot(region) -> list[tuple]:  # noqa: ANN001
    out = []
    for case in Case.objects.filter(register="litigation", region=region).order_by("number"):
        out.append((
            case.number, case.state, case.started_on, case.closed_on, case.next_due,
            [(e.kind, e.occurred_on, e.to_state) for e in case.events.all()],
            [(d.step, d.due, d.status, d.done_on) for d in case.deadlines.order_by("id")],
            [(h.level, h.held_on, h.notified_on, h.appearance, h.head_name, h.staff_name,
              h.absence_reason, h.lawyer_attended) for h in case.hearings.all()],
        ))
    return out


def _round_trip(county) -> bytes:  # noqa: ANN001
    """Export the county's cases, import them into the empty neighbour county,
    export again: the same rows and the same events, deadlines and hearings."""
    cases = Case.objects.filter(register="litigation", region=county.county)
    first = excel.workbook_bytes(REG, cases.order_by("number"))
    _mirror_units(county)
    result = excel.import_workbook(REG, first, county.other_county,
                                   Actor.for_user(county.users["other_office"]))
    assert result.ok, result.errors
    assert result.created == cases.count()
    again = Case.objects.filter(register="litigation", region=county.other_county)
    second = excel.workbook_bytes(REG, again.order_by("number"))
    assert _rows(first) == _rows(second)
    assert _snapshot(county.county) == _snapshot(county.other_county)
    return first


@pytest.mark.django_db
def test_export_imported_into_an_empty_county_gives_the_same_records(county) -> None:  # noqa: ANN001
    created = load_demo(county.county, county.units, _office(county), D(2025, 11, 20),
                        random.Random(7))
    assert created > 20
    first = _round_trip(county)
    # the demo has several hearings in one row (一审 and 二审), exported one per line
    assert any("\n" in str(cell) for row in _rows(first)[1:] for cell in row if cell)


@pytest.mark.django_db
def test_round_trip_of_the_unusual_paths(county) -> None:  # noqa: ANN001
    # notice received, hearing pending
    pending = _open(county, D(2025, 9, 1), court_case_number="P1")
    _do(county, pending, "defence", D(2025, 9, 10))
    _do(county, pending, "notice", D(2025, 10, 20), hearing_on=D(2025, 11, 3), summoned=True)
    # no defence before the notice, a late filing after it, then withdrawn
    late = _open(county, D(2025, 9, 2), court_case_number="P2")
    _do(county, late, "notice", D(2025, 9, 25), hearing_on=D(2025, 10, 20))
    _do(county, late, "defence_late", D(2025, 10, 10))
    _do(county, late, "withdraw", D(2025, 10, 15), after_change=True)
    # appeal decided on the papers, amended
    paper = _heard(county, D(2025, 1, 6), court_case_number="P3")
    _do(county, paper, "judgment", D(2025, 3, 10), judgment_kind="judgment", outcome="reject_claim")
    _do(county, paper, "appeal", D(2025, 3, 20), appealed_by="plaintiff")
    _do(county, paper, "close", D(2025, 6, 10), appeal_result="amended", appeal_outcome="revoke",
        appeal_judgment_kind="judgment", appeal_judged_on=D(2025, 6, 1))
    # never answered, still waiting
    _open(county, D(2025, 11, 10), court_case_number="P4")
    rows = _rows(_round_trip(county))
    header = rows[0]
    states = {r[header.index("案号*")]: r[header.index("状态")] for r in rows[1:]}
    assert states == {"P1": "已通知开庭", "P2": "原告撤诉", "P3": "已结案", "P4": "已收到起诉状副本"}
    assert LitigationDetail.objects.get(case__region=county.other_county,
                                        court_case_number="P3").lost


@pytest.mark.django_db
def test_demo_covers_every_outcome_appeals_and_both_appearances(county) -> None:  # noqa: ANN001
    today = D(2026, 5, 10)
    load_demo(county.county, county.units, _office(county), today, random.Random(2026))
    details = LitigationDetail.objects.filter(case__region=county.county)
    finals = set(details.values_list("final_outcome", flat=True))
    finals |= set(details.values_list("outcome", flat=True))  # some were amended on appeal
    from fazhi.registers.details.litigation import Outcome

    assert set(Outcome.values) <= finals
    assert details.filter(appealed=True).count() >= 2
    assert details.filter(evidence_late=True).exists()
    assert details.filter(case__started_on__year=2026).exists()
    assert details.filter(case__started_on__year=2025).exists()
    hearings = Hearing.objects.filter(case__region=county.county)
    assert hearings.filter(appearance="head", head_rank="principal").exists()
    assert hearings.filter(appearance="head", head_rank="deputy").exists()
    assert hearings.filter(appearance="staff").exclude(absence_reason="").exists()
    assert Case.objects.filter(register="litigation", closed_on__isnull=True).exists()
    assert not Case.objects.filter(register="litigation", started_on__gt=today).exists()


def _workbook(rows: list[dict[str, Any]]) -> bytes:
    columns = REG.excel_columns()
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in columns])
    for row in rows:
        ws.append([row.get(c.header, "") for c in columns])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD_ROW = {"承办单位": "县市场监管局", "收到起诉状日期": "2025-09-20", "案号": "（2025）鲁1522行初45号",
            "法院": "莘县人民法院", "原告": "王某某", "案由": "行政处罚", "答辩日期": "2025-10-09",
            "开庭通知日期": "2025-10-15", "开庭日期": "2025-10-28", "审级": "一审",
            "负责人是否出庭": "是", "出庭负责人": "张建国", "职务": "局长", "负责人类别": "正职负责人",
            "裁判文书": "判决", "裁判结果": "判决驳回诉讼请求", "裁判日期": "2025-11-10",
            "状态": "已作出裁判"}


@pytest.mark.django_db
def test_one_hearing_per_row_imports(county) -> None:  # noqa: ANN001
    result = excel.import_workbook(REG, _workbook([GOOD_ROW]), county.county, _office(county))
    assert result.ok, result.errors
    case = Case.objects.get(register="litigation")
    assert case.state == "judged" and case.number.startswith("莘县应诉〔2025〕")
    assert _defence(case).status == Deadline.Status.MET and _defence(case).due == D(2025, 10, 9)
    assert case.hearings.get().head_rank == "principal"


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "fragment"), [
    ({"承办单位": "县不存在局"}, "没有名为“县不存在局”的单位"),
    ({"审级": "一审\n二审"}, "与“开庭日期”的1行不一致"),
    ({"裁判结果": "大获全胜"}, "不是可选值"),
    ({"开庭日期": "2025-10-10"}, "开庭日期不能早于收到开庭通知的日期"),
    ({"状态": "已结案"}, "不一致"),
])
def test_a_bad_row_is_rejected_with_its_number_and_nothing_is_saved(county, change, fragment) -> None:  # noqa: ANN001
    second = {**GOOD_ROW, "案号": "（2025）鲁1522行初46号", "收到起诉状日期": "2025-09-22", **change}
    result = excel.import_workbook(REG, _workbook([GOOD_ROW, second]), county.county, _office(county))
    assert not result.ok and result.created == 0
    assert [n for n, _ in result.errors] == [3], result.errors
    assert fragment in result.errors[0][1]
    assert not Case.objects.filter(register="litigation").exists()
    assert not Hearing.objects.exists() and not Deadline.objects.exists()


@pytest.mark.django_db
def test_template_has_the_chinese_headers(county) -> None:  # noqa: ANN001
    header = _rows(excel.workbook_bytes(REG))[0]
    for name in ["编号", "承办单位*", "收到起诉状日期*", "案号*", "法院*", "原告*", "案由*", "答辩日期",
                 "开庭日期", "审级", "负责人是否出庭", "出庭负责人", "职务", "未出庭原因", "裁判结果",
                 "裁判日期", "是否上诉", "状态"]:
        assert name in header


# ------------------------------------------------------------------------- web pages
def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_open_through_the_web_starts_the_defence_clock(county) -> None:  # noqa: ANN001
    client = _client("office")
    url = reverse("registers:case_open", args=["litigation"])
    page = client.get(url).content.decode()
    assert "收到起诉状副本日期" in page and "案号" in page
    response = client.post(url, {
        "unit": county.units["县市场监管局"].pk, "started_on": "2025-09-20",
        "court_case_number": "（2025）鲁1522行初45号", "court": "莘县人民法院",
        "plaintiff": "莘县某商贸有限公司", "cause": "行政处罚", "act_sued": ""})
    case = Case.objects.get(register="litigation")
    assert response.status_code == 302
    assert case.title == "莘县某商贸有限公司诉县市场监管局行政处罚"
    detail = client.get(reverse("registers:case_detail", args=["litigation", case.pk])).content.decode()
    assert "提交答辩状、证据和依据" in detail
    assert "2025年10月9日" in detail
    assert "《中华人民共和国行政诉讼法》第六十七条" in detail
    assert "计算过程" in detail
    assert "国庆节假期" in detail and "民事诉讼法》第八十五条顺延至其后第一个工作日" in detail
    assert "（2025）鲁1522行初45号" in detail


@pytest.mark.django_db
def test_list_filters(county) -> None:  # noqa: ANN001
    heard = _heard(county, D(2025, 3, 3), plaintiff="赵某某", court_case_number="H")
    waiting = _open(county, D(2025, 3, 5), unit="朝城镇", plaintiff="钱某", court_case_number="W")
    client = _client("office")
    url = reverse("registers:case_list", args=["litigation"])
    page = client.get(url).content.decode()
    assert heard.number in page and waiting.number in page
    by_state = client.get(url, {"state": "heard"}).content.decode()
    assert heard.number in by_state and waiting.number not in by_state
    by_unit = client.get(url, {"unit": county.units["朝城镇"].pk}).content.decode()
    assert waiting.number in by_unit and heard.number not in by_unit
    by_word = client.get(url, {"q": "赵某某"}).content.decode()
    assert heard.number in by_word and waiting.number not in by_word
    closed = client.get(url, {"due": "closed"}).content.decode()
    assert heard.number not in closed
    # a clerk of another unit sees neither
    other = _client("clerk").get(url).content.decode()
    assert heard.number not in other


@pytest.mark.django_db
def test_detail_lists_hearings(county) -> None:  # noqa: ANN001
    case = _heard(county, D(2025, 3, 3))
    page = _client("office").get(reverse("registers:case_detail", args=["litigation", case.pk]))
    text = page.content.decode()
    assert "开庭（一审）" in text and "副局长张建国出庭（副职负责人）" in text
    assert "逾期完成" not in text and "按期完成" in text


@pytest.mark.django_db
def test_event_form_keeps_input_on_error(county) -> None:  # noqa: ANN001
    case = _open(county, D(2025, 9, 20))
    _do(county, case, "defence", D(2025, 10, 9))
    _do(county, case, "notice", D(2025, 10, 10), hearing_on=D(2025, 10, 20))
    case.refresh_from_db()
    client = _client("office")
    url = reverse("registers:case_event", args=["litigation", case.pk, "hearing"])
    # a form error: head appeared but no name given
    page = client.post(url, {"occurred_on": "2025-10-20", "appearance": "head",
                             "head_post": "副局长甲", "version": case.version}).content.decode()
    assert "负责人出庭的，请填写此项" in page and "副局长甲" in page
    # a refusal by the engine: dated before the notice
    response = client.post(url, {"occurred_on": "2025-10-09", "appearance": "lawyer_only",
                                 "lawyer_attended": "on", "note": "律师王某出庭",
                                 "version": case.version})
    page = response.content.decode()
    assert response.status_code == 200
    assert "不能早于" in page and "律师王某出庭" in page
    assert 'value="lawyer_only" selected' in page
    case.refresh_from_db()
    assert case.state == "hearing_scheduled"
    # a lawyer alone is recorded (a breach, 行诉法 art. 3③), with the warning shown
    response = client.post(url, {"occurred_on": "2025-10-20", "appearance": "lawyer_only",
                                 "lawyer_attended": "on", "version": case.version}, follow=True)
    assert response.status_code == 200
    assert "未履行出庭应诉义务" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "heard"


@pytest.mark.django_db
def test_late_defence_shows_a_warning_on_the_page(county) -> None:  # noqa: ANN001
    case = _open(county, D(2025, 9, 20))
    client = _client("office")
    url = reverse("registers:case_event", args=["litigation", case.pk, "defence"])
    response = client.post(url, {"occurred_on": "2025-10-12", "version": case.version}, follow=True)
    text = response.content.decode()
    assert "视为没有相应证据" in text and "逾期完成" in text


def test_import_row_rejects_misaligned_hearing_columns() -> None:
    from fazhi.registers.litigation import _hearing_rows

    with pytest.raises(ValidationError, match="没有“开庭日期”"):
        _hearing_rows(REG, {"held_on": [], "head_name": ["张三"]})
