from concurrent.futures import ThreadPoolExecutor

from django.test import Client

from chat import views
from model_api import ATTEMPTS


def post(text):
    return Client().post("/answer", {"text": text}, content_type="application/json")


def test_the_shared_client_reuses_its_connection(fresh_upstream):
    for i in range(10):
        assert post(f"hi {i}").json() == {"text": f"HI {i}"}
    assert len(fresh_upstream.connections) == 1


def test_threads_share_one_pool_sized_to_them(fresh_upstream):
    with ThreadPoolExecutor(max_workers=16) as pool:
        responses = list(pool.map(post, [f"q{i}" for i in range(32)]))
    assert [response.status_code for response in responses] == [200] * 32
    assert 1 < fresh_upstream.most_open <= views.THREADS
    assert len(fresh_upstream.connections) <= views.THREADS


def test_retries_are_bounded_and_answer_502_when_the_model_api_stays_down(fresh_upstream):
    assert post("flaky: again").status_code == 200
    assert fresh_upstream.tries["flaky: again"] == 2
    assert post("busy: again").status_code == 502
    assert fresh_upstream.tries["busy: again"] == ATTEMPTS
