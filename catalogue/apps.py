from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        # Django's idiom: modules that need the models loaded are imported once the
        # app registry is ready (this is the only place an import sits in a function).
        from catalogue import bidi  # noqa: F401  (strips bidi controls from saved text)
        from catalogue.browse import views
        from catalogue.models import CatalogueRevision
        from catalogue.revision import scope, signals  # noqa: F401  (signals: revision bumps)
        from web.cache import registry

        # Looked up at each call, so a test that replaces one of them is heard.
        registry.register_revisions(
            registry.Revisions(
                current=lambda: CatalogueRevision.current(),
                latest_seen=lambda: scope.latest_seen(),
                age=lambda revision: scope.age(revision),
                withdrawn_after=lambda revision: scope.withdrawn_after(revision),
                content_revision=lambda revision, slugs: scope.content_revision(revision, slugs),
            )
        )
        registry.register_pages_to_warm(10, views.pages_to_warm)
