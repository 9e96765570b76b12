from fastapi.testclient import TestClient
from services import wait_for

from app import main

client = TestClient(main.app)
TEXTS = ["refund my order", "app crashes on save", "thanks!"]


def finished(job_id):
    def check():
        body = client.get(f"/embeddings/jobs/{job_id}").json()
        return body if body["state"] in {"SUCCESS", "FAILURE"} else None

    return check


def test_a_job_queued_before_any_worker_runs_once_a_worker_starts(request):
    # Nothing is running yet: the request still answers at once with 202.
    response = client.post("/embeddings/jobs", json={"texts": TEXTS})
    assert response.status_code == 202
    job_id = response.json()["job_id"]
    assert client.get(f"/embeddings/jobs/{job_id}").json()["state"] == "PENDING"

    request.getfixturevalue("worker")  # now start one
    body = wait_for(finished(job_id), timeout=60, what="job to finish")
    assert body["state"] == "SUCCESS"
    assert body["result"] == {"count": 3, "dimensions": 2}


def test_progress_is_reported_while_a_long_batch_runs(worker):
    texts = [f"document {i}" for i in range(40)]  # about 2 s of work
    job_id = client.post("/embeddings/jobs", json={"texts": texts}).json()["job_id"]

    def in_progress():
        body = client.get(f"/embeddings/jobs/{job_id}").json()
        return body if body["state"] == "PROGRESS" else None

    progress = wait_for(in_progress, timeout=30, interval=0.05, what="PROGRESS state")["progress"]
    assert 0 < progress["done"] <= progress["total"] == 40
    assert wait_for(finished(job_id), timeout=60)["result"]["count"] == 40


def test_background_task_runs_after_the_response_in_the_same_process():
    main.AUDIT_LOG.unlink(missing_ok=True)
    job_id = client.post("/embeddings/jobs", json={"texts": ["x"]}).json()["job_id"]
    assert f"queued {job_id} (1 texts)" in main.AUDIT_LOG.read_text()


def test_an_empty_batch_is_rejected_with_422():
    assert client.post("/embeddings/jobs", json={"texts": []}).status_code == 422


def test_a_transient_model_failure_is_retried_and_the_job_still_succeeds(worker):
    from pathlib import Path
    import os

    texts = ["fail-once:retry-me", "second text"]
    job_id = client.post("/embeddings/jobs", json={"texts": texts}).json()["job_id"]
    body = wait_for(finished(job_id), timeout=60, what="retried job to finish")
    assert body["state"] == "SUCCESS"
    assert body["result"] == {"count": 2, "dimensions": 2}
    # The first attempt did fail: the stand-in left its marker before raising.
    assert (Path(os.environ["LAB_QUEUE_DIR"]) / "failed-retry-me").exists()


def test_the_task_retries_only_transient_failures_a_bounded_number_of_times():
    from jobs.tasks import ModelUnavailable, embed_documents

    assert embed_documents.autoretry_for == (ModelUnavailable,)
    assert 0 < embed_documents.max_retries <= 5
    assert embed_documents.retry_backoff and embed_documents.retry_jitter
