from pathlib import Path
from typing import Annotated

from celery.result import AsyncResult
from fastapi import BackgroundTasks, FastAPI, status
from pydantic import BaseModel, Field

from jobs.celery_app import app as celery_app
from jobs.tasks import embed_documents

app = FastAPI()
AUDIT_LOG = Path("/tmp/lab-audit.log")


class Batch(BaseModel):
    texts: Annotated[list[str], Field(min_length=1, max_length=10_000)]


def write_audit_line(line: str) -> None:
    with AUDIT_LOG.open("a") as log:
        log.write(line + "\n")


# region enqueue
@app.post("/embeddings/jobs", status_code=status.HTTP_202_ACCEPTED)
def start_embedding(batch: Batch, background: BackgroundTasks) -> dict[str, str]:
    job = embed_documents.delay(batch.texts)  # returns at once; a worker runs it
    # Small, losable follow-up work can stay in this process, after the response.
    background.add_task(write_audit_line, f"queued {job.id} ({len(batch.texts)} texts)")
    return {"job_id": job.id, "status_url": f"/embeddings/jobs/{job.id}"}


@app.get("/embeddings/jobs/{job_id}")
def embedding_status(job_id: str) -> dict:
    result = AsyncResult(job_id, app=celery_app)
    body: dict = {"job_id": job_id, "state": result.state}
    if result.state == "PROGRESS":
        body["progress"] = result.info
    elif result.successful():
        body["result"] = result.result
    elif result.failed():
        body["error"] = str(result.result)
    return body
# endregion enqueue
