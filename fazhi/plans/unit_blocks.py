"""The unit blocks of a work plan's tasks: 〔牵头单位：县司法局；责任单位：县政府各部门〕,
with or without brackets, split into lead and responsible units (part of
:mod:`fazhi.plans.parser`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LABEL = r"(?:牵头|责任)(?:单位|部门)"


_BRACKET_OPENER = re.compile(rf"[〔\[【（(［]\s*(?={_LABEL}\s*[：:\s])")


# a label opening a line, without any bracket ("牵头单位：县司法局" on its own line)
_BARE_LABEL = re.compile(rf"\s*(?={_LABEL}\s*[：:])")


# a label has a colon, or starts the block / follows a separator ("各责任单位" is a name)
_PART_LABEL = re.compile(
    r"(牵头|责任)(?:单位|部门)[：:]|(?:^|(?<=[；;，,。、]))(牵头|责任)(?:单位|部门)"
)


_CLOSERS = "〕]】］"


def _has_block(text: str) -> bool:
    return bool(_BRACKET_OPENER.search(text) or _BARE_LABEL.match(text))


@dataclass
class _Block:
    start: int  # index of the opener in the joined chunk
    end: int  # index just past the closer (or the chunk's end)
    closed: bool
    lead: list[str]
    responsible: list[str]
    problems: list[str]


def _split_units(part: str) -> list[str]:
    """Split a unit list on 、，,；; outside parentheses (names may hold （街道办事处、…）)."""
    units: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in part:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        if depth == 0 and ch in "、，,；;":
            units.append("".join(current))
            current = []
        else:
            current.append(ch)
    units.append("".join(current))
    return [u.strip("。.：:") for u in units if u.strip("。.：:")]


def _parse_block_body(body: str) -> tuple[list[str], list[str], list[str]]:
    """Units of a block body such as 牵头单位：甲、乙；责任单位：丙."""
    body = re.sub(r"\s+", "", body)  # names wrapped over lines are joined back
    lead: list[str] = []
    responsible: list[str] = []
    problems: list[str] = []
    labels = list(_PART_LABEL.finditer(body))
    if not labels:
        return lead, responsible, ["单位栏中没有“牵头单位”或“责任单位”。"]
    if body[: labels[0].start()].strip("；;，,、。"):
        problems.append(f"单位栏开头有无法识别的内容“{body[: labels[0].start()]}”。")
    for i, m in enumerate(labels):
        stop = labels[i + 1].start() if i + 1 < len(labels) else len(body)
        units = _split_units(body[m.end() : stop])
        (lead if (m.group(1) or m.group(2)) == "牵头" else responsible).extend(units)
    for name in (*lead, *responsible):
        if len(name) > 40 or any(c in name for c in "。！？"):
            problems.append(f"单位名称无法识别：“{name[:40]}”。")
    if not lead and not responsible:
        problems.append("单位栏中没有列出任何单位。")
    return lead, responsible, problems


def _find_blocks(joined: str, line_starts: set[int]) -> list[_Block]:
    blocks: list[_Block] = []
    pos = 0
    while pos < len(joined):
        m = _BRACKET_OPENER.search(joined, pos)
        bare_at = next(
            (i for i in sorted(line_starts) if i >= pos and _BARE_LABEL.match(joined, i)), None
        )
        if m is None and bare_at is None:
            break
        if m is not None and (bare_at is None or m.start() <= bare_at):
            start, body_start, bracketed = m.start(), m.end(), True
        else:
            assert bare_at is not None
            start, body_start, bracketed = bare_at, bare_at, False
        end, closed = len(joined), False
        if bracketed:
            depth = 0
            for i in range(body_start, len(joined)):
                ch = joined[i]
                if ch in _CLOSERS:
                    end, closed = i + 1, True
                    break
                if ch in "（(":
                    depth += 1
                elif ch in "）)":
                    if depth == 0:
                        end, closed = i + 1, True
                        break
                    depth -= 1
        body = joined[body_start : end - 1 if closed else end]
        lead, responsible, problems = _parse_block_body(body)
        blocks.append(_Block(start, end, closed, lead, responsible, problems))
        pos = end
    return blocks


def _block_closed(parts: list[str]) -> bool:
    """Whether the task so far ends with a closed unit block (nothing but punctuation after it)."""
    joined = "".join(parts)
    starts = set()
    pos = 0
    for p in parts:
        starts.add(pos)
        pos += len(p)
    blocks = _find_blocks(joined, starts)
    return bool(blocks) and blocks[-1].closed and not joined[blocks[-1].end :].strip("。；;，, ")
