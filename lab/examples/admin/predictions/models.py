from django.db import models


class Prediction(models.Model):
    input_text = models.TextField()
    label = models.CharField(max_length=100)
    score = models.FloatField()
    model_version = models.CharField(max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)
