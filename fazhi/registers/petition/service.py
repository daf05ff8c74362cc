"""The key of the register, and the link from a routed petition to the case
its claim went to in another register of this platform."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..base import refuse
from ..models import Case

if TYPE_CHECKING:
    from fazhi.core.actions import Actor

KEY = "petition"


def link_case(actor: Actor, case: Case, register: str, number: str) -> Case | None:
    """The case numbered ``number`` in ``register`` of the petition's county,
    which the person recording must be able to see (the scoping layer); None
    when no register is named."""
    from ..details.petition import LinkedRegister

    number = (number or "").strip()
    if not register and not number:
        return None
    if register not in LinkedRegister.values:
        refuse("填写关联案件编号的，请选择案件所在的登记簿。")
    label = LinkedRegister(register).label
    if not number:
        refuse(f"请填写{label}登记簿中的案件编号。")
    linked = Case.objects.filter(region=case.region, register=register, number=number).first()
    if linked is None or not (actor.is_system or actor.policy.can_view(linked)):
        # Not found and not visible read the same: no hint of others' records.
        refuse(f"{case.region.name}{label}登记簿中没有您可以查看的编号为“{number}”的案件。")
    return linked
