import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "djangolab.settings")
os.environ.setdefault("LAB_DJANGO_VIEWS", "async")
application = get_asgi_application()
