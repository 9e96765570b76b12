import asyncio
import json

import pytest
from concurrency import ping_while_busy
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from mysite.asgi import application
from mysite.urls import ping
from search.model import ENCODE_SECONDS, embedder
from search.vector_store import vector_store

TEXTS = {"items": ["refund my order", "app crashes"]}


@csrf_exempt
async def naive_embed_and_store(request):
    """The mistake the sample avoids: the blocking call made directly in `async def`."""
    texts = json.loads(request.body)["items"]
    vectors = embedder.encode(texts)
    await vector_store.upsert(texts, vectors)
    return JsonResponse({"stored": len(texts)})


# Imported as a URLconf by the control test below.
urlpatterns = [path("embed-and-store", naive_embed_and_store), path("ping", ping)]


def test_sync_to_async_leaves_the_event_loop_free_and_stores_the_vectors():
    ping_seconds, total, response = asyncio.run(
        ping_while_busy(application, "/embed-and-store", TEXTS, "/ping")
    )
    assert response.status_code == 200
    assert response.json() == {"stored": 2}
    assert vector_store.rows["refund my order"] == [15.0, 3.0]
    assert total >= ENCODE_SECONDS  # the model really was busy
    # Free, the loop answers in milliseconds; blocked, only after the whole encode.
    # Half the encode is the line between them, with room for a loaded machine.
    assert ping_seconds < ENCODE_SECONDS / 2  # yet the concurrent request answered promptly


@pytest.mark.urls(__name__)
def test_control_a_blocking_call_in_async_def_does_stall_the_loop():
    """Shows the measurement can see a stall: the ping waits for the model."""
    ping_seconds, _, response = asyncio.run(ping_while_busy(application, "/embed-and-store", TEXTS, "/ping"))
    assert response.json() == {"stored": 2}
    assert ping_seconds > ENCODE_SECONDS / 2


def test_only_post_is_allowed():
    async def get():
        import httpx

        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.get("/embed-and-store")

    assert asyncio.run(get()).status_code == 405
