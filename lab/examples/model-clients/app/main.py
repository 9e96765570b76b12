from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, HTTPException, Request
from pydantic import BaseModel

from model_api import LIMITS, MODEL_API_URL, TIMEOUT, complete


# region client
@asynccontextmanager
async def lifespan(app: FastAPI):
    # One client for the whole process, opened at start-up and closed at shutdown:
    # its pool keeps connections to the model API open between requests.
    async with httpx.AsyncClient(base_url=MODEL_API_URL, limits=LIMITS, timeout=TIMEOUT) as client:
        app.state.model_client = client
        yield


app = FastAPI(lifespan=lifespan)


class Prompt(BaseModel):
    text: str


@app.post("/answer")
async def answer(prompt: Prompt, request: Request) -> dict:
    try:
        return await complete(request.app.state.model_client, prompt.text)
    except httpx.TimeoutException:
        raise HTTPException(504, "the model API did not answer in time")
    except httpx.HTTPStatusError as error:
        raise HTTPException(502, f"the model API answered {error.response.status_code}")
# endregion client


@app.post("/answer-new-client")
async def answer_new_client(prompt: Prompt) -> dict:
    """The pitfall, for the tests to compare: a new client, and so a new connection, per request."""
    async with httpx.AsyncClient(base_url=MODEL_API_URL, timeout=TIMEOUT) as client:
        return await complete(client, prompt.text)
