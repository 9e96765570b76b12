import asyncio

from concurrency import ping_while_busy
from fastapi import FastAPI

from app import main
from app.model import ENCODE_SECONDS, embedder
from app.vector_store import vector_store

TEXTS = {"items": ["refund my order", "app crashes"]}


def with_ping(sample: FastAPI) -> FastAPI:
    """The sample app behind a cheap /ping route, for the concurrent request."""
    outer = FastAPI()

    @outer.get("/ping")
    async def ping() -> dict[str, bool]:
        return {"ok": True}

    outer.mount("/", sample)
    return outer


def naive_app() -> FastAPI:
    """The mistake the sample avoids: the blocking call made directly in `async def`."""
    naive = FastAPI()

    @naive.post("/embed-and-store")
    async def embed_and_store(body: main.Texts) -> dict[str, int]:
        vectors = embedder.encode(body.items)
        await vector_store.upsert(body.items, vectors)
        return {"stored": len(body.items)}

    return naive


def test_plain_def_endpoint_leaves_the_event_loop_free():
    ping, total, response = asyncio.run(ping_while_busy(with_ping(main.app), "/embed", TEXTS, "/ping"))
    assert response.status_code == 200
    assert response.json() == [[15.0, 3.0], [11.0, 2.0]]
    assert total >= ENCODE_SECONDS  # the model really was busy
    # Free, the loop answers in milliseconds; blocked, only after the whole encode.
    # Half the encode is the line between them, with room for a loaded machine.
    assert ping < ENCODE_SECONDS / 2  # yet the concurrent request answered promptly


def test_run_in_threadpool_leaves_the_event_loop_free_and_stores_the_vectors():
    ping, total, response = asyncio.run(ping_while_busy(with_ping(main.app), "/embed-and-store", TEXTS, "/ping"))
    assert response.json() == {"stored": 2}
    assert vector_store.rows["app crashes"] == [11.0, 2.0]
    assert total >= ENCODE_SECONDS
    assert ping < ENCODE_SECONDS / 2


def test_control_a_blocking_call_in_async_def_does_stall_the_loop():
    """Shows the measurement can see a stall: the ping waits for the model."""
    ping, _, response = asyncio.run(ping_while_busy(with_ping(naive_app()), "/embed-and-store", TEXTS, "/ping"))
    assert response.json() == {"stored": 2}
    assert ping > ENCODE_SECONDS / 2
