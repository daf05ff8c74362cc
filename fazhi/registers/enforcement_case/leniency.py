"""Citing a 不罚轻罚清单 item from a case: "<执法领域>第<序号>项" (as the
list is published), resolved in the version in force on the decision date."""

from __future__ import annotations

import datetime
import re

from fazhi.enforcement.models import LeniencyItem, LeniencyList

REF = re.compile(r"^\s*(?P<field>.+?)第(?P<number>\d+)项\s*$")


def item_ref(item: LeniencyItem) -> str:
    return f"{item.leniency_list.field_name}第{item.number}项"


def resolve_item(region_id: int, ref: str, on: datetime.date) -> LeniencyItem | None:
    """The item ``ref`` of the newest list version of its field published on
    or before ``on`` in the region (None: no such item)."""
    match = REF.match(ref or "")
    if match is None:
        return None
    in_force = (LeniencyList.objects.filter(
        region_id=region_id, field_name=match["field"].strip(), published_on__lte=on)
        .order_by("-version").first())
    if in_force is None:
        return None
    return (LeniencyItem.objects.select_related("leniency_list")
            .filter(leniency_list=in_force, number=int(match["number"])).first())
