import asyncio

from asgi_probe import call_asgi, sse_data
from chat import llm

from mysite.asgi import application

PROMPT = "the quick brown fox jumps"


def test_streams_every_token_in_order_as_server_sent_events():
    response = asyncio.run(call_asgi(application, "POST", "/generate", {"text": PROMPT}))
    assert response.status == 200
    assert response.headers["content-type"] == "text/event-stream"
    assert response.headers["cache-control"] == "no-cache"
    assert sse_data(response.body) == PROMPT.split()


def test_each_token_is_sent_as_soon_as_it_is_generated_under_asgi():
    response = asyncio.run(call_asgi(application, "POST", "/generate", {"text": PROMPT}))
    assert [sse_data(chunk)[0] for _, chunk in response.chunks] == PROMPT.split()
    # The tokens leave as they are generated, spread over the generation time;
    # a buffered response would send them all at once at the end.
    generation_time = llm.TOKEN_DELAY * (len(PROMPT.split()) - 1)
    assert response.chunks[-1][0] - response.chunks[0][0] >= generation_time * 0.75


def test_only_post_is_allowed():
    response = asyncio.run(call_asgi(application, "GET", "/generate"))
    assert response.status == 405
