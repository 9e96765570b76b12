"""What every app under test shares, so the setups differ only in framework
and server: the JSON payload, the CPU work, the upstream settings and the
database connection settings, all read from the environment the driver sets."""

import os

JSON_PAYLOAD = {
    "model": "lab-classifier",
    "labels": ["positive", "neutral", "negative"],
    "scores": [0.91, 0.07, 0.02],
    "cached": False,
}

UPSTREAM_URL = os.environ.get("LAB_UPSTREAM_URL", "http://127.0.0.1:18901")
UPSTREAM_DELAY_MS = int(os.environ.get("LAB_UPSTREAM_DELAY_MS", "100"))
# The lab's connection pools must never be what caps concurrency (httpx
# allows 100 connections by default, aiohttp 100, below the 400-request load point).
HTTP_MAX_CONNECTIONS = 1000

CPU_ITERATIONS = int(os.environ.get("LAB_CPU_ITERATIONS", "450000"))

PG = {
    "host": "127.0.0.1",
    "port": int(os.environ.get("LAB_PG_PORT", "18902")),
    "dbname": "lab",
    "user": "lab",
}
POOL_SIZE = 16

# The relational query's parameters, the same for both ORMs.
PUBLISHED_SINCE = 2015
TOP_AUTHORS = 10
RECENT_BOOKS = 100


def cpu_work(iterations: int = CPU_ITERATIONS) -> int:
    """Pure-Python arithmetic that holds the GIL for its whole run, standing in
    for small-model inference done in the request (~10-20 ms)."""
    acc = 0
    for i in range(iterations):
        acc = (acc * 31 + i) % 1_000_003
    return acc


def sleep_completion() -> dict:
    return {"completion": "lab answer", "via": "sleep"}


def sse_event(token: str) -> bytes:
    return f"data: {token}\n\n".encode()


SSE_DONE = b"data: [DONE]\n\n"


def round_rating(value) -> float:
    """Both ORMs return the average rating in their own numeric type."""
    return round(float(value), 4)
