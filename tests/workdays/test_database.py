"""The administrator's holiday data: load_holidays, the admin, DB over
chinese-calendar, the version stamp that invalidates every process's cache,
and the calendar_changed signal."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from fazhi.audit.models import AuditEntry
from fazhi.workdays import services
from fazhi.workdays.models import CalendarDay, CalendarStamp, CalendarYear
from fazhi.workdays.signals import calendar_changed

D = datetime.date
REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "fazhi" / "workdays" / "data"

GOOD_2027 = """\
# a made-up 2027 schedule for the tests
year: 2027
source: "测试用通知〔2026〕1号"
holidays:
  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
  - {name: 春节, from: 2027-02-06, to: 2027-02-14}
workdays:
  - {date: 2027-02-20, name: 春节}
"""


@pytest.fixture
def signals_received():
    received: list[tuple[int, ...]] = []

    def receiver(sender, years, **kwargs):  # noqa: ANN001, ANN003
        received.append(years)

    calendar_changed.connect(receiver, weak=False)
    yield received
    calendar_changed.disconnect(receiver)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_good_file_writes_rows_audits_and_signals(db, tmp_path, signals_received,
                                                       django_capture_on_commit_callbacks) -> None:
    path = write(tmp_path, "2027.yaml", GOOD_2027)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_holidays", str(path))
    year = CalendarYear.objects.get(year=2027)
    assert year.source == "测试用通知〔2026〕1号"
    assert year.days.filter(kind="holiday").count() == 3 + 9
    assert list(year.days.filter(kind="workday").values_list("date", flat=True)) == [D(2027, 2, 20)]
    entry = AuditEntry.objects.get(action="calendar.load", model="workdays.calendaryear")
    assert entry.object_id == str(year.pk)
    assert "2027-02-06 放假（法定节假日及连休日） 春节" in entry.changes["节假日与调休安排"]["new"]
    assert signals_received == [(2027,)]


def test_db_year_replaces_provisional_counting(db, tmp_path) -> None:
    # Without the 2027 notice: 元旦 1/1 is known (放假办法 art. 2), 补假/调休 are not.
    before = services.current_calendar().period_end_days(D(2026, 12, 2), 30)
    assert before.date == D(2027, 1, 4) and before.provisional
    assert "放假办法》第二条" in before.explanation
    call_command("load_holidays", str(write(tmp_path, "2027.yaml", GOOD_2027)))
    after = services.current_calendar().period_end_days(D(2026, 12, 2), 30)
    assert after.provisional is False
    assert after.date == D(2027, 1, 4)                          # 元旦 1/1–1/3 → Monday
    # Sat 2/20 is a 调休 workday; 2/8 (Mon) is inside the 春节 block.
    cal = services.current_calendar()
    assert cal.is_working_day(D(2027, 2, 20)) and not cal.is_working_day(D(2027, 2, 8))


def test_db_override_beats_chinese_calendar(db, tmp_path) -> None:
    # A corrected 2025 where 10/9 is also off: the DB year wins over the built-in one.
    text = (DATA / "2025.yaml").read_text(encoding="utf-8").replace(
        "from: 2025-10-01, to: 2025-10-08", "from: 2025-10-01, to: 2025-10-09")
    assert services.current_calendar().is_working_day(D(2025, 10, 9))
    call_command("load_holidays", str(write(tmp_path, "2025.yaml", text)))
    cal = services.current_calendar()
    assert not cal.is_working_day(D(2025, 10, 9))
    assert cal.add_working_days(D(2025, 9, 26), 4).date == D(2025, 10, 10)
    assert "国办发明电〔2024〕12号" in cal.add_working_days(D(2025, 9, 26), 4).explanation


@pytest.mark.parametrize("name", ["2024.yaml", "2025.yaml", "2026.yaml", "2026.csv"])
def test_shipped_files_load_and_agree_with_builtin(db, name: str) -> None:
    call_command("load_holidays", str(DATA / name))
    year = int(name[:4])
    db_cal, builtin = services.current_calendar(), services.builtin_calendar()
    day = D(year, 1, 1)
    while day.year == year:
        assert db_cal.is_working_day(day) == builtin.is_working_day(day), day
        day += datetime.timedelta(days=1)


def test_reload_replaces_the_year_atomically(db, tmp_path) -> None:
    call_command("load_holidays", str(write(tmp_path, "a.yaml", GOOD_2027)))
    call_command("load_holidays", str(write(tmp_path, "b.yaml", GOOD_2027.replace(
        "to: 2027-02-14", "to: 2027-02-12"))))
    assert CalendarYear.objects.count() == 1
    assert not CalendarDay.objects.filter(date=D(2027, 2, 13)).exists()
    entries = AuditEntry.objects.filter(action="calendar.load").order_by("id")
    assert len(entries) == 2
    assert "2027-02-13 放假（法定节假日及连休日） 春节" in entries[1].changes["节假日与调休安排"]["old"]


BAD_FILES = [
    # (file text, a fragment of the expected message)
    (GOOD_2027.replace("to: 2027-01-03", "to: 2028-01-03"), "不在2027年内"),
    (GOOD_2027 + "  - {date: 2027-01-02, name: 元旦}\n", "不能既是放假日又是调休上班日"),
    (GOOD_2027.replace("2027-02-20", "2027-02-22"), "本就是工作日"),          # a Monday
    (GOOD_2027.replace("from: 2027-02-06", "from: 2027-02-31"), "无法识别"),
    (GOOD_2027.replace('source: "测试用通知〔2026〕1号"\n', ""), "缺少 source"),
    (GOOD_2027.replace("holidays:", "holiday:"), "未知字段"),
    ("year: [", "YAML 格式错误"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_bad_file_exit_2_nothing_written(db, tmp_path, text: str, message: str) -> None:
    with pytest.raises(CommandError) as info:
        call_command("load_holidays", str(write(tmp_path, "bad.yaml", text)))
    assert info.value.returncode == 2
    assert message in str(info.value)
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()
    assert not AuditEntry.objects.filter(action="calendar.load").exists()


def test_bad_csv_and_missing_file(db, tmp_path) -> None:
    bad = "year,source,kind,name,from,to\n2027,x,休假,元旦,2027-01-01,\n"
    with pytest.raises(CommandError) as info:
        call_command("load_holidays", str(write(tmp_path, "bad.csv", bad)))
    assert info.value.returncode == 2 and "kind 应为" in str(info.value)
    with pytest.raises(CommandError) as info:
        call_command("load_holidays", str(tmp_path / "missing.yaml"))
    assert info.value.returncode == 2 and "找不到文件" in str(info.value)
    assert not CalendarYear.objects.exists()


def test_bad_file_exit_status_from_the_shell(tmp_path) -> None:
    path = write(tmp_path, "bad.yaml", BAD_FILES[0][0])
    done = subprocess.run([sys.executable, "-m", "fazhi", "load_holidays", str(path)],
                          capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={**_env(), "DJANGO_SETTINGS_MODULE": "fazhi.settings.test"})
    assert done.returncode == 2
    assert "不在2027年内" in done.stderr


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}


def test_dry_run_writes_nothing(db, tmp_path) -> None:
    call_command("load_holidays", str(write(tmp_path, "2027.yaml", GOOD_2027)), "--dry-run")
    assert not CalendarYear.objects.exists()
    assert not AuditEntry.objects.filter(action="calendar.load").exists()


def test_cache_follows_the_database_stamp(db) -> None:
    cal = services.current_calendar()
    assert services.current_calendar() is cal           # same stamp: cached
    year = CalendarYear.objects.create(year=2027, source="测试")
    CalendarDay.objects.create(year=year, date=D(2027, 3, 1), kind="holiday", name="测试假日")
    fresh = services.current_calendar()
    assert fresh is not cal and not fresh.is_working_day(D(2027, 3, 1))
    # Another server changed the rows (no signal here) and bumped the stamp in the DB.
    CalendarDay.objects.bulk_create([
        CalendarDay(year=year, date=D(2027, 3, 2), kind="holiday", name="测试假日")])
    assert services.current_calendar().is_working_day(D(2027, 3, 2))  # stale until the stamp moves
    CalendarStamp.objects.filter(key="calendar").update(token="changed-elsewhere")
    assert not services.current_calendar().is_working_day(D(2027, 3, 2))


def test_admin_change_is_audited_and_signalled(db, signals_received,
                                               django_capture_on_commit_callbacks) -> None:
    admin = get_user_model().objects.create_superuser("root", password="pw-123456789")
    client = Client()
    client.force_login(admin)
    data = {
        "year": "2027", "source": "测试通知", "note": "",
        "days-TOTAL_FORMS": "2", "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0", "days-MAX_NUM_FORMS": "1000",
        "days-0-date": "2027-01-01", "days-0-kind": "holiday", "days-0-name": "元旦",
        "days-1-date": "2027-02-20", "days-1-kind": "workday", "days-1-name": "春节",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/workdays/calendaryear/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    year = CalendarYear.objects.get(year=2027)
    assert year.loaded_by == admin and year.days.count() == 2
    assert AuditEntry.objects.filter(model="workdays.calendaryear", action="create").count() == 1
    assert AuditEntry.objects.filter(model="workdays.calendarday", action="create").count() == 2
    assert signals_received == [(2027,)]
    assert not services.current_calendar().is_working_day(D(2027, 1, 1))

    # A day outside the year is refused by the form; nothing more is written.
    day = year.days.get(date=D(2027, 1, 1))
    bad = {**data, "days-TOTAL_FORMS": "1", "days-INITIAL_FORMS": "1",
           "days-0-id": str(day.pk), "days-0-year": str(year.pk), "days-0-date": "2028-01-01"}
    for key in [k for k in bad if k.startswith("days-1-")]:
        del bad[key]
    response = client.post(f"/admin/workdays/calendaryear/{year.pk}/change/", bad)
    assert response.status_code == 200 and "不在2027年内" in response.content.decode()
    assert CalendarDay.objects.filter(date=D(2027, 1, 1)).exists()
