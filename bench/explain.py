"""Which index serves each list page, filter, sort and search box, on PostgreSQL.

Usage: .venv/bin/python bench/explain.py [--size 100000]
                                         [--database postgres://postgres@127.0.0.1:5432/bench_explain]
                                         [--keep]

Creates the database (dropped at the end unless ``--keep``; an existing one
is reused with its data), builds one county of ``size`` cases with the bulk
builder of bench/scale.py, ANALYZEs, then requests each page as the county
office, captures its queries and prints, for the slowest query of each, its
time and the scans of its ``EXPLAIN ANALYZE`` plan (index names, or
``Seq Scan`` on a table). Never point it at the test database.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SCAN = re.compile(r"((?:Parallel )?(?:Bitmap Index|Index Only|Index|Seq) Scan(?: Backward)?)"
                  r"(?: using (\S+))? on (\S+)")


def _scale_module():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location("bench_scale", REPO / "bench" / "scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pages(plan: int) -> list[tuple[str, str]]:
    pages = [
        ("进展审核", "/plans/reports/"),
        ("进展审核 待审核", "/plans/reports/?state=approved"),
        ("进展审核 按更新时间", "/plans/reports/?sort=-updated"),
        ("进展审核 按完成情况", "/plans/reports/?sort=completion"),
        ("任务台账 搜索", "/plans/ledger/?q=推进依法"),
        ("计划台账 搜索", f"/plans/{plan}/?q=推进依法"),
    ]
    for key in ("reconsideration", "disclosure"):
        base = f"/registers/{key}/"
        pages += [
            (f"{key} 列表", base),
            (f"{key} 按编号", f"{base}?sort=number"),
            (f"{key} 按期限", f"{base}?sort=due"),
            (f"{key} 按状态", f"{base}?sort=state"),
            (f"{key} 状态筛选", f"{base}?state=received"),
            (f"{key} 收到日期", f"{base}?since=2025-06-01&until=2025-06-30"),
            (f"{key} 搜索", f"{base}?q=王某某的申请12"),
            (f"{key} 搜索编号", f"{base}?q=rec1234"),
        ]
    pages.append(("全站搜索", "/search/?q=王某某的申请12"))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/bench_explain")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    scale = _scale_module()  # its database helpers and data builder
    created = scale._create(args.database)
    scale._setup(args.database)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from fazhi.org.models import Region
    from fazhi.plans.models import Plan

    try:
        if not get_user_model().objects.filter(username="office1").exists():
            province = Region.objects.create(name="规模省", level=Region.Level.PROVINCE)
            city = Region.objects.create(name="规模市", level=Region.Level.CITY, parent=province)
            started = time.perf_counter()
            scale._build_county(city, 1, args.size, random.Random(15))
            print(f"{args.size} cases built in {time.perf_counter() - started:.1f}s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would: see bench/scale.py
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_trgm'")
            print("trigram indexes:", ", ".join(sorted(r[0] for r in cursor.fetchall())) or "none")
        client = Client()
        client.force_login(get_user_model().objects.get(username="office1"))
        plan = Plan.objects.get(region__name="规模1县").pk
        for name, url in _pages(plan):
            client.get(url)  # warm
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            if response.status_code != 200:
                print(f"{name}: HTTP {response.status_code}")
                continue
            slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + slowest["sql"])
                plan_lines = [r[0] for r in cursor.fetchall()]
            total = next((ln for ln in reversed(plan_lines) if ln.startswith("Execution Time")), "")
            scans = []
            for line in plan_lines:
                for kind, index, table in SCAN.findall(line):
                    scans.append(f"{kind} {index + ' ' if index else ''}on {table}")
            print(f"{name:<24}{total:<28}{'; '.join(dict.fromkeys(scans))}")
    finally:
        connection.close()
        if created and not args.keep:
            scale._drop(args.database)


if __name__ == "__main__":
    main()
