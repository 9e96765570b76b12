"""How this service calls its model API, shared by both frameworks: one client
per process with a bounded connection pool, explicit timeouts, and a bounded
retry for the failures a second attempt can fix."""

import asyncio
import os
import random
import time

import httpx

MODEL_API_URL = os.environ.get("MODEL_API_URL", "http://127.0.0.1:8001")

# region limits
# The pool caps the calls one process has open at once: extra calls wait for a
# free connection (up to the pool timeout) instead of opening ever more.
LIMITS = httpx.Limits(max_connections=8, max_keepalive_connections=8, keepalive_expiry=30)
# Fail fast when the model API cannot be reached or the pool stays full;
# give the model itself time to answer.
TIMEOUT = httpx.Timeout(connect=2.0, read=30.0, write=5.0, pool=5.0)
# endregion limits

# region retry
RETRY_STATUSES = {429, 502, 503, 504}  # rate-limited or briefly unavailable
ATTEMPTS = 3  # the first call and two retries, no more
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)  # the model never saw these calls


def pause(attempt: int, response: httpx.Response | None = None) -> float:
    """Seconds before the next attempt: the server's Retry-After, else exponential backoff with jitter."""
    after = response.headers.get("retry-after", "") if response is not None else ""
    if after.isdigit():
        return min(float(after), 10.0)
    return random.uniform(0, 0.2 * 2**attempt)


async def complete(client: httpx.AsyncClient, prompt: str) -> dict:
    """Calls the model, retrying only failures that are safe and likely to pass.
    A read timeout is not retried: the model may have done (and billed) the work."""
    for attempt in range(ATTEMPTS):
        last = attempt == ATTEMPTS - 1
        try:
            response = await client.post("/v1/complete", json={"prompt": prompt})
        except NOT_SENT:
            if last:
                raise
            await asyncio.sleep(pause(attempt))
            continue
        if response.status_code in RETRY_STATUSES and not last:
            await asyncio.sleep(pause(attempt, response))
            continue
        response.raise_for_status()
        return response.json()
    raise AssertionError("unreachable")
# endregion retry


def complete_sync(client: httpx.Client, prompt: str) -> dict:
    """The same policy for synchronous code (Django views on WSGI workers)."""
    for attempt in range(ATTEMPTS):
        last = attempt == ATTEMPTS - 1
        try:
            response = client.post("/v1/complete", json={"prompt": prompt})
        except NOT_SENT:
            if last:
                raise
            time.sleep(pause(attempt))
            continue
        if response.status_code in RETRY_STATUSES and not last:
            time.sleep(pause(attempt, response))
            continue
        response.raise_for_status()
        return response.json()
    raise AssertionError("unreachable")
