"""Peak memory of one Excel export of 100,000 rows (issue 15, goal < 200 MB).

Usage: .venv/bin/python bench/export_memory.py [--rows 100000] [--database postgres://…]
                                              [--tracemalloc]

Builds one county whose disclosure register holds ``rows`` cases (with the
bulk builder of bench/scale.py), then, in a fresh process so that building
does not count, runs the export as the background worker does (the register
list's own view replayed for the county office into an ``ExportJob``'s file)
and prints the rows written, the time and the process's peak resident memory
(VmHWM of /proc/self/status, reset before the export; getrusage elsewhere), which includes Django itself and the C-level buffers of lxml and
zlib; with ``--tracemalloc`` also the Python heap peak (tracemalloc slows the
export several times, so the time is then not representative).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _scale_module():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location("bench_scale", REPO / "bench" / "scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(rows: int, database: str) -> None:
    scale = _scale_module()
    scale.REGISTER_MIX = ("disclosure",)  # every case in the one exported register
    if not database:  # a fresh SQLite file of its own
        db = REPO / "var" / "bench" / "export_memory.sqlite3"
        db.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        database = f"sqlite:///{db}"
    scale._setup(database)
    import random

    from fazhi.org.models import Region

    province = Region.objects.create(name="规模省", level=Region.Level.PROVINCE)
    city = Region.objects.create(name="规模市", level=Region.Level.CITY, parent=province)
    started = time.perf_counter()
    scale._build_county(city, 1, rows, random.Random(15))
    print(f"{rows} cases built in {time.perf_counter() - started:.1f}s", flush=True)


def _status(field: str) -> float | None:
    """A memory figure of /proc/self/status in MB (Linux), None elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak() -> float:
    """Start the peak from the current size (Linux: clear_refs 5 resets VmHWM);
    returns the current resident size."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peak() -> float:
    # VmHWM belongs to this process's own address space; ru_maxrss would
    # include the parent's size at fork (the builder, hundreds of MB).
    return _status("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(database: str, trace: bool, path: str = "/registers/disclosure/?export=xlsx") -> None:
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.test")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from fazhi.core import exports
    from fazhi.core.models import ExportJob
    from fazhi.org.policy import Policy

    office = get_user_model().objects.get(username="office1")
    job = ExportJob.objects.create(
        requested_by=office, access_key=exports.access_key(Policy.for_user(office)),
        path=path, filename="bench.xlsx", total=0)
    rss_before = _reset_peak()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    job = exports.run_job(job)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    rss_peak = _peak()
    if job.status != ExportJob.Status.DONE:
        raise SystemExit(f"export failed: {job.error}")
    size = job.size / 1024 / 1024
    job.file.delete(save=False)
    print(f"rows {job.done}; {elapsed:.1f}s ({job.done / elapsed:.0f} rows/s); file {size:.1f} MB")
    if trace:
        print(f"python heap peak {peak / 1024 / 1024:.1f} MB (tracemalloc)")
    print(f"process peak RSS {rss_peak:.0f} MB (before the export {rss_before:.0f} MB); "
          f"goal < 200 MB: {'yes' if rss_peak < 200 else 'no'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--database", default="")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--measure", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.tracemalloc)
        return
    build(args.rows, args.database)
    url = os.environ["DATABASE_URL"]
    subprocess.run([sys.executable, __file__, "--measure", url]
                   + (["--tracemalloc"] if args.tracemalloc else []), check=True)


if __name__ == "__main__":
    main()
