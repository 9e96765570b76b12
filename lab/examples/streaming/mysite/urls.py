from django.urls import path

from chat.views import generate

urlpatterns = [path("generate", generate)]
