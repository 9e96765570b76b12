from django.urls import path

from . import views_async as views

urlpatterns = [
    path("json", views.json_view),
    path("upstream/http", views.upstream_http),
    path("upstream/aiohttp", views.upstream_aiohttp),
    path("upstream/sleep", views.upstream_sleep),
    path("stream", views.stream),
    path("model/<str:client>", views.model_call),
    path("model-stream/<str:client>", views.model_stream),
    path("cpu/blocking", views.cpu_blocking),
    path("cpu/offloaded", views.cpu_offloaded),
    path("orm/top-authors", views.orm_top_authors),
    path("orm/recent-books", views.orm_recent_books),
]
