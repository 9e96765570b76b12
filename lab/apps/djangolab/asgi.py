import os

from django.core.asgi import get_asgi_application

from labaccounting import AsgiAccounting

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "djangolab.settings")
os.environ.setdefault("LAB_DJANGO_VIEWS", "async")
application = AsgiAccounting(get_asgi_application())
