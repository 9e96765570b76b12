import os
from urllib.parse import urlsplit

SECRET_KEY = "lab-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
INSTALLED_APPS = ["pids"]
MIDDLEWARE = []
ROOT_URLCONF = "mysite.urls"
USE_TZ = True

url = urlsplit(os.environ["DATABASE_URL"])  # postgresql://user@host:port/name
server = {"ENGINE": "django.db.backends.postgresql", "NAME": url.path.lstrip("/"), "USER": url.username,
          "HOST": url.hostname, "PORT": url.port}

# region pool
# Under ASGI: no persistent connections (CONN_MAX_AGE = 0, the default), and a
# connection pool per process instead (Django 5.1+, psycopg 3 with psycopg-pool).
# max_size caps this process's connections; with N worker processes the
# database sees up to N × max_size, which must stay under its max_connections.
DATABASES = {
    "default": {
        **server,
        "CONN_MAX_AGE": 0,
        "OPTIONS": {"pool": {"min_size": 1, "max_size": 4, "timeout": 10}, "application_name": "pooled"},
    },
}
# endregion pool

# The pitfall, for the tests to compare: persistent connections under ASGI.
DATABASES["persistent"] = {**server, "CONN_MAX_AGE": 600, "OPTIONS": {"application_name": "persistent"}}
