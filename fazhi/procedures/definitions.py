"""法定程序的声明：期限规则、状态、允许的流转及其前置条件（门槛）。

Every statutory procedure is declared here once, as data, from
design/rules.md (the source of truth; section numbers below refer to it).
Registers, the ``fazhi deadline`` command and the tests read these
declarations; no other module hard-codes a period or a transition.

* ``DeadlineRule``: one step's clock (process and step keys exactly as in the
  rules table "Process and step keys").
* ``State`` / ``Transition`` / ``Gate``: the state machine of a process. A gate
  is a condition on *facts* the register supplies (a mapping of fact name to
  value, truthy = established), so a new gate is a line of data.

How to add a rule or a process: docs/procedures.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .declarations import *  # noqa: F403  (re-exported: callers import from here)
from .declarations import DeadlineRule, Process, UnknownProcess
from .processes.administration import *  # noqa: F403
from .processes.administration import (
    ACTIVITY,
    ENFORCEMENT,
    MEDIATION,
    PETITION,
    RECTIFICATION,
    SUGGESTION,
)
from .processes.disputes import *  # noqa: F403
from .processes.disputes import DISCLOSURE, LITIGATION, RECONSIDERATION
from .processes.review import *  # noqa: F403
from .processes.review import ANNUAL_REPORT, LEGALITY_REVIEW, MAJOR_DECISION, NORMATIVE_DOCUMENT

PROCESSES: dict[str, Process] = {
    p.key: p
    for p in (RECONSIDERATION, LITIGATION, DISCLOSURE, ENFORCEMENT, SUGGESTION, PETITION,
              MAJOR_DECISION, NORMATIVE_DOCUMENT, LEGALITY_REVIEW, ANNUAL_REPORT,
              RECTIFICATION, ACTIVITY, MEDIATION)
}


def get_process(process: str) -> Process:
    try:
        return PROCESSES[process]
    except KeyError:
        raise UnknownProcess(process) from None


def get_rule(process: str, step: str) -> DeadlineRule:
    return get_process(process).rule(step)


def all_rules() -> list[DeadlineRule]:
    return [rule for p in PROCESSES.values() for rule in p.rules]


def can_transition(process: str, from_state: str, to_state: str,
                   facts: Mapping[str, Any] | None = None) -> tuple[bool, str]:
    """Whether ``process`` may go from ``from_state`` to ``to_state`` given the
    register's ``facts``; the reason, in Chinese, either way. Unknown process or
    state names raise ProcedureLookupError (a programming error, not a refusal)."""
    definition = get_process(process)
    source, target = definition.state(from_state), definition.state(to_state)
    facts = facts or {}
    if source.final:
        return False, f"“{source.label}”是终结状态，不能再流转。"
    candidates = [t for t in definition.transitions
                  if t.source == from_state and t.target == to_state]
    if not candidates:
        origins = [definition.state(t.source).label for t in definition.transitions
                   if t.target == to_state]
        reason = f"不能从“{source.label}”转为“{target.label}”"
        if target.entry_rule:
            reason += f"：{target.entry_rule}"
        if origins:
            reason += f"。“{target.label}”只能从{'、'.join(f'“{o}”' for o in dict.fromkeys(origins))}转入"
        allowed = [definition.state(t.target).label for t in definition.transitions
                   if t.source == from_state]
        if allowed:
            reason += f"；当前可转为：{'、'.join(f'“{a}”' for a in dict.fromkeys(allowed))}"
        return False, reason + "。"
    transition = candidates[0]
    blocking = [g for g in transition.gates if g.blocks(facts)]
    if blocking:
        return False, f"不能{transition.label}：" + "；".join(g.reason for g in blocking) + "。"
    return True, f"可以{transition.label}（{transition.basis}）。"
