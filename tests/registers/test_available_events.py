"""The case page offers only the events possible in the case's state, derived
from the procedure's transitions and each event's declared sources / allowed
states — and the write path refuses the others with the same reason (issue 11
item 9)."""

from __future__ import annotations

import datetime

import pytest

from fazhi.core.actions import ActionRefused, Actor
from fazhi.registers.base import REGISTERS, RecordEvent, get_register

from .test_reconsideration import accepted_case, act, open_case

D = datetime.date
REG = get_register("reconsideration")


@pytest.mark.parametrize("key", sorted(REGISTERS))
def test_every_event_is_possible_somewhere_and_sources_are_declared_transitions(key: str) -> None:
    reg = REGISTERS[key]
    states = {s.key for s in reg.process.states}
    for event in reg.events:
        assert reg.event_states(event), f"{key}.{event.key} can never be recorded"
        assert set(reg.event_states(event)) <= states
        if event.target is not None:
            declared = {t.source for t in reg.process.transitions if t.target == event.target}
            assert set(event.sources) <= declared, f"{key}.{event.key}: {event.sources}"


def _keys(case) -> set[str]:  # noqa: ANN001
    return {e.key for e in REG.available_events(case)}


@pytest.mark.django_db
def test_no_resume_on_a_case_never_suspended(county) -> None:  # noqa: ANN001
    case = open_case(county, D(2025, 3, 3))
    keys = _keys(case)
    assert {"accept", "deem_accepted", "refuse", "withdraw"} <= keys
    assert "resume" not in keys and "terminate" not in keys and "decide" not in keys
    with pytest.raises(ActionRefused, match="当前状态为“已收到申请”，不能恢复审理；只能在“中止审理”时办理"):
        RecordEvent(Actor.for_user(county.users["clerk"]), case, REG, "resume",
                    occurred_on=D(2025, 3, 4)).execute()
    case.refresh_from_db()
    assert case.state == "received" and not case.events.filter(kind="resume").exists()


@pytest.mark.django_db
def test_suspended_case_offers_resume_not_accept(county) -> None:  # noqa: ANN001
    case = accepted_case(county, D(2025, 3, 5))
    assert "resume" not in _keys(case) and {"suspend", "decide"} <= _keys(case)
    case = act(county, case, "suspend", D(2025, 3, 10), ground="案件涉及法律适用问题需要有权机关作出解释")
    keys = _keys(case)
    assert "resume" in keys and "terminate" in keys
    assert not keys & {"accept", "deem_accepted", "withdraw", "decide", "suspend"}
    with pytest.raises(ActionRefused, match="不能受理"):
        act(county, case, "accept", D(2025, 3, 11))
    case = act(county, case, "resume", D(2025, 3, 20))
    assert case.state == "accepted"


@pytest.mark.django_db
def test_unreachable_target_keeps_the_procedures_own_reason(county) -> None:  # noqa: ANN001
    case = open_case(county, D(2025, 3, 3))
    with pytest.raises(ActionRefused, match="复议决定只能在受理后作出"):
        act(county, case, "decide", D(2025, 3, 4), decision_type="uphold")
