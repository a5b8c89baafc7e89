from django.apps import AppConfig


class CompareConfig(AppConfig):
    name = "compare"
    verbose_name = "Compare and decide"

    def ready(self) -> None:
        # Each page package names the pages to re-render after an edit (the page
        # cache never imports the pages it warms).
        from catalogue.scoring.podiums import scenario_podiums
        from compare.decide import views as decide_views
        from compare.side_by_side import views
        from web.cache import registry

        registry.register_pages_to_warm(20, views.pages_to_warm)
        registry.register_pages_to_warm(30, decide_views.pages_to_warm)
        registry.register_before_warming(scenario_podiums)
