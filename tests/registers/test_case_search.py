"""The register search on SQLite's FTS5 trigram index (fazhi.registers.case_search):
the same cases as ``icontains``, an index that follows every write (the ORM's
saves and updates, deletes, the imports' bulk inserts), and search input that
is never taken for FTS5 query syntax."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core.bulk_insert import insert_new
from fazhi.registers import case_search
from fazhi.registers.models import Case, CaseText

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")

TEXTS = [  # (number, title)
    ("莘县复受〔2026〕1号", "王某某的申请"),
    ("莘县复受〔2026〕2号", "李某某不服王某处罚决定"),
    ("ABC-2026-3", "Hello World 行政复议"),
    ("abc-2026-4", "全角字母 ａｂｃ"),
    ('引号"星号*-5', "OR AND NOT - ^ : ( ) 100%_完成"),
    ("莘县复受〔2026〕6号", "张三"),
]
TERMS = ["王某某", "王某", "王", "某某的", "abc", "ABC", "Abc-2026", "ａｂｃ", "ＡＢＣ", "hello world",
         "〔2026〕", "2026〕2号", '"', '"星号*', "星号*-", "OR AND", "NOT", "- ^ :", "( )", "100%_",
         "%_完", "_", "%", "没有的词", "张三"]


def _cases(county, texts=TEXTS) -> list[Case]:  # noqa: ANN001
    unit = county.units["县司法局"]
    return [Case(register="reconsideration", region=county.county, unit=unit, number=number,
                 title=title, started_on=datetime.date(2026, 3, 1), state="received")
            for number, title in texts]


def _indexed(term: str) -> set[int]:
    return set(CaseText.objects.filter(text__match=case_search.phrase(term))
               .values_list("id", flat=True))


@pytest.mark.django_db
def test_the_search_finds_what_icontains_finds(county) -> None:  # noqa: ANN001
    Case.objects.bulk_create(_cases(county))
    assert case_search.available()
    for term in TERMS:
        plain = Q(number__icontains=term) | Q(title__icontains=term)
        query = Case.objects.filter(case_search.number_or_title(term))
        assert set(query) == set(Case.objects.filter(plain)), term
        # Three characters or more go through the index, shorter ones cannot.
        assert ("MATCH" in str(query.query)) == (len(term) >= 3), term
        # The list's count, read from the index's matches: as many rows.
        counted = case_search.count_rows(Case.objects.filter(register="reconsideration"), term)
        assert (counted is None) == (len(term) < 3), term
        if counted is not None:
            assert counted.count() == query.count(), term
    other = _cases(county, [("莘县诉〔2026〕1号", "王某某诉县政府")])
    other[0].register = "litigation"
    Case.objects.bulk_create(other)  # a match in another register is not counted
    assert case_search.count_rows(Case.objects.filter(register="reconsideration"), "王某某").count() == 1
    client = Client()
    client.force_login(county.users["office"])
    page = client.get(reverse("registers:case_list", args=["reconsideration"]), {"q": "王某"})
    assert "共 2 条" in page.content.decode()
    page = client.get(reverse("registers:case_list", args=["reconsideration"]), {"q": "王某某"})
    assert "共 1 条" in page.content.decode()
    # The index itself folds the case of full-width letters (LIKE does not):
    # the kept icontains condition is what makes the two equal.
    fullwidth = Case.objects.get(number="abc-2026-4").pk
    assert _indexed("ＡＢＣ") == {fullwidth}
    assert not Case.objects.filter(case_search.number_or_title("ＡＢＣ")).exists()


@pytest.mark.django_db
def test_the_index_follows_every_write(county) -> None:  # noqa: ANN001
    insert_new(Case, _cases(county, [(f"莘县复受〔2026〕{n}号", f"赵某{n}的申请") for n in range(3)]))
    first, second, third = Case.objects.filter(register="reconsideration").order_by("number")
    assert _indexed("赵某1的") == {second.pk}  # bulk inserts, as the imports write
    first.title = "钱某某的申请"
    first.save()
    Case.objects.filter(pk=second.pk).update(number="莘县复受〔2027〕9号")
    third.delete()
    assert _indexed("钱某某") == {first.pk} and not _indexed("赵某0")
    assert _indexed("2027〕9") == {second.pk} and _indexed("赵某1的") == {second.pk}
    assert not _indexed("赵某2")
    # A later migration rebuilding the table drops the triggers: put back after migrate.
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER registers_case_fts_insert")
    insert_new(Case, _cases(county, [("莘县复受〔2026〕8号", "孙某某的申请")]))
    case_search.ensure_triggers()
    new = Case.objects.get(number="莘县复受〔2026〕8号").pk
    assert _indexed("孙某某") == {new}
    insert_new(Case, _cases(county, [("莘县复受〔2026〕10号", "周某某的申请")]))
    assert len(_indexed("周某某")) == 1


@pytest.mark.django_db
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(q=st.one_of(st.text(max_size=12),
                   st.sampled_from(['"', '""', '"*', "* OR -", "NEAR(a b)", "a:b", "^abc", "{x}"])))
def test_no_search_input_gives_an_error(county, q: str) -> None:  # noqa: ANN001
    if not Case.objects.exists():  # the examples share the test's database
        Case.objects.bulk_create(_cases(county))
    client = Client()
    client.force_login(county.users["office"])
    response = client.get(reverse("registers:case_list", args=["reconsideration"]), {"q": q})
    assert response.status_code in (200, 400), q  # 400: a NUL byte, refused by the form
