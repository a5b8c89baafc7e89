from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        from catalogue import bidi, signals  # noqa: F401  (connect the revision bumps, the bidi strip)
