from fastapi import FastAPI

# No admin screens here. FastAPI serves generated API documentation instead:
#   /docs          Swagger UI, where you can try each endpoint
#   /redoc         ReDoc, a read-only reference
#   /openapi.json  the OpenAPI schema both are built from
app = FastAPI(
    title="Prediction service",
    version="1.4.0",
    docs_url="/docs",  # the default; pass None to turn it off
    redoc_url="/redoc",  # the default; pass None to turn it off
)
