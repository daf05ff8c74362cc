"""The portal walked as an anonymous visitor over every URL: published items
answer 200, everything else 404 by its stable URL, and no unpublished title or
text appears on any page. The URL list comes from the portal's resolver, so a
new portal URL is walked without editing this file (or fails here, asking for
its arguments)."""

from __future__ import annotations

import html
import re
from collections import deque

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fazhi.portal import published, views

from .conftest import PortalWorld, secrets_of

HREF = re.compile(r'href="([^"]*)"')
ECHO = re.compile(r'name="q" value="[^"]*"')
CODE_WORDS = ["None", "True", "False", "---------"]


def portal_patterns() -> list[URLPattern]:
    for p in get_resolver().url_patterns:
        if isinstance(p, URLResolver) and p.namespace == "portal":
            assert all(isinstance(q, URLPattern) for q in p.url_patterns)
            return list(p.url_patterns)
    raise AssertionError("the portal's URLs are not included")


def kwargs_sets(world: PortalWorld) -> tuple[dict, list[dict]]:
    """(the published item's URL arguments, those of every unpublished or missing one)."""
    shown = {"region": published.region_key(world.county), "year": world.year}
    hidden = [{"region": published.region_key(r.region), "year": r.year}
              for r in world.unpublished]
    hidden += [{"region": "999999", "year": world.year}, {"region": "abc", "year": world.year},
               {"region": "9" * 40, "year": world.year}]
    return shown, hidden


def urls(world: PortalWorld) -> list[tuple[str, str, bool]]:
    """(name, url, published) for every portal URL and every argument set."""
    shown, hidden = kwargs_sets(world)
    out = []
    for p in portal_patterns():
        name = f"portal:{p.name}"
        params = set(p.pattern.converters)
        if not params:
            out.append((name, reverse(name), True))
            continue
        assert params <= set(shown), f"{name}: tell the walk how to fill {params - set(shown)}"
        out.append((name, reverse(name, kwargs={k: shown[k] for k in params}), True))
        out += [(name, reverse(name, kwargs={k: h[k] for k in params}), False) for h in hidden]
    return out


def assert_clean(world: PortalWorld, url: str, response) -> None:  # noqa: ANN001
    if response.get("Content-Type", "").startswith("text/html"):
        # a search echoes its own words in the search box: that is not a leak
        text = ECHO.sub("", response.content.decode())
        for secret in secrets_of(world):
            assert secret not in text, f"{url} shows unpublished “{secret}”"
        for word in CODE_WORDS:
            assert f">{word}<" not in text and f" {word} " not in text, f"{url} shows {word}"


def test_every_portal_url_as_an_anonymous_visitor(world: PortalWorld) -> None:
    client = Client()
    docx = views._docx_available()
    for name, url, shown in urls(world):
        response = client.get(url)
        if shown and not (name == "portal:report_docx" and not docx):
            assert response.status_code == 200, f"{url} → {response.status_code}"
        else:
            assert response.status_code == 404, f"{url} must not be found, got {response.status_code}"
            assert "未找到" in response.content.decode()
        assert_clean(world, url, response)


def test_the_published_report_is_shown_whole(world: PortalWorld) -> None:
    url = reverse("portal:report_detail", kwargs={"region": "371522", "year": world.year})
    text = Client().get(url).content.decode()
    for part in [world.published.title, "中共聊城市委、聊城市人民政府：", "一、主要举措和成效",
                 "（一）深入推进依法行政", "二、存在的不足和原因",
                 "全年接收行政复议申请91件", "莘县人民政府</div>"]:
        assert part in text, part
    assert "{RECON_RECEIVED}" not in text


def test_crawl_every_link_from_the_home_page(world: PortalWorld) -> None:
    """Follows every portal link from the home page and the searches for the
    unpublished titles: each page answers and none shows an unpublished item."""
    client = Client()
    start = [reverse("portal:home")]
    for r in world.unpublished:
        start += [reverse("portal:report_list") + f"?q={r.title}",
                  reverse("portal:disclosure_list") + f"?q={r.region.name}&year={r.year}"]
    queue, seen = deque(start), set(start)
    while queue:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code == 200, f"{url} → {response.status_code}"
        assert_clean(world, url, response)
        if not response["Content-Type"].startswith("text/html"):
            continue
        for href in HREF.findall(response.content.decode()):
            href = html.unescape(href)
            if href.startswith("?"):
                href = url.split("?")[0] + href
            if href.startswith("/public/") and href not in seen:
                seen.add(href)
                queue.append(href)
    paths = {u.split("?")[0] for u in seen}
    assert reverse("portal:report_detail", kwargs={"region": "371522", "year": world.year}) in paths
    assert reverse("portal:disclosure_detail",
                   kwargs={"region": "371522", "year": world.year}) in paths


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_portal_is_read_only(world: PortalWorld, method: str) -> None:
    client = Client()
    for _, url, _ in urls(world):
        assert getattr(client, method)(url).status_code == 405, url


def test_head_is_answered(world: PortalWorld) -> None:
    url = reverse("portal:report_detail", kwargs={"region": "371522", "year": world.year})
    assert Client().head(url).status_code == 200
