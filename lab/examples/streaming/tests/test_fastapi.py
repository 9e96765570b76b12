import asyncio

from asgi_probe import call_asgi, sse_data
from fastapi.testclient import TestClient

from app import llm
from app.main import app

PROMPT = "the quick brown fox jumps"


def test_streams_every_token_in_order_as_server_sent_events():
    with TestClient(app).stream("POST", "/generate", json={"text": PROMPT}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        body = response.read()
    assert sse_data(body) == PROMPT.split()


def test_each_token_is_sent_as_soon_as_it_is_generated():
    response = asyncio.run(call_asgi(app, "POST", "/generate", {"text": PROMPT}))
    token_chunks = [(at, chunk) for at, chunk in response.chunks if b"data:" in chunk]
    assert [sse_data(chunk)[0] for _, chunk in token_chunks] == PROMPT.split()
    # The tokens leave as they are generated, spread over the generation time;
    # a buffered response would send them all at once at the end. (A spread, not
    # the first token's time, so a slow start on a loaded machine does not count.)
    generation_time = llm.TOKEN_DELAY * (len(PROMPT.split()) - 1)
    assert token_chunks[-1][0] - token_chunks[0][0] >= generation_time * 0.75


def test_rejects_a_prompt_without_text_with_422():
    assert TestClient(app).post("/generate", json={}).status_code == 422
