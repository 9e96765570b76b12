"""Django settings for the lab: DEBUG off, no templates or sessions, and only
the middleware a JSON API keeps (security headers and URL normalisation).
A setup may replace the middleware and installed apps through the
environment (LAB_DJANGO_MIDDLEWARE, LAB_DJANGO_APPS: comma-separated dotted
paths), so a variant such as startproject's default stack is one entry in
the lab's manifest."""

import os

from labshared import PG, POOL_SIZE

SECRET_KEY = "lab-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]


def _listed(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


INSTALLED_APPS = _listed("LAB_DJANGO_APPS", []) + ["djangolab"]
MIDDLEWARE = _listed(
    "LAB_DJANGO_MIDDLEWARE",
    [
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
    ],
)
# Sync views for gunicorn's workers, async views for the ASGI server.
ROOT_URLCONF = "djangolab.urls_async" if os.environ.get("LAB_DJANGO_VIEWS") == "async" else "djangolab.urls_sync"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": PG["host"],
        "PORT": PG["port"],
        "NAME": PG["dbname"],
        "USER": PG["user"],
        # Django's own psycopg 3 pool (5.1+), sized like SQLAlchemy's.
        "OPTIONS": {"pool": {"min_size": 1, "max_size": POOL_SIZE}},
    }
}
# Errors reach stderr, where the lab driver quotes them when a check fails.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
