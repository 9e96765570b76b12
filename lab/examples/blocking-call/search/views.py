import json

from asgiref.sync import sync_to_async
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .model import embedder  # loaded once at import; .encode() blocks
from .vector_store import vector_store  # an async client


@csrf_exempt  # called by API clients with a token, not a browser session
@require_POST
async def embed_and_store(request: HttpRequest) -> JsonResponse:
    texts = json.loads(request.body)["items"]
    # thread_sensitive=False runs the call in a fresh thread instead of the one
    # shared by thread-sensitive sync code such as ORM queries.
    encode = sync_to_async(embedder.encode, thread_sensitive=False)
    vectors = await encode(texts)
    await vector_store.upsert(texts, vectors)
    return JsonResponse({"stored": len(texts)})
