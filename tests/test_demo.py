"""The demo county loads completely (what `make demo` shows) and every
account can open its home page."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from fazhi.demo import loader
from fazhi.plans.models import ProgressReport
from fazhi.registers.models import Case


@pytest.mark.django_db
def test_demo_county_loads_with_every_state() -> None:
    counts = loader.load()
    assert counts["plans"] == 2 and counts["cases"] > 100
    states = set(ProgressReport.objects.values_list("state", flat=True))
    assert states == {s.value for s in ProgressReport.State}
    # Every register package with a demo adds its records (others land concurrently).
    assert set(Case.objects.values_list("register", flat=True)) >= {
        "reconsideration", "litigation", "disclosure", "suggestion", "rectification", "activity",
        "mediation", "petition"}
    assert loader.demo_loaded() and loader.load() == {}  # loading twice adds nothing
    for account in loader.ACCOUNTS:
        client = Client()
        client.force_login(get_user_model().objects.get(username=account.username))
        assert client.get(reverse("home")).status_code == 200
