import hashlib
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy import insert, select

from .db import engine, predictions, tokens, users
from .model import MODEL_VERSION, classify

app = FastAPI(title="Inference")
bearer = HTTPBearer(auto_error=False)


# region auth
def current_user_id(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> int:
    """The Django user behind a bearer token issued by the Django side."""
    if credentials is not None:
        key_hash = hashlib.sha256(credentials.credentials.encode()).hexdigest()
        query = (
            select(users.c.id)
            .join(tokens, tokens.c.user_id == users.c.id)
            .where(tokens.c.key_hash == key_hash, users.c.is_active.is_(True))
        )
        with engine.connect() as connection:
            user_id = connection.scalar(query)
        if user_id is not None:
            return user_id
    raise HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail="A valid API token is required.",
        headers={"WWW-Authenticate": "Bearer"},
    )
# endregion auth


class PredictionIn(BaseModel):
    text: Annotated[str, Field(min_length=1, max_length=2000)]


class PredictionOut(BaseModel):
    id: int
    label: str
    score: float


# region predict
@app.post("/predict", status_code=status.HTTP_201_CREATED)
def predict(body: PredictionIn, user_id: Annotated[int, Depends(current_user_id)]) -> PredictionOut:
    label, score = classify(body.text)
    row = {"input_text": body.text, "label": label, "score": score}
    with engine.begin() as connection:  # one transaction, committed on exit
        new_id = connection.execute(
            insert(predictions)
            .values(**row, model_version=MODEL_VERSION, requested_by_id=user_id)
            .returning(predictions.c.id)
        ).scalar_one()
    return PredictionOut(id=new_id, label=label, score=score)
# endregion predict
