"""Every saved change to the catalogue bumps its revision, which versions caches."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from catalogue.models import (
    Axis,
    Framework,
    FrameworkAlias,
    Scenario,
    ScenarioWeight,
    Status,
    Trait,
    TraitValue,
)
from catalogue.revision.changes import note_change

CATALOGUE_MODELS = (Axis, Trait, Framework, FrameworkAlias, TraitValue, Scenario, ScenarioWeight)


def _changed(sender, instance, **kwargs) -> None:  # type: ignore[no-untyped-def]
    if kwargs.get("raw"):
        return
    # A framework or scenario deleted, or saved as anything but published, may
    # have left the public site: no page from before may be served stale.
    withdrawn = sender in (Framework, Scenario) and (
        kwargs.get("created") is None or instance.status != Status.PUBLISHED
    )
    # A value belongs to one framework; anything else may touch every page.
    note_change(instance.framework_id if sender is TraitValue else None, withdrawn)


def _m2m_changed(sender, action: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
    if action.startswith("post_"):
        note_change()


for _model in CATALOGUE_MODELS:
    post_save.connect(_changed, sender=_model, dispatch_uid=f"revision-save-{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"revision-del-{_model.__name__}")
m2m_changed.connect(
    _m2m_changed, sender=Scenario.must_haves.through, dispatch_uid="revision-must-haves"
)
