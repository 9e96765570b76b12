import asyncio
import json

import pytest
from asgi_probe import call_asgi, call_then_disconnect, sse_data

import model_client
from mysite.asgi import application

LONG_PROMPT = " ".join(f"word{i}" for i in range(40))  # about 2 s of tokens


@pytest.fixture(autouse=True)
def fresh_calls():
    model_client.calls.clear()


def test_the_stream_tells_nginx_not_to_buffer_and_streams_each_token():
    response = asyncio.run(call_asgi(application, "POST", "/generate", {"text": "one two three four"}))
    assert response.headers["x-accel-buffering"] == "no"
    assert response.headers["cache-control"] == "no-cache"
    assert [sse_data(chunk)[0] for _, chunk in response.chunks] == ["one", "two", "three", "four"]
    assert response.chunks[0][0] < response.chunks[-1][0] - model_client.TOKEN_DELAY


def test_a_disconnect_mid_stream_stops_the_model_call():
    chunks, seconds = asyncio.run(
        call_then_disconnect(application, "/generate", {"text": LONG_PROMPT}, after_chunks=2)
    )
    assert len(chunks) == 2
    assert seconds < 1.0
    [call] = model_client.calls
    assert call["outcome"] == "stopped"
    assert call["sent"] < 10


def test_a_disconnect_cancels_a_plain_async_view():
    _, seconds = asyncio.run(call_then_disconnect(application, "/complete", {"text": "hi"}, after_seconds=0.1))
    assert seconds < model_client.COMPLETE_SECONDS
    assert [call["outcome"] for call in model_client.calls] == ["stopped"]


def test_a_client_that_stays_gets_the_answer():
    response = asyncio.run(call_asgi(application, "POST", "/complete", {"text": "hi"}))
    assert response.status == 200
    assert json.loads(response.body) == {"text": "HI"}
