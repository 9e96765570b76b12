from typing import Annotated

from fastapi import FastAPI
from pydantic import BaseModel, Field

from .model import classifier  # your model, loaded once at import

app = FastAPI()


class PredictionIn(BaseModel):
    text: Annotated[str, Field(min_length=1, max_length=2000)]
    top_k: Annotated[int, Field(ge=1, le=10)] = 3


class Label(BaseModel):
    name: str
    score: float


class PredictionOut(BaseModel):
    labels: list[Label]


# Invalid bodies never reach this function: FastAPI answers 422 with details.
@app.post("/predict")
def predict(body: PredictionIn) -> PredictionOut:
    scores = classifier.predict(body.text)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    return PredictionOut(
        labels=[Label(name=name, score=score) for name, score in ranked[: body.top_k]]
    )
