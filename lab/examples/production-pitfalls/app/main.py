import asyncio
import contextlib
from collections.abc import AsyncIterable, Awaitable

from fastapi import FastAPI, Request, Response
from fastapi.sse import EventSourceResponse
from pydantic import BaseModel

from model_client import complete, stream_tokens

app = FastAPI()


class Prompt(BaseModel):
    text: str


# region stream
# FastAPI's SSE response sets `X-Accel-Buffering: no` and `Cache-Control: no-cache`
# itself. If the client disconnects, the generator is cancelled at its next await.
@app.post("/generate", response_class=EventSourceResponse)
async def generate(prompt: Prompt) -> AsyncIterable[str]:
    async for token in stream_tokens(prompt.text):
        yield token
# endregion stream


# region complete
async def unless_disconnected(request: Request, work: Awaitable[str]) -> str | None:
    """Awaits `work`, cancelling it if the client goes away first (None then)."""
    task = asyncio.ensure_future(work)
    while not task.done():
        await asyncio.wait({task}, timeout=0.1)
        if not task.done() and await request.is_disconnected():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            return None
    return task.result()


@app.post("/complete", response_model=None)
async def complete_endpoint(prompt: Prompt, request: Request) -> dict[str, str] | Response:
    text = await unless_disconnected(request, complete(prompt.text))
    if text is None:
        return Response(status_code=499)  # nobody is left to read it
    return {"text": text}
# endregion complete
