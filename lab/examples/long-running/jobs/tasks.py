import os
import time
from pathlib import Path

from .celery_app import app

SECONDS_PER_TEXT = 0.05  # stand-in for a model's per-item cost
FAIL_ONCE_PREFIX = "fail-once:"  # lets the tests make the stand-in fail the first time it sees a text


class ModelUnavailable(Exception):
    """A failure worth retrying: the model service timed out, was rate-limited (429) or unavailable (503)."""


def embed(text: str) -> list[float]:
    """Stand-in for a real embedding model."""
    if text.startswith(FAIL_ONCE_PREFIX):
        marker = Path(os.environ.get("LAB_QUEUE_DIR", "/tmp")) / f"failed-{text.removeprefix(FAIL_ONCE_PREFIX)}"
        if not marker.exists():
            marker.touch()
            raise ModelUnavailable("model service unavailable (503)")
    time.sleep(SECONDS_PER_TEXT)
    return [float(len(text)), float(sum(map(ord, text)) % 97)]


# region task
# Retry only failures that a later attempt can fix, a bounded number of times,
# waiting longer each time (with jitter, so many jobs do not retry in step).
# max_retries alone retries nothing: a task retries only on the exceptions in
# autoretry_for, or when it calls self.retry() itself.
@app.task(
    bind=True,
    autoretry_for=(ModelUnavailable,),
    max_retries=3,
    retry_backoff=2,  # about 2, 4, 8 s before the 1st, 2nd, 3rd retry
    retry_backoff_max=60,
    retry_jitter=True,  # a random delay up to that value
)
def embed_documents(self, texts: list[str]) -> dict:
    """Embeds a batch, reporting progress so a client can poll for it."""
    vectors = []
    for done, text in enumerate(texts, start=1):
        vectors.append(embed(text))
        self.update_state(state="PROGRESS", meta={"done": done, "total": len(texts)})
    # A real task would write the vectors to a store here and return a reference.
    return {"count": len(vectors), "dimensions": len(vectors[0]) if vectors else 0}
# endregion task
