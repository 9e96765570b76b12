import json

import httpx
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from model_api import MODEL_API_URL, TIMEOUT, complete_sync

# region client
# One client per worker process, created at import and shared by the worker's
# threads. Size the pool to those threads (gunicorn --threads 4 here): a thread
# never waits for a connection, and the model API never sees more than 4 from us.
THREADS = 4
client = httpx.Client(base_url=MODEL_API_URL, limits=httpx.Limits(max_connections=THREADS), timeout=TIMEOUT)


@csrf_exempt  # called by API clients with a token, not a browser session
@require_POST
def answer(request: HttpRequest) -> JsonResponse:
    prompt = json.loads(request.body)["text"]
    try:
        return JsonResponse(complete_sync(client, prompt))
    except httpx.TimeoutException:
        return JsonResponse({"detail": "the model API did not answer in time"}, status=504)
    except httpx.HTTPStatusError as error:
        return JsonResponse({"detail": f"the model API answered {error.response.status_code}"}, status=502)
# endregion client
