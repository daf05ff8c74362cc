"""Plain rules of the enforcement register, apart from the engine: the
limitation of 行政处罚法第三十六条 and the check digit of the 统一社会信用代码
(GB 32100-2015)."""

from __future__ import annotations

import calendar
import datetime


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The corresponding day ``years`` later; 2月29日 → 2月28日 (民法典第二百零二条:
    no corresponding day → the month's last day)."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def limitation_end(act_ended_on: datetime.date, *, five_years: bool) -> datetime.date:
    """The last day on which discovering the act still allows a penalty
    (第三十六条: 二年, or 五年 for life, health or financial safety with harm;
    from the act, or from its end when continuing). A period of years ends on
    the corresponding day (民法典第二百零二条)."""
    return add_years(act_ended_on, 5 if five_years else 2)


CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_error(code: str) -> str:
    """Why ``code`` is not a valid 统一社会信用代码 (empty string: valid)."""
    if len(code) != 18:
        return "应为18位。"
    if any(ch not in CODE_CHARS for ch in code):
        return "含有不允许的字符（不使用 I、O、Z、S、V）。"
    total = sum(CODE_CHARS.index(ch) * w for ch, w in zip(code[:17], CODE_WEIGHTS, strict=True))
    check = (31 - total % 31) % 31
    if CODE_CHARS[check] != code[17]:
        return "校验位不正确，请核对。"
    return ""


def make_credit_code(body: str) -> str:
    """``body`` (17 characters) with its check digit: for the demo and tests."""
    total = sum(CODE_CHARS.index(ch) * w for ch, w in zip(body, CODE_WEIGHTS, strict=True))
    return body + CODE_CHARS[(31 - total % 31) % 31]
