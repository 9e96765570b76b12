from django.urls import path

from reports.views import embedding_status, start_embedding

urlpatterns = [
    path("embeddings/jobs", start_embedding),
    path("embeddings/jobs/<str:job_id>", embedding_status),
]
