"""Page speed and query counts on the demo county.

Usage: .venv/bin/python bench/pages.py [--repeat 5] [--scale 1]

Loads the demo county into a fresh SQLite file under var/bench/ (``--scale N``
adds N-1 extra copies of the current-year plan's assignments as other years'
plans, to show that query counts do not grow with the data), then requests
each main page as the county office and prints the median time and the
number of queries. A number of queries that grows with --scale is a bug.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--plans-only", action="store_true",
                        help="load the demo without its register cases (plan pages only)")
    args = parser.parse_args()
    bench_dir = REPO / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    db = bench_dir / f"pages-{args.scale}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.dev")
    os.environ.setdefault("DEBUG", "1")  # static files from the app directories, no collectstatic
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from fazhi.demo import loader

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if args.plans_only:
        loader._registers = lambda *a, **k: 0  # noqa: SLF001
    loader.load()
    print(f"demo loaded in {time.perf_counter() - started:.1f}s")
    if args.scale > 1:
        _scale(args.scale)

    from django.contrib.auth import get_user_model

    from fazhi.plans.models import Plan
    from fazhi.registers.models import Case

    plan = Plan.objects.order_by("-year").first()
    case = Case.objects.filter(register="disclosure").first()
    from fazhi.plans.models import Assignment

    unit = Assignment.objects.filter(task__plan=plan).values_list("unit", flat=True).first()
    task = plan.tasks.order_by("number").first()
    pages = [
        ("首页", "/"),
        ("计划台账", f"/plans/{plan.pk}/"),
        ("计划台账（单位）", f"/plans/{plan.pk}/?unit={unit}"),
        ("各单位进展（HTMX）", f"/plans/tasks/{task.pk}/units/"),
        ("计划台账导出", f"/plans/{plan.pk}/?export=xlsx"),
        ("完成情况总览", f"/plans/{plan.pk}/overview/"),
        ("总览按逾期排序", f"/plans/{plan.pk}/overview/?sort=-red"),
        ("任务台账", "/plans/ledger/"),
        ("任务台账（逾期）", "/plans/ledger/?light=red"),
        ("进展报告", "/plans/reports/"),
        ("进展审核（待采纳）", "/plans/reports/?state=approved"),
        ("修改任务", f"/plans/tasks/{task.pk}/edit/"),
        ("提醒", "/notifications/?show=all"),
        ("搜索", "/search/?q=县"),
    ]
    if case is not None:
        pages += [
            ("依申请公开登记簿", "/registers/disclosure/"),
            ("依申请公开事项", f"/registers/disclosure/{case.pk}/"),
            ("依申请公开（已逾期）", "/registers/disclosure/?due=overdue"),
            ("更正登记信息", f"/registers/disclosure/{case.pk}/correct/"),
            ("登记簿导出", "/registers/disclosure/?export=xlsx"),
        ]
    client = Client()
    client.force_login(get_user_model().objects.get(username="fzb_admin"))
    print(f"{'page':<16}{'status':>7}{'queries':>9}{'median ms':>11}")
    for name, url in pages:
        times, queries, status = [], 0, 0
        for _ in range(args.repeat):
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
            queries, status = len(ctx), response.status_code
        print(f"{name:<16}{status:>7}{queries:>9}{statistics.median(times):>11.1f}")
    _as_auditor(args.repeat)


def _as_auditor(repeat: int) -> None:
    """The audit log, read by the demo's auditor; the city viewer's pages."""
    _as("audit_admin", (("审计日志", "/audit/"), ("审计日志（按操作）", "/audit/?action=progress.accept")),
        repeat)
    _as("lc_viewer", (("首页（市级）", "/"), ("各县完成情况", "/plans/counties/")), repeat)


def _as(username: str, pages: tuple[tuple[str, str], ...], repeat: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    for name, url in pages:
        times, queries, status = [], 0, 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                status = client.get(url).status_code
                times.append((time.perf_counter() - t0) * 1000)
            queries = len(ctx)
        print(f"{name:<16}{status:>7}{queries:>9}{statistics.median(times):>11.1f}")


def _scale(factor: int) -> None:
    """More assignments and reports: copy the current plan's assignments onto
    every other unit pattern by re-importing the plan for earlier years."""
    from django.core.files.base import ContentFile  # noqa: F401

    from fazhi.core.actions import Actor
    from fazhi.demo.loader import DATA
    from fazhi.org.models import Region
    from fazhi.plans import services
    from fazhi.plans.parser import parse_plan_document

    county = Region.objects.get(name="莘县")
    parsed = parse_plan_document((DATA / "shenxian_plan_2022.txt").read_bytes(), "plan.txt")
    for year in range(2010, 2010 + factor - 1):
        preview = services.preview_import(parsed, county, year)
        services.ImportPlan(Actor.system(), preview, is_demo=True).execute()


if __name__ == "__main__":
    main()
