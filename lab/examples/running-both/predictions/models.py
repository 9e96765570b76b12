import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Now


class ApiToken(models.Model):
    """A key a client sends to the inference service. Only its hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(db_default=Now())

    @staticmethod
    def hash_key(key: str) -> str:
        # inference/main.py hashes the presented key the same way.
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user) -> str:
        key = secrets.token_urlsafe(32)
        cls.objects.create(user=user, key_hash=cls.hash_key(key))
        return key  # shown once; the database keeps only the hash


class Prediction(models.Model):
    input_text = models.TextField()
    label = models.CharField(max_length=100)
    score = models.FloatField()
    model_version = models.CharField(max_length=50)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    # A database default, not a Python one: rows the FastAPI service inserts
    # get a timestamp too, since it never runs Django's model code.
    created_at = models.DateTimeField(db_default=Now())
