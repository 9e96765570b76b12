import os

from django.core.wsgi import get_wsgi_application

from labaccounting import WsgiAccounting

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "djangolab.settings")
application = WsgiAccounting(get_wsgi_application())
