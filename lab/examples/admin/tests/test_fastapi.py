from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_swagger_ui_is_served_at_docs():
    response = client.get("/docs")
    assert response.status_code == 200
    assert "swagger-ui" in response.text
    assert "/openapi.json" in response.text


def test_redoc_is_served_at_redoc():
    response = client.get("/redoc")
    assert response.status_code == 200
    assert "redoc" in response.text.lower()


def test_the_schema_carries_the_title_and_version():
    info = client.get("/openapi.json").json()["info"]
    assert info == {"title": "Prediction service", "version": "1.4.0"}


def test_there_is_no_admin_interface():
    assert client.get("/admin/").status_code == 404
