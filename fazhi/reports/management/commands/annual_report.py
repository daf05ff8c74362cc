"""``fazhi annual_report --region R --year Y --out FILE.docx|FILE.pdf|FILE.html``

Writes a region's 法治政府建设年度报告 of a year: the Word version in the 公文
layout (GB/T 9704), the PDF rendered from it by LibreOffice, or the HTML page.
When the region has no report of that year yet, a draft is first composed from
the records (as the office's 起草 button does), so the file holds what the
registers and the indicator store say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.indicators.management.commands.indicators import find_region
from fazhi.org.models import Region
from fazhi.reports import document, docx_render
from fazhi.reports.models import AnnualReport

FORMATS = {".docx": "Word 版", ".pdf": "PDF 版", ".html": "网页版"}


def html_renderer() -> Any | None:
    """``fazhi.reports.html_render.render(doc) -> str`` when it exists."""
    try:
        from fazhi.reports import html_render
    except ImportError:
        return None
    return getattr(html_render, "render", None)


def supported() -> dict[str, str]:
    return {ext: label for ext, label in FORMATS.items()
            if ext != ".html" or html_renderer() is not None}


def find_or_compose(region: Region, year: int) -> tuple[AnnualReport, bool]:
    """The region's report of ``year``; composed as a draft when there is none."""
    report = AnnualReport.objects.filter(region=region, year=year).first()
    if report is not None:
        return report, False
    from fazhi.reports.compose import compose_report

    try:
        return compose_report(region, year), True
    except ValidationError as exc:  # ActionRefused: the reason, in Chinese
        raise CommandError("；".join(exc.messages), returncode=2) from None
    except PermissionDenied as exc:
        raise CommandError(str(exc) or "无权起草该地区的年度报告。", returncode=2) from None


class Command(BaseCommand):
    help = "输出一个地区某年度的法治政府建设年度报告（Word、PDF 或网页）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="地区名称或编号")
        parser.add_argument("--year", required=True, type=int, help="报告年度")
        parser.add_argument("--out", required=True,
                            help="输出文件，按扩展名决定格式：.docx、.pdf 或 .html")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        formats = supported()
        ext = out.suffix.lower()
        if ext not in formats:
            names = "、".join(formats)
            raise CommandError(f"不支持的输出格式“{out.suffix or '（无扩展名）'}”，请使用 {names}。",
                               returncode=2)
        if not out.parent.is_dir():
            raise CommandError(f"输出目录不存在：{out.parent}", returncode=2)
        region = find_region(options["region"])
        year = options["year"]
        report, composed = find_or_compose(region, year)
        if composed:
            self.stdout.write(f"{region.name}尚无{year}年度的报告，已根据记录起草一份草稿。")
        doc = document.build(report)
        if ext == ".html":
            out.write_text(html_renderer()(doc), encoding="utf-8")
        else:
            data = docx_render.render(doc)
            if ext == ".pdf":
                from fazhi.reports import pdf

                try:
                    data = pdf.docx_to_pdf(data)
                except pdf.PdfError as exc:
                    raise CommandError(str(exc)) from None
            out.write_bytes(data)
        size = out.stat().st_size
        self.stdout.write(f"已写入{formats[ext]}：{out}（{report.title}，{report.get_state_display()}，"
                          f"{max(1, round(size / 1024))} KB）")
