"""The portal's rules beyond the walk: one page for everyone (cached, public,
no session), a withdrawn report gone at once, searches and pagination with a
fixed number of queries, stable URLs, the disclosure tables' publication rule
and their figures, and the Word download."""

from __future__ import annotations

import datetime
import re
import sys
import types

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.portal import published, views
from fazhi.reports.models import AnnualReport

from ..conftest import PASSWORD
from ..registers.test_disclosure_report import act, received, replied
from .conftest import PortalWorld, make_report

NUMBERS = re.compile(r"<td>(\d+)</td>")


def detail(world: PortalWorld, name: str = "portal:report_detail", **kw: object) -> str:
    kwargs = {"region": "371522", "year": world.year, **kw}
    return reverse(name, kwargs=kwargs)


def test_one_page_for_everyone(world: PortalWorld, county) -> None:  # noqa: ANN001
    """Logged-in staff get the anonymous page: no internal navigation, no
    name, no session read (no Vary: Cookie), public cache headers."""
    url = detail(world)
    anonymous = Client().get(url)
    staff = Client()
    assert staff.login(username="office", password=PASSWORD)
    logged_in = staff.get(url)
    assert anonymous.content == logged_in.content
    for response in (anonymous, logged_in):
        assert "Cookie" not in response.get("Vary", "")
        assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
        text = response.content.decode()
        assert "退出" not in text and "修改密码" not in text and "office" not in text
        assert 'name="viewport"' in text


def test_a_cached_page_costs_one_query(world: PortalWorld, django_assert_max_num_queries) -> None:  # noqa: ANN001
    client = Client()
    client.get(reverse("portal:home"))
    with django_assert_max_num_queries(1):  # the fingerprint of what is published
        assert client.get(reverse("portal:home")).status_code == 200


def test_a_withdrawn_report_is_gone_at_once(world: PortalWorld) -> None:
    client = Client()
    assert client.get(detail(world)).status_code == 200
    assert world.published.title in client.get(reverse("portal:report_list")).content.decode()
    world.published.state = AnnualReport.State.SIGNED_OFF
    world.published.save()
    assert client.get(detail(world)).status_code == 404
    assert world.published.title not in client.get(reverse("portal:report_list")).content.decode()
    # even when the row is changed behind the model's back (no updated_at)
    world.published.state = AnnualReport.State.PUBLISHED
    world.published.save()
    assert client.get(detail(world)).status_code == 200
    AnnualReport.objects.filter(pk=world.published.pk).update(state=AnnualReport.State.DRAFT)
    assert client.get(detail(world)).status_code == 404


def test_stable_urls(world: PortalWorld) -> None:
    """A county is named by its code; its id redirects there; a county without
    a code is named by its id."""
    client = Client()
    by_id = detail(world, region=str(world.county.pk))
    response = client.get(by_id)
    assert response.status_code == 301 and response["Location"] == detail(world)
    make_report(world.other, world.year - 3, AnnualReport.State.PUBLISHED,
                published_on=timezone.localdate() - datetime.timedelta(days=400),
                title="东阿县人民政府关于往年法治政府建设情况的报告", text="东阿县往年的工作。")
    url = detail(world, region=str(world.other.pk), year=world.year - 3)
    assert client.get(url).status_code == 200
    assert url in client.get(reverse("portal:report_list")).content.decode()


def test_search_and_pagination(world: PortalWorld, django_assert_max_num_queries) -> None:  # noqa: ANN001
    today = timezone.localdate()
    for year in range(1990, 2020):
        make_report(world.other, year, AnnualReport.State.PUBLISHED,
                    published_on=today - datetime.timedelta(days=30), title=f"东阿县{year}年度报告",
                    text="往年。")
    client = Client()
    url = reverse("portal:report_list")
    with django_assert_max_num_queries(8):
        first = client.get(url).content.decode()
    assert "共 31 条" in first and "下一页" in first
    page_two = client.get(url, {"page": 2}).content.decode()
    assert "东阿县1990年度报告" in page_two and "莘县人民政府关于" not in page_two
    assert client.get(url, {"page": "x"}).status_code == 200  # a bad page number shows page 1
    found = client.get(url, {"q": "莘县"}).content.decode()
    assert "共 1 条" in found and world.published.title in found
    by_region = client.get(url, {"region": str(world.other.pk), "year": 2001}).content.decode()
    assert "共 1 条" in by_region and "东阿县2001年度报告" in by_region
    bad = client.get(url, {"year": "二〇二五", "region": "<script>"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "请从列表中选择年度" in text and "共 31 条" in text and "<script>" not in text
    assert "没有符合条件的报告" in client.get(url, {"q": "不存在的标题"}).content.decode()


def test_disclosure_tables_follow_the_report(world: PortalWorld, county) -> None:  # noqa: ANN001
    """The year's tables are public once the county's report of the year is;
    they are counts equal to the office's own page, and name nobody."""
    year = world.year
    replied(county, datetime.date(year, 3, 3), datetime.date(year, 3, 20), "granted",
            applicant_type="business")
    sued = replied(county, datetime.date(year, 4, 1), datetime.date(year, 4, 20), "withheld",
                   "third_party", unit="县司法局")
    act(county, sued, "followup", datetime.date(year, 5, 10), kind="reconsideration",
        outcome="corrected")
    received(county, datetime.date(year, 6, 1))
    client = Client()
    page = client.get(detail(world, "portal:disclosure_detail")).content.decode()
    assert "王桂芝" not in page and "征地补偿" not in page  # applicant and request (test helpers')
    office = Client()
    assert office.login(username="office", password=PASSWORD)
    internal = office.get(reverse("registers:disclosure_annual_report"),
                          {"year": year, "region": world.county.pk}).content.decode()
    assert NUMBERS.findall(page) == NUMBERS.findall(internal)
    assert sum(map(int, NUMBERS.findall(page))) > 0
    # the draft report's year and the current year stay closed
    assert client.get(detail(world, "portal:disclosure_detail", year=year - 1)).status_code == 404
    make_report(world.county, year + 1, AnnualReport.State.PUBLISHED,
                published_on=timezone.localdate(), title="本年度提前公开的报告", text="本年度。")
    assert client.get(detail(world, year=year + 1)).status_code == 200
    assert client.get(detail(world, "portal:disclosure_detail", year=year + 1)).status_code == 404
    listing = client.get(reverse("portal:disclosure_list")).content.decode()
    assert f"莘县{year}年度政府信息公开" in listing and f"莘县{year + 1}年度政府信息公开" not in listing


def test_word_download(world: PortalWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []

    def render(doc: object) -> bytes:
        seen.append(doc)
        return b"PK fake docx"

    fake = types.ModuleType(views.DOCX_MODULE)
    fake.render = render
    monkeypatch.setitem(sys.modules, views.DOCX_MODULE, fake)
    monkeypatch.setattr(views, "_docx_available", lambda: True)
    response = Client().get(detail(world, "portal:report_docx"))
    assert response.status_code == 200 and response.content == b"PK fake docx"
    assert response["Content-Type"] == views.DOCX_TYPE
    assert "attachment" in response["Content-Disposition"]
    assert seen[0].title == world.published.title
    assert "91件" in "".join(b.text for b in seen[0].blocks)


def test_word_download_without_the_renderer(world: PortalWorld,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "_docx_available", lambda: False)
    client = Client()
    response = client.get(detail(world, "portal:report_docx"))
    assert response.status_code == 404 and "暂不提供 Word 版下载" in response.content.decode()
    assert "下载 Word 版" not in client.get(detail(world)).content.decode()


def test_only_published_rows_leave_published_py(world: PortalWorld) -> None:
    assert list(published.reports()) == [world.published]
    with pytest.raises(ValueError):
        published.report_document(world.unpublished[0])
    assert published.disclosure_cases(world.other, world.year) is None
