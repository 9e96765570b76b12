import os

import pytest
from services import postgresql


@pytest.fixture(scope="session")
def database():
    """A throwaway PostgreSQL 18, then Django set up against it."""
    with postgresql() as url:
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = "mysite.settings"
        import django

        django.setup()
        yield url
        from django.db import connections

        connections.close_all()
