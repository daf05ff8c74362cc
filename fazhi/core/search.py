"""One search box: cases by number, party or 文号, plan tasks by their text,
units by name and analysed reports by region — each within the person's
scope (``request.policy``), each a database query.

On PostgreSQL with the pg_trgm extension a term also matches by trigram word
similarity (a number typed with a slip still finds its case) and results are
ranked by it, each column's condition served by its trigram index; elsewhere
(SQLite) a plain ``icontains``. Four queries at most
whatever the data, each limited to ``LIMIT`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.contrib.auth.decorators import login_required
from django.db import connection, models
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

LIMIT = 20


@dataclass
class Hit:
    title: str
    url: str
    note: str = ""


@dataclass
class Group:
    label: str
    hits: list[Hit] = field(default_factory=list)


@cache
def has_trigram() -> bool:
    """pg_trgm installed? Asked once per process: an extension does not come
    and go under a running server."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def matching(qs: QuerySet, term: str, paths: list[str]) -> QuerySet:
    """Rows where any of ``paths`` contains ``term`` (or, with pg_trgm, a
    column of the row's own table is similar to it), the closest first.

    With pg_trgm the rows are chosen by a union of one subquery per column
    (``id IN (… UNION ALL …)``): each subquery has one condition that the
    column's trigram index (fazhi.core.trigram, on ``UPPER(col)``) serves,
    where one OR across ten joined tables read every row (3.6 s at 10⁵ cases).
    Similarity (``UPPER(col) %> UPPER(term)``, pg_trgm's word-similarity
    threshold) is asked of the table's own columns; joined columns match by
    containment."""
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path}__icontains": term})
    if not (has_trigram() and len(term) >= 3):
        return qs.filter(condition)
    from django.contrib.postgres.lookups import TrigramWordSimilar
    from django.contrib.postgres.search import TrigramWordSimilarity
    from django.db.models import F, Value
    from django.db.models.functions import Greatest, Upper

    rows = qs.model._default_manager
    parts = []
    for path in paths:
        parts.append(rows.filter(**{f"{path}__icontains": term}).order_by().values("pk"))
        if "__" not in path:
            parts.append(rows.filter(TrigramWordSimilar(Upper(F(path)), Value(term.upper())))
                         .order_by().values("pk"))
    # Ranked by the table's own columns: a rank over joined columns joined
    # every detail table for each of thousands of candidates.
    ranks = [TrigramWordSimilarity(term, path) for path in paths if "__" not in path]
    return (qs.filter(pk__in=parts[0].union(*parts[1:], all=True))
            .annotate(rank=Greatest(*ranks) if len(ranks) > 1 else ranks[0])
            .order_by("-rank", "pk"))


def _party_paths() -> list[str]:
    from fazhi.registers.party_search import party_columns

    paths = ["number", "title"]
    for rel, fields in party_columns():
        paths += [f"{rel.field.related_query_name()}__{f.name}" for f in fields]
    return paths


def _cases_by_table(cases: QuerySet, term: str, paths: list[str]) -> QuerySet:
    """Without pg_trgm: ``matching``'s rows as ``id IN (… UNION ALL …)``, one
    subquery per table — the number and title through the register's FTS
    index (fazhi.registers.case_search), each detail table's party and 文号
    columns narrowed by the party index (fazhi.registers.party_search) where
    there is one. One OR across the ten joined detail tables checked every
    case of the county, each with its ten joins (200 ms at 10⁵ cases, a term
    found nowhere the slowest); the same rows, in the same order."""
    from fazhi.registers import case_search, party_search
    from fazhi.registers.models import Case

    parts = [Case.objects.filter(case_search.number_or_title(term)).order_by().values("pk")]
    by_table: dict[tuple[type[models.Model], str], Q] = {}
    for path in paths:
        if "__" not in path:
            continue
        name, column = path.split("__", 1)
        relation = Case._meta.get_field(name)  # a detail table's one-to-one link
        key = (relation.related_model, relation.field.attname)
        by_table[key] = by_table.get(key, Q()) | Q(**{f"{column}__icontains": term})
    # The party index's matches narrow each detail table to a few rows by its
    # unique case link; without it (terms under three characters) each is read whole.
    hits = party_search.matching_cases(term)
    for (detail, case_id), condition in by_table.items():
        rows = detail._default_manager.filter(condition)
        if hits is not None:
            rows = rows.filter(**{f"{case_id}__in": hits})
        parts.append(rows.order_by().values(case_id))
    return cases.filter(pk__in=parts[0].union(*parts[1:], all=True))


def _cases(policy, term: str) -> Group:  # noqa: ANN001
    from fazhi.registers.models import Case

    group = Group("登记事项")
    cases = policy.scope(Case.objects.select_related("unit"))
    if has_trigram() and len(term) >= 3:
        qs = matching(cases, term, _party_paths())
    else:
        qs = _cases_by_table(cases, term, _party_paths())
    for case in qs[:LIMIT]:  # the detail joins are one-to-one: no duplicates
        group.hits.append(Hit(f"{case.number} {case.title}",
                              reverse("registers:case_detail", args=[case.register, case.pk]),
                              str(case.unit)))
    return group


def _tasks(policy, term: str) -> Group:  # noqa: ANN001
    from fazhi.plans.models import Task

    group = Group("计划任务")
    qs = matching(policy.scope(Task.objects.select_related("plan")), term,
                  ["text", "lead_units_text", "responsible_units_text"])
    for task in qs[:LIMIT]:
        group.hits.append(Hit(f"{task.number}. {task.summary}",
                              reverse("plans:task_detail", args=[task.pk]), task.plan.title))
    return group


def _units(policy, term: str) -> Group:  # noqa: ANN001
    from fazhi.org.models import Unit

    group = Group("单位")
    qs = matching(policy.scope(Unit.objects.select_related("region")), term,
                  ["name", "short_name", "aliases"])
    for unit in qs[:LIMIT]:
        url = reverse("plans:assignment_list") + f"?unit={unit.pk}"
        group.hits.append(Hit(unit.name, url, f"{unit.region.name} · {unit.get_kind_display()}"))
    return group


def _reports(policy, term: str) -> Group:  # noqa: ANN001
    from fazhi.analysis.models import PublishedReport

    group = Group("报告解读")
    qs = matching(policy.scope(PublishedReport.objects.defer("text")), term,
                  ["region_name", "title", "original_name"])
    for report in qs[:LIMIT]:
        group.hits.append(Hit(report.title or report.original_name,
                              reverse("analysis:report_detail", args=[report.pk]),
                              " · ".join(filter(None, [report.region_name,
                                                       f"{report.year}年" if report.year else ""]))))
    return group


def search_all(policy, term: str) -> list[Group]:  # noqa: ANN001
    term = term.strip()[:100]
    if not term:
        return []
    groups = []
    if policy.counties:  # business readers: the office, the city, a unit's people
        groups += [_cases(policy, term), _tasks(policy, term), _units(policy, term)]
    if policy.can("analysis.view"):
        groups.append(_reports(policy, term))
    return groups


@login_required
def search(request: HttpRequest) -> HttpResponse:
    term = request.GET.get("q", "")
    groups = search_all(request.policy, term)
    return render(request, "core/search.html", {
        "q": term.strip(), "groups": groups, "total": sum(len(g.hits) for g in groups),
        "limit": LIMIT})
