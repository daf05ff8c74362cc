"""Indicator engine against hand-written SQL on a synthetic province (PostgreSQL).

Usage: .venv/bin/python bench/indicators.py [--counties 100] [--units 50000]
       [--records 2000000] [--year Y] [--keep] [--small] [--repeat 3] [--explain]

Builds a province in its own database ``fazhi_bench`` on 127.0.0.1:5432 (user
postgres; BENCH_DATABASE_URL overrides; never the test databases): regions,
units, the three registers' cases with their detail rows, hearings and
deadlines, and two years of task ledgers, generated inside PostgreSQL.
``--keep`` reuses the data when it was generated with the same options;
other options re-create the database (so ``--small`` replaces the default data).
At the default size generation takes about 2 minutes, a full run about 10.

Then, for year Y (default: last year), interleaved, best of ``--repeat``:
A. ``engine.evaluate(Period.year(Y), county_ids=<all>, by_unit=True)``;
B. hand-written SQL, one GROUP BY per (table, placing date) with FILTER
   clauses and GROUPING SETS (county, county × unit).
Checks that both give the same count and numerator for every (code, county,
unit), prints both times, A's queries and the ratio A/B (goal ≤ 1.5), and the
time of ``store.recompute(Y)`` (the year and its 12 months, with writes).
Exit status 1 when the figures differ.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/fazhi_bench"
FORBIDDEN = {"test", "test_test", "postgres", "template0", "template1"}
TASKS_PER_PLAN = 60
Counts = dict[tuple[str, int, int | None], tuple[int, int | None]]


# ------------------------------------------------------------------ database
def prepare_database(url: str, params: dict[str, int], keep: bool) -> bool:
    """Create (or re-create) the bench database; True when its data can be kept.
    The generation options are stored as the database's comment once complete."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[-1]
    if name in FORBIDDEN:
        sys.exit(f"refusing to use database {name!r}")
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name]).fetchone()
        if row is not None and keep and row[0] == json.dumps(params, sort_keys=True):
            return True
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return False


def mark_complete(params: dict[str, int]) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"COMMENT ON DATABASE {connection.settings_dict['NAME']} IS %s",
                    [json.dumps(params, sort_keys=True)])


# ------------------------------------------------------------------ generation
def rnd(col: str, salt: int) -> str:
    """A deterministic pseudo-random number in [0, 1) from an id and a salt."""
    return f"((hashint8extended(({col})::bigint, {salt}) & 2147483647)::float8 / 2147483648.0)"


def pick(r: str, choices: list[tuple[float, str]]) -> str:
    """CASE choosing a literal by cumulative share."""
    whens, total = [], 0.0
    for share, value in choices[:-1]:
        total += share
        whens.append(f"WHEN {r} < {total:.4f} THEN '{value}'")
    return f"(CASE {' '.join(whens)} ELSE '{choices[-1][1]}' END)"


MERITS = [(.45, "uphold"), (.15, "reject_claim"), (.12, "revoke"), (.05, "partly_revoke"),
          (.05, "alter"), (.10, "confirm_illegal"), (.02, "confirm_void"), (.06, "order_perform")]
OUTCOMES = [(.40, "reject_claim"), (.10, "dismiss_suit"), (.12, "revoke"), (.03, "partly_revoke"),
            (.10, "confirm_illegal"), (.02, "confirm_void"), (.06, "perform"), (.03, "pay"),
            (.02, "alter"), (.04, "compensate"), (.03, "mediation"), (.05, "other")]
STATES = {
    "reconsideration": [(.10, "received"), (.15, "rejected"), (.03, "abandoned"), (.12, "accepted"),
                        (.40, "decided"), (.08, "mediated"), (.05, "dismissed"), (.07, "terminated")],
    "litigation": [(.06, "complaint_received"), (.04, "defended"), (.04, "hearing_scheduled"),
                   (.04, "heard"), (.04, "judged"), (.03, "appealed"), (.10, "withdrawn"),
                   (.65, "closed")],
    "disclosure": [(.04, "abandoned"), (.04, "submitted"), (.08, "received"), (.04, "extended"),
                   (.80, "replied")],
}
RECON_DECIDED = "('decided', 'mediated', 'dismissed', 'terminated')"


def generation_sql(counties: int, per_county: int, records: int, year: int) -> list[tuple[str, str]]:
    """(label, statement) pairs that fill an empty, migrated database."""
    c0 = (cities := max(1, counties // 10)) + 2  # first county id (1 = the province)
    base, span = datetime.date(year - 1, 7, 1).isoformat(), 640  # mid Y-1 … spring Y+1
    state = "CASE x.reg " + " ".join(
        f"WHEN '{reg}' THEN {pick('x.s', choices)}" for reg, choices in STATES.items()) + " END"
    closed = f"""CASE
      WHEN x.reg = 'reconsideration' AND st = 'rejected' THEN x.started + floor(x.r6 * 8)::int
      WHEN x.reg = 'reconsideration' AND st = 'abandoned' THEN x.started + 15
      WHEN x.reg = 'reconsideration' AND st IN {RECON_DECIDED}
        THEN x.started + floor(x.r6 * 8)::int + 10 + floor(x.r7 * 80)::int
      WHEN x.reg = 'litigation' AND st IN ('closed', 'withdrawn')
        THEN x.started + 30 + floor(x.r6 * 300)::int
      WHEN x.reg = 'disclosure' AND st = 'replied' THEN x.started + 3 + floor(x.r6 * 30)::int
      END"""
    ext = f"(c.state = 'extended' OR (c.state = 'replied' AND {rnd('c.id', 14)} < 0.1))"
    hid = "c.id * 4 + k"
    return [
        ("regions", f"""
INSERT INTO org_region (id, name, level, code, path, is_demo, parent_id)
SELECT 1, '基准省', 'province', '', '/1/', false, NULL
UNION ALL SELECT g, '第' || (g - 1) || '市', 'city', '', '/1/' || g || '/', false, 1
  FROM generate_series(2, {cities + 1}) g
UNION ALL SELECT {c0} + g, '第' || (g + 1) || '县', 'county', '',
  '/1/' || (2 + g * {cities} / {counties}) || '/' || ({c0} + g) || '/', false,
  2 + g * {cities} / {counties}
  FROM generate_series(0, {counties - 1}) g"""),
        ("units", f"""
INSERT INTO org_unit (id, name, short_name, aliases, kind, is_law_enforcement, is_active,
                      sort_order, is_demo, region_id)
SELECT g, '基准单位' || g, '单位' || g, '',
  (ARRAY['department', 'department', 'town', 'street', 'gov_office'])[1 + g % 5],
  g % 3 = 0, true, g % {per_county}, false, {c0} + (g - 1) / {per_county}
FROM generate_series(1, {counties * per_county}) g"""),
        ("cases", f"""
INSERT INTO registers_case (id, register, number, title, started_on, state, closed_on,
  next_due_provisional, created_at, updated_at, version, is_demo, region_id, unit_id)
SELECT x.g, x.reg, 'B' || x.g, '基准事项', x.started, st, {closed}, false, now(), now(), 1,
  false, {c0} + x.ci, 1 + x.ci * {per_county} + x.ui
FROM (SELECT g, {pick(rnd('g', 1), [(.25, 'reconsideration'), (.15, 'litigation'),
                                    (.60, 'disclosure')])} AS reg,
        floor({rnd('g', 2)} * {counties})::int AS ci,
        floor(power({rnd('g', 3)}, 2) * {per_county})::int AS ui,
        DATE '{base}' + floor({rnd('g', 4)} * {span})::int AS started,
        {rnd('g', 5)} AS s, {rnd('g', 6)} AS r6, {rnd('g', 7)} AS r7
      FROM generate_series(1, {records}) g) x,
LATERAL (SELECT {state} AS st) y"""),
        ("reconsideration details", f"""
INSERT INTO registers_reconsiderationdetail (applicant, applicant_type, respondent,
  contested_act, act_kind, channel, procedure, correction_items, acceptance, acceptance_on,
  hearing_held, suspension_ground, suspended_days, extended, extension_approver,
  decision_type, decided_on, decision_number, closing_reason, case_id)
SELECT '申请人', 'person', '被申请人', '行政处罚决定', 'penalty', 'in_person', 'ordinary', '',
  y.acc, CASE WHEN y.acc <> '' THEN c.started_on + floor({rnd('c.id', 6)} * 8)::int END,
  false, '', 0, false, '', y.dt, CASE WHEN y.dt <> '' THEN c.closed_on END, '', '', c.id
FROM registers_case c, LATERAL (SELECT
  CASE WHEN c.state IN ('received', 'abandoned') THEN '' WHEN c.state = 'rejected' THEN 'refused'
       WHEN {rnd('c.id', 8)} < 0.08 THEN 'deemed' ELSE 'accepted' END AS acc,
  CASE c.state WHEN 'rejected' THEN 'not_accepted' WHEN 'abandoned' THEN 'abandoned'
       WHEN 'decided' THEN {pick(rnd('c.id', 9), MERITS)}
       WHEN 'mediated' THEN {pick(rnd('c.id', 9), [(.6, 'mediation'), (.4, 'settlement')])}
       WHEN 'dismissed' THEN 'dismiss_application' WHEN 'terminated' THEN 'terminated'
       ELSE '' END AS dt) y
WHERE c.register = 'reconsideration'"""),
        ("litigation details", f"""
INSERT INTO registers_litigationdetail (court_case_number, court, plaintiff, cause, act_sued,
  after_reconsideration, extension_approved, evidence_late, level, appearance_summoned,
  judgment_kind, outcome, appealed, appealed_by, appeal_judgment_kind, appeal_result,
  appeal_outcome, withdrawn_after_change, final_outcome, case_id)
SELECT '（' || extract(year FROM c.started_on) || '）行初' || c.id || '号', '基准法院', '原告',
  '行政处罚', '', false, false, false, 'first', false, '', y.o, false, '', '', '', '', false,
  CASE c.state WHEN 'closed' THEN y.o WHEN 'withdrawn' THEN 'withdrawn' ELSE '' END, c.id
FROM registers_case c, LATERAL (SELECT CASE WHEN c.state IN ('judged', 'appealed', 'closed')
  THEN {pick(rnd('c.id', 9), OUTCOMES)} ELSE '' END AS o) y
WHERE c.register = 'litigation'"""),
        ("hearings", f"""
INSERT INTO registers_hearing (held_on, level, summoned, appearance, head_name, head_post,
  head_rank, staff_name, staff_post, absence_reason, absence_proof, lawyer_attended, case_id)
SELECT c.started_on + 40 + floor({rnd('c.id', 13)} * 100)::int
         + CASE k WHEN 1 THEN 0 WHEN 2 THEN 20 ELSE 120 END,
  CASE WHEN k = 3 THEN 'second' ELSE 'first' END, false, y.ap,
  CASE WHEN y.ap = 'head' THEN '负责人' ELSE '' END, '',
  CASE WHEN y.ap = 'head' THEN {pick(rnd(hid, 15), [(.4, 'principal'), (.35, 'deputy'),
                                                   (.1, 'deputy_level'),
                                                   (.05, 'other_in_charge'), (.1, '')])}
       ELSE '' END,
  '', '', '', '', false, c.id
FROM registers_case c CROSS JOIN generate_series(1, 3) k,
LATERAL (SELECT {pick(rnd(hid, 14), [(.55, 'head'), (.30, 'staff'), (.10, 'lawyer_only'),
                                    (.05, 'none')])} AS ap) y
WHERE c.register = 'litigation'
  AND (c.state IN ('heard', 'judged', 'appealed', 'closed')
       OR (c.state = 'withdrawn' AND {rnd('c.id', 10)} < 0.5))
  AND (k = 1 OR (k = 2 AND {rnd('c.id', 11)} < 0.25) OR (k = 3 AND {rnd('c.id', 12)} < 0.3))"""),
        ("disclosure details", f"""
INSERT INTO registers_disclosuredetail (applicant, applicant_type, channel, submitted_on,
  content, form_wanted, received_on, correction_items, extended, extension_approver,
  replied_on, reply_type, reply_reason, reply_number, reconsideration_outcome,
  reconsideration_number, litigation_after_reconsideration, litigation_outcome,
  litigation_number, case_id)
SELECT '申请人', {pick(rnd('c.id', 16), [(.7, 'person'), (.3, 'business')])}, 'online',
  c.started_on, '申请内容', '', c.started_on, '', {ext}, '',
  CASE WHEN c.state = 'replied' THEN c.closed_on END,
  CASE WHEN c.state = 'replied' THEN {pick(rnd('c.id', 17), [(.6, 'granted'), (.2, 'partial'),
                                                            (.2, 'unavailable')])}
       ELSE '' END, '', '', '', '', false, '', '', c.id
FROM registers_case c WHERE c.register = 'disclosure'"""),
        ("deadlines", f"""
INSERT INTO registers_deadline (process, step, label, start, due, provisional, basis, unit,
  amount, extended, explanation, status, done_on, created_at, case_id)
SELECT 'disclosure', y.step, '答复期限', c.started_on, y.due, false, '条例第三十三条', 'workday',
  20, y.ext, '', y.status, CASE WHEN y.status IN ('met', 'missed') THEN c.closed_on END,
  now(), c.id
FROM registers_case c CROSS JOIN generate_series(1, 3) k,
LATERAL (SELECT {ext} AS ext) e,
LATERAL (SELECT
  CASE WHEN k = 3 THEN 'correction' ELSE 'reply' END AS step,
  c.started_on + CASE WHEN k = 3 THEN 7 WHEN k = 2 AND e.ext THEN 56 ELSE 28 END AS due,
  e.ext AS ext,
  CASE WHEN k = 3 THEN 'met' WHEN k = 1 AND e.ext THEN 'superseded'
       WHEN c.state = 'abandoned' THEN 'cancelled'
       WHEN c.state <> 'replied' THEN 'open'
       WHEN c.closed_on <= c.started_on + CASE WHEN e.ext THEN 56 ELSE 28 END THEN 'met'
       ELSE 'missed' END AS status) y
WHERE c.register = 'disclosure' AND c.state <> 'submitted'
  AND ((k = 1 AND e.ext) OR k = 2 OR (k = 3 AND {rnd('c.id', 18)} < 0.05))"""),
        ("plans", f"""
INSERT INTO plans_plan (id, year, title, source_name, source_file, created_at, is_demo, region_id)
SELECT 1 + g * 2 + y, {year - 1} + y, '基准计划', '', '', now(), false, {c0} + g
FROM generate_series(0, {counties - 1}) g CROSS JOIN generate_series(0, 1) y"""),
        ("tasks", f"""
INSERT INTO plans_task (id, number, text, lead_units_text, responsible_units_text, due_date,
  plan_id, source_number)
SELECT (p.id - 1) * {TASKS_PER_PLAN} + n, n, '基准任务。', '', '', CASE
    WHEN {rnd('p.id * 1000 + n', 20)} < 0.10 THEN NULL
    WHEN {rnd('p.id * 1000 + n', 20)} < 0.15 THEN make_date(p.year + 1, 3, 31)
    ELSE make_date(p.year, 1, 1) + floor({rnd('p.id * 1000 + n', 21)} * 365)::int END,
  p.id, ''
FROM plans_plan p CROSS JOIN generate_series(1, {TASKS_PER_PLAN}) n"""),
        ("assignments", f"""
INSERT INTO plans_assignment (role, is_done, unit_id, task_id, updated_at)
SELECT CASE WHEN k = 0 THEN 'lead' ELSE 'responsible' END, {rnd('t.id * 8 + k', 23)} < 0.55,
  1 + (p.region_id - {c0}) * {per_county}
    + (floor({rnd('t.id', 22)} * {per_county})::int + k) % {per_county},
  t.id, now()
FROM plans_task t JOIN plans_plan p ON p.id = t.plan_id CROSS JOIN generate_series(0, 4) k
WHERE k <= floor({rnd('t.id', 24)} * 4)::int"""),
    ]


TABLES = ["org_region", "org_unit", "registers_case", "registers_reconsiderationdetail",
          "registers_litigationdetail", "registers_hearing", "registers_disclosuredetail",
          "registers_deadline", "plans_plan", "plans_task", "plans_assignment"]


def generate(counties: int, per_county: int, records: int, year: int) -> None:
    """Fill the database: indexes that back no constraint are dropped while
    loading and rebuilt afterwards, foreign-key triggers are off (the data is
    consistent by construction), then VACUUM ANALYZE as autovacuum would."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SET synchronous_commit = off; SET maintenance_work_mem = '512MB'")
        cur.execute("""SELECT indexname, indexdef FROM pg_indexes i
                       WHERE schemaname = 'public' AND tablename = ANY(%s) AND NOT EXISTS (
                         SELECT 1 FROM pg_constraint c
                         WHERE c.conindid = (quote_ident(i.indexname))::regclass)""", [TABLES])
        indexes = cur.fetchall()
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        cur.execute("SET session_replication_role = replica")
        for label, statement in generation_sql(counties, per_county, records, year):
            t0 = time.perf_counter()
            cur.execute(statement)
            print(f"  {label:<24}{cur.rowcount:>10,} rows {time.perf_counter() - t0:7.1f}s",
                  flush=True)
        cur.execute("SET session_replication_role = DEFAULT")
        t0 = time.perf_counter()
        for _, definition in indexes:
            cur.execute(definition)
        for table in TABLES:
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table}))")
        print(f"  {len(indexes)} indexes rebuilt {time.perf_counter() - t0:.1f}s", flush=True)
        t0 = time.perf_counter()
        cur.execute("VACUUM ANALYZE")
        print(f"  vacuum analyze {time.perf_counter() - t0:.1f}s", flush=True)


def sizes() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cur:
        out = {}
        for table in TABLES:
            cur.execute(f"SELECT count(*) FROM {table}")
            out[table] = cur.fetchone()[0]
        cur.execute("SELECT register, count(*) FROM registers_case GROUP BY 1 ORDER BY 1")
        out.update({f"  {reg}": n for reg, n in cur.fetchall()})
    return out


# ------------------------------------------------------------------ part B
def _grouped(select: str, frm: str, where: str, *, region: str = "c.region_id",
             unit: str = "c.unit_id", by: str = "") -> str:
    """A query grouped per county and per (county, unit) in one pass."""
    return (f"SELECT {region}, {unit}, GROUPING({unit}) = 1, {select} FROM {frm} WHERE {where} "
            f"GROUP BY {by}GROUPING SETS (({region}), ({region}, {unit}))")


def hand_written(year: int, county_ids: list[int], as_of: datetime.date) -> list[tuple[str, str,
                                                                                      dict]]:
    """(label, SQL, params) of part B: one GROUP BY per (table, placing date)."""
    from fazhi.indicators.periods import Period
    from fazhi.registers.details.litigation import lost_outcomes
    from fazhi.registers.details.reconsideration import correction_types

    period = Period.year(year)
    p = {"s": period.start, "e": period.end, "counties": county_ids, "as_of": as_of,
         "last": min(period.end, as_of - datetime.timedelta(days=1)), "years": period.years(),
         "corr": sorted(correction_types()), "lost": sorted(lost_outcomes())}
    in_counties = "c.region_id = ANY(%(counties)s)"
    concluded = "decision_type NOT IN ('not_accepted', 'abandoned', '')"
    return [
        ("registers_case · started_on", _grouped(
            "register, count(*)", "registers_case c",
            f"started_on BETWEEN %(s)s AND %(e)s AND {in_counties} AND register IN "
            "('reconsideration', 'litigation', 'disclosure')", by="register, "), p),
        ("reconsideration · acceptance_on", _grouped(
            "count(*) FILTER (WHERE acceptance IN ('accepted', 'deemed')), "
            "count(*) FILTER (WHERE acceptance = 'refused')",
            "registers_case c JOIN registers_reconsiderationdetail d ON d.case_id = c.id",
            f"c.register = 'reconsideration' AND d.acceptance_on BETWEEN %(s)s AND %(e)s "
            f"AND {in_counties}"), p),
        ("reconsideration · decided_on", _grouped(
            "count(*) FILTER (WHERE decision_type = ANY(%(corr)s)), "
            f"count(*) FILTER (WHERE {concluded}), "
            f"count(*) FILTER (WHERE {concluded} AND decision_type = ANY(%(corr)s)), "
            "count(*) FILTER (WHERE decision_type IN ('mediation', 'settlement'))",
            "registers_case c JOIN registers_reconsiderationdetail d ON d.case_id = c.id",
            f"c.register = 'reconsideration' AND d.decided_on BETWEEN %(s)s AND %(e)s "
            f"AND {in_counties}"), p),
        ("registers_hearing · held_on", _grouped(
            "count(*), sum(levels), sum(heads)",
            "(SELECT case_id, count(*) AS levels, count(*) FILTER (WHERE head) AS heads FROM "
            "(SELECT case_id, level, bool_or(appearance = 'head' AND head_rank <> '') AS head "
            " FROM registers_hearing WHERE held_on BETWEEN %(s)s AND %(e)s GROUP BY 1, 2) lv "
            "GROUP BY 1) h JOIN registers_case c ON c.id = h.case_id",
            f"c.register = 'litigation' AND {in_counties}"), p),
        ("litigation · closed_on", _grouped(
            "count(*) FILTER (WHERE state IN ('closed', 'withdrawn')), "
            "count(*) FILTER (WHERE state IN ('closed', 'withdrawn') "
            "AND final_outcome = ANY(%(lost)s))",
            "registers_case c JOIN registers_litigationdetail d ON d.case_id = c.id",
            f"c.register = 'litigation' AND c.closed_on BETWEEN %(s)s AND %(e)s "
            f"AND {in_counties}"), p),
        # Deadlines read once each (met; open and due in the period), hash-joined.
        ("disclosure · replied_on | reply due", _grouped(
            "count(*), count(*) FILTER (WHERE c.state = 'replied' AND m.case_id IS NOT NULL)",
            "registers_case c JOIN registers_disclosuredetail d ON d.case_id = c.id "
            "LEFT JOIN (SELECT DISTINCT case_id FROM registers_deadline "
            "           WHERE step = 'reply' AND status = 'met') m ON m.case_id = c.id "
            "LEFT JOIN (SELECT DISTINCT case_id FROM registers_deadline WHERE step = 'reply' "
            "           AND status = 'open' AND due BETWEEN %(s)s AND %(last)s) o "
            "ON o.case_id = c.id",
            f"c.register = 'disclosure' AND {in_counties} AND ((c.state = 'replied' AND "
            "d.replied_on BETWEEN %(s)s AND %(e)s) OR (c.state NOT IN ('replied', 'abandoned') "
            "AND o.case_id IS NOT NULL))"), p),
        ("plans_assignment · due_date", _grouped(
            "count(DISTINCT task_id), count(*), count(*) FILTER (WHERE is_done), "
            "count(*) FILTER (WHERE due_date BETWEEN %(s)s AND %(e)s AND due_date < %(as_of)s "
            "AND NOT is_done)",
            "plans_assignment a JOIN plans_task t ON t.id = a.task_id "
            "JOIN plans_plan p ON p.id = t.plan_id",
            "p.region_id = ANY(%(counties)s) AND (due_date BETWEEN %(s)s AND %(e)s "
            "OR (due_date IS NULL AND year = ANY(%(years)s)))",
            region="p.region_id", unit="a.unit_id"), p),
    ]


# What each query's columns after (region, unit, whole) are: code → (count col, numerator col).
B_COLUMNS: list[dict[str, tuple[int, int | None]]] = [
    {},  # started_on: by register, below
    {"RECON_ACCEPTED": (0, None), "RECON_REJECTED": (1, None)},
    {"RECON_CORRECTED": (0, None), "RECON_CORRECTION_RATE": (1, 2), "RECON_MEDIATED": (3, None)},
    {"LITIGATION_HEARD_CASES": (0, None), "HEAD_APPEARANCE_RATE": (1, 2)},
    {"LITIGATION_LOSS_RATE": (0, 1)},
    {"DISCLOSURE_ONTIME_REPLY_RATE": (0, 1)},
    {"PLAN_TASKS": (0, None), "PLAN_ASSIGNMENTS": (1, None), "PLAN_COMPLETION_RATE": (1, 2),
     "PLAN_OVERDUE_ASSIGNMENTS": (3, None)},
]
RECEIVED = {"reconsideration": "RECON_RECEIVED", "litigation": "LITIGATION_CASES",
            "disclosure": "DISCLOSURE_REQUESTS"}


def run_b(queries: list[tuple[str, str, dict]]) -> Counts:
    from django.db import connection

    out: Counts = {}
    with connection.cursor() as cur:
        for i, (_, statement, params) in enumerate(queries):
            cur.execute(statement, params)
            for region, unit, whole, *values in cur.fetchall():
                key_unit = None if whole else unit
                if i == 0:
                    out[(RECEIVED[values[0]], region, key_unit)] = (values[1], None)
                    continue
                for code, (c, n) in B_COLUMNS[i].items():
                    out[(code, region, key_unit)] = (int(values[c]),
                                                     None if n is None else int(values[n]))
    return out


def run_a(year: int, county_ids: list[int], as_of: datetime.date) -> Counts:
    from fazhi.indicators import engine
    from fazhi.indicators.periods import Period

    figures = engine.evaluate(Period.year(year), county_ids=county_ids, by_unit=True, as_of=as_of)
    return {(f.code, f.region_id, f.unit_id): (f.count, f.numerator) for f in figures}


def nonzero(counts: Counts) -> Counts:
    return {k: v for k, v in counts.items() if v[0] or v[1]}


def totals(counts: Counts) -> str:
    """Province totals per code (county rows summed), to show every figure counts something."""
    sums: dict[str, list[int]] = {}
    for (code, _, unit), (count, numerator) in counts.items():
        if unit is None:
            row = sums.setdefault(code, [0, 0, numerator is not None])
            row[0] += count
            row[1] += numerator or 0
    return "\n".join(f"  {code:<32}{n:>10,}" + (f"  numerator {k:,} ({100 * k / n:.1f}%)"
                                                  if rate and n else "")
                     for code, (n, k, rate) in sums.items())


def compare(a: Counts, b: Counts) -> list[str]:
    a, b = nonzero(a), nonzero(b)
    problems = []
    for key in sorted(set(a) | set(b), key=lambda k: (k[0], k[1], k[2] or 0)):
        if a.get(key) != b.get(key):
            problems.append(f"  {key}: engine {a.get(key)} ≠ SQL {b.get(key)}")
    return problems


# ------------------------------------------------------------------ timing
def timed(fn: Callable[[], Any], times: list[float]) -> Any:
    t0 = time.perf_counter()
    result = fn()
    times.append(time.perf_counter() - t0)
    return result


def explain(captured: list[dict], b_queries: list[tuple[str, str, dict]], path: Path) -> None:
    """EXPLAIN ANALYZE every query of both parts: execution times on screen,
    plans in ``path``."""
    from django.db import connection

    from fazhi.indicators import engine

    # evaluate() runs, per (source, placing) group in this order, a county query then a unit one.
    groups = dict.fromkeys(c.group_key for c in engine.computations())
    names = [f"{g} · {level}" for g in groups for level in ("county", "unit")]
    if len(names) != len(captured):
        names = [""] * len(captured)
    lines: list[str] = []
    with connection.cursor() as cur:
        runs = [(f"A{i + 1} {names[i]}", q["sql"], None) for i, q in enumerate(captured)]
        runs += [(f"B{i + 1} {label}", sql, params)
                 for i, (label, sql, params) in enumerate(b_queries)]
        for label, sql, params in runs:
            cur.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = [r[0] for r in cur.fetchall()]
            total = next((x for x in plan if x.startswith("Execution Time")), "")
            print(f"  {label[:60]:<62}{total}")
            lines += [f"==== {label}", sql, *plan, ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    print(f"  plans written to {path}")


# ------------------------------------------------------------------ main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counties", type=int, default=100)
    parser.add_argument("--units", type=int, default=50_000, help="units in the province")
    parser.add_argument("--records", type=int, default=2_000_000, help="register cases")
    parser.add_argument("--year", type=int, default=datetime.date.today().year - 1)
    parser.add_argument("--keep", action="store_true", help="reuse data generated alike")
    parser.add_argument("--small", action="store_true",
                        help="5 counties, 1,000 units, 20,000 records")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE every query")
    parser.add_argument("--no-recompute", action="store_true", help="skip store.recompute")
    args = parser.parse_args()
    if args.small:
        args.counties, args.units, args.records = 5, 1_000, 20_000
    per_county = max(10, args.units // args.counties)
    params = {"counties": args.counties, "per_county": per_county, "records": args.records,
              "year": args.year, "tasks": TASKS_PER_PLAN, "version": 1}
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    kept = prepare_database(url, params, args.keep)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from fazhi.indicators import store
    from fazhi.org.models import Region

    call_command("migrate", verbosity=0)
    if kept:
        print("data kept from an earlier run with the same options")
    else:
        print(f"generating {args.counties} counties × {per_county} units, "
              f"{args.records:,} records, year {args.year} …", flush=True)
        t0 = time.perf_counter()
        generate(args.counties, per_county, args.records, args.year)
        mark_complete(params)
        print(f"generated in {time.perf_counter() - t0:.1f}s")
    for table, n in sizes().items():
        print(f"  {table:<34}{n:>12,}")

    county_ids = list(Region.objects.filter(level=Region.Level.COUNTY)
                      .order_by("pk").values_list("pk", flat=True))
    as_of = timezone.localdate()
    b_queries = hand_written(args.year, county_ids, as_of)
    run_a(args.year, county_ids, as_of)  # warm the caches (and the catalogue) for both parts
    run_b(b_queries)
    a_times: list[float] = []
    b_times: list[float] = []
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as captured:
            a = timed(lambda: run_a(args.year, county_ids, as_of), a_times)
        b = timed(lambda: run_b(b_queries), b_times)
    problems = compare(a, b)
    figures = nonzero(a)
    print(f"\nyear {args.year}, {len(county_ids)} counties, as of {as_of}: "
          f"{len(figures):,} non-zero figures "
          f"({sum(1 for k in figures if k[2] is None):,} county, "
          f"{sum(1 for k in figures if k[2] is not None):,} unit)")
    print(totals(a))
    print(f"A engine.evaluate      best {min(a_times):7.3f}s  "
          f"(runs {', '.join(f'{t:.3f}' for t in a_times)})  {len(captured)} queries")
    print(f"B hand-written SQL     best {min(b_times):7.3f}s  "
          f"(runs {', '.join(f'{t:.3f}' for t in b_times)})  {len(b_queries)} queries")
    ratio = min(a_times) / min(b_times)
    print(f"ratio A/B {ratio:.2f} (goal ≤ 1.5) {'OK' if ratio <= 1.5 else 'ABOVE GOAL'}")
    if args.explain:
        print("\nEXPLAIN ANALYZE")
        explain(list(captured.captured_queries), b_queries,
                REPO / "var" / "bench" / "indicators-explain.txt")
    if args.no_recompute:
        return finish(problems)
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as rq:
        result = store.recompute(args.year, as_of=as_of)
    print(f"\nstore.recompute({args.year}) {time.perf_counter() - t0:.1f}s: "
          f"{result.counties} counties, {result.periods} periods, {result.written:,} values "
          f"written, {len(rq)} queries")
    finish(problems)


def finish(problems: list[str]) -> None:
    if problems:
        print(f"\n{len(problems)} figures differ:")
        print("\n".join(problems[:50]))
        sys.exit(1)
    print("engine and hand-written SQL agree on every figure")


if __name__ == "__main__":
    main()
