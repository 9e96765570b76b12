"""Calls an ASGI application directly, as uvicorn would: records when each part
of the response arrives, so tests can tell a response that streams from one
that is sent in a single piece at the end (httpx's ASGITransport buffers the
body), or disconnects the client part-way through."""

import asyncio
import json
import time
from dataclasses import dataclass, field


@dataclass
class RecordedResponse:
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    # (seconds since the request started, bytes) for each body message
    chunks: list[tuple[float, bytes]] = field(default_factory=list)

    @property
    def body(self) -> bytes:
        return b"".join(chunk for _, chunk in self.chunks)


def http_scope(method: str, path: str, payload: bytes) -> dict:
    """An HTTP scope as uvicorn builds it (ASGI spec 2.3, what uvicorn 0.53 reports), with a JSON body."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
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


async def call_asgi(app, method: str, path: str, body: dict | None = None, timeout: float = 10.0) -> RecordedResponse:
    payload = json.dumps(body).encode() if body is not None else b""
    scope = http_scope(method, path, payload)
    sent_body = False
    disconnect = asyncio.Event()
    response = RecordedResponse()
    started = time.perf_counter()

    async def receive():
        nonlocal sent_body
        if not sent_body:
            sent_body = True
            return {"type": "http.request", "body": payload, "more_body": False}
        await disconnect.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.start":
            response.status = message["status"]
            response.headers = {k.decode().lower(): v.decode() for k, v in message.get("headers", [])}
        elif message["type"] == "http.response.body":
            chunk = message.get("body", b"")
            if chunk:
                response.chunks.append((time.perf_counter() - started, chunk))
            if not message.get("more_body", False):
                disconnect.set()

    await asyncio.wait_for(app(scope, receive, send), timeout)
    return response


async def call_then_disconnect(app, path: str, body: dict, *, after_chunks=None, after_seconds=None, timeout=5.0):
    """POSTs `body` to `path` and disconnects the client part-way: after some body
    chunks, or after some seconds. Returns (body chunks received before the
    disconnect, seconds until the app returned)."""
    payload = json.dumps(body).encode()
    gone = asyncio.Event()
    body_sent = False
    chunks: list[bytes] = []

    async def receive():
        nonlocal body_sent
        if not body_sent:
            body_sent = True
            return {"type": "http.request", "body": payload, "more_body": False}
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
        await asyncio.wait_for(app(http_scope("POST", path, payload), receive, send), timeout)
    finally:
        if timer:
            timer.cancel()
    return chunks, time.perf_counter() - started


def sse_data(body: bytes) -> list[str]:
    """The JSON-decoded `data:` field of each Server-Sent Event in `body`."""
    events = []
    for block in body.decode().replace("\r\n", "\n").split("\n\n"):
        data = [line[len("data:"):].lstrip() for line in block.split("\n") if line.startswith("data:")]
        if data:
            events.append(json.loads("\n".join(data)))
    return events
