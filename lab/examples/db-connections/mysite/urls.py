from django.urls import path

from pids.views import backend_pid

urlpatterns = [path("pid/<str:alias>", backend_pid)]
