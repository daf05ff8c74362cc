"""Production: fails closed. No default secret, DEBUG off, HTTPS cookies,
HSTS; ``fazhi check --deploy`` prints no warning with these settings."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool, env_int, require_secret_key

DEBUG = False
SECRET_KEY = require_secret_key(SECRET_KEY)
FAZHI_DEMO_ALLOWED = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
