"""Error pages in Chinese, in the site's layout, with the refusal's own reason
and a way back; the demo (dev settings) shows them too unless a developer
sets DEBUG."""

from __future__ import annotations

import os
import subprocess
import sys

from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from ..conftest import PASSWORD, REPO


def client_for(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def test_403_gives_the_policys_reason_in_the_layout(county) -> None:  # noqa: ANN001
    response = client_for("clerk").get(reverse("plans:plan_import"), HTTP_REFERER="/plans/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "只有依法治县办管理员可以导入工作计划。" in page
    assert 'id="mainnav"' in page and 'id="error-home"' in page and 'href="/plans/"' in page


def test_404_and_400_in_chinese(county, plan) -> None:  # noqa: ANN001
    response = client_for("viewer").get(reverse("plans:report_detail", args=[999999]))
    assert response.status_code == 404 and "页面不存在" in response.content.decode()
    assert 'id="mainnav"' in response.content.decode()
    bad = Client().get("/", HTTP_HOST="evil.example.com")  # DisallowedHost → 400
    assert bad.status_code == 400 and "请求有误" in bad.content.decode()


def test_500_in_chinese() -> None:
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "系统出错" in response.content.decode()


def _debug_of(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    clean.update(env, DJANGO_SETTINGS_MODULE="fazhi.settings.dev")
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=clean,  # noqa: S603
                            capture_output=True, text=True, timeout=60)
    return result.stdout.strip()


def test_demo_settings_keep_debug_off_unless_a_developer_sets_it() -> None:
    assert _debug_of() == "False"
    assert _debug_of(DEBUG="1") == "True"
