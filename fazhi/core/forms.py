"""Form styling shared by all forms (Bootstrap classes, error marking)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms

DJANGO_BLANK = "---------"
BLANK_LABEL = "请选择"


def _blank_label(field: forms.Field) -> None:
    """请选择 instead of Django's --------- as the empty choice of a select."""
    if isinstance(field, forms.ModelChoiceField) and field.empty_label == DJANGO_BLANK:
        field.empty_label = BLANK_LABEL
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices = list(field.choices)
        if any(label == DJANGO_BLANK for _, label in choices):
            field.choices = [(v, BLANK_LABEL if label == DJANGO_BLANK else label) for v, label in choices]


class StyledFormMixin:
    """Adds Bootstrap classes to every widget and marks fields with errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            _blank_label(field)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                attrs = self.fields[name].widget.attrs  # type: ignore[attr-defined]
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class DependentSelect(forms.Select):
    """A select whose choices follow another field of the form (a dependent
    select): each option names, in ``data-for``, the values of the ``parent``
    field it belongs to, and fazhi/daily.js offers only the matching ones when
    the parent changes (a static file: the CSP forbids inline script). The
    form still refuses a mismatched pair on the server."""

    def __init__(self, parent: str, groups: Mapping[str, Iterable[str]],
                 attrs: dict[str, Any] | None = None) -> None:
        super().__init__({**(attrs or {}), "data-depends-on": parent})
        self.parents: dict[str, list[str]] = {}
        for parent_value, values in groups.items():
            for value in values:
                self.parents.setdefault(str(value), []).append(str(parent_value))

    def create_option(self, name: str, value: Any, label: Any, selected: Any, index: int,
                      subindex: int | None = None, attrs: dict[str, Any] | None = None) -> dict:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value not in (None, ""):
            option["attrs"]["data-for"] = " ".join(self.parents.get(str(value), []))
        return option


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []
