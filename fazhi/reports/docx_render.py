"""年度报告的 Word 版（.docx），按《党政机关公文格式》（GB/T 9704-2012）排版。

Layout (GB/T 9704-2012 §5, §7): A4; 天头 37 mm, 订口 28 mm, so 版心 156 × 225 mm
(bottom 35 mm, right 26 mm); 22 lines of 28 characters; title 2号方正小标宋简体
centred; 主送机关 flush left one line below the title; body 3号仿宋_GB2312, first
line indented two characters, lines exactly 28 pt apart, justified; 一、 headings
黑体, （一） headings 楷体_GB2312, 1. and （1） set like body text; 发文机关署名 and
成文日期 (Arabic numerals) one line below the text, right-aligned as §7.3.5.2
prescribes for a document without seal; page numbers “— 1 —” in 4号宋体, odd
pages right and even pages left, one character in (§7.5).

Fonts. ``w:rFonts`` holds one name per script, so the East Asian slot names the
font Word and WPS expect in a 公文 (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体)
and the Latin slots (digits, Latin letters) name the font of the same style that
every Chinese Windows has (仿宋, 楷体, 黑体, 宋体). The font table gives each
公文 font its substitute (``w:altName``: 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体,
方正小标宋简体 → 宋体) and the GB2312 charset: on a machine without the _GB2312
fonts Word and WPS set the text in 仿宋 (FangSong) and 楷体 (KaiTi).
LibreOffice substitutes through fontconfig; fazhi/reports/pdf.py adds the
aliases for its conversions.

Lines and characters. The exact 28 pt line spacing puts 22 lines in the 225 mm
版心 (23 would need 644 pt, it has 638). 28 characters of 16 pt need 448 pt and
the 版心 is 442 pt wide, so the characters are condensed by ¼ pt
(``w:spacing w:val="-5"``). No document grid: LibreOffice lays a Word
“lines and characters” grid out with doubled lines and wide gaps.
"""

from __future__ import annotations

import datetime
import io
import math

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from lxml import etree

from .document import ReportDocument

# GB/T 9704-2012 §5.2 (A4, 版心 156 × 225 mm).
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
LINE_PITCH_PT = 28
# 号 → points: 二号 22, 三号 16, 四号 14.
TITLE_PT, BODY_PT, PAGE_NUMBER_PT = 22, 16, 14
TEXT_WIDTH_PT = (PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) / 25.4 * 72
# Condense each character so that 28 fit (in twentieths of a point, rounded down).
CHAR_SPACING_TWENTIETHS = math.floor((TEXT_WIDTH_PT / CHARS_PER_LINE - BODY_PT) * 20)
# §7.5: the page number's dashes sit 7 mm below the 版心; Word measures the
# footer distance from the bottom of the page to the foot of the footer line.
FOOTER_MM = 24
HEADER_MM = 15

# (East Asian name, Latin name) — see the module docstring.
TITLE_FONT = ("方正小标宋简体", "宋体")
BODY_FONT = ("仿宋_GB2312", "仿宋")
HEADING1_FONT = ("黑体", "黑体")
HEADING2_FONT = ("楷体_GB2312", "楷体")
PAGE_NUMBER_FONT = ("宋体", "宋体")

# The font table: name → (substitute Word/WPS use when it is missing, family, pitch).
FONT_TABLE: dict[str, tuple[str, str, str]] = {
    "仿宋_GB2312": ("仿宋", "modern", "fixed"),
    "楷体_GB2312": ("楷体", "modern", "fixed"),
    "方正小标宋简体": ("宋体", "script", "fixed"),
    "仿宋": ("FangSong", "modern", "fixed"),
    "楷体": ("KaiTi", "modern", "fixed"),
    "黑体": ("SimHei", "modern", "fixed"),
    "宋体": ("SimSun", "auto", "variable"),
}

# Paragraph style name (what Word shows) → style id (ASCII, which every reader takes).
STYLE_IDS = {
    "公文标题": "GwTitle",
    "主送机关": "GwRecipients",
    "一级标题": "GwHeading1",
    "二级标题": "GwHeading2",
    "发文机关署名": "GwIssuer",
    "成文日期": "GwDate",
    "页码": "GwPageNumber",
}

# The children of w:rPr that follow w:spacing (the schema fixes their order).
_RPR_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
                      "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl",
                      "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")

# The children of w:pPr that follow w:autoSpaceDN.
_PPR_AFTER_AUTOSPACE = ("w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                        "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                        "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                        "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                        "w:pPrChange")


def twips(points: float) -> int:
    return round(points * 20)


def set_fonts(rpr: BaseOxmlElement, fonts: tuple[str, str]) -> None:
    """Name the fonts of a run or style explicitly (theme fonts would win over them)."""
    east_asian, latin = fonts
    rfonts = rpr.get_or_add_rFonts() if hasattr(rpr, "get_or_add_rFonts") else None
    if rfonts is None:  # docDefaults' rPr is a plain element
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.insert(0, rfonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr, name in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asian),
                       ("cs", latin)):
        rfonts.set(qn(f"w:{attr}"), name)
    rfonts.set(qn("w:hint"), "eastAsia")


def set_char_spacing(rpr: BaseOxmlElement, twentieths: int) -> None:
    """``w:spacing`` of a run (condensed when negative), in its schema place."""
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        successors = [rpr.find(qn(tag)) for tag in _RPR_AFTER_SPACING]
        following = next((el for el in successors if el is not None), None)
        if following is None:
            rpr.append(spacing)
        else:
            following.addprevious(spacing)
    spacing.set(qn("w:val"), str(twentieths))


def set_indent(ppr: BaseOxmlElement, *, first: float = 0, left: float = 0, right: float = 0,
               char_pt: float = BODY_PT) -> None:
    """Indents in characters (``w:*Chars``, which Word and WPS keep) and the same
    lengths in twips for readers that ignore character units."""
    ind = ppr.get_or_add_ind()
    for side, chars in (("firstLine", first), ("left", left), ("right", right)):
        ind.set(qn(f"w:{side}Chars"), str(round(chars * 100)))
        ind.set(qn(f"w:{side}"), str(twips(chars * char_pt)))


def no_autospace(ppr: BaseOxmlElement) -> None:
    """No extra space between Chinese and digits (Word's and LibreOffice's
    default), so that 2026年3月19日 is as wide as §7.3.5.2 counts it."""
    successors = [ppr.find(qn(tag)) for tag in _PPR_AFTER_AUTOSPACE]
    following = next((el for el in successors if el is not None), None)
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        element = ppr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            if following is None:
                ppr.append(element)
            else:
                following.addprevious(element)
        element.set(qn("w:val"), "0")


def _paragraph_style(doc: DocxDocument, name: str, *, fonts: tuple[str, str], size_pt: float,
                     align: WD_ALIGN_PARAGRAPH, first_chars: float = 0,
                     outline_level: int | None = None, keep_with_next: bool = False,
                     char_spacing: int = CHAR_SPACING_TWENTIETHS) -> ParagraphStyle:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = STYLE_IDS[name]
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size_pt)
    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr, fonts)
    set_char_spacing(rpr, char_spacing)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.keep_with_next = keep_with_next
    ppr = style.element.get_or_add_pPr()
    set_indent(ppr, first=first_chars, char_pt=size_pt)
    if outline_level is not None:
        # Word's navigation pane and table of contents read the outline level.
        ppr.get_or_add_outlineLvl().set(qn("w:val"), str(outline_level))
    return style


def _setup_defaults(doc: DocxDocument) -> None:
    """Document defaults and Normal: 3号仿宋_GB2312, exact 28 pt, justified."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, BODY_FONT)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(BODY_PT * 2))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    for attr, value in (("after", "0"), ("line", str(twips(LINE_PITCH_PT))),
                        ("lineRule", "exact")):
        spacing.set(qn(f"w:{attr}"), value)

    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal_rpr = normal.element.get_or_add_rPr()
    set_fonts(normal_rpr, BODY_FONT)
    set_char_spacing(normal_rpr, CHAR_SPACING_TWENTIETHS)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    # Widow control would pull lines to the next page and break the 22-line page.
    fmt.widow_control = False
    set_indent(normal.element.get_or_add_pPr(), first=2)

    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


def _setup_font_table(doc: DocxDocument) -> None:
    """Declare the 公文 fonts with their substitutes (``w:altName``) and charset."""
    part = doc.part.part_related_by(RT.FONT_TABLE)  # a plain Part: edit its XML
    root = etree.fromstring(part.blob)
    known = {font.get(qn("w:name")) for font in root.findall(qn("w:font"))}
    for name, (alt, family, pitch) in FONT_TABLE.items():
        if name in known:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        # Children in schema order: altName, charset, family, pitch.
        for tag, value in (("altName", alt), ("charset", "86"),  # 86: GB2312_CHARSET
                           ("family", family), ("pitch", pitch)):
            etree.SubElement(font, qn(f"w:{tag}")).set(qn("w:val"), value)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _setup_section(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance, section.footer_distance = Mm(HEADER_MM), Mm(FOOTER_MM)
    section.gutter = Mm(0)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:  # no grid type: see the module docstring
        grid.attrib.pop(qn("w:type"), None)
        grid.set(qn("w:linePitch"), str(twips(LINE_PITCH_PT)))


def _page_number(paragraph: Paragraph, cached: int) -> None:
    """“— N —” with a PAGE field (the cached number shows until fields update)."""
    paragraph.add_run("— ")
    for kind, value in (("begin", ""), ("instr", " PAGE "), ("separate", ""),
                        ("text", str(cached)), ("end", "")):
        run = paragraph.add_run()
        if kind == "text":
            run.text = value
        elif kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = value
            run._r.append(instr)
        else:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
    paragraph.add_run(" —")


def _setup_footers(doc: DocxDocument) -> None:
    style = _paragraph_style(doc, "页码", fonts=PAGE_NUMBER_FONT, size_pt=PAGE_NUMBER_PT,
                             align=WD_ALIGN_PARAGRAPH.RIGHT, char_spacing=0)
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # §7.5: odd pages right, even pages left, one (body) character in.
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align, cached in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, 1),
                                  (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, 2)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = style
        paragraph.alignment = align
        ppr = paragraph._p.get_or_add_pPr()
        right = align == WD_ALIGN_PARAGRAPH.RIGHT
        set_indent(ppr, right=1 if right else 0, left=0 if right else 1, char_pt=BODY_PT)
        _page_number(paragraph, cached)


def text_width(text: str) -> int:
    """Width in half characters: digits and Latin letters are half-width."""
    return sum(1 if ch.isascii() else 2 for ch in text)


def signature_indents(issuer: str, date_text: str) -> tuple[int, int]:
    """Right indents, in half characters, of 署名 and 成文日期 (§7.3.5.2): the 署名
    two characters from the right and the date one line below, its first
    character two characters right of the 署名's first; when the date is the
    longer, the date stands two characters from the right and the 署名 moves."""
    w_issuer, w_date = text_width(issuer), text_width(date_text)
    if not issuer:
        return 0, 4
    if w_date <= w_issuer - 4:
        return 4, w_issuer - w_date
    return 8 + w_date - w_issuer, 4


def title_lines(title: str) -> list[str]:
    """The title's lines. GB/T 9704 §7.3.3 wants a long title broken where the
    sense allows: a title of more than one line breaks before 关于 when both
    halves fit (the 发文机关 above, the subject below); otherwise Word wraps it.
    Line breaks typed by the office are kept."""
    lines = [line.strip() for line in (title or "").splitlines() if line.strip()]
    if len(lines) != 1:
        return lines or [""]
    line = lines[0]
    per_line = math.floor(TEXT_WIDTH_PT / TITLE_PT) * 2  # half characters
    at = line.find("关于")
    if (text_width(line) > per_line and at > 0
            and text_width(line[:at]) <= per_line and text_width(line[at:]) <= per_line):
        return [line[:at], line[at:]]
    return [line]


def _right_aligned(paragraph: Paragraph, half_chars: int) -> None:
    set_indent(paragraph._p.get_or_add_pPr(), right=half_chars / 2)


def _core_properties(doc: DocxDocument, report: ReportDocument) -> None:
    props = doc.core_properties
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    props.title = report.title
    props.subject = "法治政府建设年度报告"
    props.author = props.last_modified_by = report.issuer or ""
    props.language = "zh-CN"
    props.comments = props.keywords = ""
    props.category = "公文"
    props.created = props.modified = now
    props.revision = 1


def render(report: ReportDocument) -> bytes:
    """The report as a .docx in the 公文 layout."""
    doc = Document()
    _setup_defaults(doc)
    _setup_font_table(doc)
    _setup_section(doc)
    title = _paragraph_style(doc, "公文标题", fonts=TITLE_FONT, size_pt=TITLE_PT,
                             align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True,
                             char_spacing=0)
    recipients = _paragraph_style(doc, "主送机关", fonts=BODY_FONT, size_pt=BODY_PT,
                                  align=WD_ALIGN_PARAGRAPH.JUSTIFY, keep_with_next=True)
    headings = {
        1: _paragraph_style(doc, "一级标题", fonts=HEADING1_FONT, size_pt=BODY_PT,
                            align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_chars=2, outline_level=0,
                            keep_with_next=True),
        2: _paragraph_style(doc, "二级标题", fonts=HEADING2_FONT, size_pt=BODY_PT,
                            align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_chars=2, outline_level=1,
                            keep_with_next=True),
    }
    issuer = _paragraph_style(doc, "发文机关署名", fonts=BODY_FONT, size_pt=BODY_PT,
                              align=WD_ALIGN_PARAGRAPH.RIGHT, keep_with_next=True)
    date = _paragraph_style(doc, "成文日期", fonts=BODY_FONT, size_pt=BODY_PT,
                            align=WD_ALIGN_PARAGRAPH.RIGHT)
    for style in (issuer, date):
        no_autospace(style.element.get_or_add_pPr())
    _setup_footers(doc)
    _core_properties(doc, report)

    for empty in doc.paragraphs:  # the template's empty first paragraph
        empty._p.getparent().remove(empty._p)
    for line in title_lines(report.title):
        doc.add_paragraph(line, style=title)
    doc.add_paragraph("", style=title)  # 标题下空一行
    if report.recipients:
        doc.add_paragraph(f"{report.recipients.rstrip('：:')}：", style=recipients)
    for block in report.blocks:
        if block.kind == "heading" and block.level in headings:
            doc.add_paragraph(block.text, style=headings[block.level])
        else:  # paragraphs, and 1. / （1） headings, which are set like body text
            doc.add_paragraph(block.text)
    if report.issuer or report.date_text:
        doc.add_paragraph("")  # 正文下空一行
        issuer_indent, date_indent = signature_indents(report.issuer, report.date_text)
        if report.issuer:
            _right_aligned(doc.add_paragraph(report.issuer, style=issuer), issuer_indent)
        if report.date_text:
            _right_aligned(doc.add_paragraph(report.date_text, style=date), date_indent)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
