from django.urls import path, re_path

from api import views

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("frameworks/", views.frameworks, name="frameworks"),
    path("frameworks/<str:slug>/", views.framework, name="framework"),
    path("values/", views.values, name="values"),
    path("traits/", views.traits, name="traits"),
    path("axes/", views.axes, name="axes"),
    path("scenarios/", views.scenarios, name="scenarios"),
    path("openapi.json", views.openapi, name="openapi"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
