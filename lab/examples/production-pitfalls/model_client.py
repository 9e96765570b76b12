"""Stand-in for a paid model API, shared by both frameworks. It streams the
prompt back word by word, or answers in one piece after a pause, and records
what became of every call, so the tests can see whether work stopped when the
client went away."""

import asyncio
from collections.abc import AsyncIterator

TOKEN_DELAY = 0.05  # seconds between streamed tokens
COMPLETE_SECONDS = 0.6  # how long a non-streamed answer takes

calls: list[dict] = []  # one entry per call: prompt, tokens sent, outcome


async def stream_tokens(prompt: str) -> AsyncIterator[str]:
    call = {"prompt": prompt, "sent": 0, "outcome": "running"}
    calls.append(call)
    try:
        for i, word in enumerate(prompt.split()):
            if i:
                await asyncio.sleep(TOKEN_DELAY)
            call["sent"] += 1
            yield word
        call["outcome"] = "finished"
    finally:
        if call["outcome"] == "running":
            call["outcome"] = "stopped"  # cancelled or closed before the end


async def complete(prompt: str) -> str:
    call = {"prompt": prompt, "sent": 0, "outcome": "running"}
    calls.append(call)
    try:
        await asyncio.sleep(COMPLETE_SECONDS)
        call["outcome"] = "finished"
        return prompt.upper()
    finally:
        if call["outcome"] == "running":
            call["outcome"] = "stopped"
