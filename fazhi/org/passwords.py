"""Password policy (等保2.0): at least 10 characters (Django's length
validator), three of the four character classes, not the account name, not
one of the last ``FAZHI_PASSWORD_HISTORY`` passwords."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        classes = [any(c.islower() for c in password), any(c.isupper() for c in password),
                   any(c.isdigit() for c in password), any(not c.isalnum() for c in password)]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                f"密码须包含小写字母、大写字母、数字、符号中的至少{self.min_classes}类。",
                code="password_classes")

    def get_help_text(self) -> str:
        return f"须包含小写字母、大写字母、数字、符号中的至少{self.min_classes}类。"


class NotUsernameValidator:
    def validate(self, password: str, user: Any = None) -> None:
        name = (getattr(user, "username", "") or "").lower()
        if name and name in password.lower():
            raise ValidationError("密码不能包含用户名。", code="password_has_username")

    def get_help_text(self) -> str:
        return "不能包含用户名。"


class HistoryValidator:
    """Not the current password nor one of the last N; remembers each new one."""

    def _count(self) -> int:
        return getattr(settings, "FAZHI_PASSWORD_HISTORY", 5)

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory

        earlier = list(PasswordHistory.objects.filter(user_id=user.pk)
                       .values_list("password", flat=True)[: self._count()])
        from django.contrib.auth import get_user_model

        stored = (get_user_model()._default_manager.filter(pk=user.pk)
                  .values_list("password", flat=True).first())
        if any(check_password(password, h) for h in [stored, *earlier] if h):
            raise ValidationError(f"新密码不能与最近{self._count()}次使用过的密码相同。",
                                  code="password_reused")

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory

        PasswordHistory.objects.create(user_id=user.pk, password=user.password)
        keep = PasswordHistory.objects.filter(user_id=user.pk).values_list("pk", flat=True)[: self._count()]
        PasswordHistory.objects.filter(user_id=user.pk).exclude(pk__in=list(keep)).delete()

    def get_help_text(self) -> str:
        return f"不能与最近{self._count()}次使用过的密码相同。"
