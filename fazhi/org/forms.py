from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password

from fazhi.core.forms import StyledForm, StyledModelForm

from .duties import BUSINESS_ROLES, check_grantor
from .models import Membership, Region, Role, Unit, UnitGroup

User = get_user_model()


class UnitForm(StyledModelForm):
    class Meta:
        model = Unit
        fields = ["region", "name", "short_name", "aliases", "kind", "is_law_enforcement",
                  "sort_order", "is_active"]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, regions=None, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions if regions is not None else Region.objects.none()


class UnitGroupForm(StyledModelForm):
    member_kinds = forms.MultipleChoiceField(label="按类型包含", required=False,
                                             choices=Unit.Kind.choices,
                                             widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = UnitGroup
        fields = ["region", "name", "aliases", "member_kinds", "law_enforcement_only",
                  "explicit_members"]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, regions=None, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions if regions is not None else Region.objects.none()
        self.fields["explicit_members"].queryset = Unit.objects.filter(region__in=self.fields["region"].queryset)
        self.fields["member_kinds"].widget.attrs["class"] = ""


class UserForm(StyledForm):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=150)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput(render_value=False),
                               help_text="至少 10 位，不能全为数字，不能过于常见")
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, regions=None, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        regions = regions if regions is not None else Region.objects.none()
        self.fields["region"] = forms.ModelChoiceField(label="所属地区", queryset=regions,
                                                       initial=regions.first())
        self.fields["region"].widget.attrs["class"] = "form-select"
        self.order_fields(["username", "full_name", "region", "password", "is_active"])

    def clean_username(self) -> str:
        name = self.cleaned_data["username"].strip()
        if User.objects.filter(username=name).exists():
            raise forms.ValidationError("该用户名已存在。")
        return name

    def clean(self):  # noqa: ANN201
        data = super().clean()
        if data.get("password"):
            try:
                validate_password(data["password"], User(username=data.get("username", "")))
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class MembershipForm(StyledModelForm):
    class Meta:
        model = Membership
        fields = ["user", "role", "unit", "region"]

    def __init__(self, *args, regions=None, users=None, grantor=None, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.grantor = grantor
        regions = regions if regions is not None else Region.objects.none()
        self.fields["region"].queryset = regions
        self.fields["unit"].queryset = Unit.objects.filter(region__in=regions)
        users = users if users is not None else User.objects.none()
        if grantor is not None and not grantor.is_superuser:
            users = users.exclude(pk=grantor.pk)  # never to oneself (三员分立)
            self.fields["role"].choices = [("", "请选择")] + [
                (r.value, r.label) for r in Role if r in BUSINESS_ROLES]
        self.fields["user"].queryset = users.filter(is_active=True).order_by("username")

    def clean(self):  # noqa: ANN201
        data = super().clean()
        role, unit, region = data.get("role"), data.get("unit"), data.get("region")
        if role in (Role.CLERK, Role.LEADER):
            if not unit:
                self.add_error("unit", "单位经办人、单位负责人须指定单位。")
            data["region"] = None
        elif role:
            if not region:
                self.add_error("region", "该角色须指定地区。")
            data["unit"] = None
        user = data.get("user")
        if user and role:
            # Who may grant what; what one person may hold is Membership.clean's.
            try:
                check_grantor(self.grantor, Membership(user=user, role=role))
            except forms.ValidationError as exc:
                self.add_error("role", exc)
        return data
