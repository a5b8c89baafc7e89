from django.contrib import admin
from django.urls import include, path, re_path

from catalogue import feeds, health
from compare import feeds as compare_feeds

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that do not name an icon (the admin).
    path("favicon.ico", health.favicon),
    path("admin/", admin.site.urls),
    path("changes/feed/", feeds.changes_feed, name="changes_feed"),
    path("frameworks/<str:slug>/feed/", feeds.framework_feed, name="framework_feed"),
    re_path(
        r"^compare/(?P<spec>[^/.]+)/feed/$", compare_feeds.comparison_feed, name="comparison_feed"
    ),
    path("decide/feed/", compare_feeds.decision_feed, name="decision_feed"),
    path("", include("catalogue.urls")),
    path("", include("compare.urls")),
]

handler400 = "catalogue.errors.bad_request"
handler403 = "catalogue.errors.permission_denied"
handler404 = "catalogue.errors.not_found"
handler500 = "catalogue.errors.server_error"
