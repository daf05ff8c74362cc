"""Concurrent users against the production setup: gunicorn with the production
settings on PostgreSQL, started as scripts/ci-production.sh starts it.

Usage: .venv/bin/python bench/load.py [--users 20] [--seconds 60] [--workers 4]
           [--database postgres://postgres@127.0.0.1:5432/bench_load]

Creates the database (dropped first), migrates, collects the static files and
seeds a county with one unit and one clerk per user and a work plan that
assigns a task to every unit; then starts gunicorn and runs ``--users``
threads for ``--seconds`` (at most 600). Each user logs in, then repeatedly
registers a 依申请公开 request (form page, then POST), reads the register
list and the task ledger, and submits the progress report of its unit's next
(assignment, period). Afterwards it counts in the database what was accepted
(each write that answered with a redirect to the new record) and prints

    requests N, errors E, writes accepted W, lost L (cases a/b, reports c/d)

Goal: E = 0 and L = 0. Every request is counted; an error is any 5xx, any
unexpected status, a form page re-shown after a POST, or a failed connection.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
PASSWORD = "Bench-Load-2026!"
PLAN = """莘县2030年法治政府建设工作计划

一、加强组织领导

1. 制定年度工作计划并组织实施。〔责任单位：县政府各部门〕

2. 开展法治督察。〔责任单位：县政府各部门〕

3. 全面落实行政执法三项制度。〔责任单位：县政府各部门〕
"""


def _env(database: str, work: Path, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "fazhi.settings.production", "FAZHI_ENV": "production",
        "DATABASE_URL": database, "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "STATIC_ROOT": str(work / "static"), "MEDIA_ROOT": str(work / "media"),
        "FAZHI_VAR_DIR": str(work), "SECRET_KEY": secrets.token_urlsafe(50),
        # Logins of many users from one address: the per-address limit is not under test.
        "FAZHI_LOGIN_IP_MAX_FAILURES": "100000",
    })
    return env


def _prepare(database: str, env: dict[str, str], users: int) -> None:
    parts = urllib.parse.urlsplit(database)
    name = parts.path.lstrip("/")
    if name in ("test", "test_test", "postgres"):
        raise SystemExit(f"不使用数据库 {name}")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"', "-c",
                    f'CREATE DATABASE "{name}"'], check=True, capture_output=True)
    python = sys.executable
    for args in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([python, "-m", "fazhi", *args], check=True, env=env, cwd=REPO)
    subprocess.run([python, __file__, "--seed", str(users)], check=True, env=env, cwd=REPO)


def _seed(users: int) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from fazhi.core.actions import Actor
    from fazhi.org.models import Membership, Region, Unit, UnitGroup
    from fazhi.plans import services
    from fazhi.plans.parser import parse_plan_text

    province = Region.objects.create(name="山东省", level="province")
    city = Region.objects.create(name="聊城市", level="city", parent=province)
    county = Region.objects.create(name="莘县", level="county", parent=city)
    UnitGroup.objects.create(region=county, name="县政府各部门",
                             member_kinds=[Unit.Kind.DEPARTMENT])
    User = get_user_model()
    office = User.objects.create_user("bench_office", password=PASSWORD, first_name="办公室")
    Membership.objects.create(user=office, role="office_admin", region=county)
    for i in range(users):
        unit = Unit.objects.create(region=county, name=f"莘县第{i + 1}局", short_name=f"县第{i + 1}局",
                                   kind=Unit.Kind.DEPARTMENT)
        user = User.objects.create_user(f"bench_clerk{i}", password=PASSWORD, first_name=f"经办人{i}")
        Membership.objects.create(user=user, role="clerk", unit=unit)
    preview = services.preview_import(parse_plan_text(PLAN), county, 2030)
    plan = services.ImportPlan(Actor.for_user(office), preview).execute()
    plan.tasks.update(due_date=datetime.date(2030, 12, 31))


class Browser:
    """One user's cookies (the session cookie is Secure, this hop plain HTTP)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(host, port, timeout=60)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict, str]:
        headers = {"Host": f"{self.host}:{self.port}", "X-Forwarded-Proto": "https",
                   "Referer": f"https://{self.host}:{self.port}{path}",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            raise
        for key, value in response.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")


def _token(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return match.group(1) if match else ""


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = 0
        self.errors: Counter[str] = Counter()
        self.cases: list[str] = []  # numbers shown after each accepted registration
        self.reports: list[int] = []  # ids of accepted progress reports

    def count(self, label: str, status: int, wanted: tuple[int, ...]) -> bool:
        with self.lock:
            self.requests += 1
            if status not in wanted:
                self.errors[f"{label}: {status}"] += 1
                return False
        return True


def _user(i: int, base: tuple[str, int], until: float, stats: Stats, pairs: list[str]) -> None:
    b = Browser(*base)

    def call(label: str, method: str, path: str, body: dict | None = None,
             wanted: tuple[int, ...] = (200,)) -> tuple[int, dict, str]:
        try:
            status, headers, page = b.request(method, path, body)
        except (OSError, http.client.HTTPException) as exc:
            with stats.lock:
                stats.requests += 1
                stats.errors[f"{label}: {type(exc).__name__}"] += 1
            return 0, {}, ""
        stats.count(label, status, wanted)
        return status, headers, page

    _, _, page = call("GET /login/", "GET", "/login/")
    call("POST /login/", "POST", "/login/", {"csrfmiddlewaretoken": _token(page),
                                             "username": f"bench_clerk{i}", "password": PASSWORD,
                                             "next": "/"}, (302,))
    n = 0
    while time.monotonic() < until:
        n += 1
        _, _, page = call("GET case_open", "GET", "/registers/disclosure/new/")
        unit = re.search(r'name="unit"[^>]*>\s*(?:<option[^>]*>[^<]*</option>\s*)*?'
                         r'<option value="(\d+)"', page)
        status, headers, _ = call("POST case_open", "POST", "/registers/disclosure/new/", {
            "csrfmiddlewaretoken": _token(page), "unit": unit.group(1) if unit else "",
            "number": "", "started_on": datetime.date.today().isoformat(),
            "applicant": f"申请人{i}-{n}", "applicant_type": "person", "channel": "in_person",
            "content": f"申请公开第{i}-{n}号文件", "form_wanted": ""}, (302,))
        if status == 302:
            with stats.lock:
                stats.cases.append(headers.get("Location", ""))
        call("GET case_list", "GET", "/registers/disclosure/")
        call("GET ledger", "GET", "/plans/ledger/")
        if pairs:
            path = pairs.pop()
            _, _, page = call("GET report_edit", "GET", path)
            status, headers, _ = call("POST report_edit", "POST", path, {
                "csrfmiddlewaretoken": _token(page), "text": f"第{n}次报送：按计划推进。",
                "completion": "in_progress", "submit": "1"}, (302,))
            if status == 302:
                match = re.search(r"/plans/reports/(\d+)/", headers.get("Location", ""))
                with stats.lock:
                    stats.reports.append(int(match.group(1)) if match else -1)


def _pairs(env: dict[str, str], users: int) -> list[list[str]]:
    """Per user, the report pages of its unit's (assignment, period) pairs."""
    code = ("import django, json; django.setup()\n"
            "from fazhi.plans.models import Assignment\n"
            "out = {}\n"
            "for a in Assignment.objects.select_related('unit', 'task__plan'):\n"
            "    for p in a.task.plan.periods.all():\n"
            "        out.setdefault(a.unit.short_name, []).append("
            "f'/plans/assignments/{a.pk}/periods/{p.pk}/report/')\n"
            "print(json.dumps(out))\n")
    import json

    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, check=True,
                          capture_output=True, text=True)
    by_unit = json.loads(done.stdout.strip().splitlines()[-1])
    return [list(reversed(by_unit.get(f"县第{i + 1}局", []))) for i in range(users)]


def _count(env: dict[str, str]) -> tuple[int, int]:
    code = ("import django; django.setup()\n"
            "from fazhi.registers.models import Case\n"
            "from fazhi.plans.models import ProgressReport\n"
            "print(Case.objects.filter(register='disclosure').count(),"
            " ProgressReport.objects.filter(state='submitted').count())\n")
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, check=True,
                          capture_output=True, text=True)
    cases, reports = done.stdout.split()[-2:]
    return int(cases), int(reports)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/bench_load")
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed is not None:
        _seed(args.seed)
        return
    seconds = min(max(args.seconds, 5), 600)
    work = Path(tempfile.mkdtemp(prefix="fazhi-load-"))
    env = _env(args.database, work, args.port)
    t0 = time.perf_counter()
    _prepare(args.database, env, args.users)
    pairs = _pairs(env, args.users)
    print(f"prepared in {time.perf_counter() - t0:.0f} s: {args.users} users, "
          f"{sum(map(len, pairs))} progress reports to submit")
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "fazhi.wsgi", "--bind",
         f"127.0.0.1:{args.port}", "--workers", str(args.workers), "--timeout", "120",
         "--error-logfile", str(work / "gunicorn.log")], env=env, cwd=REPO)
    try:
        for _ in range(100):
            try:
                Browser("127.0.0.1", args.port).request("GET", "/login/")
                break
            except OSError:
                time.sleep(0.2)
        stats = Stats()
        until = time.monotonic() + seconds
        threads = [threading.Thread(target=_user, args=(i, ("127.0.0.1", args.port), until,
                                                       stats, pairs[i])) for i in range(args.users)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
    finally:
        gunicorn.terminate()
        gunicorn.wait(30)
    cases, reports = _count(env)
    lost = (len(stats.cases) - cases) + (len(stats.reports) - reports)
    errors = sum(stats.errors.values())
    print(f"{args.users} users for {elapsed:.0f} s against gunicorn ({args.workers} workers, "
          f"production settings, PostgreSQL): {stats.requests / elapsed:.1f} requests/s")
    print(f"requests {stats.requests}, errors {errors}, writes accepted "
          f"{len(stats.cases) + len(stats.reports)}, lost {lost} "
          f"(cases {cases}/{len(stats.cases)}, reports {reports}/{len(stats.reports)})")
    for label, n in stats.errors.most_common(10):
        print(f"  {n} × {label}")
    if errors or lost:
        print(f"gunicorn log: {work / 'gunicorn.log'}")
        sys.exit(1)


if __name__ == "__main__":
    main()
