import json

from django import forms
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .model import classifier  # your model, loaded once at import


class PredictionForm(forms.Form):
    text = forms.CharField(min_length=1, max_length=2000)
    top_k = forms.IntegerField(min_value=1, max_value=10, required=False)


@csrf_exempt  # called by API clients with a token, not a browser session
@require_POST
def predict(request: HttpRequest) -> JsonResponse:
    try:
        payload = json.loads(request.body)
    except json.JSONDecodeError:
        payload = None
    if not isinstance(payload, dict):
        return JsonResponse({"error": "Send a JSON object."}, status=400)

    form = PredictionForm(payload)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=422)

    top_k = form.cleaned_data["top_k"] or 3
    scores = classifier.predict(form.cleaned_data["text"])
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    labels = [{"name": name, "score": score} for name, score in ranked[:top_k]]
    return JsonResponse({"labels": labels})
