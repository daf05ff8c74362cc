"""Register import at real size: rows per second of ``fazhi import_register``'s
code path on a fresh SQLite file (or a PostgreSQL database).

Usage: .venv/bin/python bench/import.py [--rows 100000] [--register disclosure]
                                        [--errors] [--database postgres://…/DBNAME]
                                        [--background] [--saves]

With ``--database`` the PostgreSQL database DBNAME is dropped and created.

Builds a county with its units, writes an N-row register workbook (a realistic
mix: received and replied requests, some with 补正, extensions and
consultations for disclosure; accepted, decided and withdrawn applications
for reconsideration), then imports it and prints rows/s (wall and CPU, per pass),
how long the write pass held the database's write lock, the peak memory and
``verify_audit``'s answer. ``--errors`` puts a bad date in every 50th row and
prints how many errors were reported and how many were listed (the first 200).
``--background`` writes as the worker does for a job, a transaction per batch
of rows, and prints the longest a batch held the write lock; ``--saves`` has
another connection save every 0.2 s meanwhile and prints its longest wait and
how many of its saves failed.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"


def _setup(database: str | None, register: str) -> None:
    if database:  # a database of its own: dropped and created again
        import subprocess
        import urllib.parse

        parts = urllib.parse.urlsplit(database)
        name = parts.path.lstrip("/")
        if name in ("test", "test_test", "postgres", ""):
            raise SystemExit(f"不使用数据库 {name}")
        admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
        subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"', "-c",
                        f'CREATE DATABASE "{name}"'], check=True, capture_output=True)
        os.environ["DATABASE_URL"] = database
    else:
        bench_dir = REPO / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        db = bench_dir / f"import-{register}.sqlite3"  # one per register: two can run at once
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _county():  # noqa: ANN202
    from fazhi.org.models import Region, Unit

    province = Region.objects.create(name="山东省", level=Region.Level.PROVINCE)
    city = Region.objects.create(name="聊城市", level=Region.Level.CITY, parent=province)
    county = Region.objects.create(name="莘县", level=Region.Level.COUNTY, parent=city)
    K = Unit.Kind
    for short, full, kind in [("县政府办公室", "莘县人民政府办公室", K.GOV_OFFICE),
                              ("县司法局", "莘县司法局", K.DEPARTMENT),
                              ("县市场监管局", "莘县市场监管局", K.DEPARTMENT),
                              ("县自然资源局", "莘县自然资源局", K.DEPARTMENT),
                              ("朝城镇", "朝城镇人民政府", K.TOWN)]:
        Unit.objects.create(region=county, name=full, short_name=short, kind=kind)
    return county


def _disclosure_row(i: int, rng: random.Random, today: datetime.date) -> dict[str, str]:
    start = today - datetime.timedelta(days=rng.randint(60, 700))
    row = {"承办单位": rng.choice(["县政府办公室", "县市场监管局", "县自然资源局", "朝城镇"]),
           "收到日期": start.isoformat(), "申请人": rng.choice(SURNAMES) + "某" + str(i % 97),
           "申请方式": "当面提交", "申请内容": f"申请公开第{i}号征收补偿方案及相关文件"}
    kind = i % 10
    if kind < 7:  # replied, some after an extension or a consultation
        replied = start + datetime.timedelta(days=rng.randint(3, 20))
        row.update({"答复日期": replied.isoformat(), "答复类型": "予以公开"})
        if kind == 5:
            row.update({"是否延长": "是", "延长日期": (start + datetime.timedelta(days=2)).isoformat(),
                        "延长批准人": "张主任",
                        "告知延长日期": (start + datetime.timedelta(days=2)).isoformat(), "答复日期": (start + datetime.timedelta(days=25)).isoformat()})
        if kind == 6:
            sent = start + datetime.timedelta(days=1)
            row["征求意见"] = (f"第三方 甲公司：{sent.isoformat()}至"
                            f"{(sent + datetime.timedelta(days=5)).isoformat()}，同意公开")
            row["答复日期"] = (start + datetime.timedelta(days=20)).isoformat()
    elif kind == 7:  # 补正 asked and received, then replied
        row.update({"需补正": "是", "补正通知日期": (start + datetime.timedelta(days=2)).isoformat(),
                    "补正事项": "申请内容不明确", "补正收到日期": (start + datetime.timedelta(days=6)).isoformat(),
                    "答复日期": (start + datetime.timedelta(days=15)).isoformat(), "答复类型": "予以公开"})
    # 8, 9: received, not yet replied
    return row


def _reconsideration_row(i: int, rng: random.Random, today: datetime.date) -> dict[str, str]:
    start = today - datetime.timedelta(days=rng.randint(120, 700))
    row = {"承办单位": "县司法局", "事由": f"不服第{i}号行政处罚决定", "收到日期": start.isoformat(),
           "申请人": rng.choice(SURNAMES) + "某", "被申请人": "县市场监管局",
           "行政行为": "行政处罚决定", "行为类别": "行政处罚"}
    kind = i % 5
    if kind < 4:
        accepted = start + datetime.timedelta(days=3)
        row.update({"受理决定": "受理", "受理日期": accepted.isoformat()})
        if kind < 3:
            row.update({"决定类型": "维持" if kind else "撤销",
                        "决定日期": (accepted + datetime.timedelta(days=40)).isoformat()})
    return row


ROWS = {"disclosure": _disclosure_row, "reconsideration": _reconsideration_row}


def _workbook(register, rows: int, errors: bool, path: Path) -> None:  # noqa: ANN001
    from openpyxl import Workbook

    rng = random.Random(7)
    today = datetime.date.today()
    columns = register.excel_columns()
    headers = [c.header for c in columns]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(register.label[:31])
    ws.append(headers)
    make = ROWS[register.key]
    for i in range(1, rows + 1):
        values = make(i, rng, today)
        if errors and i % 50 == 0:
            values["收到日期"] = "去年某日"
        ws.append([values.get(h, None) for h in headers])
    wb.save(path)


class _Saver(threading.Thread):
    """Another clerk: a short write every 0.2 s on its own connection."""

    def __init__(self, county) -> None:  # noqa: ANN001
        super().__init__(daemon=True)
        self.county, self.saves, self.failures, self.longest = county, 0, 0, 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        from django.db import DatabaseError, connection
        from django.db.models import F

        from fazhi.org.models import Unit

        unit = Unit.objects.filter(region=self.county).first()
        while not self._stop_event.wait(0.2):
            started = time.perf_counter()
            try:
                Unit.objects.filter(pk=unit.pk).update(sort_order=F("sort_order") + 1)
                self.saves += 1
            except DatabaseError:
                self.failures += 1
            self.longest = max(self.longest, time.perf_counter() - started)
        connection.close()

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--register", default="disclosure", choices=sorted(ROWS))
    parser.add_argument("--errors", action="store_true", help="every 50th row has a bad date")
    parser.add_argument("--database", help="postgres://… (default: a fresh SQLite file)")
    parser.add_argument("--background", action="store_true",
                        help="as the worker imports: batch by batch, for a job")
    parser.add_argument("--saves", action="store_true",
                        help="another connection saves every 0.2 s during the import "
                             "(its longest wait and failures are printed)")
    args = parser.parse_args()
    _setup(args.database, args.register)

    from fazhi.audit.service import verify_chain
    from fazhi.core.actions import Actor
    from fazhi.registers import excel
    from fazhi.registers.base import get_register
    from fazhi.registers.models import Case, CaseEvent, Deadline

    register = get_register(args.register)
    county = _county()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "import.xlsx"
        t0 = time.perf_counter()
        _workbook(register, args.rows, args.errors, path)
        print(f"wrote {args.rows} rows ({path.stat().st_size / 1e6:.1f} MB) "
              f"in {time.perf_counter() - t0:.1f} s")
        data = path.read_bytes()
    job_id, saver = None, None
    if args.background:
        from fazhi.core.imports import ImportJob

        job_id = ImportJob.objects.create(register=register.key, region=county,
                                          original_name="bench.xlsx").pk
    if args.saves:
        saver = _Saver(county)
        saver.start()
    t0, c0 = time.perf_counter(), time.process_time()
    result = excel.import_workbook(register, data, county, Actor.system(), job_id=job_id)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    if saver is not None:
        saver.stop()
        print(f"another connection saved {saver.saves} times during the import: longest wait "
              f"{saver.longest:.2f} s, {saver.failures} failed")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if result.ok:
        print(f"imported {result.created} rows in {elapsed:.1f} s: "
              f"{result.created / elapsed:,.0f} rows/s "
              f"(validation {result.timings.get('validate', 0):.1f} s, "
              f"writing {result.timings.get('write', 0):.1f} s); peak memory {peak:.0f} MB")
        print(f"CPU time of this process {cpu:.1f} s: {result.created / cpu:,.0f} rows per CPU second "
              f"(the wall-clock rate is lower when other processes share the cores); "
              f"validation {result.timings.get('validate_cpu', 0):.1f} s CPU, "
              f"writing {result.timings.get('write_cpu', 0):.1f} s CPU")
        if job_id is None:
            print(f"write lock (the write pass's transaction) held {result.timings.get('lock', 0):.1f} s, "
                  f"of which the commit {result.timings.get('commit', 0):.1f} s")
        else:
            print(f"write pass in {result.timings.get('batches', 0):.0f} transactions; the longest "
                  f"held the write lock {result.timings.get('lock', 0):.2f} s")
        print(f"cases {Case.objects.count()}, events {CaseEvent.objects.count()}, "
              f"deadlines {Deadline.objects.count()}")
        checked, bad, why = verify_chain()
        print(f"verify_audit: {checked} entries, " + (f"broken at {bad.pk}: {why}" if bad else "chain intact"))
    else:
        print(f"refused in {elapsed:.1f} s ({args.rows / elapsed:,.0f} rows/s): "
              f"{result.error_count} errors, {len(result.errors)} listed; saved "
              f"{Case.objects.count()} cases; peak memory {peak:.0f} MB")
        for row, message in result.errors[:3]:
            print(f"  第 {row} 行：{message}")


if __name__ == "__main__":
    main()
