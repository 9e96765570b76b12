from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from .model import embedder  # loaded once at import; .encode() blocks
from .vector_store import vector_store  # an async client

app = FastAPI()


class Texts(BaseModel):
    items: list[str]


# A plain `def` endpoint: FastAPI runs it in its thread pool for you
# (40 threads per process by default, shared with sync dependencies).
@app.post("/embed")
def embed(body: Texts) -> list[list[float]]:
    return embedder.encode(body.items).tolist()


# An `async def` endpoint that also awaits I/O: move the blocking part to a thread.
@app.post("/embed-and-store")
async def embed_and_store(body: Texts) -> dict[str, int]:
    vectors = await run_in_threadpool(embedder.encode, body.items)
    await vector_store.upsert(body.items, vectors)
    return {"stored": len(body.items)}
