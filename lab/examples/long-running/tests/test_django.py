from django.test import Client
from services import wait_for

client = Client()


def test_django_enqueues_the_same_task_and_reports_its_result(worker):
    response = client.post("/embeddings/jobs", {"texts": ["a", "bb"]}, content_type="application/json")
    assert response.status_code == 202
    job_id = response.json()["job_id"]

    def finished():
        body = client.get(f"/embeddings/jobs/{job_id}").json()
        return body if body["state"] == "SUCCESS" else None

    assert wait_for(finished, timeout=60)["result"] == {"count": 2, "dimensions": 2}


def test_django_rejects_an_empty_batch():
    response = client.post("/embeddings/jobs", {"texts": []}, content_type="application/json")
    assert response.status_code == 422
