from django.urls import path

from tickets.api import api
from tickets.views import label_counts

urlpatterns = [
    path("api/", api.urls),  # also serves /api/openapi.json and /api/docs
    path("stats", label_counts),
]
