from django.urls import path

from chat.views import complete, generate

urlpatterns = [path("generate", generate), path("complete", complete)]
