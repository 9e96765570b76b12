import json

from celery.result import AsyncResult
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from jobs.celery_app import app as celery_app
from jobs.tasks import embed_documents


@csrf_exempt  # called by API clients with a token, not a browser session
@require_POST
def start_embedding(request: HttpRequest) -> JsonResponse:
    texts = json.loads(request.body).get("texts")
    if not isinstance(texts, list) or not texts:
        return JsonResponse({"error": "Send a non-empty list of texts."}, status=422)
    job = embed_documents.delay(texts)
    return JsonResponse({"job_id": job.id}, status=202)


@require_GET
def embedding_status(request: HttpRequest, job_id: str) -> JsonResponse:
    result = AsyncResult(job_id, app=celery_app)
    body = {"job_id": job_id, "state": result.state}
    if result.successful():
        body["result"] = result.result
    return JsonResponse(body)
