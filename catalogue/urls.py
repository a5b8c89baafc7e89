from django.urls import path

from catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.home, name="home"),
    path("preview.png", views.preview_image, name="preview_image"),
    path("frameworks/", views.framework_list, name="framework_list"),
    path("frameworks/<str:slug>/", views.framework_detail, name="framework"),
    path("frameworks/<str:slug>/preview.png", views.framework_image, name="framework_image"),
    path("scenarios/", views.scenario_list, name="scenario_list"),
    path("scenarios/<str:slug>/", views.scenario_detail, name="scenario"),
    path("scenarios/<str:slug>/preview.png", views.scenario_image, name="scenario_image"),
    path("changes/", views.changes, name="changes"),
    path("preview/frameworks/<str:slug>/", views.framework_preview, name="framework_preview"),
    path("preview/scenarios/<str:slug>/", views.scenario_preview, name="scenario_preview"),
]
