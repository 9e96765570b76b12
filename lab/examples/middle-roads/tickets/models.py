from django.db import models


class Ticket(models.Model):
    text = models.TextField()
    label = models.CharField(max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)
