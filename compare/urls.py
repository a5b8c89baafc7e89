from django.urls import path, re_path

from compare.decide import views as decide_views
from compare.side_by_side import views

app_name = "compare"

urlpatterns = [
    path("compare/", views.pick, name="pick"),
    re_path(r"^compare/(?P<spec>[^/.]+)/$", views.compare, name="compare"),
    re_path(r"^compare/(?P<spec>[^/.]+)\.(?P<fmt>csv|json|md|png)$", views.export, name="export"),
    path("decide/", decide_views.decide, name="decide"),
    path("decide/method/", decide_views.methodology, name="methodology"),
    re_path(r"^decide\.(?P<fmt>md|json|png)$", decide_views.decide_export, name="decide_export"),
]
