"""Settings shared by every mode. Every value that differs between machines
comes from an environment variable, documented in docs/configuration.md."""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(os.environ.get("FAZHI_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# True only in development and demo: never loads demo data in production.
FAZHI_DEMO_ALLOWED = False
# The demo county's 行政执法案件 over two years (each through the write path,
# a few hundredths of a second each: `make demo` prints its progress).
FAZHI_DEMO_ENFORCEMENT_CASES = env_int("FAZHI_DEMO_ENFORCEMENT_CASES", 3000)

# Backups write timestamps to the microsecond (fazhi/core/lossless_json.py).
SERIALIZATION_MODULES = {"lossless_json": "fazhi.core.lossless_json"}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "fazhi.core",
    "fazhi.org",
    "fazhi.audit",
    "fazhi.plans",
    "fazhi.workdays",
    "fazhi.procedures",
    "fazhi.enforcement",
    "fazhi.registers",
    "fazhi.indicators",
    "fazhi.assessment",
    "fazhi.analysis",
    "fazhi.reports",
    "fazhi.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "fazhi.org.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fazhi.core.security.SecurityHeadersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fazhi.org.middleware.PolicyMiddleware",
    "fazhi.audit.middleware.DownloadAuditMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.core.context_processors.site",
            ],
            "builtins": ["fazhi.core.templatetags.fazhi_tags"],
        },
    }
]


def _database(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Django's SQLite backend, except that flush keeps the audit triggers working.
        config["ENGINE"] = "fazhi.audit.backends.sqlite3"
        # WAL lets the background worker read while the web server writes. The busy
        # timeout (seconds) makes a save wait for another writer's lock (a bulk
        # import's write pass) instead of failing with "database is locked".
        config.setdefault("OPTIONS", {})
        config["OPTIONS"].update(
            {"timeout": env_int("FAZHI_SQLITE_BUSY_TIMEOUT", 30),
             "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
        )
    return config


DATABASES = {"default": _database(env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}"))}
# A read replica of default (streaming replication): marked read-only pages
# read from it, everything else uses default (fazhi.core.replica, docs/scale.md).
FAZHI_REPLICA_DATABASE_URL = env("FAZHI_REPLICA_DATABASE_URL", "")
if FAZHI_REPLICA_DATABASE_URL:
    DATABASES["replica"] = _database(FAZHI_REPLICA_DATABASE_URL)
    # Tests run the replica as the test database itself (no second copy).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["fazhi.core.replica.ReplicaRouter"]
    MIDDLEWARE.append("fazhi.core.replica.ReplicaReadsMiddleware")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "fazhi.org.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "fazhi.org.passwords.NotUsernameValidator"},
    {"NAME": "fazhi.org.passwords.HistoryValidator"},
]
FAZHI_PASSWORD_HISTORY = env_int("FAZHI_PASSWORD_HISTORY", 5)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads: evidence files, plan documents, register spreadsheets, reports.
FAZHI_UPLOAD_MAX_MB = env_int("FAZHI_UPLOAD_MAX_MB", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = FAZHI_UPLOAD_MAX_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 50

# Excel exports longer than this many rows are generated by the background
# worker (progress on a page, a notification when ready); files kept this many days.
FAZHI_EXPORT_BACKGROUND_ROWS = env_int("FAZHI_EXPORT_BACKGROUND_ROWS", 20000)
# Lists count their rows exactly up to this many; beyond, 超过 N 条 (docs/scale.md).
FAZHI_LIST_COUNT_LIMIT = env_int("FAZHI_LIST_COUNT_LIMIT", 10000)
FAZHI_EXPORT_KEEP_DAYS = env_int("FAZHI_EXPORT_KEEP_DAYS", 7)

# Days before a due date at which a task or deadline turns yellow.
FAZHI_WARNING_DAYS = env_int("FAZHI_WARNING_DAYS", 7)

# Computed figures: recompute in the background when records change, starting
# this many seconds after the first change (later changes join the same run).
FAZHI_INDICATOR_AUTO_RECOMPUTE = env_bool("FAZHI_INDICATOR_AUTO_RECOMPUTE", True)
FAZHI_RECOMPUTE_DELAY = env_int("FAZHI_RECOMPUTE_DELAY", 30)

SESSION_COOKIE_HTTPONLY = True
# Sessions end after this many idle minutes, and this many hours after login.
FAZHI_SESSION_IDLE_MINUTES = env_int("FAZHI_SESSION_IDLE_MINUTES", 30)
FAZHI_SESSION_MAX_HOURS = env_int("FAZHI_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = FAZHI_SESSION_MAX_HOURS * 3600
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Register imports of more rows than this run in the background worker with a
# progress bar (fazhi.registers.tasks.run_import); smaller ones in the request.
FAZHI_IMPORT_BACKGROUND_ROWS = env_int("FAZHI_IMPORT_BACKGROUND_ROWS", 500)
# A background import or export still "running" without progress for this long
# belongs to a worker that died: it is marked failed and can be started again
# (fazhi.core.jobs). Keep it above the longest write pass of an import.
FAZHI_JOB_STALE_MINUTES = env_int("FAZHI_JOB_STALE_MINUTES", 10)

TASKS = {
    "default": {
        "BACKEND": env("FAZHI_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}


KNOWN_WEAK_MARKERS = ("django-insecure", "not-for-production", "changeme", "secret-key", "dev-only")


def secret_key_bits(value: str) -> float:
    """An estimate of the key's entropy: its length times the Shannon entropy
    of its characters (a repeated or dictionary-like key scores low)."""
    import math
    from collections import Counter

    if not value:
        return 0.0
    counts = Counter(value)
    per_char = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return per_char * len(value)


def require_secret_key(value: str) -> str:
    if not value or len(value) < 50 or any(m in value.lower() for m in KNOWN_WEAK_MARKERS):
        raise ImproperlyConfigured(
            "生产模式必须通过环境变量 SECRET_KEY 提供至少 50 个字符的随机密钥"
            "（可用 python -c \"import secrets; print(secrets.token_urlsafe(50))\" 生成）。"
        )
    longest_run = max(len(m.group(0)) for m in re.finditer(r"(.)\1*", value))
    if secret_key_bits(value) < 200 or len(set(value)) < 16 or longest_run >= 6:
        raise ImproperlyConfigured(
            "SECRET_KEY 过于简单（重复或可猜测的字符），请换用随机生成的密钥。"
        )
    return value


def refuse_outside_production(mode: str) -> None:
    """FAZHI_ENV=production marks a production machine: the development and
    test settings (DEBUG, a known secret, demo data) must never run there."""
    if os.environ.get("FAZHI_ENV", "").strip().lower() == "production":
        raise ImproperlyConfigured(
            f"FAZHI_ENV=production，但使用的是{mode}配置（{os.environ.get('DJANGO_SETTINGS_MODULE')}）。"
            "请设置 DJANGO_SETTINGS_MODULE=fazhi.settings.production。"
        )


# The registers' 即将到期 (yellow) window and the due-soon reminders: a deadline
# within this many Chinese working days (fazhi.registers.lights). The older
# name FAZHI_REMINDER_WORKING_DAYS is still read when the new one is not set.
FAZHI_DUE_SOON_WORKING_DAYS = env_int("FAZHI_DUE_SOON_WORKING_DAYS",
                                      env_int("FAZHI_REMINDER_WORKING_DAYS", 5))

# Login protection (fazhi.org.auth): after this many failures of an account within the
# window its login needs the captcha too; an address with IP_MAX failures is refused.
FAZHI_LOGIN_MAX_FAILURES = env_int("FAZHI_LOGIN_MAX_FAILURES", 5)
FAZHI_LOGIN_LOCK_MINUTES = env_int("FAZHI_LOGIN_LOCK_MINUTES", 15)
FAZHI_LOGIN_IP_MAX_FAILURES = env_int("FAZHI_LOGIN_IP_MAX_FAILURES", 30)

# Archives (.docx, .xlsx) are checked before they are opened (fazhi.core.uploads).
FAZHI_ZIP_MAX_MEMBERS = env_int("FAZHI_ZIP_MAX_MEMBERS", 5000)
FAZHI_ZIP_MAX_UNCOMPRESSED_MB = env_int("FAZHI_ZIP_MAX_UNCOMPRESSED_MB", 300)
FAZHI_ZIP_MAX_RATIO = env_int("FAZHI_ZIP_MAX_RATIO", 200)

# Content-Security-Policy: no inline script, nothing from outside.
FAZHI_CSP = env(
    "FAZHI_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
FAZHI_PERMISSIONS_POLICY = env(
    "FAZHI_PERMISSIONS_POLICY",
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
)
