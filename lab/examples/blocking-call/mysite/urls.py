from django.http import JsonResponse
from django.urls import path

from search.views import embed_and_store


async def ping(request):
    """A cheap async view the tests call while the model is busy."""
    return JsonResponse({"ok": True})


urlpatterns = [path("embed-and-store", embed_and_store), path("ping", ping)]
