"""The FastAPI app as the lab serves it: wrapped in the same request
accounting as the Django setups (labaccounting)."""

from labaccounting import AsgiAccounting

from .main import app as api

app = AsgiAccounting(api)
