"""The navigation's search box: cases by number, party or 文号, tasks, units
and analysed reports — each within the person's scope, bounded queries."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from fazhi.core.actions import Actor

from ..conftest import PASSWORD


def client_for(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


@pytest.fixture
def world(county, plan):  # noqa: ANN001, ANN201
    from fazhi.analysis.models import PublishedReport, ReportBatch
    from fazhi.registers.base import OpenCase, get_register

    case = OpenCase(Actor.for_user(county.users["clerk"]), get_register("reconsideration"),
                    region=county.county, unit=county.units["县司法局"], data={
                        "number": "莘政复受〔2030〕7号", "title": "不服罚款决定",
                        "started_on": datetime.date(2030, 3, 3), "applicant": "王建国",
                        "applicant_type": "person", "respondent": "县市场监管局",
                        "contested_act": "莘市监罚字〔2030〕12号行政处罚决定", "act_kind": "penalty",
                        "channel": "post", "procedure": "ordinary",
                        "needs_correction": False}).execute()
    batch = ReportBatch.objects.create(owner_region=county.county, file_count=1,
                                       uploaded_by=county.users["office"])
    report = PublishedReport(batch=batch, original_name="r.txt", status="done", text="报告",
                             region_name="冠县", title="冠县2029年法治政府建设情况的报告", year=2029)
    report.file.save("r.txt", ContentFile("报告".encode()), save=True)
    return {"case": case, "report": report}


def _search(who: str, q: str) -> str:
    response = client_for(who).get(reverse("search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_cases_by_number_party_and_document_number(world) -> None:  # noqa: ANN001
    for q in ("〔2030〕7号", "王建国", "莘市监罚字"):
        assert "不服罚款决定" in _search("office", q), q
        assert "不服罚款决定" in _search("clerk", q), q  # the clerk's own unit
        assert "不服罚款决定" not in _search("other_office", q), q
        assert "不服罚款决定" not in _search("town_clerk", q), q


def test_tasks_units_and_reports_in_scope(world) -> None:  # noqa: ANN001
    assert "开展法治督察" in _search("office", "督察")
    assert "开展法治督察" not in _search("other_office", "督察")
    assert "莘县市场监管局" in _search("office", "市场监管")
    assert "莘县市场监管局" not in _search("clerk", "市场监管")  # a unit sees its own unit only
    assert "冠县2029年" in _search("office", "冠县")
    assert "冠县2029年" not in _search("clerk", "冠县")  # analysed reports: office and city only
    assert "没有找到" in _search("office", "不存在的内容")


def test_search_queries_do_not_grow(world, django_assert_max_num_queries) -> None:  # noqa: ANN001
    c = client_for("office")
    with django_assert_max_num_queries(14):
        assert c.get(reverse("search"), {"q": "县"}).status_code == 200
