from django.db.models import Count
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from .models import Ticket


@require_GET
async def label_counts(request: HttpRequest) -> JsonResponse:
    rows = Ticket.objects.values("label").annotate(n=Count("id")).order_by("label")
    by_label = {row["label"]: row["n"] async for row in rows}
    return JsonResponse({"total": await Ticket.objects.acount(), "by_label": by_label})
