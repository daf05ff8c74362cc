"""Case numbers from a counter under a row lock: 20 clerks registering at
the same moment on PostgreSQL all succeed with distinct numbers."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections

from fazhi.core.actions import Actor
from fazhi.registers.base import OpenCase, get_register
from fazhi.registers.models import Case


def _open(county, number: str = "") -> Case:  # noqa: ANN001
    return OpenCase(Actor.for_user(county.users["clerk"]), get_register("reconsideration"),
                    region=county.county, unit=county.units["县司法局"], data={
                        "number": number, "title": "不服罚款决定", "started_on": datetime.date(2026, 3, 3),
                        "applicant": "王建国", "applicant_type": "person", "respondent": "县市场监管局",
                        "contested_act": "行政处罚决定", "act_kind": "penalty", "channel": "post",
                        "procedure": "ordinary", "needs_correction": False}).execute()


@pytest.mark.django_db
def test_numbers_follow_on_and_skip_hand_typed_ones(county) -> None:  # noqa: ANN001
    first = _open(county)
    assert first.number.endswith("〔2026〕1号")
    _open(county, number=first.number.replace("1号", "2号"))  # typed by hand
    assert _open(county).number.endswith("〔2026〕3号")


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_collide(county) -> None:  # noqa: ANN001
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections: PostgreSQL")
    errors: list[BaseException] = []
    barrier = threading.Barrier(20)

    def clerk() -> None:
        try:
            barrier.wait()
            _open(county)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = list(Case.objects.values_list("number", flat=True))
    assert len(numbers) == 20 and len(set(numbers)) == 20
