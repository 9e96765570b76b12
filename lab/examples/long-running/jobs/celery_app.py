import os
from pathlib import Path

from celery import Celery

# In production the broker is Redis or RabbitMQ, e.g. CELERY_BROKER_URL=redis://...
# The lab uses Kombu's filesystem transport and Celery's file result backend,
# so the tests run a real worker process without a broker server.
queue_dir = Path(os.environ.get("LAB_QUEUE_DIR", "/tmp/lab-queue"))
for folder in ("in", "processed", "results"):
    (queue_dir / folder).mkdir(parents=True, exist_ok=True)

app = Celery(
    "jobs",
    broker=os.environ.get("CELERY_BROKER_URL", "filesystem://"),
    backend=os.environ.get("CELERY_RESULT_BACKEND", f"file://{queue_dir / 'results'}"),
    include=["jobs.tasks"],
)
app.conf.broker_transport_options = {
    "data_folder_in": str(queue_dir / "in"),
    "data_folder_out": str(queue_dir / "in"),
    "processed_folder": str(queue_dir / "processed"),
    "store_processed": True,
}
# region reliability
app.conf.update(
    task_acks_late=True,  # acknowledge after the task finishes, not when it starts
    task_reject_on_worker_lost=True,  # requeue if the worker process dies mid-task (beware: a task that
    # kills its worker, e.g. by running out of memory, then loops; see the guide)
    worker_prefetch_multiplier=1,  # long tasks: take one at a time
    task_track_started=True,
    result_extended=True,
)
# With Redis as the broker, a task unacknowledged for longer than the visibility
# timeout (default 1 hour) is redelivered while still running. Set it above your
# longest job, e.g.:
#   app.conf.broker_transport_options = {"visibility_timeout": 6 * 3600}
# With RabbitMQ, raise the broker's consumer_timeout (default 30 minutes) instead.
# endregion reliability
