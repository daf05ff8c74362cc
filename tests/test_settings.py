"""Production mode fails closed and passes Django's deployment checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest

from .conftest import REPO

GOOD_KEY = secrets.token_urlsafe(50)


def run_fazhi(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    clean.update(env)
    return subprocess.run([sys.executable, "-m", "fazhi", *args], cwd=REPO, env=clean,  # noqa: S603
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_in_production() -> None:
    result = run_fazhi("check", "--deploy", "--fail-level", "WARNING",
                       DJANGO_SETTINGS_MODULE="fazhi.settings.production",
                       SECRET_KEY=GOOD_KEY,
                       ALLOWED_HOSTS="fazhi.example.gov.cn")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret() -> None:
    result = run_fazhi("check", DJANGO_SETTINGS_MODULE="fazhi.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_demo_never_loads_in_production() -> None:
    result = run_fazhi("demo", "--load-only", DJANGO_SETTINGS_MODULE="fazhi.settings.production",
                       SECRET_KEY=GOOD_KEY, DATABASE_URL="sqlite:///:memory:")
    assert result.returncode != 0
    assert "生产模式下不能加载演示数据" in result.stderr


@pytest.mark.parametrize("key", [
    "y" * 60,  # one character repeated
    "abcdef" * 10,  # a short pattern repeated
    "x" * 20 + "-production-secret-for-the-check-only-0123456789",  # mostly one character
    # Django's placeholder prefix (a random key: named, so every test worker collects the same test)
    pytest.param("django-insecure-" + secrets.token_urlsafe(50), id="django-insecure-random"),
    "dev-only-secret-not-for-production-use-0123456789abcdef",  # the development key
])
def test_production_refuses_a_weak_secret(key: str) -> None:
    result = run_fazhi("check", DJANGO_SETTINGS_MODULE="fazhi.settings.production", SECRET_KEY=key)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("module", ["fazhi.settings.dev", "fazhi.settings.test"])
def test_a_production_machine_refuses_dev_and_test_settings(module: str) -> None:
    result = run_fazhi("check", DJANGO_SETTINGS_MODULE=module, FAZHI_ENV="production")
    assert result.returncode != 0 and "FAZHI_ENV=production" in result.stderr
    # … and the default of the fazhi command (dev) too.
    clean = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "-m", "fazhi", "check"], cwd=REPO,  # noqa: S603
                            env={**clean, "FAZHI_ENV": "production"}, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0 and "FAZHI_ENV=production" in result.stderr


def test_security_headers_are_sent(client) -> None:  # noqa: ANN001
    response = client.get("/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_demo_loader_refuses_when_not_allowed(settings) -> None:  # noqa: ANN001
    from django.core.exceptions import ImproperlyConfigured

    from fazhi.demo import loader

    settings.FAZHI_DEMO_ALLOWED = False
    with pytest.raises(ImproperlyConfigured):
        loader.load()
