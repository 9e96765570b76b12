import pytest
from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_returns_top_three_labels_ranked_by_score():
    response = client.post("/predict", json={"text": "bug bug billing"})
    assert response.status_code == 200
    labels = response.json()["labels"]
    assert [label["name"] for label in labels] == ["bug", "billing", "feature"]
    scores = [label["score"] for label in labels]
    assert scores == sorted(scores, reverse=True)


def test_top_k_limits_the_labels():
    response = client.post("/predict", json={"text": "praise", "top_k": 1})
    assert response.status_code == 200
    assert [label["name"] for label in response.json()["labels"]] == ["praise"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({}, "text"),
        ({"text": "hello", "top_k": 0}, "top_k"),
        ({"text": "hello", "top_k": 11}, "top_k"),
        ({"text": "hello", "top_k": "many"}, "top_k"),
    ],
)
def test_rejects_invalid_bodies_with_422_naming_the_field(body, field):
    response = client.post("/predict", json=body)
    assert response.status_code == 422
    assert any(error["loc"][-1] == field for error in response.json()["detail"])


def test_schema_documents_the_validation_rules():
    schema = client.get("/openapi.json").json()["components"]["schemas"]["PredictionIn"]
    assert schema["properties"]["text"]["minLength"] == 1
    assert schema["properties"]["top_k"]["maximum"] == 10
