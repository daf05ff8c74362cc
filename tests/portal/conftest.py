"""A small world for the public portal: reports in every state, made directly."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.utils import timezone

from fazhi.org.models import Region
from fazhi.reports.models import AnnualReport, ReportFigure, ReportSection

# Text that must never reach a public page (unpublished reports).
SECRETS = ["起草中的内容不得公开", "已签发尚未公开的内容", "定时发布前不得公开", "无发布日期不得公开"]


@dataclass
class PortalWorld:
    county: Region  # 莘县, with a 行政区划代码
    other: Region  # 东阿县, without one: its URLs use its id
    published: AnnualReport
    unpublished: list[AnnualReport] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.published.year


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The page cache is per process: one test's pages must not serve the next."""
    cache.clear()


def make_report(region: Region, year: int, state: str, *, published_on: datetime.date | None,
                title: str, text: str, heading: str = "深入推进依法行政") -> AnnualReport:
    report = AnnualReport.objects.create(
        region=region, year=year, title=title, state=state, published_on=published_on,
        recipients="中共聊城市委、聊城市人民政府", issuer=f"{region.name}人民政府",
        report_date=published_on or datetime.date(year + 1, 3, 1))
    ReportSection.objects.create(report=report, part=1, order=1, heading=heading, text=text)
    ReportSection.objects.create(report=report, part=2, order=1, text="存在的不足：" + text)
    return report


@pytest.fixture
def world(county) -> PortalWorld:  # noqa: ANN001
    today = timezone.localdate()
    last_year = today.year - 1
    shen, dong = county.county, county.other_county
    shen.code = "371522"
    shen.save()
    P = AnnualReport.State
    published = make_report(
        shen, last_year, P.PUBLISHED, published_on=today - datetime.timedelta(days=10),
        title=f"莘县人民政府关于{last_year}年度法治政府建设情况的报告",
        text="全年接收行政复议申请{RECON_RECEIVED}，行政机关负责人出庭应诉率100%。")
    ReportFigure.objects.create(report=published, code="RECON_RECEIVED", text="91件",
                                taken_at=timezone.now())
    unpublished = [
        make_report(shen, last_year - 1, P.DRAFT, published_on=None,
                    title="莘县草稿报告标题甲", text=SECRETS[0]),
        make_report(dong, last_year, P.SIGNED_OFF, published_on=None,
                    title="东阿县已签发报告标题乙", text=SECRETS[1]),
        # marked published but dated in the future: scheduled, not yet public
        make_report(dong, last_year - 1, P.PUBLISHED,
                    published_on=today + datetime.timedelta(days=3),
                    title="东阿县定时发布报告标题丙", text=SECRETS[2]),
        # marked published without a date: not public
        make_report(dong, last_year - 2, P.PUBLISHED, published_on=None,
                    title="东阿县无日期报告标题丁", text=SECRETS[3]),
    ]
    return PortalWorld(county=shen, other=dong, published=published, unpublished=unpublished)


def secrets_of(world: PortalWorld) -> list[str]:
    return SECRETS + [r.title for r in world.unpublished]
