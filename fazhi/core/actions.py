"""The one write path.

Every change to a business record — from a view, an import, a command or a
background job — is an ``Action``: check permission and gates → open a
transaction and lock the record → apply the change → write the audit entry →
send notifications once the transaction has committed. Views stay thin and
behave exactly like imports and commands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from fazhi.audit import service as audit
from fazhi.org.policy import Policy


class ActionRefused(ValidationError):
    """The action is not allowed in the record's current state; the message
    (Chinese) says why. Distinct from a permission failure."""


@dataclass
class Actor:
    """Who acts: a person (through their policy) or the system itself."""

    user: Any
    policy: Policy
    is_system: bool = False

    @classmethod
    def from_request(cls, request: Any) -> Actor:
        return cls(user=request.user, policy=request.policy)

    @classmethod
    def for_user(cls, user: Any) -> Actor:
        return cls(user=user, policy=Policy.for_user(user))

    @classmethod
    def system(cls) -> Actor:
        return cls(user=None, policy=Policy(user=None), is_system=True)

    def can(self, permission: str, obj: models.Model | None = None) -> bool:
        return self.is_system or self.policy.can(permission, obj)

    @property
    def role_label(self) -> str:
        return "系统" if self.is_system else self.policy.role_label

    @property
    def unit_label(self) -> str:
        return "" if self.is_system else self.policy.unit_label


def region_id_of(obj: models.Model) -> int | None:
    paths = getattr(type(obj), "SCOPE_REGION", None)
    if isinstance(paths, str):
        paths = (paths,)
    for path in paths or ():
        value: Any = obj
        for part in path.split("__"):
            value = getattr(value, part, None)
            if value is None:
                break
        if value is not None:
            return value.pk
    return None


class Action:
    """Subclasses set ``verb`` and ``permission`` and implement ``apply``.

    ``check`` may be extended for gates (raise ActionRefused). ``obj`` is
    re-read with a row lock inside the transaction, so two people acting on
    the same record are serialised and the second sees the first's change.
    """

    verb: ClassVar[str]
    permission: ClassVar[str | None] = None
    deletes: ClassVar[bool] = False  # apply() deletes obj and returns it with its old pk
    denied_message: ClassVar[str] = "您没有执行此操作的权限。"

    def __init__(self, actor: Actor, obj: models.Model | None = None, **params: Any) -> None:
        self.actor = actor
        self.obj = obj
        self.params = params

    # hooks -----------------------------------------------------------------
    def check(self) -> None:
        if self.permission and not self.actor.can(self.permission, self.permission_target()):
            raise PermissionDenied(self.denied_message)

    def permission_target(self) -> models.Model | None:
        return self.obj

    def apply(self) -> models.Model:
        raise NotImplementedError

    def audit_note(self) -> str:
        return ""

    def notify(self, result: models.Model) -> None:
        """Runs after commit; override to notify people."""

    # the path ----------------------------------------------------------------
    def execute(self) -> models.Model:
        with transaction.atomic():
            before = None
            if self.obj is not None and self.obj.pk is not None:
                # Lock and re-read: checks see the state as it is now, and a
                # second person acting at the same moment waits for this one.
                self.obj = type(self.obj)._default_manager.select_for_update().get(pk=self.obj.pk)
                before = audit.snapshot(self.obj)
            self.check()
            result = self.apply()
            after = None if self.deletes else audit.snapshot(result)
            audit.record(
                actor=self.actor.user,
                action=self.verb,
                obj=result,
                before=before,
                after=after,
                note=self.audit_note(),
                role=self.actor.role_label,
                unit=self.actor.unit_label,
                region_id=region_id_of(result),
            )
            transaction.on_commit(lambda: self.notify(result))
        return result


class StateTransition(Action):
    """A state change of a reviewed record (a progress report, an indicator
    report …): allowed only from ``sources``; the refusal names the state
    (``refused_message`` with ``{state}``)."""

    sources: ClassVar[tuple[str, ...]] = ()
    refused_message: ClassVar[str] = "当前状态为“{state}”，不能执行此操作。"

    def check(self) -> None:
        super().check()
        obj: Any = self.obj
        if obj.state not in self.sources:
            raise ActionRefused(self.refused_message.format(state=obj.get_state_display()))


def record_related(actor: Actor, verb: str, obj: models.Model, before: dict | None = None,
                   note: str = "") -> None:
    """Audit a record created or changed inside an Action as a side effect
    (an evidence file, an assignment), within the same transaction."""
    audit.record(
        actor=actor.user, action=verb, obj=obj, before=before,
        after=audit.snapshot(obj) if obj.pk is not None else None,
        note=note, role=actor.role_label, unit=actor.unit_label, region_id=region_id_of(obj),
    )


class SaveRecord(Action):
    """Create or update a configuration record from a validated ModelForm
    (units, groups, memberships, calendar …) under a given permission."""

    def __init__(self, actor: Actor, form: Any, permission: str, denied_message: str = "") -> None:
        super().__init__(actor, form.instance)
        self.form = form
        self.permission = permission  # type: ignore[misc]
        self.verb = "update" if form.instance.pk else "create"  # type: ignore[misc]
        if denied_message:
            self.denied_message = denied_message  # type: ignore[misc]

    def execute(self) -> models.Model:
        # The form holds the new values; lock and snapshot the stored row first.
        self.check()
        with transaction.atomic():
            before = None
            if self.obj is not None and self.obj.pk is not None:
                stored = type(self.obj)._default_manager.select_for_update().get(pk=self.obj.pk)
                before = audit.snapshot(stored)
            result = self.form.save()
            self.check()  # the saved values must still be within the actor's scope
            audit.record(actor=self.actor.user, action=self.verb, obj=result, before=before,
                         after=audit.snapshot(result), role=self.actor.role_label,
                         unit=self.actor.unit_label, region_id=region_id_of(result))
        return result
