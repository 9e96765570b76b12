"""The lab's FastAPI app: the same endpoints as the Django project, written
the way FastAPI's documentation writes them."""

import asyncio
from contextlib import asynccontextmanager

import aiohttp
import httpx
from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import StreamingResponse

import labmodel
import labshared as lab

from . import db


@asynccontextmanager
async def lifespan(app: FastAPI):
    limits = httpx.Limits(max_connections=lab.HTTP_MAX_CONNECTIONS)
    connector = aiohttp.TCPConnector(limit=lab.HTTP_MAX_CONNECTIONS)
    async with httpx.AsyncClient(limits=limits) as client, aiohttp.ClientSession(connector=connector) as session:
        app.state.http = client
        app.state.aiohttp = session
        yield
    await db.async_engine.dispose()


app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)


def sync_session():
    with db.SyncSession() as session:
        yield session


async def async_session():
    async with db.AsyncSession() as session:
        yield session


@app.get("/json")
async def json_view():
    return lab.JSON_PAYLOAD


@app.get("/upstream/http")
async def upstream_http():
    reply = await app.state.http.get(f"{lab.UPSTREAM_URL}/complete", params={"delay_ms": lab.UPSTREAM_DELAY_MS})
    reply.raise_for_status()
    return {"completion": reply.json()["completion"], "via": "http"}


@app.get("/upstream/aiohttp")
async def upstream_aiohttp():
    params = {"delay_ms": lab.UPSTREAM_DELAY_MS}
    async with app.state.aiohttp.get(f"{lab.UPSTREAM_URL}/complete", params=params) as reply:
        reply.raise_for_status()
        body = await reply.json()
    return {"completion": body["completion"], "via": "aiohttp"}


@app.get("/upstream/sleep")
async def upstream_sleep():
    await asyncio.sleep(lab.UPSTREAM_DELAY_MS / 1000)
    return lab.sleep_completion()


@app.get("/stream")
async def stream(tokens: int = 50, gap_ms: int = 20):
    async def relay():
        params = {"tokens": tokens, "gap_ms": gap_ms}
        async with app.state.http.stream("GET", f"{lab.UPSTREAM_URL}/stream", params=params, timeout=60) as reply:
            async for line in reply.aiter_lines():
                if line:
                    yield lab.sse_event(line)
        yield lab.SSE_DONE

    return StreamingResponse(relay(), media_type="text/event-stream")


@app.get("/model/{client}")
async def model_call(client: str):
    try:
        return await labmodel.complete_async(client)
    except labmodel.UnknownClient:
        raise HTTPException(status_code=404, detail=f"no model client {client}")


@app.get("/model-stream/{client}")
async def model_stream(client: str, tokens: int = 100):
    if client not in labmodel.ASYNC_CLIENTS:
        raise HTTPException(status_code=404, detail=f"no model client {client}")
    return StreamingResponse(labmodel.stream_async(client, tokens), media_type="text/event-stream")


@app.get("/cpu/blocking")
async def cpu_blocking():
    # The classic mistake under test: CPU work inside async def blocks the loop.
    return {"result": lab.cpu_work()}


@app.get("/cpu/offloaded")
def cpu_offloaded():
    # A plain def runs in FastAPI's thread pool.
    return {"result": lab.cpu_work()}


@app.get("/orm/top-authors")
async def orm_top_authors(session=Depends(async_session)):
    return {"rows": await db.top_authors_async(session)}


@app.get("/orm/recent-books")
async def orm_recent_books(session=Depends(async_session)):
    return {"rows": await db.recent_books_async(session)}


@app.get("/orm-sync/top-authors")
def orm_sync_top_authors(session=Depends(sync_session)):
    return {"rows": db.top_authors(session)}


@app.get("/orm-sync/recent-books")
def orm_sync_recent_books(session=Depends(sync_session)):
    return {"rows": db.recent_books(session)}
