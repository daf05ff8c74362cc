"""Tests for the shared document reader."""

from __future__ import annotations

import io
import os

import pytest

from fazhi.core.documents import MAX_BYTES, Document, DocumentError, read_document, read_path

SAMPLE = "莘县2022年法治政府建设工作计划\n一、持续推进学习宣传贯彻习近平法治思想\n1. 推动学习走深走实。\n"


def _docx_bytes() -> bytes:
    import docx

    doc = docx.Document()
    doc.add_heading("莘县2022年法治政府建设工作计划", level=1)
    doc.add_paragraph("一、持续推进学习宣传贯彻习近平法治思想")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "牵头单位"
    table.cell(0, 1).text = "责任单位"
    table.cell(1, 0).text = "县司法局"
    table.cell(1, 1).text = "县政府各部门"
    doc.add_paragraph("1. 推动学习宣传贯彻习近平法治思想走深走实。")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer, written by hand (a built-in CJK font, UCS-2 strings)."""
    ops = ["BT", "/F1 12 Tf", "14 TL", "50 780 Td"]
    ops += ["<" + ln.encode("utf-16-be").hex().upper() + "> Tj T*" for ln in lines]
    ops.append("ET")
    stream = "\n".join(ops).encode("ascii")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
        b" /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>"
        b" /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


# --- text -----------------------------------------------------------------


def test_utf8_text_is_returned_verbatim() -> None:
    raw = "标题\r\n  正文，第一段。\n\n"
    doc = read_document(raw.encode("utf-8"), "plan.txt")
    assert doc == Document(text=raw, kind="txt", encoding="utf-8", title=None)


def test_utf8_bom() -> None:
    doc = read_document(SAMPLE.encode("utf-8-sig"), "PLAN.TXT")
    assert doc.text == SAMPLE
    assert doc.encoding == "utf-8-sig"


def test_gbk_text() -> None:
    doc = read_document(SAMPLE.encode("gbk"), "plan.md")
    assert doc.text == SAMPLE
    assert doc.kind == "md"
    assert doc.encoding == "gb18030"


def test_offsets_match_decoded_file() -> None:
    raw = "# 标题\n\n1．任务〔牵头单位：县司法局〕\n"
    doc = read_document(raw.encode("gbk"), "a.md")
    assert doc.text.index("县司法局") == raw.index("县司法局")


def test_binary_named_txt() -> None:
    garbage = bytes(range(256)) * 8
    with pytest.raises(DocumentError, match="不是文本"):
        read_document(garbage, "report.txt")


def test_undecodable_text_without_nul() -> None:
    # bytes that are neither UTF-8 nor GB18030 (0x80 / 0xFF never start a GB18030 character)
    with pytest.raises(DocumentError, match="无法识别文件编码"):
        read_document("计划".encode() + b"\xff\x80\xff", "a.txt")


def test_empty_file() -> None:
    with pytest.raises(DocumentError, match="文件为空"):
        read_document(b"", "a.txt")


def test_whitespace_only() -> None:
    with pytest.raises(DocumentError, match="文件为空"):
        read_document(b" \n\t\r\n", "a.txt")
    with pytest.raises(DocumentError, match="文件为空"):
        read_document("\u3000\u3000\n".encode(), "a.md")


def test_too_large_names_limit() -> None:
    with pytest.raises(DocumentError, match=r"1 MB"):
        read_document(b"a" * (1024 * 1024 + 1), "a.txt", max_bytes=1024 * 1024)
    assert MAX_BYTES == 20 * 1024 * 1024


def test_unknown_extension_lists_supported_types() -> None:
    with pytest.raises(DocumentError) as exc:
        read_document(b"hello", "plan.xls")
    for ext in (".txt", ".md", ".html", ".htm", ".docx", ".pdf"):
        assert ext in str(exc.value)
    with pytest.raises(DocumentError, match="不支持"):
        read_document(b"hello", "noextension")


def test_read_path(tmp_path: os.PathLike[str]) -> None:
    path = tmp_path / "计划.txt"  # type: ignore[operator]
    path.write_bytes(SAMPLE.encode("gbk"))
    assert read_path(path).text == SAMPLE
    with pytest.raises(DocumentError, match="过大"):
        read_path(path, max_bytes=10)


# --- docx -----------------------------------------------------------------


def test_docx_paragraphs_and_table_in_order() -> None:
    doc = read_document(_docx_bytes(), "plan.DOCX")
    assert doc.kind == "docx"
    assert doc.title == "莘县2022年法治政府建设工作计划"
    lines = [ln for ln in doc.text.split("\n") if ln]
    assert lines == [
        "莘县2022年法治政府建设工作计划",
        "一、持续推进学习宣传贯彻习近平法治思想",
        "牵头单位",
        "责任单位",
        "县司法局",
        "县政府各部门",
        "1. 推动学习宣传贯彻习近平法治思想走深走实。",
    ]


def test_fake_docx_not_a_zip() -> None:
    with pytest.raises(DocumentError, match="Word"):
        read_document("这不是 Word 文档".encode(), "plan.docx")


def test_zip_without_document_xml() -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(DocumentError, match="Word"):
        read_document(buf.getvalue(), "plan.docx")


# --- pdf ------------------------------------------------------------------


def test_fake_pdf() -> None:
    with pytest.raises(DocumentError, match="PDF"):
        read_document("不是 PDF".encode(), "report.pdf")


def test_broken_pdf() -> None:
    with pytest.raises(DocumentError, match="PDF"):
        read_document(b"%PDF-1.4\n garbage garbage", "report.pdf")


def test_pdf_with_text_layer() -> None:
    doc = read_document(_pdf_bytes(["莘县2022年法治政府建设工作计划", "1. 推动学习宣传。"]), "a.pdf")
    assert doc.kind == "pdf"
    assert "莘县2022年法治政府建设工作计划" in doc.text
    assert "1. 推动学习宣传。" in doc.text


def test_pdf_without_text_layer() -> None:
    with pytest.raises(DocumentError, match="没有文字层"):
        read_document(_pdf_bytes([]), "scan.pdf")


# --- html -----------------------------------------------------------------

ARTICLE_PARAS = [
    "2023年，我县坚持以习近平法治思想为指导，扎实推进依法行政，法治政府建设取得新成效。",
    "一、主要举措和成效",
    "全年接收行政复议申请91件，受理73件，审结68件，行政机关负责人出庭应诉率100%。",
    "严格落实重大行政决策程序，编制并公开年度重大行政决策事项目录，合法性审查率达到100%。",
]

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于2023年度法治政府建设情况的报告_某某县人民政府</title>
<script>var nav = "首页";</script><style>.x{{color:red}}</style></head>
<body>
<div class="top"><div class="logo">某某县人民政府</div>
 <ul class="menu"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
 <li><a href="/bs">政务服务</a></li><li><a href="/hd">互动交流</a></li></ul></div>
<nav><a href="/">网站导航</a> <a href="/x">走进某某</a></nav>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<div class="wrap">
 <div class="left">
  <h3>热点新闻</h3>
  <ul><li><a href="/1">县长主持召开常务会议</a></li><li><a href="/2">全县安全生产工作会议召开</a></li>
  <li><a href="/3">我县开展普法宣传活动</a></li><li><a href="/4">政务服务中心延时服务</a></li></ul>
 </div>
 <div class="article">
  <h1>关于2023年度法治政府建设情况的报告</h1>
  <div class="info">发布时间：2024-03-19 来源：县司法局</div>
  <div id="zoom" class="TRS_Editor">
   {paras}
  </div>
  <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
 </div>
 <aside><a href="/a">专题专栏</a><p>为民服务热线：12345</p></aside>
</div>
<div id="footer">主办单位：某某县人民政府办公室　地址：某某县人民路1号　电话：0635-1234567<br>
版权所有 网站标识码 3715000000</div>
</body></html>
"""


def _page(encoding: str = "gbk") -> bytes:
    paras = "\n   ".join(f"<p>\u3000\u3000{p}</p>" for p in ARTICLE_PARAS)
    return PAGE.format(paras=paras).encode(encoding)


def test_html_article_found_among_furniture() -> None:
    doc = read_document(_page(), "report.html")
    assert doc.kind == "html"
    assert doc.encoding == "gb18030"
    assert doc.title == "关于2023年度法治政府建设情况的报告"
    for para in ARTICLE_PARAS:
        assert para in doc.text.split("\n")
    for furniture in ("首页", "政务公开", "热点新闻", "县长主持召开常务会议", "网站导航",
                      "分享到", "专题专栏", "版权所有", "主办单位", "var nav", "color"):
        assert furniture not in doc.text


def test_html_without_content_hints_uses_scoring() -> None:
    paras = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS)
    links = "".join(f"<a href='/{i}'>栏目{i}</a><br>" for i in range(30))
    page = (
        f"<html><body><table><tr><td class='l'>{links}</td>"
        f"<td class='r'><b>报告</b>{paras}</td></tr></table>"
        f"<div class='b'>某某县人民政府 版权所有</div></body></html>"
    )
    doc = read_document(page.encode("utf-8"), "page.htm")
    assert doc.encoding == "utf-8"
    assert doc.title is None
    assert all(p in doc.text for p in ARTICLE_PARAS)
    assert "栏目" not in doc.text
    assert "版权所有" not in doc.text


def test_html_br_breaks_and_utf8_meta() -> None:
    page = (
        '<html><head><meta charset="utf-8"><title>计划</title></head><body>'
        '<div class="content">第一句，正文内容。<br>第二句，正文\n内容。</div></body></html>'
    )
    doc = read_document(page.encode("utf-8"), "a.html")
    assert doc.text == "第一句，正文内容。\n第二句，正文 内容。"
    assert doc.title == "计划"


def test_docx_automatic_numbering_is_rendered() -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = docx.Document()
    numbering = doc.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%2."/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )

    def numbered(text: str, level: int) -> None:
        para = doc.add_paragraph(text)
        para._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
            )
        )

    numbered("持续推进学习", 0)
    numbered("推动学习走深走实。", 1)
    numbered("组织专题讲座。", 1)
    for _ in range(9):
        numbered("某项工作", 0)
    numbered("加快建设数字法治政府", 0)
    numbered("加快平台建设。", 1)
    doc.add_paragraph("没有编号的段落", style="List Bullet")
    buf = io.BytesIO()
    doc.save(buf)
    lines = read_document(buf.getvalue(), "plan.docx").text.split("\n")
    assert lines[:3] == ["一、持续推进学习", "1. 推动学习走深走实。", "2. 组织专题讲座。"]
    assert lines[-3:] == ["十一、加快建设数字法治政府", "1. 加快平台建设。", "没有编号的段落"]


def test_html_page_wrapped_in_a_form() -> None:
    # ASP.NET sites put the whole page inside <form>; it must not be dropped as furniture
    paras = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS)
    page = (
        "<html><body><form id='form1' method='post'><input type='hidden' value='x'>"
        "<div class='nav'><a href='/'>首页</a><a href='/b'>政务公开</a></div>"
        f"<div id='zoom'>{paras}</div>"
        "<div class='footer'>版权所有：某某县人民政府</div></form></body></html>"
    )
    doc = read_document(page.encode("utf-8"), "a.html")
    assert doc.text == "\n".join(ARTICLE_PARAS)


def test_related_links_inside_the_content_block_are_dropped() -> None:
    paras = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS)
    related = "".join(f"<li><a href='/{i}'>相关文章标题第{i}篇</a></li>" for i in range(5))
    page = (
        f"<html><body><div class='content'>{paras}"
        f"<p>附件：<a href='/f.docx'>任务分工表.docx</a></p>"
        f"<div><h4>相关文章</h4><ul>{related}</ul></div></div></body></html>"
    )
    doc = read_document(page.encode("utf-8"), "a.html")
    assert doc.text == "\n".join([*ARTICLE_PARAS, "附件：任务分工表.docx"])
