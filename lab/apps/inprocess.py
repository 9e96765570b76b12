"""Measurements taken inside one Python process, printed as JSON for the lab
driver:

  python3 inprocess.py versions           the versions actually imported
  python3 inprocess.py packages           every installed distribution
  python3 inprocess.py cpu N              N timings of the CPU work, in ms
  python3 inprocess.py orm N              N timings per ORM, mode and query,
                                          in ms, after a warm-up, plus results
"""

import asyncio
import importlib.metadata
import json
import os
import platform
import sys
import time

import labshared as lab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "djangolab.settings")

# Everything a result depends on: frameworks, servers, the HTTP clients and
# what they build on, database drivers and ORMs.
DISTRIBUTIONS = [
    "django", "fastapi", "pydantic", "pydantic-core", "starlette", "uvicorn", "uvloop", "httptools",
    "gunicorn", "sqlalchemy", "psycopg", "psycopg-pool", "httpx", "httpcore", "h11", "anyio", "asgiref",
    "aiohttp", "multidict", "yarl", "greenlet", "httpx2", "httpcore2", "openai", "anthropic",
]
# Recorded when present.
OPTIONAL_DISTRIBUTIONS = ["psutil"]


def versions():
    found = {"python": platform.python_version()}
    for name in DISTRIBUTIONS:
        found[name] = importlib.metadata.version(name)
    for name in OPTIONAL_DISTRIBUTIONS:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            pass
    return found


def packages():
    names = {dist.metadata["Name"]: dist.version for dist in importlib.metadata.distributions()}
    return dict(sorted(names.items(), key=lambda item: item[0].lower()))


def timed(fn, iterations):
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples, result


async def timed_async(fn, iterations):
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        result = await fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples, result


def orm(iterations):
    import django

    django.setup()
    from djangolab import queries as dj
    from fastapilab import db as sa

    warmup = max(3, iterations // 10)
    out = {}

    def record(name, runner):
        runner(warmup)
        samples, rows = runner(iterations)
        out[name] = {"ms": samples, "rows": rows}

    with sa.SyncSession() as session:
        record("sqlalchemy/sync/top-authors", lambda n: timed(lambda: sa.top_authors(session), n))
        record("sqlalchemy/sync/recent-books", lambda n: timed(lambda: sa.recent_books(session), n))
    record("django/sync/top-authors", lambda n: timed(dj.top_authors, n))
    record("django/sync/recent-books", lambda n: timed(dj.recent_books, n))

    async def run_async():
        async with sa.AsyncSession() as session:
            for query, fn in (("top-authors", sa.top_authors_async), ("recent-books", sa.recent_books_async)):
                await timed_async(lambda: fn(session), warmup)
                samples, rows = await timed_async(lambda: fn(session), iterations)
                out[f"sqlalchemy/async/{query}"] = {"ms": samples, "rows": rows}
        await sa.async_engine.dispose()
        for query, fn in (("top-authors", dj.top_authors_async), ("recent-books", dj.recent_books_async)):
            await timed_async(fn, warmup)
            samples, rows = await timed_async(fn, iterations)
            out[f"django/async/{query}"] = {"ms": samples, "rows": rows}

    asyncio.run(run_async())
    return out


def main():
    command = sys.argv[1]
    if command == "versions":
        result = versions()
    elif command == "packages":
        result = packages()
    elif command == "cpu":
        result = timed(lab.cpu_work, int(sys.argv[2]))[0]
    elif command == "orm":
        result = orm(int(sys.argv[2]))
    else:
        raise SystemExit(f"unknown command {command!r}")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
