"""Plain def views, as a Django project served by gunicorn writes them."""

import threading
import time

import httpx
from django.http import Http404, JsonResponse, StreamingHttpResponse

import labmodel
import labshared as lab

from . import queries

_local = threading.local()


def _client() -> httpx.Client:
    # One client per thread: the gthread worker runs views on many threads.
    if not hasattr(_local, "client"):
        _local.client = httpx.Client(limits=httpx.Limits(max_connections=lab.HTTP_MAX_CONNECTIONS))
    return _local.client


def json_view(request):
    return JsonResponse(lab.JSON_PAYLOAD)


def upstream_http(request):
    reply = _client().get(f"{lab.UPSTREAM_URL}/complete", params={"delay_ms": lab.UPSTREAM_DELAY_MS})
    reply.raise_for_status()
    return JsonResponse({"completion": reply.json()["completion"], "via": "http"})


def upstream_sleep(request):
    time.sleep(lab.UPSTREAM_DELAY_MS / 1000)
    return JsonResponse(lab.sleep_completion())


def stream(request):
    params = {"tokens": request.GET.get("tokens", "50"), "gap_ms": request.GET.get("gap_ms", "20")}

    def relay():
        with _client().stream("GET", f"{lab.UPSTREAM_URL}/stream", params=params, timeout=60) as reply:
            for line in reply.iter_lines():
                if line:
                    yield lab.sse_event(line)
        yield lab.SSE_DONE

    return StreamingHttpResponse(relay(), content_type="text/event-stream")


def model_call(request, client):
    try:
        return JsonResponse(labmodel.complete_sync(client))
    except labmodel.UnknownClient:
        raise Http404(f"no model client {client}")


def model_stream(request, client):
    if client not in labmodel.SYNC_CLIENTS:
        raise Http404(f"no model client {client}")
    tokens = int(request.GET.get("tokens", "100"))
    return StreamingHttpResponse(labmodel.stream_sync(client, tokens), content_type="text/event-stream")


def cpu(request):
    return JsonResponse({"result": lab.cpu_work()})


def orm_top_authors(request):
    return JsonResponse({"rows": queries.top_authors()})


def orm_recent_books(request):
    return JsonResponse({"rows": queries.recent_books()})
