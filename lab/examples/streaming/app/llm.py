"""Stand-in for a model client: echoes the prompt back word by word, pausing
between words the way a model pauses between tokens."""

import asyncio
from collections.abc import AsyncIterator

TOKEN_DELAY = 0.05  # seconds between tokens


async def generate_tokens(prompt: str) -> AsyncIterator[str]:
    for i, word in enumerate(prompt.split()):
        if i:
            await asyncio.sleep(TOKEN_DELAY)
        yield word
