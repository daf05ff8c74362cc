"""Development and demo: DEBUG on, a local secret, demo data allowed."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY") or "dev-only-secret-not-for-production-use-0123456789abcdef"
FAZHI_DEMO_ALLOWED = True
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = True
