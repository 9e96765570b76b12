import json

from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from model_client import complete as complete_prompt
from model_client import stream_tokens


async def as_events(prompt: str):
    async for token in stream_tokens(prompt):
        yield f"data: {json.dumps(token)}\n\n"


# region stream
@csrf_exempt  # called by API clients with a token, not a browser session
@require_POST
async def generate(request: HttpRequest) -> StreamingHttpResponse:
    prompt = json.loads(request.body)["text"]
    response = StreamingHttpResponse(as_events(prompt), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # tells nginx not to buffer this response
    return response
# endregion stream


# region complete
@csrf_exempt
@require_POST
async def complete(request: HttpRequest) -> JsonResponse:
    prompt = json.loads(request.body)["text"]
    # Under ASGI, Django cancels this view (asyncio.CancelledError at the await)
    # when the client disconnects, so the model call stops with it.
    return JsonResponse({"text": await complete_prompt(prompt)})
# endregion complete
