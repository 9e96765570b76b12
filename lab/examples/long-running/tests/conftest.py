import os
import sys
import tempfile

# Every test run gets its own queue folders, set before jobs.celery_app is imported.
os.environ.setdefault("LAB_QUEUE_DIR", tempfile.mkdtemp(prefix="lab-queue-"))

import pytest  # noqa: E402
from services import start_worker  # noqa: E402

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="session", autouse=True)
def remove_queue_folders():
    yield
    import shutil

    shutil.rmtree(os.environ["LAB_QUEUE_DIR"], ignore_errors=True)


@pytest.fixture(scope="module")
def worker():
    """A real Celery worker process, started on demand and stopped after the test
    module, so each module begins with no worker running."""
    with start_worker(
        [sys.executable, "-m", "celery", "-A", "jobs.celery_app", "worker", "--pool=solo", "--loglevel=WARNING"],
        cwd=PROJECT,
        env={"LAB_QUEUE_DIR": os.environ["LAB_QUEUE_DIR"], "PYTHONDONTWRITEBYTECODE": "1"},
    ) as process:
        yield process
