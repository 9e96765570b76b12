import asyncio

from litestar.testing import TestClient

import alternatives.litestar_app

from alternatives.litestar_app import app


def test_creates_a_labelled_ticket_with_201():
    with TestClient(app=app) as client:
        response = client.post("/tickets", json={"text": "The app crashes"})
    assert response.status_code == 201
    assert response.json() == {"text": "The app crashes", "label": "bug"}


def test_rejects_invalid_input_with_400_not_422():
    with TestClient(app=app) as client:
        for body in ({}, {"text": ""}, {"text": "x" * 2001}):
            response = client.post("/tickets", json=body)
            assert response.status_code == 400, body
            assert "Validation failed" in response.json()["detail"]


def test_publishes_an_openapi_schema_with_the_validation_rules():
    with TestClient(app=app) as client:
        schema = client.get("/schema/openapi.json").json()
    assert "/tickets" in schema["paths"]
    text = schema["components"]["schemas"]["TicketIn"]["properties"]["text"]
    assert (text["minLength"], text["maxLength"]) == (1, 2000)


def test_the_model_stand_in_runs_off_the_event_loop(monkeypatch):
    seen = []

    def recording_classify(text):
        try:
            asyncio.get_running_loop()
            seen.append("on the event loop")
        except RuntimeError:
            seen.append("in a thread")
        return "other"

    monkeypatch.setattr(alternatives.litestar_app, "classify", recording_classify)
    with TestClient(app=app) as client:
        assert client.post("/tickets", json={"text": "hello"}).status_code == 201
    assert seen == ["in a thread"]
