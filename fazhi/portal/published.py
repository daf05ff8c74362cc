"""What the public portal may show — the one place to audit.

Every portal view reads the database through these functions and nothing
else. Each returns only what has been published:

* 法治政府建设年度报告: ``state = published`` and ``published_on`` on or before
  today (a report with a later date is scheduled, not yet public; one marked
  published without a date is not public either).
* 政府信息公开工作年度报告（依申请公开部分）的统计表: shown for a county and a year
  only when that county's 法治政府建设年度报告 of the same year is public (as
  above) and the year is over. The tables are counts over the county's
  disclosure register (国办公开办函〔2021〕30号 parts 三 and 四): no applicant,
  no case, no name reaches the page.
* 现行有效规范性文件: the normative documents a county published (公布日期 on
  or before today), already in effect, within their validity and not repealed
  or declared lapsed (registers: normative_document, states 已公布/已报送备案);
  only what the publication itself stated — title, 制定机关, 文号, 登记号,
  the dates — reaches the page.
* 行政执法公示 (国办发〔2018〕118号; 行政处罚法第三十九条、第四十八条): the
  enforcement bodies whose powers list is published (公示日期 on or before
  today) with their officers' names and 执法证号 (valid certificates only);
  enforcement decisions with a 公示日期 on or before today and not withdrawn
  after revocation, natural persons' names masked (surname kept) wherever they
  appear (party, title); 双随机 results with a 公示日期 on or before today.
* Regions: the names of the counties and their cities (public facts).

The portal never asks ``request.policy``: it serves anonymous visitors and
staff alike, the same page for everyone.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone

from fazhi.org.models import Region
from fazhi.registers.models import Case
from fazhi.reports import document
from fazhi.reports.models import AnnualReport

DISCLOSURE_REGISTER = "disclosure"
NORMATIVE_REGISTER = "normative_document"
NORMATIVE_IN_FORCE_STATES = ("published", "filed")
MAX_KEY_LENGTH = 18  # a 行政区划代码 has 6 or 12 digits; longer keys are not looked up


def today() -> datetime.date:
    return timezone.localdate()


def counties() -> models.QuerySet[Region]:
    """Every county of the system, with its city (for grouping)."""
    return Region.objects.filter(level=Region.Level.COUNTY).select_related("parent")


def reports() -> models.QuerySet[AnnualReport]:
    """Published annual reports of counties, newest year first."""
    return (AnnualReport.objects
            .filter(state=AnnualReport.State.PUBLISHED, published_on__isnull=False,
                    published_on__lte=today(), region__level=Region.Level.COUNTY)
            .select_related("region", "region__parent")
            .order_by("-year", "region__path"))


def report(county: Region, year: int) -> AnnualReport | None:
    """The published report of ``county`` for ``year``, or None."""
    return reports().filter(region=county, year=year).first()


def is_published(report: AnnualReport) -> bool:
    return (report.state == AnnualReport.State.PUBLISHED and report.published_on is not None
            and report.published_on <= today())


def report_document(report: AnnualReport) -> document.ReportDocument:
    """The text of a published report (headings, paragraphs, figures resolved)."""
    if not is_published(report):  # defence in depth: views only pass rows from reports()
        raise ValueError("只能展示已公开发布的报告。")
    return document.build(report)


def disclosure_reports() -> models.QuerySet[AnnualReport]:
    """The published reports whose year's disclosure tables are public (the
    year is over); one row per county and year."""
    return reports().filter(year__lt=today().year)


def disclosure_cases(county: Region, year: int) -> models.QuerySet[Case] | None:
    """The county's disclosure applications, to be counted for ``year`` — or
    None when that year's tables are not public (see the module docstring)."""
    if not disclosure_reports().filter(region=county, year=year).exists():
        return None
    return Case.objects.filter(register=DISCLOSURE_REGISTER, region=county)


def normative_documents_in_force() -> models.QuerySet[Case]:
    """Every county's normative documents in force today, newest first."""
    day = today()
    return (Case.objects.filter(
        register=NORMATIVE_REGISTER, state__in=NORMATIVE_IN_FORCE_STATES,
        region__level=Region.Level.COUNTY, normative_document__published_on__lte=day,
        normative_document__effective_on__lte=day, normative_document__expires_on__gte=day)
        .select_related("region", "region__parent", "normative_document")
        .order_by("-normative_document__published_on", "-id"))


def region_key(region: Region) -> str:
    """The county's segment of the portal's stable URLs: its 行政区划代码, or its
    id when it has none."""
    return region.code or str(region.pk)


def county_by_key(key: str) -> tuple[Region | None, bool]:
    """(county, canonical) for a URL segment. A code names the county that
    holds it (a code held by two counties names none); an id names its county
    too, and ``canonical`` is then False when the county has a code of its own,
    so the view can redirect to the code URL."""
    if not key or len(key) > MAX_KEY_LENGTH:
        return None, False
    by_code = list(counties().filter(code=key)[:2])
    if len(by_code) == 1:
        return by_code[0], True
    if not key.isdigit():
        return None, False
    county = counties().filter(pk=int(key)).first()
    if county is None:
        return None, False
    return county, region_key(county) == key or not _code_is_unique(county)


def _code_is_unique(county: Region) -> bool:
    return not county.code or not counties().filter(code=county.code).exclude(
        pk=county.pk).exists()


def fingerprint() -> str:
    """Changes whenever what is published may have changed: today's date (a
    scheduled report becomes public at midnight), the number of reports marked
    published and the last change of any report. Part of the page cache's key,
    so a withdrawn or newly published report shows at once in this process."""
    # A normative document published, repealed or declared lapsed shows at once
    # too. Both are read in one query: three scalar subqueries on the first region.
    reports = AnnualReport.objects.filter(state=AnnualReport.State.PUBLISHED).order_by()
    docs = Case.objects.filter(register__in=(NORMATIVE_REGISTER, ENFORCEMENT_REGISTER)).order_by()
    row = (Region.objects.order_by("pk").annotate(
        n=_scalar(reports, models.Count("pk")), last=_scalar(reports, models.Max("updated_at")),
        docs=_scalar(docs, models.Max("updated_at")),
        results=_scalar(_results_published(), models.Count("pk"))).values(
            "n", "last", "docs", "results").first()
        or {"n": 0, "last": None, "docs": None, "results": 0})
    return (f"{today():%Y%m%d}.{row['n'] or 0}.{_timestamp(row['last']):.6f}."
            f"{_timestamp(row['docs']):.6f}.{row['results'] or 0}")


def _scalar(qs: models.QuerySet, aggregate: models.Aggregate) -> models.Subquery:
    """``aggregate`` over all of ``qs`` as a scalar subquery (one row, even when empty)."""
    return models.Subquery(qs.annotate(one=models.Value(1)).values("one")
                           .annotate(v=aggregate).values("v")[:1])


def _timestamp(value: object) -> float:
    """A datetime from an aggregate (SQLite may hand back text for a subquery)."""
    if not value:
        return 0.0
    if isinstance(value, str):
        return datetime.datetime.fromisoformat(value).timestamp()
    return value.timestamp()  # type: ignore[attr-defined]


# ------------------------------------------------------------ 行政执法公示
ENFORCEMENT_REGISTER = "enforcement_case"


def mask_person(name: str) -> str:
    """A natural person's name as published: the surname, the rest masked
    (王建国 → 王**); 复姓 are not guessed, so two-character surnames keep one."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def enforcement_decisions() -> models.QuerySet[Case]:
    """Decisions published (公示日期 on or before today) and not withdrawn."""
    return (Case.objects.filter(register=ENFORCEMENT_REGISTER,
                                enforcement_case__published_on__lte=today(),
                                enforcement_case__withdrawn_on__isnull=True,
                                enforcement_case__revoked_on__isnull=True)
            .select_related("region", "unit", "enforcement_case")
            .order_by("-enforcement_case__published_on", "-id"))


def public_party(case: Case) -> tuple[str, str]:
    """(party, title) as the portal shows them: a person's name masked in both."""
    detail = case.enforcement_case  # type: ignore[attr-defined]
    if detail.party_type != "person" or not detail.party_name:
        return detail.party_name, case.title
    masked = mask_person(detail.party_name)
    return masked, case.title.replace(detail.party_name, masked)


def enforcement_bodies() -> models.QuerySet:
    from fazhi.enforcement.models import BodyProfile

    return (BodyProfile.objects.filter(powers_published_on__lte=today())
            .select_related("unit", "unit__region").order_by("unit__region__path", "unit__sort_order"))


def certified_officers(unit_ids: list[int]) -> models.QuerySet:
    """Officers with a valid certificate today, of the bodies shown."""
    from fazhi.enforcement.models import Officer, OfficerStatus

    day = today()
    return (Officer.objects.filter(unit_id__in=unit_ids, status=OfficerStatus.ACTIVE,
                                   issued_on__lte=day, expires_on__gte=day)
            .only("unit_id", "name", "certificate_number").order_by("unit_id", "certificate_number"))


def _results_published() -> models.QuerySet:
    from fazhi.enforcement.models import DrawTarget

    return DrawTarget.objects.filter(published_on__isnull=False).order_by()


def inspection_results() -> models.QuerySet:
    """双随机 results whose 公示日期 is on or before today."""
    return (_results_published().filter(published_on__lte=today())
            .select_related("entity", "draw__item", "draw__region")
            .order_by("-published_on", "-id"))
