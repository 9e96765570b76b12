from django.urls import path

from chat.views import answer

urlpatterns = [path("answer", answer)]
