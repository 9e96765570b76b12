"""Starts the Django back office and the FastAPI inference service as two
uvicorn processes on one shared database, and checks the request paths the
guide describes: Django migrates and issues tokens, FastAPI authenticates
with them and writes predictions that Django's admin then shows."""

import re
import sys
from pathlib import Path

import httpx
import pytest
from services import free_port, postgresql, run, serving

PROJECT = str(Path(__file__).resolve().parent.parent)
PYTHON = sys.executable


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def database_url(request, tmp_path_factory):
    """One database both services use: PostgreSQL 18, as in production, and
    a SQLite file, to show nothing in the sample depends on the server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('shared') / 'shared.sqlite3'}"
    else:
        with postgresql() as url:
            yield url


@pytest.fixture(scope="module")
def services(database_url, tmp_path_factory):
    env = {"DATABASE_URL": database_url, "LOG_DIR": str(tmp_path_factory.mktemp("logs")), "PYTHONDONTWRITEBYTECODE": "1"}
    manage = [PYTHON, "manage.py"]
    # Django owns the schema: only its migrations create or change tables.
    run([*manage, "migrate", "--noinput"], cwd=PROJECT, env=env)
    run(
        [*manage, "shell", "-c",
         "from django.contrib.auth.models import User;"
         "User.objects.create_superuser('ops', 'ops@example.org', 'lab-password');"
         "User.objects.create_user('former', password='x', is_active=False)"],
        cwd=PROJECT, env=env,
    )
    token = run([*manage, "issue_token", "ops"], cwd=PROJECT, env=env).strip()
    former_token = run([*manage, "issue_token", "former"], cwd=PROJECT, env=env).strip()

    django_port, fastapi_port = free_port(), free_port()
    uvicorn = [PYTHON, "-m", "uvicorn", "--host", "127.0.0.1", "--log-level", "warning"]
    with (
        serving([*uvicorn, "--port", str(django_port), "backoffice.asgi:application"],
                cwd=PROJECT, env=env, ready_path="/admin/login/", port=django_port) as django_url,
        serving([*uvicorn, "--port", str(fastapi_port), "inference.main:app"],
                cwd=PROJECT, env=env, ready_path="/openapi.json", port=fastapi_port) as fastapi_url,
    ):
        yield {"django": django_url, "fastapi": fastapi_url, "token": token, "former_token": former_token}


def test_fastapi_accepts_a_token_issued_by_django_and_stores_the_prediction(services):
    response = httpx.post(
        services["fastapi"] + "/predict",
        json={"text": "please refund my order"},
        headers={"Authorization": f"Bearer {services['token']}"},
        timeout=10,
    )
    assert response.status_code == 201
    body = response.json()
    assert body["label"] == "refund" and body["id"] >= 1


def test_fastapi_refuses_a_missing_wrong_or_deactivated_users_token(services):
    url = services["fastapi"] + "/predict"
    body = {"text": "hello"}
    assert httpx.post(url, json=body, timeout=10).status_code == 401
    wrong = httpx.post(url, json=body, headers={"Authorization": "Bearer not-a-token"}, timeout=10)
    assert wrong.status_code == 401
    assert wrong.headers["www-authenticate"] == "Bearer"
    former = httpx.post(url, json=body, headers={"Authorization": f"Bearer {services['former_token']}"}, timeout=10)
    assert former.status_code == 401


def test_fastapi_still_validates_input_with_422(services):
    response = httpx.post(
        services["fastapi"] + "/predict", json={"text": ""},
        headers={"Authorization": f"Bearer {services['token']}"}, timeout=10,
    )
    assert response.status_code == 422


def test_django_admin_shows_the_prediction_fastapi_wrote(services):
    marker = "app crashes when I upload"
    created = httpx.post(
        services["fastapi"] + "/predict", json={"text": marker},
        headers={"Authorization": f"Bearer {services['token']}"}, timeout=10,
    )
    assert created.status_code == 201

    with httpx.Client(base_url=services["django"], timeout=10) as staff:
        login_page = staff.get("/admin/login/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
        logged_in = staff.post(
            "/admin/login/?next=/admin/",
            data={"username": "ops", "password": "lab-password", "csrfmiddlewaretoken": csrf, "next": "/admin/"},
            headers={"Referer": services["django"] + "/admin/login/"},
        )
        assert logged_in.status_code == 302, logged_in.text[:500]
        listing = staff.get("/admin/predictions/prediction/", params={"q": "crashes"})
    assert listing.status_code == 200
    assert "1 result" in listing.text
    assert "crash" in listing.text and "ops" in listing.text


def test_rows_fastapi_inserts_get_the_database_default_timestamp(services, database_url):
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        stamps = connection.execute(text("SELECT created_at FROM predictions_prediction")).scalars().all()
    engine.dispose()
    assert stamps and all(stamp is not None for stamp in stamps)


@pytest.mark.django_db
def test_the_models_match_their_migrations():
    from django.core.management import call_command

    call_command("makemigrations", "predictions", "--check", "--dry-run", verbosity=0)
