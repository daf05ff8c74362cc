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


def test_cases_by_table_are_the_rows_of_one_or(county) -> None:  # noqa: ANN001
    """Without pg_trgm the cases come from one subquery per table (the FTS index,
    each detail table): the same rows, in the same order, as one OR across the
    joined tables, for numbers, titles, parties and 文号 of several registers."""
    from django.db.models import Q

    from fazhi.core.search import _cases_by_table, _party_paths
    from fazhi.registers.models import (
        Case,
        DisclosureDetail,
        LitigationDetail,
        ReconsiderationDetail,
    )

    made = [("reconsideration", "莘政复〔2030〕1号", "不服罚款决定", ReconsiderationDetail,
             {"applicant": "王建国", "respondent": "县市场监管局"}),
            ("disclosure", "莘政公开〔2030〕2号", "申请公开征收方案", DisclosureDetail,
             {"applicant": "李四", "reply_number": "莘公开复〔2030〕9号"}),
            ("litigation", "莘行诉〔2030〕3号", "王建国诉县政府", LitigationDetail,
             {"plaintiff": "赵某某", "act_sued": "征收补偿决定"}),
            ("reconsideration", "莘政复〔2030〕4号", "不服征收补偿决定", None, {})]
    for register, number, title, detail, fields in made:
        case = Case.objects.create(register=register, region=county.county,
                                   unit=county.units["县司法局"], number=number, title=title,
                                   started_on=datetime.date(2030, 3, 3), state="received")
        if detail is not None:
            detail.objects.create(case=case, **fields)
    paths = _party_paths()
    cases = Case.objects.filter(region=county.county)
    for term in ("王建国", "建国", "〔2030〕", "2030", "征收补偿", "莘公开复", "赵某某", "县市场监管局",
                 "不服", "无此当事人", "%", "_", "莘",
                 # FTS5 query syntax is text to find, never an error
                 '"王建国" OR 李四', "NEAR(王 建)", "王*", "赵某某:"):
        one_or = Q()
        for path in paths:
            one_or |= Q(**{f"{path}__icontains": term})
        expected = list(cases.filter(one_or).values_list("pk", flat=True))
        got = list(_cases_by_table(cases, term, paths).values_list("pk", flat=True))
        assert got == expected, term
        assert got or term in ("无此当事人", "%", "_", '"王建国" OR 李四', "NEAR(王 建)", "王*",
                               "赵某某:"), term
