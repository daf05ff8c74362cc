"""The annual report's Word version (issue 8 §3): read back with python-docx,
the 公文 layout of GB/T 9704 — page, margins, fonts, sizes, the blocks in
order, 主送, 落款, date and the page-number footer — and the command."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Emu, Pt
from lxml import etree

from fazhi.reports import docx_render
from fazhi.reports.document import Block, ReportDocument, build
from fazhi.reports.models import AnnualReport, ReportSection

TITLE = "莘县人民政府关于2025年度法治政府建设情况的报告"
BLOCKS = [
    Block("heading", "一、主要举措和成效", level=1),
    Block("heading", "（一）依法全面履行政府职能", level=2),
    Block("paragraph", "全年接收行政复议申请91件，受理73件，不予受理6件，纠错3件，调解和解化解33件。"),
    Block("heading", "1.深化“放管服”改革", level=3),
    Block("paragraph", "行政机关负责人出庭应诉率100%。"),
    Block("heading", "二、存在的不足和原因", level=1),
    Block("paragraph", "基层法治建设力量仍然薄弱。"),
]


def sample(**changes: object) -> ReportDocument:
    fields = {"title": TITLE, "recipients": "中共聊城市委、聊城市人民政府", "blocks": list(BLOCKS),
              "issuer": "莘县人民政府", "date": datetime.date(2026, 3, 19)}
    fields.update(changes)
    return ReportDocument(**fields)


def open_docx(data: bytes):  # noqa: ANN201
    return Document(io.BytesIO(data))


def rfonts(element) -> dict[str, str]:  # noqa: ANN001
    node = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return {k.split("}")[1]: v for k, v in node.attrib.items()}


def ind(element) -> dict[str, str]:  # noqa: ANN001
    node = element.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    return {k.split("}")[1]: v for k, v in node.attrib.items()} if node is not None else {}


@pytest.fixture(scope="module")
def docx():  # noqa: ANN201
    return open_docx(docx_render.render(sample()))


def test_a4_with_the_gb9704_margins(docx) -> None:  # noqa: ANN001
    section = docx.sections[0]
    pg_sz = section._sectPr.find(qn("w:pgSz"))
    pg_mar = section._sectPr.find(qn("w:pgMar"))
    # In twips (1/20 pt): A4 is 11906 × 16838; 37/35/28/26 mm.
    assert (pg_sz.get(qn("w:w")), pg_sz.get(qn("w:h"))) == ("11906", "16838")
    assert {side: pg_mar.get(qn(f"w:{side}")) for side in ("top", "bottom", "left", "right")} == {
        "top": "2098", "bottom": "1984", "left": "1587", "right": "1474"}
    # And in EMU, through python-docx.
    assert round(section.page_width.mm, 1) == 210.0
    assert round(section.page_height.mm, 1) == 297.0
    assert [round(m.mm, 1) for m in (section.top_margin, section.bottom_margin,
                                     section.left_margin, section.right_margin)] == [
        37.0, 35.0, 28.0, 26.0]
    # The 版心 is 156 mm × 225 mm.
    text_width = Emu(section.page_width - section.left_margin - section.right_margin)
    text_height = Emu(section.page_height - section.top_margin - section.bottom_margin)
    assert (round(text_width.mm), round(text_height.mm)) == (156, 225)


def test_the_paragraphs_in_reading_order(docx) -> None:  # noqa: ANN001
    rows = [(p.style.name, p.text) for p in docx.paragraphs]
    assert rows == [
        ("公文标题", "莘县人民政府"),
        ("公文标题", "关于2025年度法治政府建设情况的报告"),
        ("公文标题", ""),  # 标题下空一行
        ("主送机关", "中共聊城市委、聊城市人民政府："),
        ("一级标题", "一、主要举措和成效"),
        ("二级标题", "（一）依法全面履行政府职能"),
        ("Normal", BLOCKS[2].text),
        ("Normal", "1.深化“放管服”改革"),  # 1. and （1） are set like body text
        ("Normal", "行政机关负责人出庭应诉率100%。"),
        ("一级标题", "二、存在的不足和原因"),
        ("Normal", "基层法治建设力量仍然薄弱。"),
        ("Normal", ""),  # 正文下空一行
        ("发文机关署名", "莘县人民政府"),
        ("成文日期", "2026年3月19日"),
    ]


def test_body_is_fangsong_sanhao_with_exact_28pt_lines(docx) -> None:  # noqa: ANN001
    normal = docx.styles["Normal"]
    assert normal.font.size == Pt(16)  # 三号
    assert rfonts(normal.element) == {"ascii": "仿宋", "hAnsi": "仿宋", "eastAsia": "仿宋_GB2312",
                                      "cs": "仿宋", "hint": "eastAsia"}
    fmt = normal.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing == Pt(28)
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert fmt.space_before == Pt(0) and fmt.space_after == Pt(0)
    assert fmt.widow_control is False
    assert ind(normal.element)["firstLineChars"] == "200"  # 首行缩进二字
    assert ind(normal.element)["firstLine"] == "640"
    # Condensed by ¼ pt so that 28 characters fill the 156 mm line.
    spacing = normal.element.find(f"{qn('w:rPr')}/{qn('w:spacing')}")
    assert spacing.get(qn("w:val")) == "-5"
    assert 28 * (16 - 0.25) <= 156 / 25.4 * 72 < 28 * 16
    # The defaults (used by anything without a style) are the same font, zh-CN.
    defaults = docx.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
    assert rfonts(defaults)["eastAsia"] == "仿宋_GB2312"
    assert defaults.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:eastAsia")) == "zh-CN"


@pytest.mark.parametrize(("style", "east_asian", "latin", "size", "outline"), [
    ("公文标题", "方正小标宋简体", "宋体", 22, None),  # 二号
    ("一级标题", "黑体", "黑体", 16, "0"),
    ("二级标题", "楷体_GB2312", "楷体", 16, "1"),
    ("主送机关", "仿宋_GB2312", "仿宋", 16, None),
    ("发文机关署名", "仿宋_GB2312", "仿宋", 16, None),
    ("成文日期", "仿宋_GB2312", "仿宋", 16, None),
    ("页码", "宋体", "宋体", 14, None),  # 四号
])
def test_style_fonts_and_sizes(docx, style, east_asian, latin, size, outline) -> None:  # noqa: ANN001
    s = docx.styles[style]
    fonts = rfonts(s.element)
    assert (fonts["eastAsia"], fonts["ascii"], fonts["hAnsi"]) == (east_asian, latin, latin)
    assert not any(k.endswith("Theme") or k == "cstheme" for k in fonts)  # themes would win
    assert s.font.size == Pt(size)
    level = s.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    assert (level.get(qn("w:val")) if level is not None else None) == outline


def test_alignment_and_indents(docx) -> None:  # noqa: ANN001
    styles = docx.styles
    assert styles["公文标题"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert ind(styles["公文标题"].element)["firstLineChars"] == "0"
    assert ind(styles["主送机关"].element)["firstLineChars"] == "0"  # 居左顶格
    assert ind(styles["一级标题"].element)["firstLineChars"] == "200"
    assert ind(styles["二级标题"].element)["firstLineChars"] == "200"
    for name in ("公文标题", "主送机关", "一级标题", "二级标题"):
        assert styles[name].paragraph_format.keep_with_next
    by_text = {p.text: p for p in docx.paragraphs}
    issuer, date = by_text["莘县人民政府"], by_text["2026年3月19日"]
    assert issuer.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # The date is longer than the 署名: the date 2 characters from the right,
    # the 署名 so that the date starts two characters right of it (4.5 characters).
    assert ind(date._p)["rightChars"] == "200"
    assert ind(issuer._p)["rightChars"] == "450"


def test_signature_indents() -> None:
    # 莘县人民政府 (6 characters) and 2026年3月19日 (6½): the date is the longer.
    assert docx_render.signature_indents("莘县人民政府", "2026年3月19日") == (9, 4)
    # A long 署名: it stands two characters from the right, the date starts
    # two characters right of its first character.
    issuer, date = "中共莘县县委莘县人民政府", "2026年3月19日"
    right_issuer, right_date = docx_render.signature_indents(issuer, date)
    assert right_issuer == 4
    start_issuer = right_issuer + docx_render.text_width(issuer)
    start_date = right_date + docx_render.text_width(date)
    assert start_issuer - start_date == 4  # two characters, in half characters


def test_title_breaks_before_guanyu_only_when_too_long() -> None:
    assert docx_render.title_lines(TITLE) == ["莘县人民政府", "关于2025年度法治政府建设情况的报告"]
    assert docx_render.title_lines("莘县2025年法治政府建设情况的报告") == [
        "莘县2025年法治政府建设情况的报告"]
    assert docx_render.title_lines("中共莘县县委 莘县人民政府\n关于法治政府建设的报告") == [
        "中共莘县县委 莘县人民政府", "关于法治政府建设的报告"]


def test_footer_page_numbers_with_dashes_odd_right_even_left(docx) -> None:  # noqa: ANN001
    assert docx.settings.odd_and_even_pages_header_footer is True
    section = docx.sections[0]
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "rightChars"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT,
                                 "leftChars")):
        (paragraph,) = footer.paragraphs
        assert paragraph.style.name == "页码"
        assert paragraph.alignment == align
        assert ind(paragraph._p)[side] == "100"  # 空一字
        xml = paragraph._p
        instr = [t.text for t in xml.iter(qn("w:instrText"))]
        assert instr == [" PAGE "]
        kinds = [f.get(qn("w:fldCharType")) for f in xml.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
    assert section.footer.paragraphs[0].text == "— 1 —"
    assert section.even_page_footer.paragraphs[0].text == "— 2 —"
    assert round(section.footer_distance.mm) == docx_render.FOOTER_MM


def test_font_table_names_the_substitutes(docx) -> None:  # noqa: ANN001
    part = docx.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(part.blob)
    fonts = {f.get(qn("w:name")): f for f in root.findall(qn("w:font"))}
    alt = {name: fonts[name].find(qn("w:altName")).get(qn("w:val"))
           for name in ("仿宋_GB2312", "楷体_GB2312", "方正小标宋简体", "仿宋", "楷体")}
    assert alt == {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体",
                   "仿宋": "FangSong", "楷体": "KaiTi"}
    assert fonts["仿宋_GB2312"].find(qn("w:charset")).get(qn("w:val")) == "86"


def test_core_properties(docx) -> None:  # noqa: ANN001
    props = docx.core_properties
    assert props.title == TITLE
    assert props.language == "zh-CN"
    assert props.author == "莘县人民政府"
    assert props.comments == ""  # not the template's “generated by python-docx”
    assert props.created.year >= 2025


def test_without_recipients_issuer_or_date() -> None:
    doc = open_docx(docx_render.render(sample(recipients="", issuer="", date=None,
                                              title="法治政府建设情况的报告")))
    names = [p.style.name for p in doc.paragraphs]
    assert "主送机关" not in names and "发文机关署名" not in names and "成文日期" not in names
    assert doc.paragraphs[-1].text == "基层法治建设力量仍然薄弱。"


def test_recipients_colon_not_doubled() -> None:
    doc = open_docx(docx_render.render(sample(recipients="中共聊城市委：")))
    assert [p.text for p in doc.paragraphs if p.style.name == "主送机关"] == ["中共聊城市委："]


# The command and the report as stored.

@pytest.fixture
def report(county):  # noqa: ANN001, ANN201
    r = AnnualReport.objects.create(
        region=county.county, year=2025, title="莘县2025年法治政府建设情况的报告",
        recipients="中共聊城市委、聊城市人民政府", issuer="莘县人民政府",
        report_date=datetime.date(2026, 3, 19))
    for order, (part, heading, text) in enumerate([
        (1, "依法全面履行政府职能", "全年受理行政复议申请73件。\n\n1.深化改革\n（1）推进“一网通办”。"),
        (1, "完善依法行政制度体系", "制定行政规范性文件5件。"),
        (2, "", "基层法治建设力量仍然薄弱。"),
        (4, "", "持续推进法治政府建设。"),
    ], start=1):
        ReportSection.objects.create(report=r, part=part, order=order, heading=heading, text=text)
    return r


@pytest.mark.django_db
def test_command_writes_the_stored_report(report, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "报告.docx"
    stdout = io.StringIO()
    call_command("annual_report", "--region", "莘县", "--year", "2025", "--out", str(out),
                 stdout=stdout)
    assert "已写入Word 版" in stdout.getvalue()
    doc = open_docx(out.read_bytes())
    rows = [(p.style.name, p.text) for p in doc.paragraphs if p.text]
    assert rows[:3] == [("公文标题", "莘县2025年法治政府建设情况的报告"),
                        ("主送机关", "中共聊城市委、聊城市人民政府："),
                        ("一级标题", "一、主要举措和成效")]
    headings = [(name, text) for name, text in rows if name in ("一级标题", "二级标题")]
    assert headings == [
        ("一级标题", "一、主要举措和成效"),
        ("二级标题", "（一）依法全面履行政府职能"),
        ("二级标题", "（二）完善依法行政制度体系"),
        ("一级标题", "二、存在的不足和原因"),
        ("一级标题", "四、下一年度主要安排"),  # each part keeps its number: 三 missing shows
    ]
    body = [text for name, text in rows if name == "Normal"]
    assert body[:3] == ["全年受理行政复议申请73件。", "1.深化改革", "（1）推进“一网通办”。"]
    assert rows[-2:] == [("发文机关署名", "莘县人民政府"), ("成文日期", "2026年3月19日")]
    # By id as well as by name.
    call_command("annual_report", "--region", str(report.region_id), "--year", "2025",
                 "--out", str(out), stdout=io.StringIO())


@pytest.mark.django_db
def test_command_composes_a_draft_when_there_is_none(county, tmp_path: Path) -> None:  # noqa: ANN001
    pytest.importorskip("fazhi.reports.compose")
    out = tmp_path / "r.docx"
    stdout = io.StringIO()
    call_command("annual_report", "--region", "莘县", "--year", "2025", "--out", str(out),
                 stdout=stdout)
    report = AnnualReport.objects.get(region=county.county, year=2025)
    assert report.state == AnnualReport.State.DRAFT
    assert "已根据记录起草一份草稿" in stdout.getvalue()
    doc = open_docx(out.read_bytes())
    assert doc.paragraphs[0].text.startswith("莘县")
    parts = [b.text for b in build(report).blocks if b.kind == "heading" and b.level == 1]
    assert parts  # the required parts the draft proposes
    assert [p.text for p in doc.paragraphs if p.style.name == "一级标题"] == parts


@pytest.mark.django_db
@pytest.mark.parametrize(("args", "message"), [
    (["--region", "不存在县", "--out", "r.docx"], "找不到地区：不存在县"),
    (["--region", "莘县", "--out", "r.txt"], "不支持的输出格式“.txt”"),
    (["--region", "莘县", "--out", "r"], "不支持的输出格式“（无扩展名）”"),
    (["--region", "莘县", "--out", "没有的目录/r.docx"], "输出目录不存在"),
])
def test_command_errors_in_chinese_with_code_2(county, tmp_path: Path, monkeypatch,  # noqa: ANN001
                                              args, message) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError) as exc:
        call_command("annual_report", "--year", "2025", *args, stdout=io.StringIO())
    assert message in str(exc.value)
    assert exc.value.returncode == 2
    assert not AnnualReport.objects.exists()


@pytest.mark.django_db
def test_command_html_only_with_the_html_renderer(report, tmp_path: Path) -> None:  # noqa: ANN001
    from fazhi.reports.management.commands.annual_report import html_renderer

    out = tmp_path / "r.html"
    args = ["annual_report", "--region", "莘县", "--year", "2025", "--out", str(out)]
    if html_renderer() is None:  # the HTML page is not there yet: refused, in Chinese
        with pytest.raises(CommandError, match="不支持的输出格式“.html”，请使用 .docx、.pdf"):
            call_command(*args, stdout=io.StringIO())
        return
    call_command(*args, stdout=io.StringIO())
    assert "莘县2025年法治政府建设情况的报告" in out.read_text(encoding="utf-8")
