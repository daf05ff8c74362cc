"""``fazhi analyze FILE... [--json]``

Reads published annual 法治政府建设 reports (.txt, .md, .html, .docx, .pdf) as
data: outline, region, year, issuer and date, the four required parts, every
figure with its catalogue code and span, and the checks (files of the same
region are also checked against each other). Exit status 0 when every file
was read, 1 when any could not be.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fazhi.analysis.outline import SECTION_KEYS, SECTION_NAMES
from fazhi.analysis.reader import ReportAnalysis, analyze_paths
from fazhi.indicators import catalogue

CHECK_NAMES: dict[str, str] = {
    "rate_over_100": "比率超过100%",
    "part_exceeds_whole": "分项大于总数",
    "parts_do_not_add_up": "分项之和不符",
    "contradiction": "与其他报告矛盾",
    "implausible_jump": "与上年相比变化异常",
    "missing_section": "缺少必备部分",
    "weak_section": "必备部分只有一句",
    "late_publication": "发布时间晚于4月1日",
}


def _value(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def summary(r: ReportAnalysis) -> str:
    """A readable Chinese summary of one analysed report."""
    lines = [f"== {r.file}"]
    if r.error is not None:
        lines.append(f"读取失败：{r.error}")
        return "\n".join(lines)
    when = f"{r.date.year}年{r.date.month}月{r.date.day}日" if r.date else "未注明"
    lines.append(f"标题：{r.title or '未识别'}")
    lines.append(
        f"地区：{r.region or '未识别'}　年度：{r.year or '未识别'}　"
        f"发布单位：{r.issuer or '未识别'}　日期：{when}"
    )
    parts = "；".join(
        f"{SECTION_NAMES[k]}{'✓' if r.sections.get(k) else '✗（缺）'}" for k in SECTION_KEYS
    )
    lines.append(f"必备部分：{parts}")
    top = min((h.level for h in r.headings), default=None)
    if r.headings:
        lines.append(f"提纲：共{len(r.headings)}个标题")
        for h in r.headings:
            if h.level == top:
                lines.append(f"  {h.marker}{h.title}")
    coded = sum(1 for f in r.facts if f.code)
    lines.append(f"数据：共{len(r.facts)}项，其中{coded}项对应指标目录")
    for i, f in enumerate(r.facts, 1):
        approx = "（约数）" if f.approx else ""
        code = ""
        ind = catalogue.find(f.code)
        if ind:
            code = f"　[{ind.code} {ind.name}]"
        lines.append(f"  {i}. {f.phrase}：{_value(f.value)}{f.unit}{approx}{code}")
    if r.checks:
        lines.append(f"检查：发现{len(r.checks)}处需要核实")
        for c in r.checks:
            lines.append(f"  - [{CHECK_NAMES.get(c.kind, c.kind)}] {c.message}")
    else:
        lines.append("检查：未发现问题")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "解读已发布的法治政府建设年度报告：结构、数据、指标对应与检查"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files", nargs="+", metavar="FILE", help="报告文件（txt、md、html、docx、pdf）"
        )
        parser.add_argument(
            "--json", action="store_true", help="以 JSON 数组输出，每个文件一个对象"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        results = analyze_paths(options["files"])
        if options["json"]:
            self.stdout.write(
                json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2)
            )
        else:
            self.stdout.write("\n\n".join(summary(r) for r in results))
        if any(r.error is not None for r in results):
            sys.exit(1)
