"""Pages: who sees what (a unit only itself, the city only closed results,
another county nothing), the scheme forms, hand scores with evidence, and
the .xlsx in the layout sent upward."""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.assessment import services
from fazhi.assessment.models import ManualScore, Scheme
from fazhi.core.actions import Actor

from . import factories as f

D = Decimal


@pytest.fixture
def scheme(county):  # noqa: ANN001, ANN201
    f.records(county)
    s = f.scheme(county)
    f.hand_scores(county, s)
    return s


def _client(county, role: str) -> Client:  # noqa: ANN001
    c = Client()
    c.force_login(county.users[role])
    return c


def test_a_unit_sees_only_its_own_score(county, scheme) -> None:  # noqa: ANN001
    clerk = _client(county, "clerk")
    page = clerk.get(reverse("assessment:scores", args=[scheme.pk])).content.decode()
    assert "县司法局" in page and "县市场监管局" not in page and "县审计局" not in page
    own = reverse("assessment:unit_detail", args=[scheme.pk, county.units["县司法局"].pk])
    other = reverse("assessment:unit_detail", args=[scheme.pk, county.units["县市场监管局"].pk])
    assert clerk.get(own).status_code == 200 and clerk.get(other).status_code == 404
    book = load_workbook(BytesIO(clerk.get(reverse("assessment:scores", args=[scheme.pk])
                                           + "?export=xlsx").content)).active
    assert [book.cell(row=5, column=2).value, book.cell(row=6, column=2).value] == ["县司法局", None]
    # a town is not assessed by a departments' scheme
    town = _client(county, "town_clerk")
    assert "没有可查看的考核结果" in town.get(reverse("assessment:scores",
                                                   args=[scheme.pk])).content.decode()
    assert town.get(own).status_code == 404


def test_the_city_reads_closed_results_and_another_county_nothing(county, scheme) -> None:  # noqa: ANN001
    viewer, other = _client(county, "viewer"), _client(county, "other_office")
    url = reverse("assessment:scores", args=[scheme.pk])
    assert viewer.get(url).status_code == 404  # not closed yet
    services.CloseScheme(Actor.for_user(county.users["office"]), scheme).execute()
    page = viewer.get(url).content.decode()
    assert all(name in page for name in ("县司法局", "县市场监管局", "县审计局"))
    assert viewer.get(reverse("assessment:unit_detail",
                              args=[scheme.pk, county.units["县审计局"].pk])).status_code == 200
    assert scheme.name in viewer.get(reverse("assessment:scheme_list")).content.decode()
    assert other.get(url).status_code == 404
    assert scheme.name not in other.get(reverse("assessment:scheme_list")).content.decode()
    assert _client(county, "auditor").get(reverse("assessment:scheme_list")).status_code == 403


def test_a_draft_is_the_office_s_alone(county) -> None:  # noqa: ANN001
    draft = f.scheme(county, publish=False)
    url = reverse("assessment:scheme_detail", args=[draft.pk])
    assert _client(county, "office").get(url).status_code == 200
    for role in ("clerk", "leader", "viewer", "other_office"):
        assert _client(county, role).get(url).status_code == 404, role


def test_the_office_creates_edits_and_publishes_a_scheme(county) -> None:  # noqa: ANN001
    office = _client(county, "office")
    response = office.post(reverse("assessment:scheme_create"), {
        "region": county.county.pk, "year": "2026", "name": "", "unit_kinds": ["town", "street"],
        "description": "按《莘县法治政府建设考核办法》"})
    scheme = Scheme.objects.get()
    assert response.status_code == 302 and scheme.name == "莘县2026年度法治政府建设考核方案"
    assert scheme.created_by == county.users["office"] and scheme.state == Scheme.State.DRAFT
    response = office.post(reverse("assessment:scheme_create"), {
        "region": county.county.pk, "year": "2026", "name": "镇街考核"})
    assert "请选择考核对象的单位类型" in response.content.decode()  # input kept, error in Chinese
    assert 'value="镇街考核"' in response.content.decode()
    publish = reverse("assessment:scheme_transition", args=[scheme.pk, "publish"])
    office.post(publish)
    scheme.refresh_from_db()
    assert scheme.state == Scheme.State.DRAFT  # no item yet
    office.post(reverse("assessment:item_create", args=[scheme.pk]), {
        "order": 1, "title": "普法工作", "kind": "manual", "full_marks": "10"})
    office.post(publish)
    scheme.refresh_from_db()
    assert scheme.state == Scheme.State.PUBLISHED
    page = office.get(reverse("assessment:scheme_detail", args=[scheme.pk])).content.decode()
    assert "镇、街道" in page and "（2个单位）" in page
    assert _client(county, "clerk").post(publish).status_code in (403, 404)


def test_hand_scores_keep_a_reason_and_checked_evidence(county, scheme) -> None:  # noqa: ANN001
    office = _client(county, "office")
    item = f.item(scheme, "法治宣传教育")
    unit = county.units["县审计局"]
    url = reverse("assessment:manual_entry", args=[item.pk, unit.pk])
    fake = SimpleUploadedFile("材料.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = office.post(url, {"points": "4.5", "reason": "材料齐全", "evidence": fake})
    assert "内容与扩展名 .pdf 不符" in response.content.decode()
    assert 'value="4.5"' in response.content.decode()
    assert office.post(url, {"points": "6", "reason": "超出"}).status_code == 200  # above 5
    pdf = SimpleUploadedFile("普法材料.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    assert office.post(url, {"points": "4.5", "reason": "材料齐全", "evidence": pdf}).status_code == 302
    score = ManualScore.objects.get(item=item, unit=unit)
    assert score.points == D("4.5") and score.evidence_name == "普法材料.pdf"
    download = reverse("assessment:manual_evidence", args=[score.pk])
    assert office.get(download).status_code == 200
    assert _client(county, "clerk").get(download).status_code == 404  # another unit's
    assert _client(county, "clerk").get(url).status_code in (403, 404)


def test_the_xlsx_is_the_layout_offices_send_upward(county, scheme) -> None:  # noqa: ANN001
    response = _client(county, "office").get(
        reverse("assessment:scores", args=[scheme.pk]) + "?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(response.content)).active
    assert ws["A1"].value == "莘县2025年度法治政府建设考核结果"
    assert "A1:J1" in {str(r) for r in ws.merged_cells.ranges}
    assert [ws.cell(row=3, column=c).value for c in (1, 2, 3, 8, 9, 10)] == [
        "序号", "单位", "基本项目（满分55分）", "加分项目", "总分", "名次"]
    assert [ws.cell(row=4, column=c).value for c in range(3, 9)] == [
        "年度任务按期完成（20分）", "逾期未完成事项（10分）", "行政诉讼败诉（10分）",
        "行政诉讼败诉率（10分）", "法治宣传教育（5分）", "工作创新（最多加2分）"]
    rows = [[ws.cell(row=r, column=c).value for c in range(1, 11)] for r in (5, 6, 7)]
    assert rows[0] == [1, "县司法局", D("6.67"), D(6), D(10), D(10), D(4), D("1.5"), D("38.17"), 1] \
        or [float(v) if isinstance(v, D) else v for v in rows[0]] == [
            1, "县司法局", 6.67, 6, 10, 10, 4, 1.5, 38.17, 1]
    assert [r[1] for r in rows] == ["县司法局", "县审计局", "县市场监管局"]
    assert [float(r[8]) for r in rows] == [38.17, 31, 20] and [r[9] for r in rows] == [1, 2, 3]
    assert "制表单位：莘县依法治县办" in ws.cell(row=9, column=1).value


def test_forms_show_no_code_or_empty_placeholder(county, scheme) -> None:  # noqa: ANN001
    office = _client(county, "office")
    draft = f.scheme(county, year=2024, publish=False)
    objection = services.RaiseObjection(Actor.for_user(county.users["clerk"]),
                                        f.item(scheme, "法治宣传教育"), county.units["县司法局"],
                                        reason="有误").execute()
    pages = [
        office.get(reverse("assessment:scheme_create")),
        office.get(reverse("assessment:scheme_edit", args=[draft.pk])),
        office.get(reverse("assessment:item_create", args=[draft.pk])),
        office.get(reverse("assessment:item_edit", args=[f.item(draft, "行政诉讼败诉率").pk])),
        office.get(reverse("assessment:manual_entry", args=[f.item(scheme, "工作创新").pk,
                                                            county.units["县司法局"].pk])),
        office.get(reverse("assessment:objection_rule", args=[objection.pk])),
        office.get(reverse("assessment:scheme_detail", args=[scheme.pk])),
        office.get(reverse("assessment:scores", args=[scheme.pk])),
        office.get(reverse("assessment:unit_detail", args=[scheme.pk, county.units["县司法局"].pk])),
        office.get(reverse("assessment:scheme_list")),
    ]
    for response in pages:
        assert response.status_code == 200
        text = re.sub(r"<[^>]+>", " ", response.content.decode())  # what a person reads
        for bad in ("---------", "None", "True", "False", "PLAN_", "LITIGATION_", "at_most",
                    "indicator_target"):
            assert bad not in text, (response.request["PATH_INFO"], bad)


def test_items_are_deleted_through_the_audited_path(county, scheme) -> None:  # noqa: ANN001
    from fazhi.audit.models import AuditEntry

    office = _client(county, "office")
    bonus, manual = f.item(scheme, "工作创新"), f.item(scheme, "法治宣传教育")
    services.RaiseObjection(Actor.for_user(county.users["clerk"]), manual,
                            county.units["县司法局"], reason="有误").execute()
    assert _client(county, "clerk").post(
        reverse("assessment:item_delete", args=[bonus.pk])).status_code in (403, 404)
    office.post(reverse("assessment:item_delete", args=[manual.pk]))  # it has an objection
    office.post(reverse("assessment:item_delete", args=[bonus.pk]))
    assert set(scheme.items.values_list("title", flat=True)) == {
        "年度任务按期完成", "逾期未完成事项", "行政诉讼败诉", "行政诉讼败诉率", "法治宣传教育"}
    entry = AuditEntry.objects.get(action="assessment.item_delete")
    assert entry.object_id == str(bonus.pk) and entry.region_id_value == county.county.pk
