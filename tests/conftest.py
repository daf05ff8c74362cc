"""Shared fixtures: a small county built with factories (fast), and the demo
county for the browser tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from fazhi.org.models import Membership, Region, Role, Unit, UnitGroup

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
PLAN_FILE = REPO / "fazhi" / "demo" / "data" / "shenxian_plan_2022.txt"
PASSWORD = "test-password-123"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):  # noqa: ANN201
    """A transactional test ends with a flush, which also empties what a data
    migration filled: the indicator catalogue. pytest-django runs those tests
    last, but a parallel worker (pytest-xdist) runs whatever files it is
    given next, so the catalogue is put back after each of them."""
    yield
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (marker.kwargs.get("transaction")
                                            or marker.args[:1] == (True,))
    if not transactional or nextitem is None:  # (after the last test the database is gone)
        return
    from pytest_django.plugin import blocking_manager_key

    from fazhi.indicators.catalogue_sync import sync
    from fazhi.indicators.models import IndicatorDefinition, IndicatorValue

    with item.config.stash[blocking_manager_key].unblock():
        if not IndicatorDefinition.objects.exists():
            sync(IndicatorDefinition, IndicatorValue)


@dataclass
class County:
    province: Region
    city: Region
    county: Region
    other_county: Region
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)


def make_user(username: str, role: str, *, unit: Unit | None = None, region: Region | None = None):
    user = get_user_model().objects.create_user(username, password=PASSWORD, first_name=username)
    Membership.objects.create(user=user, role=role, unit=unit, region=region)
    return user


@pytest.fixture
def county(db) -> County:  # noqa: ANN001
    province = Region.objects.create(name="山东省", level=Region.Level.PROVINCE)
    city = Region.objects.create(name="聊城市", level=Region.Level.CITY, parent=province)
    county = Region.objects.create(name="莘县", level=Region.Level.COUNTY, parent=city)
    other = Region.objects.create(name="东阿县", level=Region.Level.COUNTY, parent=city)
    c = County(province, city, county, other)
    K = Unit.Kind
    for short, full, kind, enforcement in [
        ("县政府办公室", "莘县人民政府办公室", K.GOV_OFFICE, False),
        ("县司法局", "莘县司法局", K.DEPARTMENT, True),
        ("县市场监管局", "莘县市场监管局", K.DEPARTMENT, True),
        ("县审计局", "莘县审计局", K.DEPARTMENT, False),
        ("莘亭街道", "莘亭街道办事处", K.STREET, False),
        ("朝城镇", "朝城镇人民政府", K.TOWN, False),
    ]:
        c.units[short] = Unit.objects.create(region=county, name=full, short_name=short,
                                             kind=kind, is_law_enforcement=enforcement)
    c.units["东阿县司法局"] = Unit.objects.create(region=other, name="东阿县司法局",
                                                 short_name="县司法局", kind=K.DEPARTMENT)
    UnitGroup.objects.create(region=county, name="县政府各部门",
                             member_kinds=[K.GOV_OFFICE, K.DEPARTMENT])
    UnitGroup.objects.create(region=county, name="各镇人民政府（街道办事处）",
                             member_kinds=[K.TOWN, K.STREET])
    UnitGroup.objects.create(region=county, name="县政府各行政执法部门",
                             member_kinds=[K.DEPARTMENT], law_enforcement_only=True)
    c.users = {
        "office": make_user("office", Role.OFFICE_ADMIN, region=county),
        "clerk": make_user("clerk", Role.CLERK, unit=c.units["县司法局"]),
        "leader": make_user("leader", Role.LEADER, unit=c.units["县司法局"]),
        "town_clerk": make_user("town_clerk", Role.CLERK, unit=c.units["莘亭街道"]),
        "other_clerk": make_user("other_clerk", Role.CLERK, unit=c.units["东阿县司法局"]),
        "other_office": make_user("other_office", Role.OFFICE_ADMIN, region=other),
        "viewer": make_user("viewer", Role.UPPER_VIEWER, region=city),
        "sysadmin": make_user("sysadmin", Role.SYSTEM_ADMIN, region=county),
        "secadmin": make_user("secadmin", Role.SECURITY_ADMIN, region=county),
        "auditor": make_user("auditor", Role.AUDIT_ADMIN, region=county),
    }
    return c


SMALL_PLAN = """莘县2030年法治政府建设工作计划

一、加强组织领导

1. 制定年度工作计划并组织实施。〔牵头单位：县政府办公室、县司法局；责任单位：县政府各部门，各镇人民政府（街道办事处）〕

2. 开展法治督察。〔责任单位：县司法局〕

二、严格规范执法

3. 全面落实行政执法三项制度。〔牵头单位：县司法局；责任单位：县政府各行政执法部门〕
"""


@pytest.fixture
def plan(county: County):  # noqa: ANN201
    """A small imported plan with due dates set."""
    from fazhi.core.actions import Actor
    from fazhi.plans import services
    from fazhi.plans.parser import parse_plan_text

    parsed = parse_plan_text(SMALL_PLAN)
    preview = services.preview_import(parsed, county.county, 2030)
    assert not preview.unresolved
    p = services.ImportPlan(Actor.for_user(county.users["office"]), preview).execute()
    p.tasks.update(due_date=datetime.date(2030, 12, 31))
    return p
