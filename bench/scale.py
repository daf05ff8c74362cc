"""Page time and queries as the data grows: three counties of three sizes in one
database, requested in one interleaved run.

Usage: .venv/bin/python bench/scale.py [--sizes 1000,10000,100000] [--repeat 3]
                                       [--database postgres://…] [--exports] [--keep]
                                       [--reuse]

Builds (bulk inserts, minutes not hours) three counties whose registers hold
``sizes`` cases each (with their events, deadlines and notifications) and whose
task ledgers hold a tenth as many assignments with their progress reports, then
requests every main page as each county's office and as a unit clerk of it,
interleaving the counties, and prints per page the queries and the median time
at each size and the ratio of the largest to the middle size. Goal: the same
number of queries at every size, and a time ratio of at most 1.3 between the
two largest sizes for every paginated page (exports are listed apart with
``--exports``). The last line reads
``worst time ratio R.RR on PAGE; queries constant: yes`` (or ``no: PAGE``).

The pages that aggregate rather than list (the home page's figures, the plan
overview, the disclosure annual statistics, the cockpit) grow with what they
count, so they are printed apart with their own worst ratio; the last line is
about every other page (lists, their filters, sorts, pages and search, and the
case pages).

Without ``--database`` it runs on a fresh SQLite file under var/bench/; with
it, on that PostgreSQL database, which is created if missing and, if this run
created it, dropped at the end unless ``--keep`` (the names ``postgres``,
``test`` and ``test_test`` are refused). ``--reuse`` measures the counties of
an earlier run kept with ``--keep`` (same ``--sizes``) without building them
again, after migrating (so new indexes are built on the kept data).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

REGISTER_MIX = ("reconsideration", "litigation", "disclosure")
STATES = {
    "reconsideration": ("received", "accepted", "decided", "decided", "terminated"),
    "litigation": ("complaint_received", "defended", "heard", "judged", "closed", "closed"),
    "disclosure": ("received", "replied", "replied", "replied", "abandoned"),
}
FINAL = {"decided", "terminated", "closed", "replied", "abandoned"}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
# Pages that aggregate what they count (not paginated): listed apart.
AGGREGATES = {"首页", "首页（经办人）", "完成情况总览", "年度报告统计（公开）", "驾驶舱"}


def _create(url: str) -> bool:
    """Create the PostgreSQL database if missing; True if it was created."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    if name in ("", "postgres", "test", "test_test") or not re.fullmatch(r"[a-z0-9_]+", name):
        raise SystemExit(f"refusing database name {name!r}")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


def _drop(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    name = urlsplit(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _setup(database: str | None, reuse: bool = False) -> None:
    if database:
        os.environ["DATABASE_URL"] = database
    else:
        bench_dir = REPO / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        db = bench_dir / "scale.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            if not reuse:
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    # The test settings: no collected static files needed, nothing recomputed in
    # the background while pages are timed.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _bulk(model, rows: list, batch: int = 2000) -> list:  # noqa: ANN001
    out = []
    for i in range(0, len(rows), batch):
        out.extend(model.objects.bulk_create(rows[i:i + batch], batch_size=batch))
    return out


def _build_county(city, index: int, size: int, rng: random.Random) -> dict:  # noqa: ANN001
    """One county with ``size`` cases and ``size // 10`` assignments."""
    from django.contrib.auth import get_user_model

    from fazhi.org.models import Membership, Region, Role, Unit
    from fazhi.plans.models import Assignment, Plan, ProgressReport, ReportingPeriod, Task
    from fazhi.registers.details import DisclosureDetail, LitigationDetail, ReconsiderationDetail
    from fazhi.registers.models import Case, CaseEvent, Deadline, Notification

    today = datetime.date.today()
    county = Region.objects.create(name=f"规模{index}县", level=Region.Level.COUNTY, parent=city,
                                   code=f"3799{index:02d}")
    units = _bulk(Unit, [Unit(region=county, name=f"规模{index}县第{n}局", short_name=f"第{n}局",
                              kind=Unit.Kind.DEPARTMENT) for n in range(20)])
    users = get_user_model().objects
    office = users.create_user(f"office{index}", password="bench-pass-2026")
    Membership.objects.create(user=office, role=Role.OFFICE_ADMIN, region=county)
    clerk = users.create_user(f"clerk{index}", password="bench-pass-2026")
    Membership.objects.create(user=clerk, role=Role.CLERK, unit=units[0])

    start = today - datetime.timedelta(days=720)
    cases = []
    for n in range(size):
        key = REGISTER_MIX[n % len(REGISTER_MIX)]
        state = rng.choice(STATES[key])
        started = start + datetime.timedelta(days=rng.randint(0, 715))
        closed = started + datetime.timedelta(days=rng.randint(5, 60)) if state in FINAL else None
        cases.append(Case(
            register=key, region=county, unit=units[rng.randrange(20)],
            number=f"规模{index}县〔{started.year}〕{key[:3]}{n + 1}号",
            title=f"{rng.choice(SURNAMES)}某某的申请{n}", started_on=started, state=state,
            closed_on=closed if closed and closed <= today else None,
            next_due=None if state in FINAL else started + datetime.timedelta(days=30)))
    cases = _bulk(Case, cases)
    details = {"reconsideration": [], "litigation": [], "disclosure": []}
    events, deadlines = [], []
    for case in cases:
        name = case.title[:3]
        if case.register == "reconsideration":
            details[case.register].append(ReconsiderationDetail(
                case=case, applicant=name, applicant_type="person", respondent="县某局",
                contested_act="行政处罚决定", channel="post", procedure="ordinary"))
        elif case.register == "litigation":
            details[case.register].append(LitigationDetail(
                case=case, court_case_number=f"（{case.started_on.year}）鲁行初{case.pk}号",
                court="某县人民法院", plaintiff=name, cause="行政处罚"))
        else:
            details[case.register].append(DisclosureDetail(
                case=case, applicant=name, applicant_type="person", channel="online",
                submitted_on=case.started_on, content="申请公开某项目的审批文件"))
        events.append(CaseEvent(case=case, kind="open", label="登记", occurred_on=case.started_on,
                                to_state="received", data={}))
        events.append(CaseEvent(case=case, kind="note", label="办理", occurred_on=case.started_on,
                                from_state="received", to_state=case.state, data={}))
        due = case.started_on + datetime.timedelta(days=30)
        deadlines.append(Deadline(
            case=case, process=case.register, step="reply", label="期限", start=case.started_on,
            due=due, basis="—", unit="CD", amount=30,
            status=Deadline.Status.OPEN if case.closed_on is None else Deadline.Status.MET,
            done_on=case.closed_on))
    _bulk(ReconsiderationDetail, details["reconsideration"])
    _bulk(LitigationDetail, details["litigation"])
    _bulk(DisclosureDetail, details["disclosure"])
    _bulk(CaseEvent, events)
    deadlines = _bulk(Deadline, deadlines)
    _bulk(Notification, [Notification(unit=d.case.unit, region_id=d.case.unit.region_id,
                                       deadline=d, kind="due_soon", message="期限将至",
                                       created_on=today)
                         for d in deadlines[: size // 5] if d.status == Deadline.Status.OPEN])

    plan = Plan.objects.create(region=county, year=today.year, title=f"规模{index}县工作计划")
    periods = _bulk(ReportingPeriod, [ReportingPeriod(
        plan=plan, name=f"第{q}季度", start=datetime.date(today.year, 3 * q - 2, 1),
        end=datetime.date(today.year, 3 * q, 28), due=datetime.date(today.year, 3 * q, 28))
        for q in (1, 2, 3, 4)])
    n_tasks = max(1, size // 10 // 20)
    tasks = _bulk(Task, [Task(plan=plan, number=n + 1, text=f"任务{n + 1}：推进依法行政",
                              due_date=datetime.date(today.year, 12, 31)) for n in range(n_tasks)])
    assignments = _bulk(Assignment, [
        Assignment(task=t, unit=u, role="responsible" if i else "lead")
        for t in tasks for i, u in enumerate(units)])
    states = ("draft", "submitted", "approved", "accepted", "accepted", "returned")
    _bulk(ProgressReport, [
        ProgressReport(assignment=a, period=p, region=county, unit_id=a.unit_id, text="已按计划推进",
                       completion="in_progress",
                       state=rng.choice(states))
        for a in assignments for p in periods[:2]])
    return {"county": county, "office": office, "clerk": clerk, "plan": plan,
            # a case in the same state at every size, so that its page reads alike
            "case": {key: Case.objects.filter(region=county, register=key,
                                              state=STATES[key][1]).order_by("pk").first()
                     for key in REGISTER_MIX}}


def _existing_county(index: int) -> dict:
    """A county built by an earlier run kept with ``--keep`` (``--reuse``)."""
    from django.contrib.auth import get_user_model

    from fazhi.org.models import Region
    from fazhi.plans.models import Plan
    from fazhi.registers.models import Case

    county = Region.objects.get(name=f"规模{index}县")
    users = get_user_model().objects
    return {"county": county, "office": users.get(username=f"office{index}"),
            "clerk": users.get(username=f"clerk{index}"),
            "plan": Plan.objects.get(region=county, title=f"规模{index}县工作计划"),
            "case": {key: Case.objects.filter(region=county, register=key,
                                              state=STATES[key][1]).order_by("pk").first()
                     for key in REGISTER_MIX}}


def _pages(c: dict, year: int, exports: bool) -> list[tuple[str, str, str]]:
    """(page, url, who) for one county."""
    plan = c["plan"].pk
    pages = [
        ("首页", "/", "office"), ("首页（经办人）", "/", "clerk"),
        ("计划台账", f"/plans/{plan}/", "office"),
        ("完成情况总览", f"/plans/{plan}/overview/", "office"),
        ("任务台账", "/plans/ledger/", "office"),
        ("进展审核", "/plans/reports/", "office"),
        ("进展审核（经办人）", "/plans/reports/", "clerk"),
        ("年度报告统计（公开）", f"/registers/disclosure/annual-report/?year={year}", "office"),
        ("提醒", "/notifications/?show=all", "office"),
        ("驾驶舱", "/indicators/cockpit/", "office"),
        # the search box of every page: a common name, and a term found nowhere
        # (which reads every candidate before it can say so)
        ("全站搜索", "/search/?q=王某某", "office"),
        ("全站搜索（无结果）", "/search/?q=无此当事人", "office"),
    ]
    for key in REGISTER_MIX:
        base = f"/registers/{key}/"
        pages += [
            (f"{key} 列表", base, "office"),
            (f"{key} 列表（经办人）", base, "clerk"),
            (f"{key} 按编号排序", f"{base}?sort=number", "office"),
            (f"{key} 第2页", f"{base}?page=2", "office"),
            (f"{key} 已逾期", f"{base}?due=overdue", "office"),
            (f"{key} 搜索", f"{base}?q=王某某", "office"),
            (f"{key} 事项", f"{base}{c['case'][key].pk}/", "office"),
        ]
        if exports:
            pages.append((f"{key} 导出", f"{base}?export=xlsx", "office"))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database", default="")
    parser.add_argument("--exports", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the counties an earlier run kept (--keep) instead of building")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    created = _create(args.database) if args.database else False
    try:
        _setup(args.database or None, args.reuse)
        _run(args, sizes)
    finally:
        if created and not args.keep:
            _drop(args.database)


def _run(args: argparse.Namespace, sizes: list[int]) -> None:

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from fazhi.org.models import Region

    if args.reuse:
        counties = [_existing_county(i + 1) for i in range(len(sizes))]
    else:
        rng = random.Random(20261201)
        province = Region.objects.create(name="规模省", level=Region.Level.PROVINCE)
        city = Region.objects.create(name="规模市", level=Region.Level.CITY, parent=province)
        counties = []
        for i, size in enumerate(sizes):
            started = time.perf_counter()
            counties.append(_build_county(city, i + 1, size, rng))
            print(f"county {i + 1}: {size} cases built in {time.perf_counter() - started:.1f}s",
                  flush=True)
    if connection.vendor == "postgresql":
        # VACUUM as autovacuum would after a bulk load: it sets the visibility
        # map, without which every index-only scan (the lists' bounded counts)
        # fetches each heap row and the planner prefers sequential scans. A
        # database in use is in this state; a freshly bulk-loaded one is not.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    year = datetime.date.today().year - 1
    clients = []
    for c in counties:
        pair = {}
        for who in ("office", "clerk"):
            client = Client()
            client.force_login(c[who])
            pair[who] = client
        clients.append(pair)
    page_lists = [_pages(c, year, args.exports) for c in counties]
    names = [name for name, _, _ in page_lists[0]]
    times: dict[str, list[list[float]]] = {n: [[] for _ in sizes] for n in names}
    queries: dict[str, list[int]] = {n: [0] * len(sizes) for n in names}
    for _ in range(args.repeat):
        for p, name in enumerate(names):
            for i in range(len(sizes)):  # interleaved: each page at every size in turn
                _, url, who = page_lists[i][p]
                with CaptureQueriesContext(connection) as q:
                    t0 = time.perf_counter()
                    response = clients[i][who].get(url)
                    elapsed = (time.perf_counter() - t0) * 1000
                # A large export answers with its background job's page (302);
                # the test settings' immediate backend has written it by then.
                if response.status_code != 200 and not (
                        "导出" in name and response.status_code == 302):
                    raise SystemExit(f"{name} {url}: HTTP {response.status_code}")
                times[name][i].append(elapsed)
                queries[name][i] = len(q)
    header = "".join(f"{'q@' + str(s):>10}{'ms@' + str(s):>11}" for s in sizes)
    print(f"{'page':<28}{header}{'ratio':>8}")
    worst, worst_page, growing = 0.0, "", []
    aggregate_worst, aggregate_page = 0.0, ""
    for name in names:
        medians = [statistics.median(t) for t in times[name]]
        ratio = medians[-1] / medians[-2] if len(sizes) > 1 and medians[-2] else 1.0
        cells = "".join(f"{queries[name][i]:>10}{medians[i]:>11.1f}" for i in range(len(sizes)))
        print(f"{name:<28}{cells}{ratio:>8.2f}")
        if len(set(queries[name])) > 1:
            growing.append(name)
        if name in AGGREGATES:
            if ratio > aggregate_worst:
                aggregate_worst, aggregate_page = ratio, name
        elif "导出" not in name and ratio > worst:
            worst, worst_page = ratio, name
    print(f"aggregate pages (not paginated): worst time ratio {aggregate_worst:.2f} on {aggregate_page}")
    print(f"worst time ratio {worst:.2f} on {worst_page}; queries constant: "
          + ("yes" if not growing else "no: " + "、".join(growing)))


if __name__ == "__main__":
    main()
