import pytest
from django.test import Client

# Enforce CSRF checks as a real browser-less client would meet them, so the
# test proves the view is exempt rather than relying on the test client's default.
client = Client(enforce_csrf_checks=True)


def post(body):
    return client.post("/predict", body, content_type="application/json")


def test_returns_top_three_labels_ranked_by_score():
    response = post({"text": "bug bug billing"})
    assert response.status_code == 200
    assert [label["name"] for label in response.json()["labels"]] == ["bug", "billing", "feature"]


def test_top_k_limits_the_labels():
    response = post({"text": "praise", "top_k": 1})
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
def test_rejects_invalid_fields_with_422_naming_the_field(body, field):
    response = post(body)
    assert response.status_code == 422
    assert field in response.json()["errors"]


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", "null"])
def test_rejects_a_body_that_is_not_a_json_object_with_400(raw):
    response = client.post("/predict", raw, content_type="application/json")
    assert response.status_code == 400


def test_only_post_is_allowed():
    assert client.get("/predict").status_code == 405
