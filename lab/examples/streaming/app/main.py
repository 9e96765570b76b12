from collections.abc import AsyncIterable

from fastapi import FastAPI
from fastapi.sse import EventSourceResponse
from pydantic import BaseModel

from .llm import generate_tokens  # async generator of str

app = FastAPI()


class Prompt(BaseModel):
    text: str


# Each yielded value becomes one `data:` event (needs FastAPI 0.135 or later).
@app.post("/generate", response_class=EventSourceResponse)
async def generate(prompt: Prompt) -> AsyncIterable[str]:
    async for token in generate_tokens(prompt.text):
        yield token
