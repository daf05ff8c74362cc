"""公众门户·行政执法公示: bodies and powers with their officers' certificates,
published decisions (natural persons masked) and 双随机 inspection results;
through ``published`` only, like the other portal pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from . import published
from .views import _page, _paginate, public_page


def _region_filter(request: HttpRequest, rows, lookup: str):  # noqa: ANN001, ANN202
    """?region=<key>: one county's rows (an unknown key is ignored)."""
    key = request.GET.get("region") or ""
    if not key:
        return rows, None
    county, _ = published.county_by_key(key[:published.MAX_KEY_LENGTH])
    if county is None:
        return rows, None
    return rows.filter(**{lookup: county.pk}), county


@public_page
def decisions(request: HttpRequest) -> HttpResponse:
    rows, county = _region_filter(request, published.enforcement_decisions(), "region_id")
    page = _paginate(request, rows)
    shown = []
    for case in page:
        party, title = published.public_party(case)
        shown.append({"case": case, "d": case.enforcement_case, "party": party, "title": title})
    return _page("portal/enforcement_decisions.html", {
        "page": page, "rows": shown, "county": county, "query": request.GET,
        "today": published.today(), "nav": "enforcement"})


@public_page
def bodies(request: HttpRequest) -> HttpResponse:
    rows, county = _region_filter(request, published.enforcement_bodies(), "unit__region_id")
    rows = list(rows)
    officers: dict[int, list] = {}
    for officer in published.certified_officers([b.unit_id for b in rows]):
        officers.setdefault(officer.unit_id, []).append(officer)
    return _page("portal/enforcement_bodies.html", {
        "bodies": [{"body": b, "powers": [p for p in b.powers.splitlines() if p.strip()],
                    "officers": officers.get(b.unit_id, [])} for b in rows],
        "county": county, "today": published.today(), "nav": "enforcement"})


@public_page
def inspections(request: HttpRequest) -> HttpResponse:
    rows, county = _region_filter(request, published.inspection_results(), "draw__region_id")
    return _page("portal/inspection_results.html", {
        "page": _paginate(request, rows), "county": county, "query": request.GET,
        "today": published.today(),
        "nav": "enforcement"})
