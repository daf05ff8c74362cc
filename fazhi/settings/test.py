"""pytest: DATABASE_URL chooses SQLite (default) or PostgreSQL."""

import tempfile

from .base import *  # noqa: F403
from .base import DATABASES, env, refuse_outside_production

refuse_outside_production("测试")

DEBUG = False
SECRET_KEY = "test-only-secret-not-for-production-use-0123456789abcdef"  # noqa: S105
FAZHI_DEMO_ALLOWED = True
# The whole demo loads in tests/test_demo.py on both databases: fewer
# enforcement cases keep it quick (the count is a volume, not a behaviour).
FAZHI_DEMO_ENFORCEMENT_CASES = 600
# Recomputing on every saved case would slow every register test; the tests
# of recomputation switch it on.
FAZHI_INDICATOR_AUTO_RECOMPUTE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="fazhi-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if not env("DATABASE_URL"):
    DATABASES["default"]["NAME"] = ":memory:"
DATABASES["default"].setdefault("TEST", {})
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tests travel in time with a logged-in client; the session-limit tests set their own.
FAZHI_SESSION_IDLE_MINUTES = 10**7
FAZHI_SESSION_MAX_HOURS = 10**6
