import asyncio

import pytest
from django.test import Client

import tickets.api

client = Client(enforce_csrf_checks=True)  # API clients send no CSRF token


def create(body):
    return client.post("/api/tickets", body, content_type="application/json")


@pytest.mark.django_db
def test_creates_a_ticket_with_the_models_label_and_reads_it_back():
    response = create({"text": "Please refund my invoice"})
    assert response.status_code == 201
    ticket = response.json()
    assert ticket["label"] == "billing"
    again = client.get(f"/api/tickets/{ticket['id']}")
    assert again.status_code == 200
    assert again.json() == ticket


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "x" * 2001}, {"text": 42}])
def test_rejects_invalid_input_with_422_naming_the_field(body):
    response = create(body)
    assert response.status_code == 422
    assert any(error["loc"][-1] == "text" for error in response.json()["detail"])


@pytest.mark.django_db
def test_an_unknown_ticket_is_404():
    assert client.get("/api/tickets/999").status_code == 404


def test_publishes_an_openapi_schema_with_the_validation_rules():
    schema = client.get("/api/openapi.json").json()
    assert set(schema["paths"]) == {"/api/tickets", "/api/tickets/{ticket_id}"}
    text = schema["components"]["schemas"]["TicketIn"]["properties"]["text"]
    assert (text["minLength"], text["maxLength"]) == (1, 2000)
    assert "201" in schema["paths"]["/api/tickets"]["post"]["responses"]


def test_serves_interactive_docs():
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


@pytest.mark.django_db
def test_the_model_stand_in_runs_off_the_event_loop(monkeypatch):
    seen = []

    def recording_classify(text):
        try:
            asyncio.get_running_loop()
            seen.append("on the event loop")
        except RuntimeError:
            seen.append("in a thread")
        return "other"

    monkeypatch.setattr(tickets.api, "classify", recording_classify)
    assert create({"text": "hello"}).status_code == 201
    assert seen == ["in a thread"]
