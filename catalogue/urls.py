from django.urls import path

from catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.home, name="home"),
    path("frameworks/", views.framework_list, name="framework_list"),
    path("frameworks/<str:slug>/", views.framework_detail, name="framework"),
    path("scenarios/", views.scenario_list, name="scenario_list"),
    path("scenarios/<str:slug>/", views.scenario_detail, name="scenario"),
]
