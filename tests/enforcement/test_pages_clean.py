"""Every enforcement page shows Chinese to its reader: no None/True/False/
--------- or code identifiers, for the office and a department's clerk."""

from __future__ import annotations

import datetime
import random
import re

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.actions import Actor
from fazhi.enforcement.models import Draw, LeniencyList
from fazhi.registers.enforcement_case import load_demo
from fazhi.registers.models import Case

from ..conftest import PASSWORD

WORDS = re.compile(r">\s*(None|True|False|---------)\s*<|\b(no_penalty|not_passed|penalty_decision)\b")


@pytest.mark.django_db
def test_pages_are_clean(county) -> None:  # noqa: ANN001
    load_demo(county.county, county.units, Actor.for_user(county.users["office"]),
              datetime.date(2025, 12, 1), random.Random(3), per_unit_year=8)
    case = Case.objects.filter(register="enforcement_case", state="closed").first()
    draw = Draw.objects.first()
    urls = [reverse("enforcement:officer_list"), reverse("enforcement:leniency_lists"),
            reverse("enforcement:leniency_detail", args=[LeniencyList.objects.first().pk]),
            reverse("enforcement:draw_list"), reverse("enforcement:draw_detail", args=[draw.pk]),
            reverse("registers:case_list", args=["enforcement_case"]),
            reverse("registers:case_detail", args=["enforcement_case", case.pk]),
            reverse("registers:case_open", args=["enforcement_case"])]
    for user in ("office", "clerk"):
        c = Client()
        c.login(username=user, password=PASSWORD)
        for url in urls:
            response = c.get(url)
            if response.status_code == 404 and user == "clerk":
                continue  # another unit's case
            assert response.status_code == 200, (user, url)
            text = response.content.decode()
            assert not WORDS.search(text), (user, url, WORDS.search(text).group(0))
