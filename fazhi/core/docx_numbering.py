"""Word list numbering as Word displays it (一、（一）1. …): the numbering
definitions of a .docx read into the labels a paragraph shows, so that a plan or
report numbered by Word reads like one typed by hand (fazhi.core.documents)."""

from __future__ import annotations

import re

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_NS = W_NS

def _w(el: object, name: str) -> object | None:
    return el.find(_W_NS + name) if el is not None else None  # type: ignore[attr-defined]


def _wval(el: object | None) -> str | None:
    return el.get(_W_NS + "val") if el is not None else None  # type: ignore[attr-defined]


_CN_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    if n <= 0 or n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _CN_DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else _CN_DIGITS[tens]) + "十"
    if ones:
        out += _CN_DIGITS[ones]
    return out


def _format_counter(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional",
               "taiwaneseCounting", "taiwaneseCountingThousand", "chineseLegalSimplified"):
        return _chinese_number(n)
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 0 < n < 40:
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal and its variants


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


class _WordNumbering:
    """Renders Word's automatic list numbers, which python-docx leaves out of paragraph text."""

    def __init__(self, doc: object) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstractNumId → ilvl → fmt
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, overrides)
        self.counters: dict[str, list[int]] = {}
        self.started: set[str] = set()
        try:
            root = doc.part.numbering_part.element  # type: ignore[attr-defined]
        except Exception:  # no numbering part: nothing is numbered
            return
        for abstract in root.findall(_W_NS + "abstractNum"):
            aid = abstract.get(_W_NS + "abstractNumId")
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in abstract.findall(_W_NS + "lvl"):
                ilvl = int(lvl.get(_W_NS + "ilvl") or 0)
                fmt = _wval(_w(lvl, "numFmt")) or "decimal"
                text = _wval(_w(lvl, "lvlText")) or ""
                start = int(_wval(_w(lvl, "start")) or 1)
                levels[ilvl] = (fmt, text, start)
            self.levels[aid] = levels
        for num in root.findall(_W_NS + "num"):
            aid = _wval(_w(num, "abstractNumId"))
            overrides: dict[int, int] = {}
            for ov in num.findall(_W_NS + "lvlOverride"):
                start = _wval(_w(ov, "startOverride"))
                if start is not None:
                    overrides[int(ov.get(_W_NS + "ilvl") or 0)] = int(start)
            if aid is not None:
                self.nums[num.get(_W_NS + "numId")] = (aid, overrides)

    def _num_pr(self, para: object) -> tuple[str, int] | None:
        ppr = _w(para._p, "pPr")  # type: ignore[attr-defined]
        numpr = _w(ppr, "numPr")
        style = getattr(para, "style", None)
        while numpr is None and style is not None:
            # numbering may come from the paragraph style (numbered heading styles)
            numpr = _w(_w(style.element, "pPr"), "numPr")
            style = style.base_style
        if numpr is None:
            return None
        num_id = _wval(_w(numpr, "numId"))
        ilvl = int(_wval(_w(numpr, "ilvl")) or 0)
        if num_id is None or num_id == "0":
            return None
        return num_id, ilvl

    def label(self, para: object) -> str:
        try:
            found = self._num_pr(para)
            if found is None or not self.nums:
                return ""
            num_id, ilvl = found
            aid, overrides = self.nums.get(num_id, (None, {}))
            if aid is None or aid not in self.levels:
                return ""
            levels = self.levels[aid]
            counters = self.counters.setdefault(aid, [0] * 10)
            if num_id not in self.started:
                self.started.add(num_id)
                for lvl, start in overrides.items():
                    counters[lvl] = start - 1
            fmt, text, start = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
            counters[ilvl] = max(counters[ilvl] + 1, start)
            for deeper in range(ilvl + 1, 10):
                counters[deeper] = 0
            if fmt == "bullet" or not text:
                return ""

            def sub(m: re.Match[str]) -> str:
                lvl = int(m.group(1)) - 1
                lvl_fmt = levels.get(lvl, ("decimal", "", 1))[0]
                value = counters[lvl] or levels.get(lvl, ("decimal", "", 1))[2]
                return _format_counter(value, lvl_fmt)

            label = re.sub(r"%([1-9])", sub, text)
            # Word puts a tab after the number; Chinese marks such as 、 need no gap
            return label if label.endswith(("、", "）", "．", "：")) else label + " "
        except Exception:  # a broken numbering part must not stop the reading
            return ""


def _is_heading_style(para: object) -> bool:
    try:
        name = (para.style.name or "").lower()  # type: ignore[attr-defined]
    except Exception:
        return False
    return name.startswith(("heading", "title", "标题"))
