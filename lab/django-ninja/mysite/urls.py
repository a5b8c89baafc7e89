from django.urls import path

from mysite.api import api

urlpatterns = [
    path("", api.urls),
]
