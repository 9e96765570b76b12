"""async def views, as a Django project served over ASGI writes them."""

import asyncio

import aiohttp
import httpx
from asgiref.sync import sync_to_async
from django.http import Http404, JsonResponse, StreamingHttpResponse

import labmodel
import labshared as lab

from . import queries

_client: httpx.AsyncClient | None = None
_session: aiohttp.ClientSession | None = None


def _async_client() -> httpx.AsyncClient:
    # Created on first use, inside the worker's event loop.
    global _client
    if _client is None:
        _client = httpx.AsyncClient(limits=httpx.Limits(max_connections=lab.HTTP_MAX_CONNECTIONS))
    return _client


def _aiohttp_session() -> aiohttp.ClientSession:
    global _session
    if _session is None:
        _session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=lab.HTTP_MAX_CONNECTIONS))
    return _session


async def json_view(request):
    return JsonResponse(lab.JSON_PAYLOAD)


async def upstream_http(request):
    reply = await _async_client().get(f"{lab.UPSTREAM_URL}/complete", params={"delay_ms": lab.UPSTREAM_DELAY_MS})
    reply.raise_for_status()
    return JsonResponse({"completion": reply.json()["completion"], "via": "http"})


async def upstream_aiohttp(request):
    params = {"delay_ms": lab.UPSTREAM_DELAY_MS}
    async with _aiohttp_session().get(f"{lab.UPSTREAM_URL}/complete", params=params) as reply:
        reply.raise_for_status()
        body = await reply.json()
    return JsonResponse({"completion": body["completion"], "via": "aiohttp"})


async def upstream_sleep(request):
    await asyncio.sleep(lab.UPSTREAM_DELAY_MS / 1000)
    return JsonResponse(lab.sleep_completion())


async def stream(request):
    params = {"tokens": request.GET.get("tokens", "50"), "gap_ms": request.GET.get("gap_ms", "20")}

    async def relay():
        async with _async_client().stream("GET", f"{lab.UPSTREAM_URL}/stream", params=params, timeout=60) as reply:
            async for line in reply.aiter_lines():
                if line:
                    yield lab.sse_event(line)
        yield lab.SSE_DONE

    return StreamingHttpResponse(relay(), content_type="text/event-stream")


async def model_call(request, client):
    try:
        return JsonResponse(await labmodel.complete_async(client))
    except labmodel.UnknownClient:
        raise Http404(f"no model client {client}")


async def model_stream(request, client):
    if client not in labmodel.ASYNC_CLIENTS:
        raise Http404(f"no model client {client}")
    tokens = int(request.GET.get("tokens", "100"))
    return StreamingHttpResponse(labmodel.stream_async(client, tokens), content_type="text/event-stream")


async def cpu_blocking(request):
    # The mistake under test: CPU work run directly on the event loop.
    return JsonResponse({"result": lab.cpu_work()})


async def cpu_offloaded(request):
    result = await sync_to_async(lab.cpu_work, thread_sensitive=False)()
    return JsonResponse({"result": result})


async def orm_top_authors(request):
    return JsonResponse({"rows": await queries.top_authors_async()})


async def orm_recent_books(request):
    return JsonResponse({"rows": await queries.recent_books_async()})
