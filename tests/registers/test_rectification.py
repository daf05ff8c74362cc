"""法治督察与整改登记簿: inspections and their findings (responsible unit,
deadline, measures, evidence, verification, 销号 by the office only and never
without evidence), overdue findings on the office's home page, and the risk
signals raised from real events of the other registers, each turned into a
finding with one action that links back to its source.

Holidays: 2025 National Day 10/1–10/8 off.
"""

from __future__ import annotations

import datetime
import random
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from fazhi.core.actions import ActionRefused, Actor
from fazhi.indicators import engine
from fazhi.indicators.periods import Period
from fazhi.registers import excel
from fazhi.registers.base import OpenCase, RecordEvent, get_register
from fazhi.registers.details.rectification import Inspection
from fazhi.registers.models import Case, CaseEvent, Deadline
from fazhi.registers.rectification import load_demo, raise_finding, signals
from fazhi.registers.rectification.actions import CreateInspection

from ..conftest import PASSWORD

D = datetime.date
REG = get_register("rectification")
SEPT_1 = D(2025, 9, 1)


def office(county) -> Actor:  # noqa: ANN001
    return Actor.for_user(county.users["office"])


def inspection(county, on: D = SEPT_1, title: str = "2025年行政执法专项督察") -> Inspection:  # noqa: ANN001
    return CreateInspection(office(county), region=county.county, title=title, kind="special",
                            inspector="县委依法治县办", started_on=on, ended_on=on + datetime.timedelta(days=5),
                            units=[county.units["县市场监管局"], county.units["朝城镇"]]).execute()


def find(county, insp: Inspection, found: D, rectify_by: D, *, unit: str = "县市场监管局",  # noqa: ANN001
         title: str = "行政处罚案卷未载明法制审核意见", number: str = "") -> Case:
    return OpenCase(office(county), REG, region=county.county, unit=county.units[unit], data={
        "number": number, "title": title, "started_on": found, "inspection": insp,
        "problem": "抽查的12件案卷中3件未见法制审核意见书。", "rectify_by": rectify_by}).execute()


def act(county, case: Case, event: str, on: D, *, user: str = "office",  # noqa: ANN001
        files: list | None = None, **data: Any) -> Case:
    return RecordEvent(Actor.for_user(county.users[user]), case, REG, event, occurred_on=on,
                       data=data, files=files).execute()


def clock(case: Case) -> Deadline:
    return Deadline.objects.get(case=case, step="rectify", status=Deadline.Status.OPEN)


# ------------------------------------------------------------------ findings
@pytest.mark.django_db
def test_the_deadline_is_the_inspections_date_moved_off_a_rest_day(county) -> None:  # noqa: ANN001
    insp = inspection(county)
    case = find(county, insp, D(2025, 9, 15), D(2025, 10, 3))
    deadline = clock(case)
    assert deadline.due == D(2025, 10, 9)  # 10/3 is in the National Day holiday
    assert deadline.explanation.startswith("督察组确定的整改期限为2025年10月3日；")
    plain = find(county, insp, D(2025, 9, 15), D(2025, 9, 30), title="执法公示不及时")
    assert clock(plain).due == D(2025, 9, 30)
    assert clock(plain).explanation.startswith("督察组确定的整改期限为2025年9月30日；该日为工作日，不顺延")
    # The unit with a finding counts as inspected.
    assert set(insp.units.values_list("short_name", flat=True)) == {"县市场监管局", "朝城镇"}


@pytest.mark.django_db
def test_a_finding_needs_its_inspection_and_a_sensible_deadline(county) -> None:  # noqa: ANN001
    insp = inspection(county)
    with pytest.raises(ActionRefused, match="请选择发现该问题的督察"):
        OpenCase(office(county), REG, region=county.county, unit=county.units["县审计局"], data={
            "title": "x", "started_on": D(2025, 9, 15), "problem": "p",
            "rectify_by": D(2025, 10, 15)}).execute()
    with pytest.raises(ActionRefused, match="不能早于发现问题的日期"):
        find(county, insp, D(2025, 9, 15), D(2025, 9, 10))
    with pytest.raises(ActionRefused, match="不能早于督察开始日期"):
        find(county, insp, D(2025, 8, 15), D(2025, 9, 10))


@pytest.mark.django_db
def test_no_xiaohao_without_evidence_and_only_by_the_office(county) -> None:  # noqa: ANN001
    case = find(county, inspection(county), D(2025, 9, 15), D(2025, 10, 31))
    with pytest.raises(ActionRefused, match="整改措施"):
        act(county, case, "report", D(2025, 10, 20), measures=" ")
    case = act(county, case, "report", D(2025, 10, 20), measures="逐案补正法制审核意见")
    assert case.state == "reported"
    with pytest.raises(ActionRefused, match="没有整改到位的佐证材料，不能销号"):
        act(county, case, "close", D(2025, 10, 24), verification="已整改")
    # Sent back; reported again with evidence files (by the unit's clerk).
    case = act(county, case, "send_back", D(2025, 10, 24), return_reason="请提供佐证材料")
    assert case.state == "rectifying" and REG.detail_of(case).return_reason == "请提供佐证材料"
    pdf = SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    other = find(county, inspection(county, title="其他督察"), D(2025, 9, 15), D(2025, 10, 31),
                 unit="县司法局")
    other = act(county, other, "report", D(2025, 10, 28), user="clerk",
                measures="补正案卷", files=[pdf])
    with pytest.raises(ActionRefused, match="依法治县办核验后办理"):
        act(county, other, "close", D(2025, 10, 29), user="clerk", verification="自行销号")
    other = act(county, other, "close", D(2025, 10, 30), verification="查阅整改报告，已整改到位")
    assert other.state == "closed" and other.closed_on == D(2025, 10, 30)
    met = Deadline.objects.get(case=other, step="rectify")
    assert (met.status, met.done_on) == (Deadline.Status.MET, D(2025, 10, 28))
    # A listed 佐证材料 also counts as evidence.
    case = act(county, case, "report", D(2025, 11, 3), measures="补正",
               evidence_note="补正后的案卷目录、培训签到表")
    case = act(county, case, "close", D(2025, 11, 5), verification="已整改到位")
    late = Deadline.objects.get(case=case, step="rectify")
    assert (late.status, late.done_on) == (Deadline.Status.MISSED, D(2025, 11, 3))


@pytest.mark.django_db
def test_an_extension_restarts_the_deadline_on_the_new_date(county) -> None:  # noqa: ANN001
    case = find(county, inspection(county), D(2025, 9, 15), D(2025, 9, 30))
    with pytest.raises(ActionRefused, match="应晚于原期限"):
        act(county, case, "extend", D(2025, 9, 20), rectify_by=D(2025, 9, 25),
            extension_reason="资金未到位")
    case = act(county, case, "extend", D(2025, 9, 20), rectify_by=D(2025, 10, 31),
               extension_reason="资金未到位，经督察组同意延期")
    assert clock(case).due == D(2025, 10, 31) and case.next_due == D(2025, 10, 31)


# ------------------------------------------------------------------ home page
@pytest.mark.django_db
def test_overdue_findings_show_on_the_offices_home_page(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    insp = inspection(county)
    find(county, insp, D(2025, 9, 15), D(2025, 9, 30), title="逾期未整改的问题")
    awaiting = find(county, insp, D(2025, 9, 15), D(2025, 9, 30), title="已报送待核验的问题")
    act(county, awaiting, "report", D(2025, 9, 29), measures="已整改")
    today = timezone.localdate()
    find(county, insp, today, today + datetime.timedelta(days=30), title="尚未到期的问题")
    c = Client()
    c.login(username="office", password=PASSWORD)
    body = c.get(reverse("home")).content.decode()
    assert "逾期未整改的督察问题" in body and "逾期未整改的问题" in body
    assert "已报送待核验的问题" not in body and "尚未到期的问题" not in body
    for n in range(5):
        find(county, insp, D(2025, 9, 16), D(2025, 9, 30), title=f"逾期问题{n}")
    with django_assert_max_num_queries(60):
        c.get(reverse("home"))
    clerk = Client()
    clerk.login(username="clerk", password=PASSWORD)
    assert "逾期未整改的督察问题" not in clerk.get(reverse("home")).content.decode()


# ------------------------------------------------------------------ signals
def _recon_corrected(county) -> Case:  # noqa: ANN001
    recon = get_register("reconsideration")
    case = OpenCase(office(county), recon, region=county.county, unit=county.units["县司法局"], data={
        "title": "不服罚款决定", "started_on": D(2025, 3, 3), "applicant": "王建国",
        "applicant_type": "person", "respondent": "县市场监管局",
        "contested_act": "莘市监罚〔2025〕12号行政处罚决定", "act_kind": "penalty",
        "channel": "post", "procedure": "ordinary"}).execute()
    case = RecordEvent(office(county), case, recon, "accept", occurred_on=D(2025, 3, 4)).execute()
    return RecordEvent(office(county), case, recon, "decide", occurred_on=D(2025, 4, 20),
                       data={"decision_type": "revoke"}).execute()


def _litigation(county, outcome: str, appearance: dict) -> Case:  # noqa: ANN001
    lit = get_register("litigation")
    case = OpenCase(office(county), lit, region=county.county, unit=county.units["朝城镇"], data={
        "started_on": D(2025, 2, 3), "court_case_number": f"（2025）鲁1522行初{len(outcome)}号",
        "court": "莘县人民法院", "plaintiff": "李某某", "cause": "行政强制",
        "act_sued": "强制拆除决定", "after_reconsideration": False}).execute()
    do = lambda key, on, **d: RecordEvent(office(county), case, lit, key, occurred_on=on,  # noqa: E731
                                          data=d).execute()
    do("defence", D(2025, 2, 10))
    do("notice", D(2025, 3, 1), hearing_on=D(2025, 3, 11))
    do("hearing", D(2025, 3, 11), **appearance)
    return do("judgment", D(2025, 4, 1), judgment_kind="judgment", outcome=outcome)


def _disclosure_late(county) -> Case:  # noqa: ANN001
    dis = get_register("disclosure")
    case = OpenCase(office(county), dis, region=county.county, unit=county.units["县政府办公室"], data={
        "started_on": D(2025, 3, 3), "submitted_on": D(2025, 3, 3), "applicant": "王桂芝",
        "applicant_type": "person", "channel": "in_person", "content": "某村征地补偿安置方案",
        "form_wanted": "paper"}).execute()
    return RecordEvent(office(county), case, dis, "confirm_receipt", occurred_on=D(2025, 3, 3),
                       data={"needs_correction": False}).execute()


@pytest.mark.django_db
def test_signals_come_from_real_events_and_become_findings_linked_back(county) -> None:  # noqa: ANN001
    today = timezone.localdate()
    recon = _recon_corrected(county)
    lost = _litigation(county, "revoke", {"appearance": "lawyer_only"})
    won = _litigation(county, "reject_claim", {
        "appearance": "head", "head_name": "张建国", "head_post": "副镇长", "head_rank": "deputy",
        "lawyer_attended": True})
    late = _disclosure_late(county)  # no reply within 20 working days
    found = {(s.kind, s.case.pk) for s in signals(county.county, today)}
    assert ("recon_corrected", recon.pk) in found
    assert ("litigation_lost", lost.pk) in found and ("head_absent", lost.pk) in found
    assert ("litigation_lost", won.pk) not in found and ("head_absent", won.pk) not in found
    assert ("disclosure_overdue", late.pk) in found
    finding = raise_finding(office(county), recon, "recon_corrected", today)
    d = REG.detail_of(finding)
    # Owned by the respondent the decision corrected, linked back to the decision.
    assert finding.unit == county.units["县市场监管局"] and d.source_case == recon
    assert d.origin == "signal" and finding.state == "rectifying"
    assert d.rectify_by == today + datetime.timedelta(days=30) or clock(finding).due >= d.rectify_by
    assert CaseEvent.objects.filter(case=recon, kind="rectification_raised",
                                    label__contains=finding.number).exists()
    assert ("recon_corrected", recon.pk) not in {(s.kind, s.case.pk)
                                                 for s in signals(county.county, today)}
    with pytest.raises(ActionRefused, match="已转为整改问题"):
        raise_finding(office(county), recon, "recon_corrected", today)
    assert raise_finding(office(county), lost, "head_absent", today).unit == county.units["朝城镇"]


@pytest.mark.django_db
def test_an_expired_normative_document_still_in_force_is_a_signal(county) -> None:  # noqa: ANN001
    from .test_normative_document import published

    doc = published(county, title="莘县旧城区管理办法", start=D(2020, 3, 2), on=D(2020, 4, 1),
                    number="莘政发〔2020〕1号")
    assert get_register("normative_document").detail_of(doc).expires_on < timezone.localdate()
    assert ("normative_expired", doc.pk) in {(s.kind, s.case.pk)
                                             for s in signals(county.county, timezone.localdate())}


@pytest.mark.django_db
def test_the_signal_pages_turn_one_into_a_finding_with_one_post(county) -> None:  # noqa: ANN001
    recon = _recon_corrected(county)
    c = Client()
    c.login(username="office", password=PASSWORD)
    page = c.get(reverse("registers:rect_signal_list")).content.decode()
    assert "行政复议决定纠错" in page and recon.number in page
    response = c.post(reverse("registers:rect_signal_raise"),
                      {"case": recon.pk, "kind": "recon_corrected"})
    finding = Case.objects.get(register="rectification")
    assert response.status_code == 302 and response.url.endswith(f"/rectification/{finding.pk}/")
    body = c.get(response.url).content.decode()
    assert recon.number in body and "风险提示转办" in body
    assert recon.number not in c.get(reverse("registers:rect_signal_list")).content.decode()
    clerk = Client()
    clerk.login(username="clerk", password=PASSWORD)
    assert clerk.get(reverse("registers:rect_signal_list")).status_code == 403
    assert clerk.post(reverse("registers:rect_signal_raise"),
                      {"case": recon.pk, "kind": "recon_corrected"}).status_code == 403


# ------------------------------------------------------------------ inspections' pages
@pytest.mark.django_db
def test_inspection_pages(county) -> None:  # noqa: ANN001
    c = Client()
    c.login(username="office", password=PASSWORD)
    response = c.post(reverse("registers:rect_inspection_new"), {
        "title": "2025年度法治政府建设考核", "kind": "annual", "inspector": "县委依法治县办",
        "started_on": "2025-11-10", "units": [county.units["县司法局"].pk, county.units["朝城镇"].pk]})
    insp = Inspection.objects.get()
    assert response.status_code == 302 and insp.units.count() == 2
    find(county, insp, D(2025, 11, 20), D(2025, 12, 31), unit="朝城镇", title="合同未经合法性审查即签订")
    find(county, insp, D(2025, 11, 20), D(2025, 12, 31), unit="县司法局", title="执法证件管理不规范")
    form = c.get(reverse("registers:case_open", args=["rectification"])).content.decode()
    assert f'<option value="{insp.pk}">2025年度法治政府建设考核</option>' in form
    listing = c.get(reverse("registers:rect_inspection_list")).content.decode()
    assert "2025年度法治政府建设考核" in listing and "年度考核" in listing
    detail = c.get(reverse("registers:rect_inspection_detail", args=[insp.pk])).content.decode()
    assert "合同未经合法性审查即签订" in detail and "朝城镇" in detail
    clerk = Client()
    clerk.login(username="clerk", password=PASSWORD)  # 县司法局
    own = clerk.get(reverse("registers:rect_inspection_detail", args=[insp.pk])).content.decode()
    assert "执法证件管理不规范" in own and "合同未经合法性审查即签订" not in own
    assert clerk.get(reverse("registers:rect_inspection_new")).status_code == 403
    town = Client()
    town.login(username="town_clerk", password=PASSWORD)  # 莘亭街道, not inspected
    assert town.get(reverse("registers:rect_inspection_detail", args=[insp.pk])).status_code == 404


# ------------------------------------------------------------------ figures
@pytest.mark.django_db
def test_figures(county) -> None:  # noqa: ANN001
    insp = inspection(county)
    a = find(county, insp, D(2025, 9, 15), D(2025, 10, 31))
    a = act(county, a, "report", D(2025, 10, 20), measures="补正", evidence_note="案卷目录")
    act(county, a, "close", D(2025, 10, 22), verification="已整改")
    find(county, insp, D(2025, 9, 15), D(2025, 10, 31), unit="朝城镇")
    raise_finding(office(county), _recon_corrected(county), "recon_corrected", D(2025, 5, 6))
    inspection(county, D(2024, 11, 1), title="2024年度考核")
    figs = {f.code: f for f in engine.evaluate(Period.year(2025), county_ids=[county.county.pk],
                                                as_of=D(2026, 1, 20)) if f.unit_id is None}
    assert figs["LAW_INSPECTION_MISSIONS"].count == 1
    assert figs["LAW_INSPECTION_UNITS"].count == 2
    assert figs["LAW_INSPECTION_ISSUES"].count == 3
    assert figs["LAW_INSPECTION_SIGNAL_ISSUES"].count == 1
    assert figs["LAW_INSPECTION_ISSUES_CLOSED"].count == 1
    assert (figs["LAW_INSPECTION_RECTIFICATION_RATE"].numerator,
            figs["LAW_INSPECTION_RECTIFICATION_RATE"].count) == (1, 3)


# ------------------------------------------------------------------- Excel
def _various(county) -> list[Case]:  # noqa: ANN001
    insp = inspection(county)
    one = find(county, insp, D(2025, 9, 15), D(2025, 10, 31), number="督改〔2025〕1号")
    two = find(county, insp, D(2025, 9, 15), D(2025, 9, 30), unit="朝城镇", title="执法公示不及时")
    two = act(county, two, "extend", D(2025, 9, 20), rectify_by=D(2025, 10, 31),
              extension_reason="经督察组同意延期")
    two = act(county, two, "report", D(2025, 10, 20), measures="补正", evidence_note="公示截图")
    two = act(county, two, "send_back", D(2025, 10, 22), return_reason="截图不全")
    three = find(county, insp, D(2025, 9, 16), D(2025, 10, 31), title="案卷归档不规范")
    three = act(county, three, "report", D(2025, 10, 20), measures="补正", evidence_note="归档目录")
    three = act(county, three, "close", D(2025, 10, 24), verification="已整改到位")
    return [one, two, three]


def _snapshot(case: Case) -> tuple:
    d = REG.detail_of(case)
    fields = ("origin", "signal_kind", "problem", "typical_case", "rectify_by", "measures",
              "evidence_note", "reported_on", "verification", "verified_on", "return_reason",
              "extension_reason")
    deadlines = sorted((x.step, x.start, x.due, x.status) for x in case.deadlines.all()
                       if x.status != Deadline.Status.SUPERSEDED)
    insp = d.inspection
    return (case.title, case.unit.short_name, case.started_on, case.state, case.closed_on,
            tuple(getattr(d, f) for f in fields), (insp.title, insp.kind, insp.started_on),
            tuple(deadlines))


@pytest.mark.django_db
def test_export_then_import_into_an_empty_county_gives_the_same_records(county) -> None:  # noqa: ANN001
    originals = _various(county)
    data = excel.workbook_bytes(REG, Case.objects.filter(register="rectification").order_by("id"))
    headers = [c.value.rstrip("*") for c in load_workbook(BytesIO(data)).worksheets[0][1]]
    for header in ("责任单位", "所属督察", "督察类型", "整改期限", "整改措施", "佐证材料", "核验意见",
                   "销号日期", "状态"):
        assert header in headers
    other = county.other_county
    for short, kind in (("县市场监管局", "department"), ("朝城镇", "town")):
        type(county.units["县司法局"]).objects.create(region=other, name=f"东阿{short}",
                                                   short_name=short, kind=kind)
    result = excel.import_workbook(REG, data, other, Actor.for_user(county.users["other_office"]))
    assert result.ok, result.errors
    assert result.created == len(originals)
    assert Inspection.objects.filter(region=other).count() == 1
    for original in originals:
        copy = Case.objects.get(register="rectification", region=other, number=original.number)
        assert _snapshot(copy) == _snapshot(original), original.title


@pytest.mark.django_db
def test_a_closed_row_without_evidence_refuses_the_whole_import(county) -> None:  # noqa: ANN001
    inspection(county)
    wb = Workbook()
    ws = wb.active
    ws.append(["责任单位", "事由", "发现（交办）日期", "所属督察", "问题描述", "整改期限", "整改措施",
               "佐证材料", "报送整改情况日期", "核验意见", "核验日期"])
    ws.append(["县司法局", "问题一", "2025-09-15", "2025年行政执法专项督察", "描述", "2025-10-31",
               "补正", "案卷目录", "2025-10-20", "已整改", "2025-10-22"])
    ws.append(["县司法局", "问题二", "2025-09-15", "2025年行政执法专项督察", "描述", "2025-10-31",
               "补正", "", "2025-10-20", "已整改", "2025-10-22"])
    buffer = BytesIO()
    wb.save(buffer)
    result = excel.import_workbook(REG, buffer.getvalue(), county.county, office(county))
    assert not result.ok and result.created == 0
    assert result.errors[0][0] == 3 and "佐证材料" in result.errors[0][1]
    assert not Case.objects.filter(register="rectification").exists()


# ------------------------------------------------------------------- pages and demo
@pytest.mark.django_db
def test_register_pages_with_bounded_queries(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    _various(county)
    c = Client()
    c.login(username="office", password=PASSWORD)
    one = Case.objects.get(number="督改〔2025〕1号")
    body = c.get(reverse("registers:case_detail", args=["rectification", one.pk])).content.decode()
    assert "2025年行政执法专项督察" in body and "报送整改情况" in body
    for n in range(5):
        find(county, Inspection.objects.get(), D(2025, 9, 17), D(2025, 10, 31), title=f"问题{n}")
    with django_assert_max_num_queries(20):
        assert c.get(reverse("registers:case_list", args=["rectification"])).status_code == 200


@pytest.mark.django_db
def test_the_demo_has_two_inspections_and_findings_from_signals(county) -> None:  # noqa: ANN001
    actor = office(county)
    _recon_corrected(county)
    today = D(2026, 11, 20)
    count = load_demo(county.county, county.units, actor, today, random.Random(3))
    cases = Case.objects.filter(register="rectification")
    assert count == cases.count() == 31
    assert Inspection.objects.filter(region=county.county).count() == 2
    assert cases.filter(state="closed").exists()
    assert cases.filter(state="rectifying", next_due__lt=today).exists()
    assert cases.filter(rectification__origin="signal").count() == 1
