"""The replica router (fazhi.core.replica): marked GET pages read the replica;
POSTs, reads in a transaction and reads after a write go to default; writes
and migrations only to default. The test database has one alias, so the
router used here records where each read would go and then reads default."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from fazhi.core import replica
from fazhi.org.models import Region
from fazhi.plans.models import Assignment
from fazhi.registers.models import Notification

from ..conftest import PASSWORD


class RecordingRouter(replica.ReplicaRouter):
    reads: list[tuple[str, str]] = []
    writes: list[tuple[str, str]] = []

    def db_for_read(self, model: type, **hints: object) -> str:
        self.reads.append((model._meta.label, self.choose_read()))
        return "default"

    def db_for_write(self, model: type, **hints: object) -> str:
        alias = super().db_for_write(model, **hints)
        self.writes.append((model._meta.label, alias))
        return alias


ROUTED = override_settings(
    DATABASE_ROUTERS=[f"{__name__}.RecordingRouter"],
    MIDDLEWARE=[*settings.MIDDLEWARE, "fazhi.core.replica.ReplicaReadsMiddleware"])


@pytest.fixture
def recorded():  # noqa: ANN201
    RecordingRouter.reads.clear()
    RecordingRouter.writes.clear()
    with ROUTED:
        yield RecordingRouter


def _office() -> Client:
    client = Client()
    assert client.login(username="office", password=PASSWORD)
    return client


def test_without_a_request_or_a_mark_reads_go_to_default() -> None:
    router = replica.ReplicaRouter()
    assert router.db_for_read(Region) == "default" and router.db_for_write(Region) == "default"
    assert router.allow_migrate("default", "org") and not router.allow_migrate("replica", "org")
    assert router.allow_relation(object(), object())


def test_the_setting_is_off_by_default() -> None:
    assert "replica" not in settings.DATABASES and not getattr(settings, "DATABASE_ROUTERS", [])
    assert "fazhi.core.replica.ReplicaReadsMiddleware" not in settings.MIDDLEWARE


@pytest.mark.django_db(transaction=True)
def test_a_marked_list_page_reads_the_replica(county, plan, recorded) -> None:  # noqa: ANN001
    client = _office()  # logging in writes the session: not inside the page's request
    recorded.reads.clear()
    assert client.get(reverse("plans:assignment_list"), {"plan": plan.pk}).status_code == 200
    assignment_reads = {alias for label, alias in recorded.reads if label == "plans.Assignment"}
    assert assignment_reads == {"replica"}
    # The session and the user are read by the middleware before the view: default.
    assert ("sessions.Session", "default") in recorded.reads


@pytest.mark.django_db(transaction=True)
def test_an_unmarked_page_and_a_post_read_and_write_default(county, plan, recorded) -> None:  # noqa: ANN001
    client = _office()
    recorded.reads.clear()
    client.get(reverse("plans:task_detail", args=[plan.tasks.first().pk]))
    assert recorded.reads and {alias for _, alias in recorded.reads} == {"default"}
    type(plan).objects.filter(pk=plan.pk).update(year=datetime.date.today().year)
    task = plan.tasks.get(number=3)
    plan.tasks.filter(pk=task.pk).update(due_date=datetime.date.today() - datetime.timedelta(days=3))
    recorded.reads.clear()
    recorded.writes.clear()
    # A POST to a marked view reads default too.
    client.post(reverse("plans:assignment_list"))
    client.post(reverse("plans:urge"), {"task": [task.pk], "note": "本周内报送"})
    assert {alias for _, alias in recorded.reads} == {"default"}
    assert ("registers.Notification", "default") in recorded.writes
    assert Notification.objects.filter(kind="urged").count() == Assignment.objects.filter(task=task).count()


@replica.replica_reads
def _read_write_read(request: HttpRequest) -> HttpResponse:
    first = Region.objects.count()
    Region.objects.create(name="写后读县", level=Region.Level.COUNTY)
    second = Region.objects.count()
    with transaction.atomic():
        Region.objects.exists()
    return HttpResponse(f"{first},{second}")


@pytest.mark.django_db(transaction=True)
def test_a_read_after_a_write_in_the_same_request_goes_to_default(recorded) -> None:  # noqa: ANN001
    middleware = replica.ReplicaReadsMiddleware(lambda r: _respond(middleware, r))
    response = middleware(RequestFactory().get("/"))
    assert response.content == b"0,1"
    assert [alias for label, alias in recorded.reads if label == "org.Region"] == \
        ["replica", "default", "default"]
    assert recorded.writes == [("org.Region", "default")]
    # The request's state ends with it: the next request starts without a write.
    response = middleware(RequestFactory().get("/"))
    assert [alias for label, alias in recorded.reads if label == "org.Region"][3] == "replica"


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_go_to_default(recorded) -> None:  # noqa: ANN001
    @replica.replica_reads
    def view(request: HttpRequest) -> HttpResponse:
        with transaction.atomic():
            Region.objects.count()
        Region.objects.count()
        return HttpResponse("")

    middleware = replica.ReplicaReadsMiddleware(lambda r: _respond(middleware, r, view))
    middleware(RequestFactory().get("/"))
    assert [alias for _, alias in recorded.reads] == ["default", "replica"]


def _respond(middleware: replica.ReplicaReadsMiddleware, request: HttpRequest,
             view=_read_write_read) -> HttpResponse:  # noqa: ANN001
    # What Django's handler does between the middleware's call and the view.
    middleware.process_view(request, view, (), {})
    return view(request)


SCRIPT = """
import django
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory

django.setup()
from fazhi.core import replica
from fazhi.org.models import Region

for alias in ("default", "replica"):  # two databases holding the same table
    with connections[alias].schema_editor() as editor:
        editor.create_model(Region)
# What replication has copied so far: only the replica has this row.
Region.objects.using("replica").create(name="副本县", level="county", path="/r/")

@replica.replica_reads
def view(request):
    before = list(Region.objects.values_list("name", flat=True))
    Region.objects.create(name="主库县", level="county", path="/d/")
    after = list(Region.objects.values_list("name", flat=True))
    return HttpResponse(repr((before, after)))

def handle(request):
    middleware.process_view(request, view, (), {})
    return view(request)

middleware = replica.ReplicaReadsMiddleware(handle)
print(middleware(RequestFactory().get("/")).content.decode())
print(middleware(RequestFactory().post("/")).content.decode())
"""


def test_two_sqlite_databases(tmp_path) -> None:  # noqa: ANN001
    """Through the settings: FAZHI_REPLICA_DATABASE_URL adds the alias, the
    router and the middleware; a marked GET reads the replica until it writes."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fazhi.settings.test",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'default.sqlite3'}",
           "FAZHI_REPLICA_DATABASE_URL": f"sqlite:///{tmp_path / 'replica.sqlite3'}"}
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True,
                         cwd=settings.BASE_DIR, check=True)
    get, post = out.stdout.strip().splitlines()
    # GET: the replica's rows, then after the write the primary's.
    assert get == repr((["副本县"], ["主库县"]))
    # POST: the primary only.
    assert post == repr((["主库县"], ["主库县", "主库县"]))
