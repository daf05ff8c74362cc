"""Numbers as Chinese reports write them: Arabic or Chinese numerals, 万/亿,
approximation markers (余/多/近/约/以上/超过) and the unit that follows.

Pure functions, no Django. Offsets always refer to the text passed in.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)

# Full-width digits and dot map one character to one character, so offsets survive.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

APPROX_BEFORE: tuple[str, ...] = ("将近", "大约", "超过", "近", "约", "逾", "超")
APPROX_AFTER_NUMBER: tuple[str, ...] = ("余", "多", "来")
_MAGNITUDES = "百千万"  # a bare magnitude is a number after APPROX_BEFORE (近千人)
APPROX_AFTER_UNIT: tuple[str, ...] = ("以上", "左右", "余")


# Units and measure words, longest first when matching. Money and percentages
# are handled separately because 万/亿 may sit between the number and 元.
def words(s: str) -> tuple[str, ...]:
    """Whitespace-separated words (keeps long word lists readable)."""
    return tuple(s.split())


COUNT_UNITS: tuple[str, ...] = words(
    """
    个百分点 个工作日 平方公里 平方米 工作日 个月 人次 场次 件次 辆次 批次 户次 家次 车次 架次 期次
    项次 台次 艘次 例
    课时 学时 小时 分钟 方面 公里 千米 公顷 部门
    件 次 个 人 名 位 家 户 项 条 场 期 份 起 宗 笔 卷 册 本 篇 部 套 张 幅 块 台 辆 架 艘 座 栋 间
    所 处 支 队 组 批 轮 类 种 门 节 堂 倍 天 年 周 米 亩 吨 分 枚 棵 株 盏 箱 袋 瓶 盒 副 面 只 头
    匹 口
    """
)
DURATION_UNITS: frozenset[str] = frozenset(
    {"个工作日", "工作日", "个月", "小时", "分钟", "天", "年", "周"}
)
MONEY_UNITS: frozenset[str] = frozenset({"元", "万元", "亿元"})
PERCENT_UNITS: frozenset[str] = frozenset({"%", "％", "‰", "个百分点"})

# A single-character unit followed by these characters is the first half of a
# word (项目, 条例, 处罚 …), not a measure word.
_UNIT_WORD_BLOCK: dict[str, str] = dict(
    pair.split(":")
    for pair in words(
        """
    项:目 条:例件款目 处:理罚置室级分 台:账阶 本:级单地市县部年次人 家:庭属长园门乡 户:籍口外
    名:单称义额 次:日年数要 件:数 人:数员民才均 场:所地景 期:间限刊末 年:级轻度底初末份 周:年边
    种:类植 门:户槛诊 节:点约日 组:织建成长 支:持部付 队:伍员 所:属有在 座:谈 部:署分委 元:旦
    分:别钟类析 单:位独 起:草 类:型别 位:置于 间:隔 个:体 张:贴 套:餐 批:准复示 天:然 米:粮
    面:临貌积向对上前 只:有要是能 头:脑 口:岸径头号 副:县市区长主职 例:如外行会
    """
    )
)

_NOT_APPROX_YUE = "节制签预契公履违邀"

_UNIT_ALT = "|".join(re.escape(u) for u in sorted(COUNT_UNITS, key=len, reverse=True))
_SPACE = "[ \u3000\xa0\t]*"
# (the lookahead first: every number starts with a digit or a Chinese numeral,
# and a pattern that opens with a character class lets the regex engine skip
# other characters quickly instead of trying each alternative at each)
_NUMBER_RE = re.compile(
    rf"(?=[\d{CN_NUMERAL_CHARS}])"
    r"(?:(?P<ar>(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|(?<![\d.])\d+(?:\.\d+)?)"
    rf"|(?P<pct>百分之(?:[\d.]+|[{CN_NUMERAL_CHARS}]+))"
    rf"|(?P<cn>[{CN_NUMERAL_CHARS}]+))"
)
_UNIT_RE = re.compile(_UNIT_ALT)


_FULLWIDTH_RE = re.compile("[０-９．]")


def normalise_digits(text: str) -> str:
    """Full-width digits to ASCII; the result has the same length as ``text``."""
    # (translate looks every character up; most texts have nothing to translate)
    return text.translate(_FULLWIDTH) if _FULLWIDTH_RE.search(text) else text


def parse_chinese(s: str) -> int | None:
    """Value of a Chinese numeral (一百零三 -> 103, 两 -> 2, 十余 -> 10), or None.

    Runs of bare digits (二〇二三, 八五) are not numerals and give None.
    """
    if not s or any(ch not in CN_NUMERAL_CHARS for ch in s):
        return None
    total = 0
    section = 0
    digit: int | None = None
    after_zero = False
    for ch in s:
        if ch in CN_DIGITS:
            d = CN_DIGITS[ch]
            if digit is not None and not after_zero:
                return None  # two digits in a row: 二〇二三, 八五, 十四五
            if d == 0:
                after_zero = True
                digit = None
                continue
            digit = d
            after_zero = False
        elif ch in CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
            after_zero = False
        else:
            big = CN_BIG_UNITS[ch]
            section += digit or 0
            total = (total + (section or 1)) * big if big > 10_000 else total + (section or 1) * big
            section = 0
            digit = None
            after_zero = False
    return total + section + (digit or 0)


def parse_number(s: str) -> float | None:
    """Value of a number written in Arabic digits (with , separators) or Chinese numerals."""
    s = normalise_digits(s.strip())
    if not s:
        return None
    mult = 1
    if s[-1] in CN_BIG_UNITS and re.fullmatch(r"[\d.,]+[万亿]", s):
        mult = CN_BIG_UNITS[s[-1]]
        s = s[:-1]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", s):
        return float(s.replace(",", "")) * mult
    v = parse_chinese(s)
    return None if v is None else float(v)


@dataclass(frozen=True)
class Quantity:
    """A number with its unit as found in a text."""

    value: float
    unit: str  # as written, money normalised to 元/万元/亿元
    approx: bool
    start: int  # first character of the number (or of 近/约 before it)
    end: int  # one past the unit (and a trailing 以上/余)
    num_start: int  # the number itself
    num_end: int
    chinese: bool  # written in Chinese numerals
    raw: str  # the number as written

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


_UNIT_SET: frozenset[str] = frozenset(COUNT_UNITS)
_UNIT_LENGTHS: tuple[int, ...] = tuple(sorted({len(u) for u in COUNT_UNITS}, reverse=True))


def _match_unit(text: str, pos: int) -> tuple[str, int] | None:
    # The longest unit at ``pos`` (as _UNIT_RE.match would find it), by lookup.
    for n in _UNIT_LENGTHS:
        unit = text[pos : pos + n]
        if len(unit) == n and unit in _UNIT_SET:
            break
    else:
        return None
    end = pos + n
    nxt = text[end : end + 1]
    if len(unit) == 1 and nxt and nxt in _UNIT_WORD_BLOCK.get(unit, ""):
        return None
    return unit, end


_SPACE_CHARS = frozenset(" \u3000\xa0\t")
_SPACE_RE = re.compile(_SPACE)  # compiled once: the re module's cache is shared and can evict it


def _skip_space(text: str, pos: int) -> int:
    m = _SPACE_RE.match(text, pos)
    return m.end() if m else pos


def _starts(text: str, pos: int, words: tuple[str, ...]) -> str | None:
    for w in words:
        if text.startswith(w, pos):
            return w
    return None


# What may follow a number (after spaces) for it to be a quantity: an
# approximation, 万/亿 before 元, 元, a percent sign or the first character of a
# unit. Any other character ends the number's chances before it is parsed.
_AFTER_NUMBER: frozenset[str] = frozenset(
    {w[0] for w in APPROX_AFTER_NUMBER}
    | set(CN_BIG_UNITS)
    | {"元", "%", "％", "‰"}
    | {u[0] for u in COUNT_UNITS}
)


def find_quantities(text: str) -> list[Quantity]:
    """Every number followed by a unit, in text order.

    Dates, ordinals and names are *not* filtered here (see facts.py); this only
    reads the surface: value, unit, approximation and the exact span.
    """
    t = normalise_digits(text)
    out: list[Quantity] = []
    for m in _NUMBER_RE.finditer(t):
        kind = m.lastgroup
        raw = m.group()
        num_start, num_end = m.start(), m.end()
        chinese = kind == "cn"
        percent_word = kind == "pct"
        if not percent_word:
            p = num_end
            if t[p : p + 1] in _SPACE_CHARS:
                p = _skip_space(t, p)
            if t[p : p + 1] not in _AFTER_NUMBER:
                continue
        if percent_word:
            inner = raw[3:]
            v = parse_number(inner)
            if v is None:
                continue
            value = v
        elif chinese:
            # A run of 百/千/万 without any digit is a word (千方百计, 万家), not a
            # number, unless an approximation stands before it: 近千人, 近百万件.
            if not any(ch in CN_DIGITS or ch == "十" for ch in raw) and not (
                raw[0] in _MAGNITUDES and t[max(0, num_start - 2) : num_start].endswith(APPROX_BEFORE)
            ):
                continue
            v = parse_chinese(raw)
            if v is None:
                continue
            value = float(v)
        else:
            value = float(raw.replace(",", ""))
        approx = False
        pos = _skip_space(t, num_end)
        unit: str | None = None
        if percent_word:
            unit = "%"
        else:
            w = _starts(t, pos, APPROX_AFTER_NUMBER)
            # "10余个", "10来个"; but 来 alone (3年来) belongs to the unit's context.
            if w and (w != "来" or _match_unit(t, pos + 1)):
                approx = True
                pos = _skip_space(t, pos + 1)
            big_in_numeral = chinese and raw[-1] in CN_BIG_UNITS
            if not chinese and t[pos : pos + 1] in CN_BIG_UNITS:
                big = t[pos]
                p2 = _skip_space(t, pos + 1)
                if w := _starts(t, p2, ("余", "多")):
                    approx = True
                    p2 = _skip_space(t, p2 + 1)
                if t.startswith("元", p2):
                    unit, pos = big + "元", p2 + 1
                else:
                    value *= CN_BIG_UNITS[big]
                    pos = p2
            elif big_in_numeral and (
                t.startswith("元", pos)
                or (t[pos : pos + 1] in ("余", "多") and t.startswith("元", pos + 1))
            ):
                # 三十万元: the figure is 30 (万元), as reports count money in 万元.
                big = raw[-1]
                inner_v = parse_chinese(raw[:-1]) if len(raw) > 1 else 1
                if inner_v is None:
                    continue
                value = float(inner_v)
                if t[pos] in ("余", "多"):
                    approx = True
                    pos += 1
                unit, pos = big + "元", pos + 1
            if unit is None:
                if t.startswith(("%", "％", "‰"), pos):
                    if chinese:
                        continue
                    unit, pos = t[pos], pos + 1
                elif t.startswith("元", pos):
                    unit, pos = "元", pos + 1
                else:
                    mu = _match_unit(t, pos)
                    if not mu:
                        continue
                    unit, pos = mu
        end = pos
        after = _skip_space(t, pos)
        if w := _starts(t, after, APPROX_AFTER_UNIT):
            approx = True
            end = after + len(w)
        start = num_start
        b = num_start
        while b > 0 and t[b - 1] in " \u3000\xa0":
            b -= 1
        before = t[max(0, b - 3) : b]
        for w in APPROX_BEFORE:
            # 节约/签约/制约 are words, not "about".
            if before.endswith(w) and not (
                w == "约" and len(before) >= 2 and before[-2] in _NOT_APPROX_YUE
            ):
                approx = True
                start = b - len(w)
                break
        out.append(
            Quantity(
                value=_clean(value),
                unit=unit,
                approx=approx,
                start=start,
                end=end,
                num_start=num_start,
                num_end=num_end,
                chinese=chinese,
                raw=raw,
            )
        )
    return out


# What a number can start with (as _NUMBER_RE): a string without any
# of these holds no quantity.
_NUMBER_START = re.compile(rf"[\d{CN_NUMERAL_CHARS}]")


def without_quantities(s: str) -> str:
    """``s`` without its numbers and units."""
    if not _NUMBER_START.search(s):  # (most phrases: no number at all)
        return s
    out = s
    for q in reversed(find_quantities(s)):
        out = out[: q.num_start] + out[q.end :]
    return out


def clause_without_quantities(
    t: str, cs: int, ce: int, every: list[Quantity], starts: list[int]
) -> str:
    """``without_quantities(t[cs:ce])`` for a clause, from the quantities of the
    whole text: a clause is bounded by delimiters (and edge junk), which no
    number or unit reaches across, so its quantities are those of the text that
    start in it, with the same spans."""
    inside = every[bisect_left(starts, cs) : bisect_left(starts, ce)]
    if any(q.end > ce for q in inside):  # (cannot happen; the plain way if it did)
        return without_quantities(t[cs:ce])
    out = t[cs:ce]
    for q in reversed(inside):
        out = out[: q.num_start - cs] + out[q.end - cs :]
    return out


def _clean(v: float) -> float:
    """Round away binary noise from 1.2 * 10000 and similar."""
    r = round(v, 6)
    return float(int(r)) if r == int(r) else r


def format_value(v: float) -> str:
    """1.0 -> '1', 2.5 -> '2.5'."""
    return str(int(v)) if float(v).is_integer() else f"{v:g}"
