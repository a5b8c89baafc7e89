from django.urls import path, re_path

from compare import views

app_name = "compare"

urlpatterns = [
    path("compare/", views.pick, name="pick"),
    re_path(r"^compare/(?P<spec>[^/.]+)/$", views.compare, name="compare"),
    re_path(r"^compare/(?P<spec>[^/.]+)\.(?P<fmt>csv|json|md|png)$", views.export, name="export"),
]
