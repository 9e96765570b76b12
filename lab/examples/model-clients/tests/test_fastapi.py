import asyncio

import httpx
from fastapi.testclient import TestClient

from app.main import app
from model_api import ATTEMPTS, LIMITS, TIMEOUT, MODEL_API_URL


def test_one_client_per_process_reuses_its_connections(fresh_upstream):
    with TestClient(app) as client:  # runs the lifespan: one model client for the app
        for i in range(20):
            assert client.post("/answer", json={"text": f"hi {i}"}).json() == {"text": f"HI {i}"}
    assert len(fresh_upstream.connections) == 1


def test_the_control_opens_a_new_connection_for_every_request(fresh_upstream):
    with TestClient(app) as client:
        for i in range(20):
            assert client.post("/answer-new-client", json={"text": f"hi {i}"}).status_code == 200
    assert len(fresh_upstream.connections) == 20


def call_many(texts, timeout=TIMEOUT):
    """Sends the prompts at once through the app, with a model client built as the lifespan builds it."""

    async def run():
        async with httpx.AsyncClient(base_url=MODEL_API_URL, limits=LIMITS, timeout=timeout) as model_client:
            app.state.model_client = model_client
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=30) as client:
                return await asyncio.gather(*(client.post("/answer", json={"text": text}) for text in texts))

    return asyncio.run(run())


def test_the_pool_caps_the_calls_open_at_once(fresh_upstream):
    responses = call_many([f"q{i}" for i in range(30)])
    assert [response.status_code for response in responses] == [200] * 30
    assert 1 < fresh_upstream.most_open <= LIMITS.max_connections
    assert len(fresh_upstream.connections) <= LIMITS.max_connections


def test_a_brief_503_is_retried_and_the_answer_arrives(fresh_upstream):
    [response] = call_many(["flaky: hello"])
    assert response.status_code == 200
    assert fresh_upstream.tries["flaky: hello"] == 2


def test_a_model_api_that_stays_down_gets_a_bounded_number_of_tries_then_502(fresh_upstream):
    [response] = call_many(["busy: hello"])
    assert response.status_code == 502
    assert fresh_upstream.tries["busy: hello"] == ATTEMPTS


def test_a_read_timeout_answers_504_and_is_not_retried(fresh_upstream):
    [response] = call_many(["slow: hello"], timeout=httpx.Timeout(connect=TIMEOUT.connect, read=0.5, write=TIMEOUT.write, pool=TIMEOUT.pool))
    assert response.status_code == 504
    assert fresh_upstream.tries["slow: hello"] == 1
