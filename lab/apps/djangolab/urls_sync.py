from django.urls import path

from . import views_sync as views

urlpatterns = [
    path("json", views.json_view),
    path("upstream/http", views.upstream_http),
    path("upstream/sleep", views.upstream_sleep),
    path("stream", views.stream),
    path("model/<str:client>", views.model_call),
    path("model-stream/<str:client>", views.model_stream),
    # A sync worker has no event loop to block: the plain view is the only form.
    path("cpu/offloaded", views.cpu),
    path("orm/top-authors", views.orm_top_authors),
    path("orm/recent-books", views.orm_recent_books),
]
