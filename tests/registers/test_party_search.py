"""The site search's index of parties and 文号 on SQLite (fazhi.registers.party_search):
it follows every write to the detail tables, the search goes through it, and
``ensure`` puts back what a table rebuild removed."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from fazhi.core.search import _cases_by_table, _party_paths
from fazhi.registers import party_search
from fazhi.registers.models import Case, DisclosureDetail, LitigationDetail, PartyText

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")


@pytest.fixture(autouse=True)
def _fresh_answer():  # noqa: ANN202
    # (a test's DDL is rolled back with it: the cached "is there an index" with it)
    party_search.available.cache_clear()
    yield
    party_search.available.cache_clear()


def _case(county, register: str, number: str) -> Case:  # noqa: ANN001
    return Case.objects.create(register=register, region=county.county,
                               unit=county.units["县司法局"], number=number, title="事项",
                               started_on=datetime.date(2030, 3, 3), state="received")


def _indexed(case: Case) -> str | None:
    row = PartyText.objects.filter(pk=case.pk).first()
    return row.body if row else None


def test_the_index_follows_every_write(county) -> None:  # noqa: ANN001
    assert party_search.available()
    disclosure = _case(county, "disclosure", "莘政公开〔2030〕1号")
    detail = DisclosureDetail.objects.create(case=disclosure, applicant="王建国",
                                             reply_number="莘公开复〔2030〕9号")
    assert "王建国" in _indexed(disclosure) and "莘公开复〔2030〕9号" in _indexed(disclosure)
    detail.applicant = "李秀英"
    detail.save()
    assert "李秀英" in _indexed(disclosure) and "王建国" not in _indexed(disclosure)
    DisclosureDetail.objects.filter(pk=detail.pk).update(applicant="赵某某")  # a bulk update
    assert "赵某某" in _indexed(disclosure)
    litigation = _case(county, "litigation", "莘行诉〔2030〕2号")
    LitigationDetail.objects.bulk_create([LitigationDetail(case=litigation, plaintiff="孙某某")])
    assert "孙某某" in _indexed(litigation)
    disclosure.delete()  # the detail row goes with its case
    assert _indexed(disclosure) is None and PartyText.objects.count() == 1


def test_the_search_goes_through_the_index(county) -> None:  # noqa: ANN001
    case = _case(county, "disclosure", "莘政公开〔2030〕3号")
    DisclosureDetail.objects.create(case=case, applicant="王建国")
    cases, paths = Case.objects.filter(region=county.county), _party_paths()
    assert list(_cases_by_table(cases, "王建国", paths)) == [case]
    # An index that lost its rows finds nothing by party (so it is the index
    # that narrows); a term under three characters reads the tables.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {party_search.TABLE}")
    assert list(_cases_by_table(cases, "王建国", paths)) == []
    assert list(_cases_by_table(cases, "建国", paths)) == [case]


def test_ensure_puts_back_lost_triggers_and_rebuilds(county) -> None:  # noqa: ANN001
    case = _case(county, "disclosure", "莘政公开〔2030〕4号")
    DisclosureDetail.objects.create(case=case, applicant="王建国")
    with connection.cursor() as cursor:
        triggers = party_search._installed(cursor)
        assert len(triggers) == 3 * len(party_search.party_columns())
        # what a table rebuild by a migration does: its triggers go with the old table
        cursor.execute("DROP TRIGGER registers_party_fts_registers_disclosuredetail_insert")
        cursor.execute(f"DELETE FROM {party_search.TABLE}")
    later = _case(county, "disclosure", "莘政公开〔2030〕5号")
    DisclosureDetail.objects.create(case=later, applicant="钱某某")  # not indexed: no trigger
    party_search.ensure()
    with connection.cursor() as cursor:
        assert party_search._installed(cursor) == triggers
    assert "王建国" in _indexed(case) and "钱某某" in _indexed(later)
    party_search.ensure()  # nothing to change: the index is not rebuilt
    assert PartyText.objects.count() == 2


def test_tables_without_the_models_columns_get_no_index(county, monkeypatch) -> None:  # noqa: ANN001
    """A database migrated back to an older state: triggers naming missing
    columns would fail every write, so the index goes and the search reads the
    tables."""
    monkeypatch.setattr(party_search, "_has_columns", lambda conn: False)
    party_search.ensure()
    assert not party_search.available()
    case = _case(county, "disclosure", "莘政公开〔2030〕6号")
    DisclosureDetail.objects.create(case=case, applicant="王建国")  # writes still work
    assert list(_cases_by_table(Case.objects.all(), "王建国", _party_paths())) == [case]
