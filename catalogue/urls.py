from django.urls import path

from catalogue.browse import views as browse
from catalogue.frameworks import views as frameworks
from compare.decide import scenarios

# The catalogue's URL names, kept as they were when every page here lived in one
# module: the scenario pages now belong to the decision (compare/decide/). URLs and
# names stay: "preview.png" and "preview_image" are the link-preview images, the
# preview/ pages editors' drafts.
app_name = "catalogue"

urlpatterns = [
    path("", browse.home, name="home"),
    path("preview.png", browse.site_image, name="preview_image"),
    path("frameworks/", browse.framework_list, name="framework_list"),
    path("frameworks/<str:slug>/", frameworks.framework_detail, name="framework"),
    path("frameworks/<str:slug>/preview.png", frameworks.framework_image, name="framework_image"),
    path("scenarios/", scenarios.scenario_list, name="scenario_list"),
    path("scenarios/<str:slug>/", scenarios.scenario_detail, name="scenario"),
    path("scenarios/<str:slug>/preview.png", scenarios.scenario_image, name="scenario_image"),
    path("changes/", browse.changes, name="changes"),
    path("preview/frameworks/<str:slug>/", frameworks.framework_preview, name="framework_preview"),
    path("preview/scenarios/<str:slug>/", scenarios.scenario_preview, name="scenario_preview"),
]
