import json

from django.http import HttpRequest, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .llm import generate_tokens  # async generator of str


async def as_events(prompt: str):
    async for token in generate_tokens(prompt):
        yield f"data: {json.dumps(token)}\n\n"


@csrf_exempt  # called by API clients with a token, not a browser session
@require_POST
async def generate(request: HttpRequest) -> StreamingHttpResponse:
    prompt = json.loads(request.body)["text"]
    response = StreamingHttpResponse(as_events(prompt), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    return response
