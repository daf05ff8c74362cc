"""Bad input never gives a 500: every list page of the scoping walk, read by
a role that may read it, with random filter parameters (hypothesis) —
garbage dates, huge numbers, NUL bytes, unknown choices, repeated keys."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..test_scoping import MATRIX

# Every filter name the list pages read, plus the table's own.
PARAMS = ["q", "page", "sort", "since", "until", "unit", "state", "due", "year", "region", "period",
          "role", "kind", "model", "action", "person", "object", "status", "plan", "task",
          "code", "light", "register", "county", "level", "month", "source", "completion"]
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["abc", "2026-13-45", "-1", "0", "9" * 30, "1e309", "null", "None", "\x00",
                     "a\x00b", "'; DROP TABLE x;--", "%", "__all__", "-pk", "2026-02-30", " "]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
QUERIES = st.dictionaries(st.sampled_from(PARAMS), st.lists(VALUES, min_size=1, max_size=2), max_size=4)
LIST_URLS = sorted(name for name, (key, roles) in MATRIX.items() if key is None and roles)


@pytest.fixture
def clients(county):  # noqa: ANN001, ANN201
    made = {}
    for role, user in county.users.items():
        client = Client()
        client.force_login(user)
        made[role] = client
    return made


@pytest.mark.django_db
@settings(max_examples=int(__import__("os").environ.get("FAZHI_FUZZ_EXAMPLES", "120")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=st.sampled_from(LIST_URLS), query=QUERIES)
def test_no_list_page_gives_a_500(clients, name: str, query: dict[str, list[str]]) -> None:  # noqa: ANN001
    role = sorted(MATRIX[name][1])[0]
    response = clients[role].get(reverse(name), query)
    assert response.status_code < 500, (name, query)


@pytest.mark.django_db
def test_the_reported_inputs(clients) -> None:  # noqa: ANN001
    assert clients["auditor"].get(reverse("audit:entry_list"), {"since": "abc"}).status_code < 500
    for name in LIST_URLS:
        role = sorted(MATRIX[name][1])[0]
        assert clients[role].get(reverse(name), {"q": "a\x00b"}).status_code == 400
