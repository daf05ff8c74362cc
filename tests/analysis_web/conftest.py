from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ..conftest import PASSWORD, SEEDS

# A report of 东阿县 (in the test city 聊城市, beside 莘县) and one of 冠县 (not held).
DONGE = "000_101de63acc3adf00.txt"
GUANXIAN = "001_71cdad99206ce03e.txt"


def seed_bytes(name: str) -> bytes:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"seed report {name} (../shared/seeds) is not available")
    return path.read_bytes()


def login(role: str) -> Client:
    client = Client()
    assert client.login(username=role, password=PASSWORD)
    return client


def upload(client: Client, *files: tuple[str, bytes]):  # noqa: ANN201
    return client.post(reverse("analysis:upload"), {
        "files": [SimpleUploadedFile(name, data) for name, data in files]})


@pytest.fixture
def office(county) -> Client:  # noqa: ANN001
    return login("office")


@pytest.fixture
def viewer(county) -> Client:  # noqa: ANN001
    return login("viewer")

