import asyncio

import httpx
import psycopg


def burst(alias: str, requests: int = 24) -> list[int]:
    """Sends requests at once through Django's ASGI application, as uvicorn would; returns each one's backend pid."""
    from mysite.asgi import application

    async def run():
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=60) as client:
            responses = await asyncio.gather(*(client.get(f"/pid/{alias}") for _ in range(requests)))
        assert [response.status_code for response in responses] == [200] * requests
        return [response.json()["pid"] for response in responses]

    return asyncio.run(run())


def open_connections(url: str, application_name: str) -> int:
    with psycopg.connect(url, autocommit=True) as admin:
        return admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", (application_name,)
        ).fetchone()[0]


def test_a_pool_reuses_a_few_connections_and_caps_them(database):
    pids = burst("default")
    assert len(set(pids)) <= 4  # pool max_size
    assert open_connections(database, "pooled") <= 4
    burst("default")
    assert open_connections(database, "pooled") <= 4  # a second burst opens no more


def test_persistent_connections_under_asgi_pile_up_instead(database):
    pids = burst("persistent")
    # Each request ran its query in its own thread, with its own connection,
    # and CONN_MAX_AGE keeps every one of them open after the request ends.
    assert len(set(pids)) > 4
    left_open = open_connections(database, "persistent")
    assert left_open > 4
    burst("persistent")
    assert open_connections(database, "persistent") >= left_open
