"""The register list's 即将到期 / 已逾期 filters select exactly the cases whose
light is yellow / red, written on the columns so that an index serves them."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.registers.models import Case
from fazhi.registers.views import annotate_light, soon_date


@pytest.mark.django_db
def test_due_filters_match_the_lights(county) -> None:  # noqa: ANN001
    today = timezone.localdate()
    soon = soon_date(today)
    unit = county.units["县司法局"]
    cases = []
    for n, (due, closed) in enumerate([
        (today - datetime.timedelta(days=3), None),          # red
        (today - datetime.timedelta(days=3), today),          # closed: green
        (today, None),                                        # yellow
        (soon, None),                                         # yellow (last day)
        (soon + datetime.timedelta(days=1), None),            # grey
        (None, None),                                         # grey, no deadline
        (today + datetime.timedelta(days=1), today),          # closed: green
    ]):
        cases.append(Case(register="reconsideration", region=county.county, unit=unit,
                          number=f"莘县复受〔2026〕{n + 1}号", title=f"事项{n + 1}",
                          started_on=today - datetime.timedelta(days=10), state="accepted",
                          next_due=due, closed_on=closed))
    Case.objects.bulk_create(cases)
    client = Client()
    client.force_login(county.users["office"])
    lit = annotate_light(Case.objects.filter(register="reconsideration"), today, soon)
    for due, light in (("overdue", "red"), ("soon", "yellow")):
        page = client.get(reverse("registers:case_list", args=["reconsideration"]) + f"?due={due}")
        shown = {c.number for c in cases if c.number in page.content.decode()}
        expected = set(lit.filter(light=light).values_list("number", flat=True))
        assert shown == expected and expected, due
