import asyncio

from asgiref.sync import sync_to_async
from django.db import connections
from django.http import HttpRequest, JsonResponse


def query_backend_pid(alias: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), pg_sleep(0.05)")
        return cursor.fetchone()[0]


async def backend_pid(request: HttpRequest, alias: str) -> JsonResponse:
    """Which database connection (server process) served this request."""
    pid = await sync_to_async(query_backend_pid)(alias)
    return JsonResponse({"pid": pid})
