"""Writes to the 不罚轻罚清单, through the one write path (fazhi.core.actions):
a new version (copying the items of the version it supersedes), an item added
to a draft, publication (after which the version is never edited)."""

from __future__ import annotations

import datetime

from django.db.models import Max

from fazhi.core.actions import Action, ActionRefused, Actor, record_related
from fazhi.org.models import Region

from .models import LeniencyItem, LeniencyKind, LeniencyList


class CreateLeniencyList(Action):
    verb = "leniency_list.create"
    permission = "register.manage"
    denied_message = "只有依法治县办可以发布不罚轻罚清单。"

    def __init__(self, actor: Actor, *, region: Region, field_name: str, title: str,
                 document_number: str = "", is_demo: bool = False) -> None:
        super().__init__(actor)
        self.region, self.field_name = region, field_name.strip()
        self.title, self.document_number, self.is_demo = title.strip(), document_number, is_demo

    def permission_target(self) -> LeniencyList:
        return LeniencyList(region=self.region)

    def apply(self) -> LeniencyList:
        if not self.field_name or not self.title:
            raise ActionRefused("请填写执法领域和清单名称。")
        previous = (LeniencyList.objects.filter(region=self.region, field_name=self.field_name)
                    .order_by("-version").first())
        if previous is not None and not previous.is_published:
            raise ActionRefused(f"{previous}尚未公布，请先公布或继续编辑该版本。")
        new = LeniencyList.objects.create(
            region=self.region, field_name=self.field_name, title=self.title,
            version=(previous.version + 1) if previous else 1, supersedes=previous,
            document_number=self.document_number, is_demo=self.is_demo)
        if previous is not None:
            # A new version starts from the old one's items: a revision, not a blank list.
            LeniencyItem.objects.bulk_create(
                LeniencyItem(leniency_list=new, number=i.number, kind=i.kind, act=i.act,
                             legal_basis=i.legal_basis, conditions=i.conditions)
                for i in previous.items.all())
        return new


class AddLeniencyItem(Action):
    verb = "leniency_item.create"
    permission = "register.manage"
    denied_message = "只有依法治县办可以编辑不罚轻罚清单。"

    def __init__(self, actor: Actor, leniency_list: LeniencyList, *, kind: str, act: str,
                 legal_basis: str, conditions: str) -> None:
        super().__init__(actor, leniency_list)
        self.kind, self.act = kind, act.strip()
        self.legal_basis, self.conditions = legal_basis.strip(), conditions.strip()

    def apply(self) -> LeniencyList:
        lst: LeniencyList = self.obj  # type: ignore[assignment]
        if lst.is_published:
            raise ActionRefused("清单已公布，不能再修改；请发布新版本。")
        if self.kind not in LeniencyKind.values:
            raise ActionRefused("请选择类别：不予处罚、减轻处罚或从轻处罚。")
        if not (self.act and self.legal_basis and self.conditions):
            raise ActionRefused("请填写违法行为、法律依据和适用条件。")
        number = (lst.items.aggregate(n=Max("number"))["n"] or 0) + 1
        item = LeniencyItem.objects.create(leniency_list=lst, number=number, kind=self.kind,
                                           act=self.act, legal_basis=self.legal_basis,
                                           conditions=self.conditions)
        record_related(self.actor, "leniency_item.create", item)
        return lst


class PublishLeniencyList(Action):
    verb = "leniency_list.publish"
    permission = "register.manage"
    denied_message = "只有依法治县办可以公布不罚轻罚清单。"

    def __init__(self, actor: Actor, leniency_list: LeniencyList, *, published_on: datetime.date,
                 document_number: str = "") -> None:
        super().__init__(actor, leniency_list)
        self.published_on, self.document_number = published_on, document_number

    def apply(self) -> LeniencyList:
        lst: LeniencyList = self.obj  # type: ignore[assignment]
        if lst.is_published:
            raise ActionRefused("该版本已公布。")
        if not lst.items.exists():
            raise ActionRefused("清单没有事项，不能公布。")
        previous = lst.supersedes
        if previous is not None and previous.published_on and self.published_on < previous.published_on:
            raise ActionRefused("新版本的公布日期不能早于所取代版本的公布日期。")
        lst.published_on = self.published_on
        if self.document_number:
            lst.document_number = self.document_number
        lst.save(update_fields=["published_on", "document_number"])
        return lst
