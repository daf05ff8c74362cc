"""``fazhi indicators --region R --year Y [--period P] [--unit U] [--json] [--recompute]``

Prints a region's figures: every figure computed from the registers and the
ledger (counted now, from the records) and the values units reported by hand
and the office accepted. ``--region`` is any region (a county, a city, a
province: a city's counts are its counties' summed, its rates recomputed).
``--period``: 2026Q1, 2026-03, 03, Q1 or 2026-01-01..2026-06-30 (default the
year). ``--recompute`` also refreshes the stored values of the year (what the
cockpit shows) before printing."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.indicators import figures, store
from fazhi.indicators.periods import Period, PeriodError, parse
from fazhi.org.models import Region, Unit


def find_region(value: str) -> Region:
    qs = Region.objects.all()
    found = qs.filter(pk=int(value)) if value.isdigit() else qs.filter(name=value)
    if not found.exists():
        raise CommandError(f"找不到地区：{value}", returncode=2)
    if found.count() > 1:
        raise CommandError(f"有多个名为“{value}”的地区，请改用编号。", returncode=2)
    return found.get()


class Command(BaseCommand):
    help = "列出一个地区（或单位）某期间的指标值"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="地区名称或编号（县、市、省）")
        parser.add_argument("--year", required=True, type=int, help="年度")
        parser.add_argument("--period", default="", help="期间：2026Q1、2026-03、Q1、03 或 起..止")
        parser.add_argument("--unit", default="", help="只统计该单位（名称、简称或编号）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--recompute", action="store_true", help="先重算并保存该年度的指标值")

    def handle(self, *args: Any, **options: Any) -> None:
        region = find_region(options["region"])
        year = options["year"]
        try:
            period = parse(options["period"], year) if options["period"] else Period.year(year)
        except PeriodError as exc:
            raise CommandError(str(exc), returncode=2) from None
        unit = None
        if options["unit"]:
            value = options["unit"]
            units = Unit.objects.filter(region__path__startswith=region.path)
            units = units.filter(pk=int(value)) if value.isdigit() else (
                units.filter(name=value) | units.filter(short_name=value))
            if units.count() != 1:
                raise CommandError(f"在{region.name}找不到唯一的单位：{value}", returncode=2)
            unit = units.get()
        if options["recompute"]:
            result = store.recompute(year, region)
            if not options["json"]:
                self.stdout.write(f"已重算 {result.counties} 个县 {result.periods} 个期间，"
                                  f"写入 {result.written} 个指标值。")
        rows = figures.region_figures(period, region=region, unit=unit)
        if options["json"]:
            keys = ("code", "name", "value", "numerator", "denominator", "unit", "source",
                    "records")
            data = [{k: r.as_json()[k] for k in keys} for r in rows]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        who = unit.name if unit else region.name
        self.stdout.write(f"{who} {period.label}")
        for r in rows:
            ratio = (f"（{int(r.numerator)}/{int(r.denominator)}）"
                     if r.denominator is not None else "")
            source = "计算" if r.source == "computed" else "填报"
            self.stdout.write(f"{r.code:34} {r.name}：{r.text}{ratio} [{source}，{r.records}条记录]")
