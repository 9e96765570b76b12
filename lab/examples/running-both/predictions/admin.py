from django.contrib import admin

from .models import ApiToken, Prediction


@admin.register(Prediction)
class PredictionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "requested_by", "label", "score", "model_version"]
    list_filter = ["label", "model_version"]
    search_fields = ["input_text"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    readonly_fields = ["key_hash"]
