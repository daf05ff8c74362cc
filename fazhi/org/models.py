"""行政区划、单位、单位组合与人员角色。"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q


class Region(models.Model):
    """A node of the administrative tree: province › city › county/district."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "县（市、区）"

    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField("行政区划代码", max_length=12, blank=True)
    # Materialised path of ids ("/1/5/12/"): descendants are path__startswith.
    path = models.CharField("路径", max_length=255, editable=False, db_index=True)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        with transaction.atomic():
            if self.pk is None:
                self.path = "/"
                super().save(*args, **kwargs)
            new_path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
            old_path = self.path
            if new_path != old_path:
                self.path = new_path
            kwargs.pop("force_insert", None)
            super().save(*args, **kwargs)
            if old_path not in ("/", new_path):
                # Moved: re-root the subtree (rare, an administrator's change).
                for child in Region.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.path = new_path + child.path[len(old_path):]
                    Region.objects.filter(pk=child.pk).update(path=child.path)

    @property
    def full_name(self) -> str:
        names = [r.name for r in self.ancestors()] + [self.name]
        return "".join(names)

    def ancestors(self) -> list[Region]:
        ids = [int(x) for x in self.path.strip("/").split("/")[:-1] if x]
        by_id = Region.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def descendants(self, include_self: bool = True) -> models.QuerySet[Region]:
        qs = Region.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)


class Unit(models.Model):
    """A unit of a county: the government office, a department, a town or
    street, a development zone, or a non-government body (court …)."""

    class Kind(models.TextChoices):
        GOV_OFFICE = "gov_office", "县政府办公室"
        DEPARTMENT = "department", "县政府部门"
        TOWN = "town", "镇"
        STREET = "street", "街道"
        DEV_ZONE = "dev_zone", "开发区"
        PARTY = "party", "党委部门"
        OTHER_BODY = "other_body", "其他机关（法院、检察院等）"

    region = models.ForeignKey(Region, verbose_name="所属县（市、区）", on_delete=models.PROTECT,
                               related_name="units")
    name = models.CharField("全称", max_length=100, help_text="如：莘县司法局")
    short_name = models.CharField("简称", max_length=100, blank=True,
                                  help_text="文件中的写法，如：县司法局")
    aliases = models.TextField("其他写法", blank=True, help_text="每行一个，用于导入计划时识别单位")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, db_index=True)
    is_law_enforcement = models.BooleanField("行政执法部门", default=False)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_demo = models.BooleanField("演示数据", default=False)

    SCOPE_REGION = "region"
    SCOPE_UNIT = "pk"

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["region", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def names(self) -> list[str]:
        extra = [a.strip() for a in self.aliases.splitlines() if a.strip()]
        return [n for n in [self.name, self.short_name, *extra] if n]


class UnitGroup(models.Model):
    """A name that documents use for several units at once (县政府各部门,
    各镇人民政府（街道办事处）…): members by kind, plus an explicit list."""

    region = models.ForeignKey(Region, verbose_name="所属县（市、区）", on_delete=models.PROTECT,
                               related_name="unit_groups")
    name = models.CharField("名称", max_length=100)
    aliases = models.TextField("其他写法", blank=True, help_text="每行一个")
    member_kinds = models.JSONField("按类型包含", default=list, blank=True,
                                    help_text="该类型的全部单位均为成员，如 [\"department\"]")
    law_enforcement_only = models.BooleanField("仅行政执法部门", default=False)
    explicit_members = models.ManyToManyField(Unit, verbose_name="指定成员", blank=True,
                                              related_name="explicit_groups")
    is_demo = models.BooleanField("演示数据", default=False)

    SCOPE_REGION = "region"

    class Meta:
        verbose_name = "单位组合"
        verbose_name_plural = "单位组合"
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unitgroup_unique_name_in_region"),
        ]

    def __str__(self) -> str:
        return self.name

    def names(self) -> list[str]:
        return [self.name, *[a.strip() for a in self.aliases.splitlines() if a.strip()]]

    def members(self) -> models.QuerySet[Unit]:
        condition = Q(pk__in=self.explicit_members.values("pk"))
        if self.member_kinds:
            by_kind = Q(kind__in=self.member_kinds)
            if self.law_enforcement_only:
                by_kind &= Q(is_law_enforcement=True)
            condition |= by_kind
        return Unit.objects.filter(region=self.region, is_active=True).filter(condition).distinct()


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", "依法治县办管理员"
    CLERK = "clerk", "单位经办人"
    LEADER = "leader", "单位负责人"
    UPPER_VIEWER = "upper_viewer", "上级查阅人员"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "安全审计员"


UNIT_ROLES = {Role.CLERK, Role.LEADER}
REGION_ROLES = {Role.OFFICE_ADMIN, Role.UPPER_VIEWER, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN,
                Role.AUDIT_ADMIN}


class MembershipQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ANN003, ANN201
        # A bulk update would bypass the 三员分立 check of save().
        if {"is_active", "role", "user", "user_id"} & set(kwargs):
            raise ValueError("Membership roles change one by one through save() (三员分立).")
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        raise ValueError("Membership rows are created one by one through save() (三员分立).")


class Membership(models.Model):
    """A person's role in a unit (clerk, leader) or a region (the others)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.CASCADE,
                             related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(Unit, verbose_name="单位", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="memberships")
    region = models.ForeignKey(Region, verbose_name="地区", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="memberships")
    is_active = models.BooleanField("有效", default=True)
    is_demo = models.BooleanField("演示数据", default=False)

    objects = MembershipQuerySet.as_manager()

    SCOPE_REGION = ("region", "unit__region")

    class Meta:
        verbose_name = "人员角色"
        verbose_name_plural = "人员角色"
        constraints = [
            models.CheckConstraint(
                condition=(Q(role__in=sorted(r.value for r in UNIT_ROLES)) & Q(unit__isnull=False))
                | (~Q(role__in=sorted(r.value for r in UNIT_ROLES)) & Q(region__isnull=False)),
                name="membership_role_has_scope",
                violation_error_message="单位经办人、单位负责人须指定单位；其他角色须指定地区。",
            ),
            models.UniqueConstraint(fields=["user", "role", "unit", "region"],
                                    name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit or self.region}"

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        """Every path that sets a role ends here: 三员分立 is checked under a
        lock on the person's row (fazhi.org.duties)."""
        from django.contrib.auth import get_user_model

        from .duties import check_holder

        with transaction.atomic():
            get_user_model().objects.select_for_update().filter(pk=self.user_id).first()
            check_holder(self)
            super().save(*args, **kwargs)

    def clean(self) -> None:
        from .duties import check_holder

        if self.user_id and self.role:
            check_holder(self)  # shown by every ModelForm, the admin's too

    @property
    def scope_region(self) -> Region:
        return self.unit.region if self.unit_id else self.region


class LoginAttempt(models.Model):
    """Every login attempt, kept to lock an account after repeated failures
    (stored in the database so every application server sees it)."""

    username = models.CharField("账号", max_length=150, db_index=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    succeeded = models.BooleanField("成功", default=False)

    class Meta:
        verbose_name = "登录记录"
        verbose_name_plural = "登录记录"
        ordering = ["-at"]
        indexes = [models.Index(fields=["username", "succeeded", "at"]),
                   models.Index(fields=["ip", "succeeded", "at"])]

    def __str__(self) -> str:
        return f"{self.username} {'成功' if self.succeeded else '失败'} {self.at:%Y-%m-%d %H:%M}"


class Account(models.Model):
    """The region an account belongs to (the region of the administrator who
    created it), so that account lists and role grants stay within a county."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="人员",
                                on_delete=models.CASCADE, related_name="account")
    region = models.ForeignKey(Region, verbose_name="所属地区", on_delete=models.PROTECT,
                               related_name="accounts")
    # Set for accounts an administrator creates: the initial password is known
    # to two people, so the owner changes it at first login.
    must_change_password = models.BooleanField("首次登录须修改密码", default=False)

    SCOPE_REGION = "region"

    class Meta:
        verbose_name = "账号归属"
        verbose_name_plural = "账号归属"

    def __str__(self) -> str:
        return f"{self.user} · {self.region}"


class PasswordHistory(models.Model):
    """Hashes of a person's earlier passwords, so a new one is not one of the
    last few (fazhi.org.passwords.HistoryValidator)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.CASCADE,
                             related_name="password_history")
    password = models.CharField("密码哈希", max_length=128)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.at:%Y-%m-%d}"
