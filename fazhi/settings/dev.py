"""Development and demo: a local secret, demo data allowed. DEBUG (Django's English
debug pages) only when a developer sets DEBUG=1: the demo shows the Chinese error pages."""

from .base import *  # noqa: F403
from .base import env, env_bool, refuse_outside_production

refuse_outside_production("开发")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY") or "dev-only-secret-not-for-production-use-0123456789abcdef"
FAZHI_DEMO_ALLOWED = True
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = True
