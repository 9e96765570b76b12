"""Calls an ASGI application directly and records when each part of the
response arrives, so tests can tell a response that streams from one that is
sent in a single piece at the end (httpx's ASGITransport buffers the body)."""

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


async def call_asgi(app, method: str, path: str, body: dict | None = None, timeout: float = 10.0) -> RecordedResponse:
    payload = json.dumps(body).encode() if body is not None else b""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
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


def sse_data(body: bytes) -> list[str]:
    """The JSON-decoded `data:` field of each Server-Sent Event in `body`."""
    events = []
    for block in body.decode().replace("\r\n", "\n").split("\n\n"):
        data = [line[len("data:"):].lstrip() for line in block.split("\n") if line.startswith("data:")]
        if data:
            events.append(json.loads("\n".join(data)))
    return events
