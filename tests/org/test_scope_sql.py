"""A county's rows are scoped by comparing their own region column with the
county's id — no subquery, no join — so an index (register, region, …) orders
a list; a city's rows by the regions below it (issue 15)."""

from __future__ import annotations

import datetime

import pytest

from fazhi.org.policy import Policy
from fazhi.registers.models import Case


@pytest.mark.django_db
def test_a_county_office_is_scoped_by_its_region_id(county) -> None:  # noqa: ANN001
    sql = str(Policy.for_user(county.users["office"]).scope(Case.objects.all()).query)
    assert f'"registers_case"."region_id" IN ({county.county.pk})' in sql
    assert "org_region" not in sql


@pytest.mark.django_db
def test_a_city_viewer_is_scoped_by_the_regions_below(county) -> None:  # noqa: ANN001
    viewer = Policy.for_user(county.users["viewer"])
    sql = str(viewer.scope(Case.objects.all()).query)
    assert "org_region" in sql and "LIKE" in sql
    # Both counties of the city, nothing else.
    from fazhi.core.actions import Actor
    from fazhi.registers.base import OpenCase, get_register

    for region, unit, who in ((county.county, county.units["县司法局"], "clerk"),
                              (county.other_county, county.units["东阿县司法局"], "other_clerk")):
        OpenCase(Actor.for_user(county.users[who]), get_register("reconsideration"), region=region,
                 unit=unit, data={"number": "", "title": "不服罚款决定", "started_on": datetime.date(2025, 3, 3),
                                  "applicant": "王建国", "applicant_type": "person",
                                  "respondent": "县市场监管局", "contested_act": "行政处罚决定",
                                  "act_kind": "penalty", "channel": "post", "procedure": "ordinary",
                                  "needs_correction": False}).execute()
    assert viewer.scope(Case.objects.all()).count() == 2
    assert Policy.for_user(county.users["office"]).scope(Case.objects.all()).count() == 1
