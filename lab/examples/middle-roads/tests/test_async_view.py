import asyncio

import httpx
import pytest
from django.test import Client

from mysite.asgi import application
from tickets.models import Ticket


@pytest.mark.django_db
def test_counts_tickets_per_label_with_the_async_orm():
    Ticket.objects.bulk_create(
        [Ticket(text="crash", label="bug"), Ticket(text="error", label="bug"), Ticket(text="refund", label="billing")]
    )
    response = Client().get("/stats")
    assert response.status_code == 200
    assert response.json() == {"total": 3, "by_label": {"billing": 1, "bug": 2}}


@pytest.mark.django_db(transaction=True)
def test_the_async_view_and_the_ninja_api_run_under_asgi():
    async def scenario():
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            created = await client.post("/api/tickets", json={"text": "app crashes on login"})
            stats = await client.get("/stats")
            return created, stats

    created, stats = asyncio.run(scenario())
    assert created.status_code == 201
    assert created.json()["label"] == "bug"
    assert stats.json() == {"total": 1, "by_label": {"bug": 1}}
