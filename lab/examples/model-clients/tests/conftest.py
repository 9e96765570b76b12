"""A mock model API on 127.0.0.1, run by uvicorn in a thread, that records what
it saw: which TCP connections the calls came on, how many were open at once,
and how often each prompt was tried. Prompts choose its behaviour:
"flaky:..." fails once with 503, "busy:..." always answers 503, "slow:..."
takes two seconds; anything else answers after 50 ms."""

import asyncio
import os
import threading
import time
from collections import Counter

from services import free_port

PORT = free_port()
os.environ["MODEL_API_URL"] = f"http://127.0.0.1:{PORT}"  # before the apps import model_api

import pytest  # noqa: E402
import uvicorn  # noqa: E402


class Upstream:
    def __init__(self):
        self.reset()

    def reset(self):
        self.connections: set[tuple[str, int]] = set()
        self.tries: Counter[str] = Counter()
        self.open = 0
        self.most_open = 0

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        import json

        prompt = json.loads(body or b"{}").get("prompt", "")
        self.connections.add(tuple(scope["client"]))
        self.tries[prompt] += 1
        self.open += 1
        self.most_open = max(self.most_open, self.open)
        try:
            if prompt.startswith("slow:"):
                await asyncio.sleep(2.0)
            else:
                await asyncio.sleep(0.05)
            if prompt.startswith("busy:") or (prompt.startswith("flaky:") and self.tries[prompt] == 1):
                status, payload, headers = 503, {"error": "unavailable"}, [(b"retry-after", b"0")]
            else:
                status, payload, headers = 200, {"text": prompt.upper()}, []
        finally:
            self.open -= 1
        data = json.dumps(payload).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), *headers]})
        await send({"type": "http.response.body", "body": data})


UPSTREAM = Upstream()


@pytest.fixture(scope="session", autouse=True)
def model_api():
    server = uvicorn.Server(uvicorn.Config(UPSTREAM, host="127.0.0.1", port=PORT, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise TimeoutError("mock model API did not start")
        time.sleep(0.05)
    yield UPSTREAM
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(autouse=True)
def fresh_upstream(model_api):
    model_api.reset()
    return model_api
