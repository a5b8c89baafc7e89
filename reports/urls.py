from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("report/<str:framework>/<str:trait>/", views.report_value, name="report"),
    path("reports/<str:token>/", views.report_status, name="status"),
    path("reports/<str:token>/sent/", views.report_sent, name="sent"),
]
