from django.contrib import admin
from django.urls import include, path, re_path

from api import views as api_views
from catalogue import feeds
from compare.decide import feeds as decide_feeds
from compare.side_by_side import feeds as side_by_side_feeds
from web import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that do not name an icon (the admin).
    path("favicon.ico", health.favicon),
    path("admin/", admin.site.urls),
    path("changes/feed/", feeds.changes_feed, name="changes_feed"),
    path("frameworks/<str:slug>/feed/", feeds.framework_feed, name="framework_feed"),
    re_path(
        r"^compare/(?P<spec>[^/.]+)/feed/$",
        side_by_side_feeds.comparison_feed,
        name="comparison_feed",
    ),
    path("decide/feed/", decide_feeds.decision_feed, name="decision_feed"),
    path("api/v1/", include("api.urls")),
    path("api/", api_views.docs, name="api_docs"),
    path("download/framewise-catalogue.zip", api_views.download, name="data_download"),
    path("download/framewise-catalogue.json", api_views.download_json, name="data_download_json"),
    path(
        "download/framewise-catalogue.schema.json",
        api_views.download_schema,
        name="data_download_schema",
    ),
    path("", include("catalogue.urls")),
    path("", include("compare.urls")),
    path("", include("reports.urls")),
]

handler400 = "web.errors.bad_request"
handler403 = "web.errors.permission_denied"
handler404 = "web.errors.not_found"
handler500 = "web.errors.server_error"
