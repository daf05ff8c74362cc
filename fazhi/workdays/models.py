"""节假日与调休安排：系统管理员载入的年度数据，优先于内置日历。"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone


class CalendarYear(models.Model):
    """One year's 国务院办公厅 holiday notice as loaded by an administrator.
    A year present here replaces the built-in data for that whole year."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField("依据", max_length=200,
                              help_text="如：国办发明电〔2024〕12号")
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="载入人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    loaded_at = models.DateTimeField("载入时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "节假日年度安排"
        verbose_name_plural = "节假日年度安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年（{self.source}）"


class CalendarDay(models.Model):
    """A day that differs from the Monday–Friday rule: a day off inside a
    holiday block, or a weekend day worked (调休上班日)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假（法定节假日及连休日）"
        WORKDAY = "workday", "调休上班日"

    year = models.ForeignKey(CalendarYear, verbose_name="年度", on_delete=models.CASCADE,
                             related_name="days")
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("节日", max_length=50, blank=True, help_text="如：春节")

    class Meta:
        verbose_name = "节假日或调休日"
        verbose_name_plural = "节假日或调休日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()

    def clean(self) -> None:
        year = self._year_number()
        if year is not None and self.date and self.date.year != year:
            raise ValidationError({"date": f"日期{self.date:%Y-%m-%d}不在{year}年内。"})

    def _year_number(self) -> int | None:
        try:
            return self.year.year
        except CalendarYear.DoesNotExist:
            return None


class CalendarStamp(models.Model):
    """A token that changes with every change to the calendar data, so that
    every server process knows when its cached calendar is stale."""

    key = models.CharField("键", max_length=20, primary_key=True, default="calendar")
    token = models.CharField("版本", max_length=32)
    changed_at = models.DateTimeField("变更时间", auto_now=True)

    class Meta:
        verbose_name = "日历版本"
        verbose_name_plural = "日历版本"

    def __str__(self) -> str:
        return self.token


def bump_stamp() -> str:
    """Give the calendar a new version token (a random one, never reused)."""
    token = uuid.uuid4().hex
    updated = CalendarStamp.objects.filter(key="calendar").update(
        token=token, changed_at=timezone.now())
    if not updated:
        CalendarStamp.objects.update_or_create(key="calendar", defaults={"token": token})
    return token


@receiver(post_save, sender=CalendarYear)
@receiver(post_delete, sender=CalendarYear)
@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def _calendar_rows_changed(sender: type[models.Model], **kwargs: Any) -> None:
    # Any change by any path (admin, command, shell) invalidates every
    # process's cached calendar.
    bump_stamp()
