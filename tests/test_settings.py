"""Production mode fails closed and passes Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import REPO


def run_fazhi(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    clean.update(env)
    return subprocess.run([sys.executable, "-m", "fazhi", *args], cwd=REPO, env=clean,  # noqa: S603
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_in_production() -> None:
    result = run_fazhi("check", "--deploy", "--fail-level", "WARNING",
                       DJANGO_SETTINGS_MODULE="fazhi.settings.production",
                       SECRET_KEY="x" * 20 + "-production-secret-for-the-check-only-0123456789",
                       ALLOWED_HOSTS="fazhi.example.gov.cn")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret() -> None:
    result = run_fazhi("check", DJANGO_SETTINGS_MODULE="fazhi.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_demo_never_loads_in_production() -> None:
    result = run_fazhi("demo", "--load-only", DJANGO_SETTINGS_MODULE="fazhi.settings.production",
                       SECRET_KEY="y" * 60, DATABASE_URL="sqlite:///:memory:")
    assert result.returncode != 0
    assert "生产模式下不能加载演示数据" in result.stderr


@pytest.mark.django_db
def test_demo_loader_refuses_when_not_allowed(settings) -> None:  # noqa: ANN001
    from django.core.exceptions import ImproperlyConfigured

    from fazhi.demo import loader

    settings.FAZHI_DEMO_ALLOWED = False
    with pytest.raises(ImproperlyConfigured):
        loader.load()
