"""公众门户: published annual reports and the 政府信息公开 annual report tables,
for anyone, without login. Read-only (GET/HEAD), cached, and reading the
database only through ``published`` (what is not published cannot reach a
page from here).

Pages are rendered without the request (``_page``): no context processor
runs, so nothing reads the session or who is logged in. The page is the same
for every visitor, logged-in staff included, and is cached as one (no
``Vary: Cookie``).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control, cache_page
from django.views.decorators.http import require_safe

from fazhi.org.models import Region
from fazhi.registers import disclosure_report
from fazhi.reports.models import AnnualReport

from . import published

CACHE_SECONDS = 300
PAGE_SIZE = 20
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_MODULE = "fazhi.reports.docx_render"


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only; cached for ``CACHE_SECONDS`` here (keyed by what is
    published, see ``published.fingerprint``) and marked ``public`` for
    browsers and proxies. The default cache is per process (LocMem): each
    worker keeps its own copy, which is fine for pages that are the same for
    everyone."""
    marked = cache_control(public=True)(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key_prefix = f"portal.{published.fingerprint()}"
        return cache_page(CACHE_SECONDS, key_prefix=key_prefix)(marked)(request, *args, **kwargs)

    return require_safe(wrapped)


def _page(template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return HttpResponse(render_to_string(template, context), status=status)


def _not_found(message: str) -> HttpResponse:
    return _page("portal/not_found.html", {"message": message}, status=404)


def _docx_available() -> bool:
    return importlib.util.find_spec(DOCX_MODULE) is not None


def _paginate(request: HttpRequest, qs: QuerySet) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


# -------------------------------------------------------------------- search
class SearchForm(forms.Form):
    """关键词、县（市、区）、年度: choices from what is published."""

    q = forms.CharField(label="关键词", required=False, max_length=50, widget=forms.SearchInput,
                        error_messages={"max_length": "关键词不超过 50 个字。"})
    region = forms.ChoiceField(label="县（市、区）", required=False, error_messages={
        "invalid_choice": "请从列表中选择县（市、区）。"})
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None,
                                  error_messages={"invalid_choice": "请从列表中选择年度。"})

    def __init__(self, data: Any, *, rows: QuerySet[AnnualReport]) -> None:
        super().__init__(data)
        regions = Region.objects.filter(pk__in=rows.values("region")).select_related(
            "parent").order_by("path")
        groups: dict[str, list[tuple[str, str]]] = {}
        self.regions: dict[str, int] = {}
        for region in regions:
            key = published.region_key(region)
            self.regions[key] = region.pk
            groups.setdefault(region.parent.name if region.parent else "", []).append(
                (key, region.name))
        self.fields["region"].choices = [("", "全部"), *groups.items()]
        years = rows.order_by("-year").values_list("year", flat=True).distinct()
        self.fields["year"].choices = [("", "全部"), *((y, f"{y}年度") for y in years)]
        self.fields["q"].widget.attrs.update(
            {"class": "form-control", "placeholder": "标题、县（市、区）名称"})
        for name in ("region", "year"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def filter(self, rows: QuerySet[AnnualReport]) -> QuerySet[AnnualReport]:
        """Applies the valid criteria; an invalid one is reported and ignored."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            q = data["q"].strip()
            rows = rows.filter(Q(title__icontains=q) | Q(region__name__icontains=q)
                               | Q(region__parent__name__icontains=q) | Q(issuer__icontains=q))
        if data.get("region"):
            rows = rows.filter(region_id=self.regions[data["region"]])
        if data.get("year"):
            rows = rows.filter(year=data["year"])
        return rows


def _search(request: HttpRequest, rows: QuerySet[AnnualReport]) -> dict[str, Any]:
    form = SearchForm(request.GET or None, rows=rows)
    page = _paginate(request, form.filter(rows) if form.is_bound else rows)
    return {"form": form, "page": page, "query": request.GET,
            "searched": form.is_bound and any(request.GET.get(k) for k in ("q", "region", "year"))}


# --------------------------------------------------------------------- pages
@public_page
def home(request: HttpRequest) -> HttpResponse:
    """Every county of the system, grouped by city, with its published reports."""
    by_county: dict[int, list[AnnualReport]] = {}
    for row in published.reports():
        by_county.setdefault(row.region_id, []).append(row)
    cities: dict[str, list[dict[str, Any]]] = {}
    for county in published.counties().order_by("path"):
        city = county.parent.name if county.parent else ""
        cities.setdefault(city, []).append({"county": county, "reports": by_county.get(county.pk, [])})
    return _page("portal/home.html", {
        "cities": cities, "this_year": published.today().year, "nav": "home"})


@public_page
def report_list(request: HttpRequest) -> HttpResponse:
    context = _search(request, published.reports())
    return _page("portal/report_list.html", {**context, "nav": "reports"})


def _county(region: str, name: str, year: int) -> tuple[Region | None, HttpResponse | None]:
    """The county of a stable URL; a redirect to its canonical URL (the code
    instead of the id) or a “not found” page instead when there is none."""
    county, canonical = published.county_by_key(region)
    if county is None:
        return None, _not_found("没有找到该县（市、区）。")
    if not canonical:
        url = reverse(name, kwargs={"region": published.region_key(county), "year": year})
        return None, HttpResponsePermanentRedirect(url)
    return county, None


@public_page
def report_detail(request: HttpRequest, region: str, year: int) -> HttpResponse:
    """The stable page of one published report: title, 主送, every part, 落款 and date."""
    county, response = _county(region, "portal:report_detail", year)
    if response:
        return response
    report = published.report(county, year)
    if report is None:
        return _not_found(f"{county.name}{year}年度法治政府建设情况报告尚未公开发布。")
    return _page("portal/report_detail.html", {
        "report": report, "doc": published.report_document(report), "county": county,
        "key": published.region_key(county), "docx": _docx_available(),
        "disclosure": year < published.today().year, "nav": "reports"})


@public_page
def report_docx(request: HttpRequest, region: str, year: int) -> HttpResponse:
    """The published report as a Word file (公文格式), when the renderer is installed."""
    county, response = _county(region, "portal:report_docx", year)
    if response:
        return response
    report = published.report(county, year)
    if report is None:
        return _not_found(f"{county.name}{year}年度法治政府建设情况报告尚未公开发布。")
    if not _docx_available():
        return _not_found("本报告暂不提供 Word 版下载，请在线阅读全文。")
    renderer = importlib.import_module(DOCX_MODULE)
    data = renderer.render(published.report_document(report))
    if hasattr(data, "getvalue"):  # a BytesIO
        data = data.getvalue()
    response = HttpResponse(data, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(report.title + '.docx')}"
    return response


@public_page
def disclosure_list(request: HttpRequest) -> HttpResponse:
    """The counties and years whose 政府信息公开 annual report tables are public."""
    context = _search(request, published.disclosure_reports())
    return _page("portal/disclosure_list.html", {**context, "nav": "disclosure"})


@public_page
def disclosure_detail(request: HttpRequest, region: str, year: int) -> HttpResponse:
    """政府信息公开工作年度报告（依申请公开部分）of a county and a year: the counts
    of parts 三 and 四 of the 30号 form, shown only once that county's
    法治政府建设年度报告 of the year is published (``published.disclosure_cases``)."""
    county, response = _county(region, "portal:disclosure_detail", year)
    if response:
        return response
    cases = published.disclosure_cases(county, year)
    if cases is None:
        return _not_found(f"{county.name}{year}年度的政府信息公开年度报表尚未公开。")
    tables = disclosure_report.build(
        cases, year, title=f"{county.name}{year}年度政府信息公开工作年度报告（依申请公开部分）",
        scope_text=f"统计范围：{county.name}各单位办理的申请")
    return _page("portal/disclosure_detail.html", {
        "tables": tables, "county": county, "key": published.region_key(county), "year": year,
        "today": published.today(), "nav": "disclosure"})


@public_page
def normative_list(request: HttpRequest) -> HttpResponse:
    """现行有效规范性文件: the documents in force today (``published``), by county."""
    rows = published.normative_documents_in_force()
    form = NormativeSearchForm(request.GET or None, rows=rows)
    page = _paginate(request, form.filter(rows) if form.is_bound else rows)
    return _page("portal/normative_list.html", {
        "form": form, "page": page, "query": request.GET, "today": published.today(),
        "searched": form.is_bound and any(request.GET.get(k) for k in ("q", "region")),
        "nav": "normative"})


class NormativeSearchForm(forms.Form):
    """关键词（文件名称、文号、制定机关）and 县（市、区）, from the documents in force."""

    q = forms.CharField(label="关键词", required=False, max_length=50, widget=forms.SearchInput,
                        error_messages={"max_length": "关键词不超过 50 个字。"})
    region = forms.ChoiceField(label="县（市、区）", required=False, error_messages={
        "invalid_choice": "请从列表中选择县（市、区）。"})

    def __init__(self, data: Any, *, rows: QuerySet) -> None:
        super().__init__(data)
        regions = Region.objects.filter(pk__in=rows.values("region")).order_by("path")
        self.regions = {published.region_key(r): r.pk for r in regions}
        self.fields["region"].choices = [("", "全部"), *((published.region_key(r), r.name)
                                                        for r in regions)]
        self.fields["q"].widget.attrs.update(
            {"class": "form-control", "placeholder": "文件名称、文号、制定机关"})
        self.fields["region"].widget.attrs["class"] = "form-select"

    def filter(self, rows: QuerySet) -> QuerySet:
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            q = data["q"].strip()
            rows = rows.filter(Q(title__icontains=q) | Q(normative_document__doc_number__icontains=q)
                               | Q(normative_document__issuer__icontains=q))
        if data.get("region"):
            rows = rows.filter(region_id=self.regions[data["region"]])
        return rows
