"""The model-API call every app makes on the lab's model workload, through each
client the lab compares, built the way its documentation recommends for a
server: one client per process, created once and reused for every request,
with the same limits for all (1,000 connections, 100 kept alive: the openai
SDK's own defaults), a 30 s timeout and no retries, so a failure shows as one.

The mock model (lab/driver/upstream.ts) speaks OpenAI's chat-completions
protocol; the apps return its answer with the client's name:
{"completion": ..., "via": ...}, or relay a streamed answer token by token as
server-sent events (`data: tok-0`, …, `data: [DONE]`), asking for `tokens`
tokens (the API's max_completion_tokens).

    openai          the openai SDK with its default HTTP client (httpx2)
    openai-aiohttp  the openai SDK on aiohttp (openai.DefaultAioHttpClient)
    openai-own-client  the SDK given a bare httpx2.AsyncClient(): httpx2's
                    pool defaults (100 connections, 20 kept alive) replace the
                    SDK's, as its DefaultAsyncHttpxClient docstring warns
    openai-pool-N   the SDK with a pool of N connections, all kept alive
    anthropic       the anthropic SDK with its default HTTP client (httpx2),
                    against the mock's Messages API
    httpx2          httpx2 directly
    httpx           httpx 0.28 directly
    aiohttp         aiohttp directly (async only)
"""

import json
import re
import threading

import aiohttp
import anthropic
import httpx
import httpx2
import openai

import labshared as lab

BASE_URL = f"{lab.UPSTREAM_URL}/v1"
API_KEY = "lab-key"  # the mock only checks that one is sent
MODEL = "lab-model"
MESSAGES = [{"role": "user", "content": "Say something for the lab."}]
TIMEOUT_SECONDS = 30.0
MAX_CONNECTIONS = 1000
MAX_KEEPALIVE = 100

ASYNC_CLIENTS = ("openai", "openai-aiohttp", "openai-own-client", "anthropic", "httpx2", "httpx", "aiohttp")
POOL_CLIENT = re.compile(r"openai-pool-([1-9][0-9]*)")
SYNC_CLIENTS = ("openai", "anthropic", "httpx2", "httpx")
# The Messages API requires a ceiling on the answer; the mock's own answer is shorter.
ANTHROPIC_MAX_TOKENS = 1024

_REQUEST = {"model": MODEL, "messages": MESSAGES}


def _direct(module, client_class):
    """An httpx or httpx2 client, sync or async, with the lab's base URL, key, limits and timeout."""
    limits = module.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_KEEPALIVE)
    return client_class(base_url=BASE_URL, headers=_HEADERS, limits=limits, timeout=TIMEOUT_SECONDS)
_HEADERS = {"authorization": f"Bearer {API_KEY}"}


class UnknownClient(LookupError):
    pass


def _answer(via: str, content: str) -> dict:
    return {"completion": content, "via": via}


def _content(body: dict) -> str:
    return body["choices"][0]["message"]["content"]


def _streamed(tokens: int) -> dict:
    return {**_REQUEST, "stream": True, "max_completion_tokens": tokens}


def _chunk_text(line: str) -> str | None:
    """The token text of one `data:` line of a raw stream; None for anything else."""
    if not line.startswith("data: ") or line == "data: [DONE]":
        return None
    return json.loads(line[6:])["choices"][0]["delta"].get("content")


def sse(token: str) -> bytes:
    return f"data: {token.strip()}\n\n".encode()


SSE_DONE = b"data: [DONE]\n\n"


# ---------------------------------------------------------------------------
# Async: one client per process, created on first use inside the worker's
# event loop (a client is bound to the loop that made it).

_async_clients: dict = {}


def _make_async(name: str):
    if name == "openai":
        return openai.AsyncOpenAI(base_url=BASE_URL, api_key=API_KEY, timeout=TIMEOUT_SECONDS, max_retries=0)
    if name == "openai-aiohttp":
        return openai.AsyncOpenAI(
            base_url=BASE_URL, api_key=API_KEY, timeout=TIMEOUT_SECONDS, max_retries=0, http_client=openai.DefaultAioHttpClient()
        )
    if name == "anthropic":
        return anthropic.AsyncAnthropic(base_url=lab.UPSTREAM_URL, api_key=API_KEY, timeout=TIMEOUT_SECONDS, max_retries=0)
    if name == "openai-own-client":
        return openai.AsyncOpenAI(
            base_url=BASE_URL, api_key=API_KEY, timeout=TIMEOUT_SECONDS, max_retries=0, http_client=httpx2.AsyncClient()
        )
    pool = POOL_CLIENT.fullmatch(name)
    if pool:
        size = int(pool.group(1))
        limits = httpx2.Limits(max_connections=size, max_keepalive_connections=size)
        return openai.AsyncOpenAI(
            base_url=BASE_URL,
            api_key=API_KEY,
            timeout=TIMEOUT_SECONDS,
            max_retries=0,
            http_client=openai.DefaultAsyncHttpxClient(limits=limits),
        )
    if name == "httpx2":
        return _direct(httpx2, httpx2.AsyncClient)
    if name == "httpx":
        return _direct(httpx, httpx.AsyncClient)
    if name == "aiohttp":
        connector = aiohttp.TCPConnector(limit=MAX_CONNECTIONS)
        return aiohttp.ClientSession(connector=connector, headers=_HEADERS, timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS))
    raise UnknownClient(name)


def _async_client(name: str):
    if name not in ASYNC_CLIENTS and not POOL_CLIENT.fullmatch(name):
        raise UnknownClient(name)
    client = _async_clients.get(name)
    if client is None:
        client = _async_clients[name] = _make_async(name)
    return client


async def complete_async(name: str) -> dict:
    """One chat completion through client `name`, awaited on the event loop."""
    client = _async_client(name)
    if name == "anthropic":
        reply = await client.messages.create(model=MODEL, max_tokens=ANTHROPIC_MAX_TOKENS, messages=MESSAGES)
        return _answer(name, reply.content[0].text)
    if name.startswith("openai"):
        reply = await client.chat.completions.create(model=MODEL, messages=MESSAGES)
        return _answer(name, reply.choices[0].message.content)
    if name == "aiohttp":
        async with client.post(f"{BASE_URL}/chat/completions", json=_REQUEST) as reply:
            reply.raise_for_status()
            return _answer(name, _content(await reply.json()))
    reply = await client.post("/chat/completions", json=_REQUEST)
    reply.raise_for_status()
    return _answer(name, _content(reply.json()))


async def stream_async(name: str, tokens: int):
    """The model's streamed answer through client `name`, as server-sent events.
    Leaving the `async with` (the answer ended, or the caller went away and the
    server cancelled the relay) closes the call to the model."""
    client = _async_client(name)
    if name == "anthropic":
        async with client.messages.stream(model=MODEL, max_tokens=tokens, messages=MESSAGES) as stream:
            async for text in stream.text_stream:
                yield sse(text)
    elif name.startswith("openai"):
        stream = await client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True, max_completion_tokens=tokens)
        async with stream:
            async for chunk in stream:
                if chunk.choices and chunk.choices[0].delta.content:
                    yield sse(chunk.choices[0].delta.content)
    elif name == "aiohttp":
        async with client.post(f"{BASE_URL}/chat/completions", json=_streamed(tokens)) as reply:
            reply.raise_for_status()
            async for raw in reply.content:
                text = _chunk_text(raw.decode().strip())
                if text:
                    yield sse(text)
    else:
        async with client.stream("POST", "/chat/completions", json=_streamed(tokens)) as reply:
            reply.raise_for_status()
            async for line in reply.aiter_lines():
                text = _chunk_text(line)
                if text:
                    yield sse(text)
    yield SSE_DONE


# ---------------------------------------------------------------------------
# Sync: one client per process, shared by the worker's threads (httpx's and
# httpx2's Client docstrings say a client can be shared between threads; the
# SDK's sync client wraps an httpx2.Client), made once under a lock.

_sync_clients: dict = {}
_sync_lock = threading.Lock()


def _make_sync(name: str):
    if name == "openai":
        return openai.OpenAI(base_url=BASE_URL, api_key=API_KEY, timeout=TIMEOUT_SECONDS, max_retries=0)
    if name == "anthropic":
        return anthropic.Anthropic(base_url=lab.UPSTREAM_URL, api_key=API_KEY, timeout=TIMEOUT_SECONDS, max_retries=0)
    if name == "httpx2":
        return _direct(httpx2, httpx2.Client)
    if name == "httpx":
        return _direct(httpx, httpx.Client)
    raise UnknownClient(name)


def _sync_client(name: str):
    if name not in SYNC_CLIENTS:
        raise UnknownClient(name)
    with _sync_lock:
        client = _sync_clients.get(name)
        if client is None:
            client = _sync_clients[name] = _make_sync(name)
    return client


def complete_sync(name: str) -> dict:
    """One chat completion through client `name`, blocking the calling thread."""
    client = _sync_client(name)
    if name == "anthropic":
        reply = client.messages.create(model=MODEL, max_tokens=ANTHROPIC_MAX_TOKENS, messages=MESSAGES)
        return _answer(name, reply.content[0].text)
    if name == "openai":
        reply = client.chat.completions.create(model=MODEL, messages=MESSAGES)
        return _answer(name, reply.choices[0].message.content)
    reply = client.post("/chat/completions", json=_REQUEST)
    reply.raise_for_status()
    return _answer(name, _content(reply.json()))


def stream_sync(name: str, tokens: int):
    """The streamed answer through client `name`, for a WSGI server: a worker
    notices a caller that went away only when a write fails, and closing this
    generator then closes the call to the model."""
    client = _sync_client(name)
    if name == "anthropic":
        with client.messages.stream(model=MODEL, max_tokens=tokens, messages=MESSAGES) as stream:
            for text in stream.text_stream:
                yield sse(text)
    elif name == "openai":
        with client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True, max_completion_tokens=tokens) as stream:
            for chunk in stream:
                if chunk.choices and chunk.choices[0].delta.content:
                    yield sse(chunk.choices[0].delta.content)
    else:
        with client.stream("POST", "/chat/completions", json=_streamed(tokens)) as reply:
            reply.raise_for_status()
            for line in reply.iter_lines():
                text = _chunk_text(line)
                if text:
                    yield sse(text)
    yield SSE_DONE
