"""The inbox: deadline reminders and workflow notifications together."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from fazhi.core import notifications
from fazhi.registers.models import Notification

from ..conftest import PASSWORD


def client_for(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def test_inbox_shows_each_audience_its_own(county) -> None:  # noqa: ANN001
    unit = county.units["县司法局"]
    A = Notification.Audience
    notifications.send([
        (unit, "returned", A.CLERK, "给经办人的退回", "/plans/reports/1/"),
        (unit, "awaits_approval", A.LEADER, "给负责人的待审核", "/plans/reports/1/"),
        (unit, "awaits_review", A.OFFICE, "给依法治县办的待审核", "/plans/reports/1/"),
        (unit, "urged", A.ALL, "给全单位的催办", "/plans/"),
    ])
    seen = {who: client_for(who).get(reverse("notifications")).content.decode()
            for who in ("clerk", "leader", "office", "town_clerk", "other_office", "viewer")}
    assert "给经办人的退回" in seen["clerk"] and "给负责人的待审核" not in seen["clerk"]
    assert "给负责人的待审核" in seen["leader"] and "给经办人的退回" not in seen["leader"]
    assert "给依法治县办的待审核" in seen["office"] and "给经办人的退回" not in seen["office"]
    assert "给全单位的催办" in seen["clerk"] and "给全单位的催办" in seen["leader"]
    for who in ("town_clerk", "other_office", "viewer"):
        assert "给" not in seen[who].split('id="notifications"')[1], who
    c = client_for("clerk")
    assert 'id="unread-badge" title="未读提醒">2<' in c.get(reverse("home")).content.decode()
    c.post(reverse("notification_read_all"))
    assert 'id="unread-badge"' not in c.get(reverse("home")).content.decode()
    assert "给经办人的退回" in c.get(reverse("notifications"), {"show": "all"}).content.decode()


def test_the_badge_counts_to_a_limit(county, monkeypatch) -> None:  # noqa: ANN001
    """The badge's COUNT stops past the limit and says "N+" (it runs on every page)."""
    from fazhi.core import notifications
    from fazhi.org.policy import Policy

    monkeypatch.setattr(notifications, "UNREAD_BADGE_LIMIT", 2)
    unit = county.units["县司法局"]
    notifications.send([(unit, "urged", Notification.Audience.ALL, f"催办{i}", "/plans/")
                        for i in range(5)])
    policy = Policy.for_user(county.users["clerk"])
    assert notifications.unread_count(policy) == 3
    assert [notifications.badge(n) for n in (0, 2, 3)] == ["", "2", "2+"]
    c = Client()
    c.force_login(county.users["clerk"])
    assert 'id="unread-badge" title="未读提醒">2+<' in c.get(reverse("home")).content.decode()


def test_the_inbox_counts_to_a_limit(county, monkeypatch) -> None:  # noqa: ANN001
    """The inbox's count stops at its own limit (like the badge), and says how
    to reach the older reminders."""
    from fazhi.core import notifications

    monkeypatch.setattr(notifications, "INBOX_COUNT_LIMIT", 3)
    unit = county.units["县司法局"]
    notifications.send([(unit, "urged", Notification.Audience.ALL, f"催办第{i}次", "/plans/")
                        for i in range(5)])
    c = Client()
    c.force_login(county.users["clerk"])
    newest = c.get(reverse("notifications"), {"show": "all"}).content.decode()
    assert "超过 3 条" in newest and notifications.INBOX_BEYOND in newest
    assert "催办第4次" in newest and "催办第0次" not in newest
    oldest = c.get(reverse("notifications"), {"show": "all", "sort": "date"}).content.decode()
    assert "催办第0次" in oldest and "催办第4次" not in oldest
