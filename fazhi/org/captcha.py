"""A captcha drawn by the application itself (no outside service): digits in
a stroke font, each stroke jittered, rotated and placed at random, under
noise lines, as an SVG of paths only (no text element to read the answer
from). Shown by the login page once an account has failed too often, so the
account's owner can still log in while a guesser is slowed to a human pace."""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import secrets

from django.conf import settings

# Digit strokes on a 4×6 grid (polylines).
STROKES: dict[str, list[list[tuple[float, float]]]] = {
    "2": [[(0, 1), (1, 0), (3, 0), (4, 1), (4, 2), (0, 6), (4, 6)]],
    "3": [[(0, 0), (4, 0), (2, 2.5), (4, 3.5), (4, 5), (3, 6), (0, 6)]],
    "4": [[(3, 6), (3, 0), (0, 4), (4, 4)]],
    "5": [[(4, 0), (0, 0), (0, 2.5), (3, 2.5), (4, 3.5), (4, 5), (3, 6), (0, 6)]],
    "6": [[(4, 0), (1, 0), (0, 1.5), (0, 5), (1, 6), (3, 6), (4, 5), (4, 3.5), (3, 2.8), (0, 3)]],
    "7": [[(0, 0), (4, 0), (1.5, 6)]],
    "8": [[(2, 3), (0, 1.5), (2, 0), (4, 1.5), (2, 3), (0, 4.5), (2, 6), (4, 4.5), (2, 3)]],
    "9": [[(4, 3), (1, 3.2), (0, 2.5), (0, 1), (1, 0), (3, 0), (4, 1), (4, 6), (0, 6)]],
}
ALPHABET = "".join(STROKES)
LENGTH = 5
SESSION_KEY = "fazhi_login_captcha"


def _digest(answer: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), answer.encode(), hashlib.sha256).hexdigest()


def _rand(low: float, high: float) -> float:
    return low + (high - low) * secrets.randbelow(10_000) / 10_000


def render(answer: str) -> str:
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="200" height="64" viewBox="0 0 200 64">',
             '<rect width="200" height="64" fill="#f4f6f9"/>']
    for _ in range(6):
        parts.append(
            f'<path d="M{_rand(0, 200):.1f} {_rand(0, 64):.1f} Q{_rand(0, 200):.1f} {_rand(0, 64):.1f} '
            f'{_rand(0, 200):.1f} {_rand(0, 64):.1f}" stroke="#8a9bb0" stroke-width="{_rand(1, 2.2):.1f}" fill="none"/>')
    for i, ch in enumerate(answer):
        scale, angle = _rand(6, 8.5), math.radians(_rand(-22, 22))
        ox, oy = 14 + i * 36 + _rand(-4, 4), 10 + _rand(-4, 6)
        for stroke in STROKES[ch]:
            points = []
            for x, y in stroke:
                x, y = (x + _rand(-0.25, 0.25)) * scale, (y + _rand(-0.25, 0.25)) * scale
                rx = x * math.cos(angle) - y * math.sin(angle) * 0.4
                ry = x * math.sin(angle) * 0.4 + y * math.cos(angle) * 0.8
                points.append(f"{ox + rx:.1f} {oy + ry:.1f}")
            parts.append(f'<path d="M{" L".join(points)}" stroke="#1f3b5a" stroke-width="{_rand(2.6, 3.6):.1f}" '
                         'fill="none" stroke-linecap="round" stroke-linejoin="round"/>')
    parts.append("</svg>")
    return "".join(parts)


def _choice(alphabet: str) -> str:
    return secrets.choice(alphabet)


def new_challenge(session: object) -> str:
    """Store a new answer (as an HMAC, in the session) and return the image as a data URI."""
    answer = "".join(_choice(ALPHABET) for _ in range(LENGTH))
    session[SESSION_KEY] = _digest(answer)  # type: ignore[index]
    return "data:image/svg+xml;base64," + base64.b64encode(render(answer).encode()).decode()


def check(session: object, given: str) -> bool:
    """One try per challenge: the stored answer is removed whatever the result."""
    expected = session.pop(SESSION_KEY, None)  # type: ignore[attr-defined]
    given = "".join(ch for ch in (given or "") if ch.isdigit())
    return bool(expected) and hmac.compare_digest(expected, _digest(given))
