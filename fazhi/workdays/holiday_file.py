"""Reading and checking a holiday-schedule file (YAML or CSV; see docs/calendar.md).

Pure: returns the parsed years or the list of every error found, in Chinese,
each naming where it is. Nothing here touches the database.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .calendar import WEEKDAY_NAMES, YearData, fmt_date

MIN_YEAR, MAX_YEAR = 1990, 2100
YAML_KEYS = {"year", "source", "note", "holidays", "workdays"}
HOLIDAY_KEYS = {"name", "from", "to"}
WORKDAY_KEYS = {"date", "name"}
CSV_COLUMNS = ["year", "source", "kind", "name", "from", "to"]
KIND_WORDS = {"holiday": "holiday", "放假": "holiday", "workday": "workday", "上班": "workday",
              "调休上班": "workday"}


class _Loader(yaml.SafeLoader):
    """Safe YAML whose dates stay text, so that a bad date (2027-02-31) gets
    our message with its place instead of a parser crash."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class HolidayFileError(Exception):
    """The file cannot be loaded; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ParsedYear:
    year: int
    source: str
    note: str = ""
    holidays: dict[datetime.date, str] = field(default_factory=dict)
    workdays: dict[datetime.date, str] = field(default_factory=dict)

    def as_year_data(self) -> YearData:
        return YearData(self.year, dict(self.holidays), dict(self.workdays), self.source)


def read_holiday_file(path: str | Path) -> list[ParsedYear]:
    """Parse and validate ``path``; raise HolidayFileError with every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise HolidayFileError([f"找不到文件：{path}"]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise HolidayFileError([f"无法读取文件 {path}（须为 UTF-8 编码的文本文件）：{exc}"]) from exc
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        return parse_yaml(text)
    if suffix == ".csv":
        return parse_csv(text)
    raise HolidayFileError([f"不支持的文件类型“{suffix or '无扩展名'}”：请使用 .yaml、.yml 或 .csv 文件。"])


def parse_yaml(text: str) -> list[ParsedYear]:
    try:
        documents = [d for d in yaml.load_all(text, Loader=_Loader) if d is not None]  # noqa: S506
    except yaml.YAMLError as exc:
        raise HolidayFileError([f"YAML 格式错误：{exc}"]) from exc
    if not documents:
        raise HolidayFileError(["文件为空：至少需要一个年度（year、source、holidays）。"])
    errors: list[str] = []
    years: list[ParsedYear] = []
    for index, doc in enumerate(documents, start=1):
        where = f"第{index}个年度" if len(documents) > 1 else "文件"
        parsed = _parse_yaml_year(doc, where, errors)
        if parsed is not None:
            years.append(parsed)
    _check_years(years, errors)
    if errors:
        raise HolidayFileError(errors)
    return years


def _parse_yaml_year(doc: Any, where: str, errors: list[str]) -> ParsedYear | None:
    if not isinstance(doc, dict):
        errors.append(f"{where}：应为键值结构（year、source、holidays、workdays）。")
        return None
    unknown = set(map(str, doc)) - YAML_KEYS
    if unknown:
        errors.append(f"{where}：未知字段 {'、'.join(sorted(unknown))}"
                      f"（允许：{'、'.join(sorted(YAML_KEYS))}）。")
    year = _parse_year(doc.get("year"), where, errors)
    source = str(doc.get("source") or "").strip()
    if not source:
        errors.append(f"{where}：缺少 source（放假通知的文号或名称）。")
    if year is None:
        return None
    parsed = ParsedYear(year=year, source=source, note=str(doc.get("note") or "").strip())
    where = f"{year}年"
    holidays = doc.get("holidays") or []
    if not isinstance(holidays, list):
        errors.append(f"{where}：holidays 应为列表。")
        holidays = []
    for i, item in enumerate(holidays, start=1):
        label = f"{where} holidays 第{i}项"
        if not isinstance(item, dict):
            errors.append(f"{label}：应包含 name、from，可选 to。")
            continue
        unknown = set(map(str, item)) - HOLIDAY_KEYS
        if unknown:
            errors.append(f"{label}：未知字段 {'、'.join(sorted(unknown))}（允许：name、from、to）。")
        name = str(item.get("name") or "").strip()
        if not name:
            errors.append(f"{label}：缺少 name（节日名称，如“春节”）。")
        start = _parse_date(item.get("from"), f"{label} from", errors)
        end = _parse_date(item.get("to"), f"{label} to", errors) if item.get("to") else start
        if start and end:
            _add_holiday_range(parsed, name, start, end, label, errors)
    workdays = doc.get("workdays") or []
    if not isinstance(workdays, list):
        errors.append(f"{where}：workdays 应为列表。")
        workdays = []
    for i, item in enumerate(workdays, start=1):
        label = f"{where} workdays 第{i}项"
        name = ""
        if isinstance(item, dict):
            unknown = set(map(str, item)) - WORKDAY_KEYS
            if unknown:
                errors.append(f"{label}：未知字段 {'、'.join(sorted(unknown))}（允许：date、name）。")
            name = str(item.get("name") or "").strip()
            item = item.get("date")
        day = _parse_date(item, label, errors)
        if day:
            _add_workday(parsed, name, day, label, errors)
    return parsed


def parse_csv(text: str) -> list[ParsedYear]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise HolidayFileError([f"CSV 表头缺少列：{'、'.join(missing)}"
                                f"（应为：{','.join(CSV_COLUMNS)}）。"])
    errors: list[str] = []
    by_year: dict[int, ParsedYear] = {}
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        label = f"第{line}行"
        year = _parse_year(row.get("year"), label, errors)
        kind = KIND_WORDS.get(row.get("kind", "").lower())
        if kind is None:
            errors.append(f"{label}：kind 应为 holiday（放假）或 workday（调休上班），"
                          f"实为“{row.get('kind', '')}”。")
        start = _parse_date(row.get("from"), f"{label} from", errors)
        end = _parse_date(row.get("to"), f"{label} to", errors) if row.get("to") else start
        if year is None or kind is None or not start or not end:
            continue
        parsed = by_year.get(year)
        if parsed is None:
            parsed = by_year[year] = ParsedYear(year=year, source=row.get("source", ""))
        if row.get("source") and parsed.source and row["source"] != parsed.source:
            errors.append(f"{label}：{year}年的 source 与前面的行不一致。")
        parsed.source = parsed.source or row.get("source", "")
        if kind == "holiday":
            if not row.get("name"):
                errors.append(f"{label}：放假行须填写 name（节日名称）。")
            _add_holiday_range(parsed, row.get("name", ""), start, end, label, errors)
        elif end != start:
            errors.append(f"{label}：调休上班日每行一天，不应填写 to。")
        else:
            _add_workday(parsed, row.get("name", ""), start, label, errors)
    years = list(by_year.values())
    for parsed in years:
        if not parsed.source:
            errors.append(f"{parsed.year}年：缺少 source（放假通知的文号或名称）。")
    if not years and not errors:
        errors.append("CSV 文件没有数据行。")
    _check_years(years, errors)
    if errors:
        raise HolidayFileError(errors)
    return years


# -- checks ----------------------------------------------------------------


def _parse_year(value: Any, where: str, errors: list[str]) -> int | None:
    try:
        year = int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        year = None
    if year is None:
        errors.append(f"{where}：缺少或无法识别 year（四位年份，如 2027），实为“{value or ''}”。")
        return None
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors.append(f"{where}：年份 {year} 超出范围（{MIN_YEAR}—{MAX_YEAR}）。")
        return None
    return year


def _parse_date(value: Any, where: str, errors: list[str]) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    if not text:
        errors.append(f"{where}：缺少日期（格式 YYYY-MM-DD）。")
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        errors.append(f"{where}：日期“{text}”无法识别（格式应为 YYYY-MM-DD，如 2027-01-01）。")
        return None


def _add_holiday_range(parsed: ParsedYear, name: str, start: datetime.date, end: datetime.date,
                       where: str, errors: list[str]) -> None:
    if end < start:
        errors.append(f"{where}：结束日期 {fmt_date(end)} 早于开始日期 {fmt_date(start)}。")
        return
    day = start
    while day <= end:
        if day.year != parsed.year:
            errors.append(f"{where}：{fmt_date(day)}不在{parsed.year}年内。")
            return
        if day in parsed.holidays:
            errors.append(f"{where}：{fmt_date(day)}已列为放假日（{parsed.holidays[day]}），重复。")
        else:
            parsed.holidays[day] = name
        day += datetime.timedelta(days=1)


def _add_workday(parsed: ParsedYear, name: str, day: datetime.date, where: str,
                 errors: list[str]) -> None:
    if day.year != parsed.year:
        errors.append(f"{where}：{fmt_date(day)}不在{parsed.year}年内。")
    elif day.weekday() < 5:
        # A Monday–Friday is a working day anyway: listing it is a typo.
        errors.append(f"{where}：{fmt_date(day)}是{WEEKDAY_NAMES[day.weekday()]}，本就是工作日，"
                      "不能列为调休上班日（调休上班日应为周六或周日）。")
    elif day in parsed.workdays:
        errors.append(f"{where}：调休上班日{fmt_date(day)}重复。")
    else:
        parsed.workdays[day] = name


def _check_years(years: list[ParsedYear], errors: list[str]) -> None:
    seen: set[int] = set()
    for parsed in years:
        if parsed.year in seen:
            errors.append(f"{parsed.year}年在文件中出现了不止一次。")
        seen.add(parsed.year)
        for day in sorted(set(parsed.holidays) & set(parsed.workdays)):
            errors.append(f"{parsed.year}年：{fmt_date(day)}不能既是放假日又是调休上班日。")
