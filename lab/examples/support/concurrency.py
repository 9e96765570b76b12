"""Measures whether an ASGI app keeps answering while one request is busy:
start a slow request, then time a cheap one sent while the slow one runs."""

import asyncio
import time

import httpx


async def ping_while_busy(app, slow_path: str, body: dict, ping_path: str, head_start: float = 0.2):
    """Returns (seconds from when the ping was due until it was answered, seconds the slow request took, slow response)."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=10) as client:
        started = time.perf_counter()
        slow = asyncio.create_task(client.post(slow_path, json=body))
        # Send the ping once the slow request has reached its blocking call. The
        # ping is timed from when it was due, not from when the loop got round
        # to sending it: a blocked loop delays the sending too.
        ping_due = started + head_start
        await asyncio.sleep(head_start)
        ping = await asyncio.wait_for(client.get(ping_path), 10)
        ping_seconds = time.perf_counter() - ping_due
        assert ping.status_code == 200
        slow_response = await asyncio.wait_for(slow, 10)
        return ping_seconds, time.perf_counter() - started, slow_response
