"""Calls an ASGI app the way uvicorn does (ASGI spec 2.3) and disconnects the
client part-way: after some body chunks, or after some seconds."""

import asyncio
import json
import time


async def call_then_disconnect(app, path: str, body: dict, *, after_chunks=None, after_seconds=None, timeout=5.0):
    """Returns (body chunks received before the disconnect, seconds until the app returned)."""
    payload = json.dumps(body).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},  # what uvicorn 0.53 reports for HTTP
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    gone = asyncio.Event()
    body_sent = False
    chunks: list[bytes] = []

    async def receive():
        nonlocal body_sent
        if not body_sent:
            body_sent = True
            return {"type": "http.request", "body": payload, "more_body": False}
        if not gone.is_set():
            await gone.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.body" and message.get("body") and not gone.is_set():
            chunks.append(message["body"])
            if after_chunks is not None and len(chunks) >= after_chunks:
                gone.set()

    async def leave_later():
        await asyncio.sleep(after_seconds)
        gone.set()

    timer = asyncio.create_task(leave_later()) if after_seconds is not None else None
    started = time.perf_counter()
    try:
        await asyncio.wait_for(app(scope, receive, send), timeout)
    finally:
        if timer:
            timer.cancel()
    return chunks, time.perf_counter() - started
