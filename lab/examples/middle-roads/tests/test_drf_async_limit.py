"""Django REST framework 3.18 has no async request handling: its APIView calls
the handler and uses what it returns, so an `async def` handler hands back an
un-awaited coroutine and the view fails. These tests pin that finding down, so
the guide's statement breaks the day a release changes it."""

import inspect

import pytest
import rest_framework
import rest_framework.views
from django.test import Client
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView


class AsyncStats(APIView):
    async def get(self, request):
        return Response({"total": 0})


class SyncStats(APIView):
    def get(self, request):
        return Response({"total": 0})


urlpatterns = [path("async-stats", AsyncStats.as_view()), path("sync-stats", SyncStats.as_view())]


def test_the_installed_release_is_3_18():
    assert rest_framework.VERSION.startswith("3.18")


def test_apiview_dispatch_has_no_coroutine_handling():
    source = inspect.getsource(rest_framework.views)
    assert "await" not in source
    assert "iscoroutine" not in source


@pytest.mark.urls(__name__)
@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")
def test_an_async_handler_on_an_apiview_fails():
    with pytest.raises(AssertionError, match="coroutine"):
        Client().get("/async-stats")


@pytest.mark.urls(__name__)
def test_a_sync_apiview_works():
    response = Client().get("/sync-stats")
    assert response.status_code == 200
    assert response.json() == {"total": 0}
