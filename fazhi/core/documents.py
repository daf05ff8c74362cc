"""Turn an uploaded file (txt, md, html, docx, pdf) into plain text.

Shared by the plan importer and by the reader of published annual reports.
Every failure is a :class:`DocumentError` whose message is Chinese and can be
shown to the user as is.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .docx_numbering import _is_heading_style, _WordNumbering

__all__ = [
    "MAX_BYTES",
    "SUPPORTED_EXTENSIONS",
    "Document",
    "DocumentError",
    "html_article",
    "read_document",
    "read_path",
]

MAX_BYTES: int = 20 * 1024 * 1024

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
_SUPPORTED_TEXT = " ".join(SUPPORTED_EXTENSIONS)


class DocumentError(ValueError):
    """A file that cannot be read; str(exc) is a clear Chinese message for the user."""


@dataclass(frozen=True)
class Document:
    text: str  # for .txt/.md exactly the decoded file: offsets into it are offsets into the file
    kind: str  # "txt" | "md" | "html" | "docx" | "pdf"
    encoding: str | None  # "utf-8", "utf-8-sig", "gb18030", "utf-16" for text; None for docx/pdf
    title: str | None  # <title>/<h1> of a web page, first heading of a docx, else None


# ---------------------------------------------------------------------------
# entry points
# ---------------------------------------------------------------------------


def read_document(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read ``data`` (the bytes of a file called ``filename``) into a :class:`Document`."""
    ext = Path(filename or "").suffix.lower()
    if ext not in _READERS:
        raise DocumentError(_unsupported_message(ext))
    if len(data) > max_bytes:
        raise DocumentError(
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），"
            f"单个文件不能超过 {_format_mb(max_bytes)} MB。"
        )
    if not data.strip():
        raise DocumentError("文件为空，没有可读取的内容。")
    return _READERS[ext](data)


def read_path(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Document:
    """Read a file from disk; the size is checked before the file is loaded."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise DocumentError(f"无法打开文件“{p.name}”。") from exc
    if size > max_bytes:
        raise DocumentError(
            f"文件过大（{size / 1024 / 1024:.1f} MB），单个文件不能超过 {_format_mb(max_bytes)} MB。"
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DocumentError(f"无法打开文件“{p.name}”。") from exc
    return read_document(data, p.name, max_bytes=max_bytes)


def _format_mb(n: int) -> str:
    mb = n / 1024 / 1024
    return f"{mb:g}" if mb >= 1 else f"{mb:.2f}".rstrip("0").rstrip(".")


def _unsupported_message(ext: str) -> str:
    shown = ext or "无扩展名"
    hint = ""
    if ext in (".doc", ".wps"):
        hint = "旧版 Word/WPS 文件请先另存为 .docx 再上传；"
    return f"不支持的文件类型（{shown}）。{hint}支持的类型：{_SUPPORTED_TEXT}。"


# ---------------------------------------------------------------------------
# plain text
# ---------------------------------------------------------------------------

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def _looks_binary(text: str) -> bool:
    """True when decoded text is full of control or unassigned characters."""
    if not text:
        return False
    odd = 0
    for ch in text:
        cat = unicodedata.category(ch)
        if (cat == "Cc" and ch not in _ALLOWED_CONTROLS) or cat in ("Cn", "Co", "Cs"):
            odd += 1
    # a few stray characters happen in real files; garbage is dense with them
    return odd > 2 and odd / len(text) > 0.002


def _decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes: UTF-8 (with or without BOM), then GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows Notepad "Unicode" files: the only text encoding with NUL bytes
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DocumentError("无法识别文件编码，请另存为 UTF-8 编码的文本后重新上传。") from exc
    if b"\x00" in data:
        raise DocumentError("文件内容不是文本（可能是二进制文件或改了扩展名），请检查文件。")
    candidates = ("utf-8-sig",) if data.startswith(b"\xef\xbb\xbf") else ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise DocumentError("文件内容不是文本（可能是二进制文件或改了扩展名），请检查文件。")
        return text, encoding
    raise DocumentError(
        "无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030），请另存为 UTF-8 编码的文本后重新上传。"
    )


def _read_text(data: bytes, kind: str) -> Document:
    text, encoding = _decode_text(data)
    if not text.strip():
        raise DocumentError("文件为空，没有可读取的内容。")
    # offsets into text must equal offsets into the decoded file: no normalisation
    return Document(text=text, kind=kind, encoding=encoding, title=None)


def _read_txt(data: bytes) -> Document:
    return _read_text(data, "txt")


def _read_md(data: bytes) -> Document:
    return _read_text(data, "md")


# ---------------------------------------------------------------------------
# docx
# ---------------------------------------------------------------------------

_W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx(data: bytes) -> Document:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentError("文件不是有效的 Word（.docx）文档，可能已损坏或只是改了扩展名。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "word/document.xml" not in zf.namelist():
                raise DocumentError("文件不是有效的 Word（.docx）文档：缺少正文部分。")
    except zipfile.BadZipFile as exc:
        raise DocumentError("文件不是有效的 Word（.docx）文档，可能已损坏。") from exc

    import docx  # imported here: only docx uploads need it
    from django.core.exceptions import ValidationError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from .uploads import check_archive

    try:
        check_archive(data)  # before python-docx inflates anything
    except ValidationError as exc:
        raise DocumentError(exc.messages[0]) from exc
    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for broken files
        raise DocumentError("无法读取 Word（.docx）文档，文件可能已损坏或已加密。") from exc

    lines: list[str] = []
    title: str | None = None
    numbering = _WordNumbering(doc)

    def walk(container: object) -> None:
        nonlocal title
        element = container._element  # type: ignore[attr-defined]
        for child in element.iterchildren():
            if child.tag == _W_NS + "p":
                para = Paragraph(child, container)  # type: ignore[arg-type]
                # automatic list numbers ("1." "一、") are not in the paragraph's text
                lines.append(numbering.label(para) + para.text)
                if title is None and para.text.strip() and _is_heading_style(para):
                    title = para.text.strip()
            elif child.tag == _W_NS + "tbl":
                table = Table(child, container)  # type: ignore[arg-type]
                for row in table.rows:
                    seen: set[int] = set()
                    for cell in row.cells:
                        # merged cells come back once per grid column
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        walk(cell)
            elif child.tag == _W_NS + "sdt":
                # content controls wrap ordinary paragraphs
                content = child.find(_W_NS + "sdtContent")
                if content is not None:
                    for p in content.iter(_W_NS + "p"):
                        lines.append(Paragraph(p, container).text)  # type: ignore[arg-type]

    try:
        walk(doc._body)
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError("无法读取 Word（.docx）文档的内容，文件可能已损坏。") from exc

    text = "\n".join(lines)
    if not text.strip():
        raise DocumentError("文件为空：Word 文档中没有文字。")
    return Document(text=text, kind="docx", encoding=None, title=title)


# ---------------------------------------------------------------------------
# pdf
# ---------------------------------------------------------------------------


def _read_pdf(data: bytes) -> Document:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise DocumentError("文件不是有效的 PDF 文档，可能已损坏或只是改了扩展名。")
    from pdfminer.high_level import extract_text
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        text = extract_text(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise DocumentError("PDF 文档已加密，无法读取，请上传未加密的文件。") from exc
    except Exception as exc:  # pdfminer raises a zoo of parser errors
        raise DocumentError("无法读取 PDF 文档，文件可能已损坏。") from exc
    if not text.strip():
        raise DocumentError(
            "PDF 没有文字层（可能是扫描件），无法提取文字；请上传带文字的 PDF 或 Word 文档。"
        )
    return Document(text=text, kind="pdf", encoding=None, title=None)


# ---------------------------------------------------------------------------
# html
# ---------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)

_DROP_TAGS = ("nav", "header", "footer", "aside", "form")

_BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "html", "li", "main", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})

# id/class words that mark the body of an article on (Chinese government) sites
_CONTENT_HINT = re.compile(
    r"content|article|zoom|trs_?editor|detail|main|text|zhengwen|wenzhang|^zw$|^nr$|"
    r"neirong|pages?_con|con_?text|view",
    re.I,
)
# id/class words that mark page furniture
_BOILERPLATE_HINT = re.compile(
    r"(?:^|[^a-z])(?:nav|navbar|menu|footer|foot|header|sidebar|side|breadcrumbs?|crumbs?|"
    r"share|copyright|banner|topbar|toolbar|friendlinks?|links|related|comments?|"
    r"position|location|dqwz|wzdh|ads?)(?:[^a-z]|$)",
    re.I,
)
_WS = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CN_PUNCT = "，。；：、！？”"
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|--|—|–|\s-\s)\s*")


def _html_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:8192])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030"):
        return "gb18030"  # superset: pages labelled gb2312 often use GBK characters
    if name in ("utf8", "utf-8"):
        return "utf-8"
    return name


def _decode_html(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig", "replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_text(data)
    declared = _html_charset(data)
    order = [e for e in (declared, "utf-8", "gb18030") if e]
    for encoding in dict.fromkeys(order):
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    raise DocumentError("无法识别网页的文字编码（既不是 UTF-8 也不是 GBK/GB18030）。")


def _read_html(data: bytes) -> Document:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError("文件内容不是网页（可能是二进制文件或改了扩展名），请检查文件。")
    source, encoding = _decode_html(data)
    text, title = html_article(source)
    if not text.strip():
        raise DocumentError("网页中没有找到正文文字。")
    return Document(text=text, kind="html", encoding=encoding, title=title)


def html_article(source: str) -> tuple[str, str | None]:
    """Return (article text, page title) of an HTML page given as text."""
    import lxml.html
    from lxml import etree

    source = _XML_DECL.sub("", source, count=1)
    try:
        root = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError("无法解析网页内容，文件可能不是 HTML。") from exc

    title = _html_title(root)
    _strip_furniture(root)
    body = root.find("body")
    if body is None:
        body = root
    chosen = _choose_article(body)
    _drop_link_lists(chosen)
    return _render(chosen), title


def _drop_link_lists(article: object) -> None:
    """Remove lists of links inside the article ("相关文章", "上一篇/下一篇")."""
    doomed = []
    for el in article.iter():  # type: ignore[attr-defined]
        if el is article or not _is_block(el):
            continue
        links = el.findall(".//a")
        if len(links) < 3:
            continue
        total = len(_squash(el.text_content()))
        linked = sum(len(_squash(a.text_content())) for a in links)
        if total and linked / total > 0.6:
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _html_title(root: object) -> str | None:
    t = root.find(".//title")  # type: ignore[attr-defined]
    if t is not None:
        raw = _squash(t.text_content())
        if raw:
            # "计划全文_某某县人民政府" → the longest part is the document's own title
            parts = [p for p in _TITLE_SPLIT.split(raw) if p.strip()]
            return max(parts, key=len) if parts else raw
    for tag in ("h1", "h2"):
        for h in root.iter(tag):  # type: ignore[attr-defined]
            text = _squash(h.text_content())
            if text:
                return text
    return None


def _attr_words(el: object) -> str:
    return f"{el.get('id') or ''} {el.get('class') or ''}".strip()  # type: ignore[attr-defined]


_CODE_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "button", "select", "textarea",
    "input", "object", "embed", "map", "iframe",
})


def _strip_furniture(root: object) -> None:
    code: list[object] = []  # never part of an article, whatever wraps them
    furniture: list[object] = []
    for el in root.iter():  # type: ignore[attr-defined]
        if not isinstance(el.tag, str):
            code.append(el)  # comments, processing instructions
            continue
        tag = el.tag.lower()
        if tag in ("html", "body"):
            continue
        if tag in _CODE_TAGS or _HIDDEN_STYLE.search(el.get("style") or ""):
            code.append(el)
            continue
        words = _attr_words(el)
        if tag in _DROP_TAGS or (
            words and _BOILERPLATE_HINT.search(words) and not _CONTENT_HINT.search(words)
        ):
            furniture.append(el)
    for el in code:
        if el.getparent() is not None:  # type: ignore[attr-defined]
            el.drop_tree()  # type: ignore[attr-defined]
    total = len(_squash(root.text_content()))  # type: ignore[attr-defined]
    for el in furniture:
        if el.getparent() is None:  # type: ignore[attr-defined]
            continue
        # a "header" or <form> wrapping most of the page (ASP.NET sites) is a wrapper, not furniture
        if len(_squash(el.text_content())) > 0.5 * total:  # type: ignore[attr-defined]
            continue
        el.drop_tree()  # type: ignore[attr-defined]


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\xa0", " ")).strip()


def _is_block(el: object) -> bool:
    tag = el.tag  # type: ignore[attr-defined]
    return isinstance(tag, str) and tag.lower() in _BLOCK_TAGS


def _choose_article(body: object) -> object:
    """Pick the element that holds the article.

    Every block's own inline text is judged as a paragraph: prose (Chinese
    punctuation, little link text) counts for the block and all its ancestors,
    link text and short unpunctuated fragments count against them.  The best
    element holds most of the prose and little else.
    """
    good: dict[object, float] = {}
    bad: dict[object, float] = {}
    blocks = [el for el in body.iter() if _is_block(el)]  # type: ignore[attr-defined]
    for block in blocks:
        own, linked = _own_text(block)
        n = len(re.sub(r"\s", "", own))
        if not n:
            continue
        nl = len(re.sub(r"\s", "", linked))
        punct = sum(own.count(c) for c in _CN_PUNCT)
        g = b = 0.0
        if nl / n > 0.5:
            b = float(n)
        elif punct and (n >= 10 or punct >= 2):
            g = float(n - nl) * (1.0 + min(punct / max(n, 1) * 10, 1.0))
            b = float(nl)
        else:
            b = 0.5 * (n - nl) + nl
        el: object | None = block
        while el is not None:
            good[el] = good.get(el, 0.0) + g
            bad[el] = bad.get(el, 0.0) + b
            el = el.getparent()  # type: ignore[attr-defined]

    total_good = good.get(body, 0.0)
    if total_good <= 0:
        return _best_hinted(blocks, body) or body

    def score(el: object) -> float:
        return good.get(el, 0.0) - bad.get(el, 0.0)

    # a container named like content that holds nearly all the prose and little furniture wins
    hinted = [
        el
        for el in blocks
        if el is not body
        and _CONTENT_HINT.search(_attr_words(el) or el.tag)  # type: ignore[attr-defined]
        and good.get(el, 0.0) >= 0.8 * total_good
        and bad.get(el, 0.0) <= 0.25 * good.get(el, 0.0)
    ]
    if hinted:
        # wrappers named "main" often hold sidebars too: take the innermost that keeps the prose
        most = max(good.get(el, 0.0) for el in hinted)
        return max(
            (el for el in hinted if good.get(el, 0.0) >= 0.97 * most),
            key=lambda el: (_depth(el), score(el)),
        )
    best = max(score(el) for el in blocks)
    if best <= 0:
        return body
    return max(
        (el for el in blocks if score(el) >= 0.97 * best),
        key=lambda el: (_depth(el), score(el)),
    )


def _best_hinted(blocks: list[object], body: object) -> object | None:
    hinted = [
        el
        for el in blocks
        if el is not body and _CONTENT_HINT.search(_attr_words(el) or el.tag)  # type: ignore[attr-defined]
    ]
    if not hinted:
        return None
    return max(hinted, key=lambda el: len(el.text_content().strip()))  # type: ignore[attr-defined]


def _depth(el: object) -> int:
    d = 0
    while el is not None:
        el = el.getparent()  # type: ignore[attr-defined]
        d += 1
    return d


def _own_text(block: object) -> tuple[str, str]:
    """The block's inline text (not inside nested blocks) and the part of it inside links."""
    own: list[str] = []
    linked: list[str] = []

    def visit(el: object, in_link: bool) -> None:
        if el.text:  # type: ignore[attr-defined]
            own.append(el.text)  # type: ignore[attr-defined]
            if in_link:
                linked.append(el.text)  # type: ignore[attr-defined]
        for child in el:  # type: ignore[attr-defined]
            if isinstance(child.tag, str) and not _is_block(child):
                visit(child, in_link or child.tag.lower() == "a")
            if child.tail:
                own.append(child.tail)
                if in_link:
                    linked.append(child.tail)

    visit(block, False)
    return "".join(own), "".join(linked)


def _render(el: object) -> str:
    """Text of an element, one line per block element or <br>."""
    parts: list[str] = []

    def visit(node: object) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""  # type: ignore[attr-defined]
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if tag == "br":
            parts.append("\n")
        if node.text:  # type: ignore[attr-defined]
            parts.append(_WS.sub(" ", node.text))  # type: ignore[attr-defined]
        for child in node:  # type: ignore[attr-defined]
            visit(child)
            if child.tail:
                # source line breaks are plain spaces in HTML
                parts.append(_WS.sub(" ", child.tail))
        if block:
            parts.append("\n")

    visit(el)
    lines = []
    for raw in "".join(parts).split("\n"):
        line = raw.strip()
        if line:
            lines.append(line)
    return "\n".join(lines)


# ---------------------------------------------------------------------------

_READERS: dict[str, Callable[[bytes], Document]] = {
    ".txt": _read_txt,
    ".md": _read_md,
    ".html": _read_html,
    ".htm": _read_html,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}
