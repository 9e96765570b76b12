import asyncio

import pytest
from asgi_probe import call_asgi, call_then_disconnect, sse_data
from fastapi import FastAPI

import model_client
from app.main import Prompt, app

LONG_PROMPT = " ".join(f"word{i}" for i in range(40))  # about 2 s of tokens


@pytest.fixture(autouse=True)
def fresh_calls():
    model_client.calls.clear()


def test_the_stream_tells_nginx_not_to_buffer_and_streams_each_token():
    response = asyncio.run(call_asgi(app, "POST", "/generate", {"text": "one two three four"}))
    assert response.headers["x-accel-buffering"] == "no"
    assert response.headers["cache-control"] == "no-cache"
    token_chunks = [(at, chunk) for at, chunk in response.chunks if b"data:" in chunk]
    assert [sse_data(chunk)[0] for _, chunk in token_chunks] == ["one", "two", "three", "four"]
    assert token_chunks[0][0] < token_chunks[-1][0] - model_client.TOKEN_DELAY  # sent one by one


def test_a_disconnect_mid_stream_stops_the_model_call():
    chunks, seconds = asyncio.run(call_then_disconnect(app, "/generate", {"text": LONG_PROMPT}, after_chunks=2))
    assert len(chunks) == 2
    assert seconds < 1.0  # far less than the 2 s the whole stream would take
    [call] = model_client.calls
    assert call["outcome"] == "stopped"
    assert call["sent"] < 10


def test_a_disconnect_cancels_the_guarded_non_streaming_call():
    _, seconds = asyncio.run(call_then_disconnect(app, "/complete", {"text": "hi"}, after_seconds=0.1))
    assert seconds < model_client.COMPLETE_SECONDS
    assert [call["outcome"] for call in model_client.calls] == ["stopped"]


def test_control_without_the_guard_fastapi_finishes_the_call_for_nobody():
    naive = FastAPI()

    @naive.post("/complete")
    async def complete_endpoint(prompt: Prompt) -> dict[str, str]:
        return {"text": await model_client.complete(prompt.text)}

    _, seconds = asyncio.run(call_then_disconnect(naive, "/complete", {"text": "hi"}, after_seconds=0.1))
    assert seconds >= model_client.COMPLETE_SECONDS
    assert [call["outcome"] for call in model_client.calls] == ["finished"]


def test_a_client_that_stays_gets_the_answer():
    response = asyncio.run(call_asgi(app, "POST", "/complete", {"text": "hi"}))
    assert response.status == 200
    assert response.body == b'{"text":"HI"}'


def test_an_idle_sse_stream_sends_keep_alive_comments(monkeypatch):
    import fastapi.routing

    # FastAPI pings after 15 s of silence; shorten both clocks to see it in a test.
    monkeypatch.setattr(fastapi.routing, "_PING_INTERVAL", 0.05)
    monkeypatch.setattr(model_client, "TOKEN_DELAY", 0.3)
    response = asyncio.run(call_asgi(app, "POST", "/generate", {"text": "slow answer"}))
    assert b": ping" in response.body
    assert sse_data(response.body) == ["slow", "answer"]
