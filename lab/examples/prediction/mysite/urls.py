from django.urls import path

from predictions.views import predict

urlpatterns = [path("predict", predict)]
