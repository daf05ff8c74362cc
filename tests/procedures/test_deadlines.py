"""Deadlines of every key of design/rules.md's "Process and step keys" table,
through ``fazhi deadline --json``. Expected dates were counted by hand from the
table and the 2024–2026 holiday notices (rules.md §0), not taken from the code.
"""

from __future__ import annotations

import datetime
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from fazhi.procedures.deadlines import NoExtension, compute_deadline
from fazhi.procedures.definitions import PROCESSES, ProcedureLookupError, all_rules
from fazhi.procedures.models import RuleSetting

REPO = Path(__file__).resolve().parents[2]

# process, step, start, extended, expected due, unit, amount, basis fragment
KEY_TABLE = [
    # 5 WD from receipt (复议法 art. 30, 88): 9/28 (调休 Sun), 9/29, 9/30, 10/9, 10/10
    ("reconsideration", "acceptance", "2025-09-26", False, "2025-10-10", "WD", 5, "行政复议法》第三十条"),
    ("reconsideration", "correction_notice", "2025-09-26", False, "2025-10-10", "WD", 5, "第三十一条"),
    # 60 CD from acceptance: 9/1 + 60 = 10/31 (Fri)
    ("reconsideration", "decision", "2025-09-01", False, "2025-10-31", "CD", 60, "第六十二条"),
    # +30 CD: 9/1 + 90 = 11/30 (Sun) → Mon 12/1
    ("reconsideration", "decision", "2025-09-01", True, "2025-12-01", "CD", 90, "第六十二条"),
    # 30 CD: 9/1 + 30 = 10/1 (国庆) → 10/9
    ("reconsideration", "simple_decision", "2025-09-01", False, "2025-10-09", "CD", 30, "第六十二条"),
    # 15 CD from the complaint: 9/20 + 15 = 10/5 (holiday) → 10/9
    ("litigation", "defence", "2025-09-20", False, "2025-10-09", "CD", 15, "行政诉讼法》第六十七条"),
    # appeal 15 CD from service of a judgment: 9/20 + 15 = 10/5 (国庆) → 10/9 (行诉法 art. 85)
    ("litigation", "appeal_judgment", "2025-09-20", False, "2025-10-09", "CD", 15, "第八十五条"),
    # 10 CD from service of a ruling: 9/26 + 10 = 10/6 (国庆、中秋) → 10/9
    ("litigation", "appeal_ruling", "2025-09-26", False, "2025-10-09", "CD", 10, "第八十五条"),
    # the applicant's 补正 10 WD from receipt of the notice (复议法 arts. 31②, 88):
    # 9/30, skip 10/1–10/8, 10/9 10/10 10/11 (调休) 10/13–10/17, 10/20
    ("reconsideration", "applicant_correction", "2025-09-29", False, "2025-10-20", "WD", 10,
     "第三十一条第二款"),
    ("disclosure", "reply", "2025-09-26", False, "2025-10-30", "WD", 20, "第三十三条"),
    # 40 WD: the 20th is 10/30, then 10/31, 11/3–7, 11/10–14, 11/17–21, 11/24–27
    ("disclosure", "reply", "2025-09-26", True, "2025-11-27", "WD", 40, "第三十三条"),
    # 7 WD: 9/28, 9/29, 9/30, 10/9, 10/10, 10/11 (调休 Sat), 10/13
    ("disclosure", "correction_notice", "2025-09-26", False, "2025-10-13", "WD", 7, "第三十条"),
    # 20 WD over May Day 2024 (4/28 and 5/11 worked): 4/28 … 5/27
    ("disclosure", "proactive", "2024-04-26", False, "2024-05-27", "WD", 20, "第二十六条"),
    # third party's 15 WD from receipt (条例 arts. 32, 34): 9/28 (调休) 9/29 9/30,
    # 10/9 10/10 10/11 (调休) 10/13–10/17, 10/20–10/23 → 10/23
    ("disclosure", "consultation_answer", "2025-09-26", False, "2025-10-23", "WD", 15, "第三十二条"),
    # the applicant's 补正 (art. 30 "合理的补正期限", default 15 WD, M): the same count
    ("disclosure", "applicant_correction", "2025-09-26", False, "2025-10-23", "WD", 15, "第三十条"),
    # 7 WD: 4/28, 4/29, 4/30, 5/6, 5/7, 5/8, 5/9
    ("enforcement", "publicity_penalty", "2024-04-26", False, "2024-05-09", "WD", 7, "118号"),
    # 20 WD over 春节 2026 (2/14 and 2/28 worked): 2/13, 2/14, 2/24–2/28, 3/2–6, 3/9–13, 3/16–18
    ("enforcement", "publicity_other", "2026-02-12", False, "2026-03-18", "WD", 20, "118号"),
    # 90 CD from 立案: 7/3 + 90 = 10/1 → 10/9
    ("enforcement", "penalty_decision", "2025-07-03", False, "2025-10-09", "CD", 90, "行政处罚法》第六十条"),
    ("enforcement", "penalty_decision", "2025-07-03", True, "2025-10-31", "CD", 120, "行政处罚法》第六十条"),
    # 3 months from 交办: 1/31 → 4/30 (no 4/31); to 6 months → 7/31
    ("suggestion", "reply", "2025-01-31", False, "2025-04-30", "months", 3, "代表法》第五十一条"),
    ("suggestion", "reply", "2025-01-31", True, "2025-07-31", "months", 6, "代表法》第五十一条"),
    # 60 CD from 受理: 8/2 + 60 = 10/1 → 10/9; +30: 10/31
    ("petition", "handling", "2025-08-02", False, "2025-10-09", "CD", 60, "信访工作条例》第三十四条"),
    ("petition", "handling", "2025-08-02", True, "2025-10-31", "CD", 90, "信访工作条例》第三十四条"),
    # 信访工作条例 art. 23: tell within 15 CD of receipt: 9/20 + 15 = 10/5 (国庆) → 10/9
    ("petition", "notice", "2025-09-20", False, "2025-10-09", "CD", 15, "信访工作条例》第二十三条第二款"),
    # assigned: 1/31 + 15 = 2/15 (春节 2026) → 2/24
    ("petition", "notice_assigned", "2026-01-31", False, "2026-02-24", "CD", 15, "第二十三条第三款"),
    # object within 5 WD: 9/28 (调休 Sun), 9/29, 9/30, 10/9, 10/10
    ("petition", "objection", "2025-09-26", False, "2025-10-10", "WD", 5, "第二十三条第三款"),
    # 复查 asked within 30 CD of the written reply: 1/16 + 30 = 2/15 (春节) → 2/24 (art. 35)
    ("petition", "review_request", "2026-01-16", False, "2026-02-24", "CD", 30, "第三十五条"),
    # 复查 opinion 30 CD from the request: 9/1 + 30 = 10/1 → 10/9
    ("petition", "review", "2025-09-01", False, "2025-10-09", "CD", 30, "第三十五条"),
    # 复核 asked within 30 CD: 8/31 + 30 = 9/30 (Tue)
    ("petition", "recheck_request", "2025-08-31", False, "2025-09-30", "CD", 30, "第三十六条第一款"),
    # 复核 opinion 30 CD: 11/13 + 30 = 12/13 (Sat) → 12/15
    ("petition", "recheck", "2025-11-13", False, "2025-12-15", "CD", 30, "第三十六条第一款"),
    # at least 7 WD: earliest end 10/13
    ("major_decision", "legality_review", "2025-09-26", False, "2025-10-13", "WD", 7, "第二十六条"),
    # at least 30 CD: 1/16 + 30 = 2/15 (春节) → 2/24
    ("major_decision", "public_comment", "2026-01-16", False, "2026-02-24", "CD", 30, "第十五条"),
    # Shandong 人大 filing 30 CD: 1/20 + 30 = 2/19 (春节) → 2/24
    ("normative_document", "filing", "2026-01-20", False, "2026-02-24", "CD", 30, "山东省"),
    # published by 1 April of the next year
    ("annual_report", "publication", "2025-12-31", False, "2026-04-01", "CD", 91, "督察工作规定"),
]


OWN = {"reconsideration", "litigation", "disclosure", "petition"}


def run_json(*args: str) -> dict:
    out = io.StringIO()
    call_command("deadline", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_table_covers_every_key() -> None:
    # The processes of the three registers and 信访 are covered here whole; the
    # other processes' new steps are tested with their own registers.
    tabled = {(row[0], row[1]) for row in KEY_TABLE if row[0] in OWN}
    declared = {(r.process, r.step) for r in all_rules() if r.process in OWN}
    assert declared == tabled
    assert len(declared) == 21
    # Other registers add processes of their own (legality_review, rectification …).
    assert set(PROCESSES) >= {"reconsideration", "litigation", "disclosure", "enforcement",
                              "suggestion", "petition", "major_decision", "normative_document",
                              "annual_report"}


@pytest.mark.parametrize(("process", "step", "start", "extended", "due", "unit", "amount", "basis"),
                         KEY_TABLE)
def test_every_key_through_the_command(db, process: str, step: str, start: str, extended: bool,
                                       due: str, unit: str, amount: int, basis: str) -> None:
    data = run_json(process, step, start, *(["--extended"] if extended else []))
    assert set(data) == {"process", "step", "start", "due", "provisional", "basis", "unit", "amount"}
    assert data["process"] == process and data["step"] == step and data["start"] == start
    assert data["due"] == due
    assert data["unit"] == unit and data["amount"] == amount
    assert data["provisional"] is False
    assert basis in data["basis"] and data["basis"].startswith("《")


def test_disclosure_example(db) -> None:
    assert run_json("disclosure", "reply", "2025-09-26")["due"] == "2025-10-30"


def test_reconsideration_acceptance_and_decision(db) -> None:
    acceptance = compute_deadline("reconsideration", "acceptance", datetime.date(2025, 9, 26))
    assert (acceptance.unit, acceptance.amount) == ("WD", 5)
    assert "视为受理" in acceptance.deemed_outcome and "视为受理" in acceptance.explanation
    decision = compute_deadline("reconsideration", "decision", datetime.date(2025, 9, 1))
    extended = compute_deadline("reconsideration", "decision", datetime.date(2025, 9, 1), extended=True)
    assert (decision.amount, extended.amount) == (60, 90)
    assert "60日＋延长30日＝90日" in extended.explanation


def test_text_output_is_a_chinese_sentence(db) -> None:
    out = io.StringIO()
    call_command("deadline", "disclosure", "reply", "2025-09-26", stdout=out)
    text = out.getvalue()
    assert "2025年10月30日" in text and "国庆节、中秋节" in text and "政府信息公开条例" in text


def test_minimum_periods_say_so(db) -> None:
    out = io.StringIO()
    call_command("deadline", "major_decision", "legality_review", "2025-09-26", stdout=out)
    assert "最短期限" in out.getvalue() and "最早于2025年10月13日" in out.getvalue()


def test_provisional_beyond_the_data(db) -> None:
    # 2027 has no notice yet: 元旦 1/1 (放假办法 art. 2) is still a holiday, so the
    # 20th working day after 12/20 is Monday 1/18, not Friday 1/15; provisional
    # because 补假 and 调休 are unknown.
    data = run_json("disclosure", "reply", "2026-12-20")
    assert data["provisional"] is True and data["due"] == "2027-01-18"


@pytest.mark.parametrize(("args", "message"), [
    (["nosuch", "reply", "2025-09-26"], "reconsideration"),            # lists the processes
    (["disclosure", "nosuch", "2025-09-26"], "reply、correction_notice、applicant_correction"),
    (["disclosure", "reply", "2025-02-30"], "YYYY-MM-DD"),
    (["disclosure", "reply", "26/09/2025"], "YYYY-MM-DD"),
    (["litigation", "defence", "2025-09-20", "--extended"], "没有法定延长期限"),
    (["reconsideration", "acceptance", "2025-09-26", "--extended"], "没有法定延长期限"),
    (["normative_document", "filing", "2026-01-20", "--region", "999999"], "不存在"),
    (["normative_document", "filing", "2026-01-20", "--region", "x"], "整数"),
])
def test_errors_exit_2(db, args: list[str], message: str) -> None:
    with pytest.raises(CommandError) as info:
        call_command("deadline", *args)
    assert info.value.returncode == 2
    assert message in str(info.value)


def test_unknown_process_exit_status_from_the_shell() -> None:
    done = subprocess.run([sys.executable, "-m", "fazhi", "deadline", "nosuch", "x", "2025-01-01"],
                          capture_output=True, text=True, cwd=REPO, timeout=120,
                          env=_env(DJANGO_SETTINGS_MODULE="fazhi.settings.test"))
    assert done.returncode == 2
    assert "未知的程序" in done.stderr and "disclosure" in done.stderr


def _env(**extra: str) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(extra)
    return env


def test_lookup_errors_and_no_extension_in_python() -> None:
    with pytest.raises(ProcedureLookupError, match="可用的程序"):
        compute_deadline("x", "y", datetime.date(2025, 1, 1))
    with pytest.raises(NoExtension):
        compute_deadline("litigation", "defence", datetime.date(2025, 1, 1), extended=True)


# -- configurable rules: RuleSetting, most specific region first ------------


def test_rule_settings_override_by_region(county) -> None:  # noqa: ANN001
    start = datetime.date(2025, 3, 3)  # Monday
    assert compute_deadline("normative_document", "filing", start).due == datetime.date(2025, 4, 2)
    RuleSetting.objects.create(process="normative_document", step="filing", region=None,
                               amount=15, unit="CD", basis="全国测试规定第一条")
    RuleSetting.objects.create(process="normative_document", step="filing", region=county.city,
                               amount=3, unit="WD", basis="聊城市测试规定第二条", note="向政府备案")
    national = compute_deadline("normative_document", "filing", start)
    assert (national.due, national.amount, national.unit) == (datetime.date(2025, 3, 18), 15, "CD")
    assert national.basis == "全国测试规定第一条"
    # The county inherits its city's setting: 3 WD from Mon 3/3 → Thu 3/6.
    local = compute_deadline("normative_document", "filing", start, region=county.county)
    assert (local.due, local.unit, local.basis) == (datetime.date(2025, 3, 6), "WD", "聊城市测试规定第二条")
    data = run_json("normative_document", "filing", "2025-03-03", "--region", str(county.county.pk))
    assert data["due"] == "2025-03-06" and data["amount"] == 3


def test_setting_extension_override(county) -> None:  # noqa: ANN001
    RuleSetting.objects.create(process="enforcement", step="penalty_decision", region=county.county,
                               amount=90, unit="CD", extension_amount=60)
    result = compute_deadline("enforcement", "penalty_decision", datetime.date(2025, 7, 3),
                              extended=True, region=county.county.pk)
    assert result.amount == 150


def test_statutory_rules_are_not_configurable(db) -> None:
    setting = RuleSetting(process="reconsideration", step="decision", amount=30, unit="CD")
    with pytest.raises(ValidationError, match="不可按地区配置"):
        setting.full_clean()
    with pytest.raises(ValidationError, match="没有环节"):
        RuleSetting(process="disclosure", step="nosuch", amount=1, unit="WD").full_clean()
    # and a stray row is ignored by the computation
    setting.save()
    assert compute_deadline("reconsideration", "decision", datetime.date(2025, 9, 1)).amount == 60


def test_configurable_rules_are_the_ones_rules_md_marks_m_or_regional() -> None:
    configurable = {(r.process, r.step) for r in all_rules() if r.configurable
                    and r.process in OWN}
    # 信访 60 days: configurable as a regional parameter; 公开 补正: no number in art. 30 (M).
    assert configurable == {("disclosure", "applicant_correction"), ("petition", "handling")}


# -- issue 9: the articles behind the roll-over, the extension length, 信访 scope ----
def test_roll_over_is_cited_by_the_procedure_that_applies_it(db) -> None:
    # 复议: 民诉 art. 85 through 复议法 art. 88; 9/1 + 30 = 10/1 → 10/9
    text = compute_deadline("reconsideration", "simple_decision", datetime.date(2025, 9, 1)).explanation
    assert "行政复议法》第八十八条第一款适用的《中华人民共和国民事诉讼法》第八十五条顺延" in text
    # 诉讼: through 行诉法 art. 101
    text = compute_deadline("litigation", "defence", datetime.date(2025, 9, 20)).explanation
    assert "行政诉讼法》第一百零一条适用的《中华人民共和国民事诉讼法》第八十五条顺延" in text
    # elsewhere (信访, 8/2 + 60 = 10/1 → 10/9): 民法典 arts. 203–204, not 民诉
    text = compute_deadline("petition", "handling", datetime.date(2025, 8, 2)).explanation
    assert "民法典》第二百零三条、第二百零四条顺延" in text and "民事诉讼法" not in text


@pytest.mark.parametrize(("process", "step", "start", "extension", "due", "amount"), [
    # 复议法 art. 62①: 9/1 + 60 + 10 = 11/10 (Monday)
    ("reconsideration", "decision", "2025-09-01", "10", "2025-11-10", 70),
    # 条例 art. 33②: 10/30 + 5 WD = 11/6
    ("disclosure", "reply", "2025-09-26", "5", "2025-11-06", 25),
    # 信访工作条例 art. 34: 8/2 + 60 + 15 = 10/16
    ("petition", "handling", "2025-08-02", "15", "2025-10-16", 75),
])
def test_an_extension_is_the_approved_length(db, process, step, start, extension, due,  # noqa: ANN001
                                             amount) -> None:
    data = run_json(process, step, start, "--extension", extension)
    assert (data["due"], data["amount"]) == (due, amount)


@pytest.mark.parametrize(("process", "step", "too_long", "message"), [
    ("reconsideration", "decision", "31", "最多为30日"),
    ("disclosure", "reply", "21", "最多为20个工作日"),
    ("petition", "handling", "31", "最多为30日"),
])
def test_an_extension_above_the_maximum_is_refused(db, process, step, too_long, message) -> None:  # noqa: ANN001
    with pytest.raises(CommandError) as info:
        call_command("deadline", process, step, "2025-09-01", "--extension", too_long,
                     stdout=io.StringIO())
    assert message in str(info.value) and info.value.returncode == 2


def test_petition_period_applies_to_art_31_item_6_matters_only(db) -> None:
    result = compute_deadline("petition", "handling", datetime.date(2025, 8, 2))
    assert "第三十一条第六项" in result.label and "导入诉讼、仲裁、行政复议等相应程序" in result.explanation
