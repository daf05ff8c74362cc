"""WSGI entry point for production servers (gunicorn fazhi.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.production")

application = get_wsgi_application()
