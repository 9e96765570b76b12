import pytest
from django.contrib import admin
from django.core.management import call_command

from predictions.admin import PredictionAdmin
from predictions.models import Prediction

pytestmark = pytest.mark.django_db


@pytest.fixture
def predictions():
    Prediction.objects.create(input_text="refund my order", label="billing", score=0.91, model_version="v1")
    Prediction.objects.create(input_text="app crashes on save", label="bug", score=0.87, model_version="v2")


def test_the_model_is_registered_with_its_admin_class():
    assert isinstance(admin.site._registry[Prediction], PredictionAdmin)


def test_the_admin_index_lists_the_model(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert b'href="/admin/predictions/prediction/"' in response.content


def test_the_change_list_shows_rows_columns_filters_and_date_navigation(admin_client, predictions):
    response = admin_client.get("/admin/predictions/prediction/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 predictions" in html
    for column in ("column-created_at", "column-model_version", "column-label", "column-score"):
        assert column in html
    assert 'id="changelist-filter"' in html
    assert "By model version" in html and "By label" in html
    assert "created_at__year=" in html  # date_hierarchy's navigation links


def test_search_looks_in_the_input_text(admin_client, predictions):
    response = admin_client.get("/admin/predictions/prediction/", {"q": "crashes"})
    html = response.content.decode()
    assert "1 result" in html
    assert "bug" in html


def test_a_filter_narrows_the_list(admin_client, predictions):
    response = admin_client.get("/admin/predictions/prediction/", {"model_version": "v1"})
    assert response.context["cl"].result_count == 1


def test_created_at_is_shown_read_only_on_the_edit_page(admin_client, predictions):
    prediction = Prediction.objects.get(label="billing")
    html = admin_client.get(f"/admin/predictions/prediction/{prediction.pk}/change/").content.decode()
    assert 'name="input_text"' in html
    assert 'name="created_at"' not in html
    assert "field-created_at" in html


def test_a_visitor_who_is_not_staff_is_sent_to_the_login_page(client):
    response = client.get("/admin/predictions/prediction/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_migrations_match_the_model():
    call_command("makemigrations", "predictions", "--check", "--dry-run", verbosity=0)
