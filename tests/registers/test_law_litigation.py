"""Issue 9, 行政应诉: corrections written from 《中华人民共和国行政诉讼法》 (行诉法), the SPC
interpretation (解释) and the 出庭应诉规定 (法释〔2020〕3号), each a scenario through
OpenCase/RecordEvent.

Dates by hand on the 2025 notice: National Day and Mid-autumn 10/1–10/8 off.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from fazhi.core.actions import ActionRefused
from fazhi.registers.litigation import appearance_stats
from fazhi.registers.models import Case, Deadline

from .test_litigation import HEAD, REG, _do, _heard, _open

D = datetime.date


def cli(*args: str) -> str:
    out = io.StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue()


# -- item 1 (and 10): a hearing with a lawyer alone or nobody is recorded ----------
@pytest.mark.django_db
@pytest.mark.parametrize(("appearance", "who"), [
    ({"appearance": "lawyer_only", "lawyer_attended": True}, "仅委托律师出庭"),
    ({"appearance": "none"}, "无人出庭"),
])
def test_hearing_without_the_agency_is_recorded_as_a_breach(county, appearance, who) -> None:  # noqa: ANN001
    case = _open(county, D(2025, 9, 20))
    _do(county, case, "defence", D(2025, 10, 9))
    _do(county, case, "notice", D(2025, 10, 10), hearing_on=D(2025, 10, 20))
    action = _do(county, case, "hearing", D(2025, 10, 20), **appearance)
    case.refresh_from_db()
    assert case.state == "heard"  # the hearing took place (出庭规定 arts. 6②, 12)
    hearing = case.hearings.get()
    assert hearing.breach and not hearing.head_present
    warning = " ".join(action.messages)
    assert who in warning and "未履行出庭应诉义务" in warning and "第三条第三款" in warning
    # 出庭规定 art. 12 says 应当 (item 10), not 可以.
    assert "人民法院应当向监察机关" in warning and "可以" not in warning
    # The court's 司法建议 can be recorded, and the case goes on to judgment.
    _do(county, case, "judicial_suggestion", D(2025, 11, 5),
        content="建议对被告负责人无正当理由不出庭应诉的情况予以通报")
    _do(county, case, "judgment", D(2025, 11, 20), judgment_kind="judgment", outcome="revoke")
    case.refresh_from_db()
    assert case.state == "judged"
    rows = dict(REG.detail_rows(case.litigation))
    assert "通报" in rows["司法建议"] and "未履行出庭应诉义务" in rows["开庭（一审）"]
    # It counts against 出庭应诉率: in the denominator, not the numerator.
    _heard(county, D(2025, 3, 3), HEAD, court_case_number="H")
    stats = appearance_stats(Case.objects.all())
    assert (stats["heard_levels"], stats["head_present_levels"], stats["breach_levels"]) == (2, 1, 1)
    assert stats["appearance_rate"] == 0.5


@pytest.mark.django_db
def test_staff_without_a_reason_warns_with_shall(county) -> None:  # noqa: ANN001
    case = _open(county, D(2025, 9, 20))
    _do(county, case, "defence", D(2025, 10, 9))
    _do(county, case, "notice", D(2025, 10, 10), hearing_on=D(2025, 10, 20))
    action = _do(county, case, "hearing", D(2025, 10, 20), appearance="staff", staff_name="李静",
                 staff_post="法制股股长", absence_reason="none")
    assert any("人民法院应当向监察机关、上一级行政机关提出司法建议" in m for m in action.messages)
    assert case.hearings.get().breach


# -- the appeal period (行诉法 art. 85) with the appeal decision recorded ----------
def judged(county, served: datetime.date, kind: str = "judgment", **kw) -> Case:  # noqa: ANN001, ANN003
    case = _heard(county, D(2025, 3, 3), **kw)
    _do(county, case, "judgment", D(2025, 9, 10), judgment_kind=kind, outcome="reject_claim",
        served_on=served)
    case.refresh_from_db()
    return case


@pytest.mark.django_db
def test_appeal_period_of_a_judgment_runs_from_service(county) -> None:  # noqa: ANN001
    case = judged(county, D(2025, 9, 20))
    clock = case.deadlines.get(step="appeal_judgment", status="open")
    # 9/20 + 15 = 10/5 (国庆) → 10/9; rolled under 行诉法 art. 101 (item 14)
    assert (clock.start, clock.due, clock.amount) == (D(2025, 9, 20), D(2025, 10, 9), 15)
    assert "行政诉讼法》第一百零一条适用的《中华人民共和国民事诉讼法》第八十五条" in clock.explanation
    assert "2025年10月9日" in cli("litigation", "appeal_judgment", "2025-09-20")
    assert case.litigation.served_on == D(2025, 9, 20)
    _do(county, case, "appeal_decision", D(2025, 9, 25), decision="no_appeal", approver="张建国")
    # Not yet effective: closing is refused until the period has run.
    with pytest.raises(ActionRefused, match="上诉期限尚未届满"):
        _do(county, case, "close", D(2025, 10, 9))
    _do(county, case, "close", D(2025, 10, 10))
    clock.refresh_from_db()
    assert (clock.status, clock.done_on) == (Deadline.Status.MET, D(2025, 10, 9))
    case.refresh_from_db()
    rows = dict(REG.detail_rows(case.litigation))
    assert "决定不上诉" in rows["本机关上诉决定"] and "张建国" in rows["本机关上诉决定"]


@pytest.mark.django_db
def test_appeal_period_of_a_ruling_is_ten_days_and_a_late_appeal_warns(county) -> None:  # noqa: ANN001
    case = judged(county, D(2025, 9, 26), kind="ruling")
    clock = case.deadlines.get(step="appeal_ruling", status="open")
    assert (clock.due, clock.amount) == (D(2025, 10, 9), 10)  # 10/6 (假期) → 10/9
    action = _do(county, case, "appeal", D(2025, 10, 10), appealed_by="plaintiff")
    clock.refresh_from_db()
    assert clock.status == Deadline.Status.MISSED
    assert any("上诉期限已于2025年10月9日届满" in m for m in action.messages)
    on_time = judged(county, D(2025, 9, 26), kind="ruling", court_case_number="R2")
    _do(county, on_time, "appeal", D(2025, 10, 9), appealed_by="defendant")
    assert on_time.deadlines.get(step="appeal_ruling").status == Deadline.Status.MET


@pytest.mark.django_db
def test_mediation_has_no_appeal_period(county) -> None:  # noqa: ANN001
    case = _heard(county, D(2025, 3, 3))
    _do(county, case, "judgment", D(2025, 9, 10), judgment_kind="mediation", outcome="mediation")
    assert not case.deadlines.filter(step__startswith="appeal").exists()
    _do(county, case, "close", D(2025, 9, 10))


# -- 发回重审 (行诉法 art. 89) -----------------------------------------------------
@pytest.mark.django_db
def test_remand_returns_to_first_instance_once(county) -> None:  # noqa: ANN001
    case = judged(county, D(2025, 9, 12))
    _do(county, case, "appeal", D(2025, 9, 20), appealed_by="plaintiff")
    _do(county, case, "notice", D(2025, 10, 20), hearing_on=D(2025, 11, 1))
    _do(county, case, "hearing", D(2025, 11, 1), **HEAD)
    _do(county, case, "remand", D(2025, 11, 10))
    case.refresh_from_db()
    d = case.litigation
    assert (case.state, d.level, d.appeal_result, d.final_outcome) == ("remanded", "first",
                                                                      "remanded", "")
    # The retrial is a first instance: its judgment opens a new appeal period.
    with pytest.raises(ActionRefused, match="一审"):
        _do(county, case, "notice", D(2025, 11, 20), hearing_on=D(2025, 12, 1), level="second")
    _do(county, case, "notice", D(2025, 11, 20), hearing_on=D(2025, 12, 1))
    _do(county, case, "hearing", D(2025, 12, 1), **HEAD)
    _do(county, case, "judgment", D(2025, 12, 10), judgment_kind="judgment", outcome="revoke",
        served_on=D(2025, 12, 12))
    # 12/12 + 15 = 12/27 (Saturday) → Monday 12/29
    assert case.deadlines.get(step="appeal_judgment", status="open").due == D(2025, 12, 29)
    _do(county, case, "appeal", D(2025, 12, 20), appealed_by="defendant")
    _do(county, case, "notice", D(2026, 1, 10), hearing_on=D(2026, 1, 20))
    _do(county, case, "hearing", D(2026, 1, 20), **HEAD)
    with pytest.raises(ActionRefused, match="不得再次发回重审"):
        _do(county, case, "remand", D(2026, 1, 25))
    rows = dict(REG.detail_rows(Case.objects.get(pk=case.pk).litigation))
    assert "发回重审" in rows and "第八十九条" in rows["发回重审"]


@pytest.mark.django_db
def test_remand_only_at_second_instance(county) -> None:  # noqa: ANN001
    case = _heard(county, D(2025, 3, 3))
    with pytest.raises(ActionRefused, match="第二审"):
        _do(county, case, "remand", D(2025, 5, 1))


@pytest.mark.django_db
def test_excel_round_trip_keeps_service_and_appeal_decision(county) -> None:  # noqa: ANN001
    from fazhi.registers import excel

    from .test_litigation import _office

    case = judged(county, D(2025, 9, 20))
    _do(county, case, "appeal_decision", D(2025, 9, 25), decision="appeal", approver="张建国")
    data = excel.workbook_bytes(REG, Case.objects.filter(pk=case.pk))
    Case.objects.all().delete()
    result = excel.import_workbook(REG, data, county.county, _office(county))
    assert result.ok, result.errors
    d = Case.objects.get(register="litigation").litigation
    assert (d.served_on, d.appeal_decision, d.appeal_decision_on) == (D(2025, 9, 20), "appeal",
                                                                     D(2025, 9, 25))
    assert d.case.deadlines.get(step="appeal_judgment", status="open").due == D(2025, 10, 9)
