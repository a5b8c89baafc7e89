from django.urls import path

from compare import views

app_name = "compare"

urlpatterns = [
    path("compare/", views.pick, name="pick"),
]
