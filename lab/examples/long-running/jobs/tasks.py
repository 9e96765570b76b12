import time

from .celery_app import app

SECONDS_PER_TEXT = 0.05  # stand-in for a model's per-item cost


def embed(text: str) -> list[float]:
    """Stand-in for a real embedding model."""
    time.sleep(SECONDS_PER_TEXT)
    return [float(len(text)), float(sum(map(ord, text)) % 97)]


# region task
@app.task(bind=True, max_retries=3, default_retry_delay=5)
def embed_documents(self, texts: list[str]) -> dict:
    """Embeds a batch, reporting progress so a client can poll for it."""
    vectors = []
    for done, text in enumerate(texts, start=1):
        vectors.append(embed(text))
        self.update_state(state="PROGRESS", meta={"done": done, "total": len(texts)})
    # A real task would write the vectors to a store here and return a reference.
    return {"count": len(vectors), "dimensions": len(vectors[0]) if vectors else 0}
# endregion task
