"""Helper of scripts/ci-production.sh: ``seed`` creates one county office
account in the empty production database; ``requests BASE`` walks the pages
as a browser behind an HTTPS reverse proxy and fails on any 5xx."""

from __future__ import annotations

import http.client
import re
import sys
import time
import urllib.parse

USERNAME, PASSWORD = "ci_office", "Ci-Production-2026!"


def seed() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from fazhi.org.models import Membership, Region

    province = Region.objects.create(name="山东省", level="province")
    city = Region.objects.create(name="聊城市", level="city", parent=province)
    county = Region.objects.create(name="莘县", level="county", parent=city)
    user = get_user_model().objects.create_user(USERNAME, password=PASSWORD, first_name="CI")
    Membership.objects.create(user=user, role="office_admin", region=county)


class Browser:
    """Cookies by hand: the session cookie is Secure, and this hop is plain HTTP."""

    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict, str]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Host": f"{self.host}:{self.port}", "X-Forwarded-Proto": "https",
                   "Referer": f"https://{self.host}:{self.port}/login/",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        for key, value in response.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        text = response.read().decode("utf-8", "replace")
        return response.status, dict(response.getheaders()), text


def check(base: str) -> None:
    browser = Browser(base)
    for _ in range(50):  # gunicorn starting
        try:
            browser.request("GET", "/login/")
            break
        except OSError:
            time.sleep(0.2)
    failures = []

    def expect(label: str, status: int, wanted: tuple[int, ...]) -> None:
        print(f"{label}: {status}")
        if status >= 500 or status not in wanted:
            failures.append(f"{label}: {status}, expected {wanted}")

    status, headers, page = browser.request("GET", "/login/")
    expect("GET /login/", status, (200,))
    if "Content-Security-Policy" not in headers or "Strict-Transport-Security" not in headers:
        failures.append("security headers missing")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    status, headers, _ = browser.request("POST", "/login/", {
        "csrfmiddlewaretoken": token.group(1) if token else "", "username": USERNAME,
        "password": PASSWORD, "next": "/"})
    expect("POST /login/", status, (302,))
    for path in ("/", "/plans/", "/registers/reconsideration/", "/indicators/cockpit/", "/public/"):
        status, _, _ = browser.request("GET", path)
        expect(f"GET {path}", status, (200,))
    status, _, _ = browser.request("GET", "/admin/")
    expect("GET /admin/ (office: refused)", status, (302, 403))
    css = re.search(r'href="(/static/[^"]+\.css)"', page)
    if css:
        status, _, _ = browser.request("GET", css.group(1))
        expect(f"GET {css.group(1)}", status, (200,))
    else:
        failures.append("no stylesheet on the login page")
    # Plain HTTP (no proxy header) is redirected to HTTPS, never served.
    plain = http.client.HTTPConnection(browser.host, browser.port, timeout=30)
    plain.request("GET", "/login/")
    expect("GET /login/ over plain http", plain.getresponse().status, (301,))
    if failures:
        print("生产部署检查失败：", *failures, sep="\n  ")
        sys.exit(1)
    print("生产部署检查通过。")


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed()
    else:
        check(sys.argv[2])
