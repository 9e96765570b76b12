"""Stand-in for an async vector database client: keeps vectors in memory."""

import asyncio


class MemoryVectorStore:
    def __init__(self) -> None:
        self.rows: dict[str, list[float]] = {}

    async def upsert(self, texts: list[str], vectors) -> None:
        await asyncio.sleep(0)  # a network round trip would go here
        self.rows.update(zip(texts, (list(v) for v in vectors)))


vector_store = MemoryVectorStore()
