from django.contrib import admin

from .models import Prediction


@admin.register(Prediction)
class PredictionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "model_version", "label", "score"]
    list_filter = ["model_version", "label"]
    search_fields = ["input_text"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at"]
