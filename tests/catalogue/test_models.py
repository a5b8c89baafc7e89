import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalogue.models import CatalogueRevision, FrameworkAlias, TraitType, TraitValue
from tests.factories import make_framework, make_trait, make_value

pytestmark = pytest.mark.django_db

GOOD = {
    TraitType.BOOLEAN: [True, False],
    TraitType.SUPPORT: ["built-in", "first-party", "third-party", "none"],
    TraitType.SCALE: [1, 3, 5],
    TraitType.NUMBER: [0.0, 42.5, -3.0],
    TraitType.TEXT: ["decorators on functions"],
}


@pytest.mark.parametrize(
    ("trait_type", "value"), [(t, v) for t, values in GOOD.items() for v in values]
)
def test_a_value_of_the_traits_type_is_accepted(trait_type, value):
    trait = make_trait(type=trait_type)
    row = make_value(make_framework(), trait, value)
    row.refresh_from_db()
    assert row.value == value
    assert row.is_known


@pytest.mark.parametrize(
    ("trait_type", "column", "value"),
    [
        (TraitType.BOOLEAN, "scale_value", 3),
        (TraitType.SUPPORT, "bool_value", True),
        (TraitType.SCALE, "support_value", "built-in"),
        (TraitType.NUMBER, "text_value", "fast"),
        (TraitType.TEXT, "number_value", 1.0),
    ],
)
def test_a_value_of_another_type_is_refused_with_the_traits_name(trait_type, column, value):
    trait = make_trait(type=trait_type, name="Shiny")
    row = TraitValue(
        framework=make_framework(),
        trait=trait,
        source_url="https://example.org",
        verified_on=datetime.date(2026, 1, 1),
    )
    setattr(row, column, value)
    with pytest.raises(ValidationError) as exc:
        row.full_clean()
    assert "Shiny" in str(exc.value)


@pytest.mark.parametrize("scale", [0, 6])
def test_a_scale_outside_1_to_5_is_refused_by_clean_and_by_the_database(scale):
    trait = make_trait(type=TraitType.SCALE)
    row = TraitValue(
        framework=make_framework(),
        trait=trait,
        scale_value=scale,
        source_url="https://example.org",
        verified_on=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError):
        row.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_an_unknown_support_level_is_refused_by_the_database():
    row = TraitValue(
        framework=make_framework(),
        trait=make_trait(),
        support_value="maybe",
        source_url="https://example.org",
        verified_on=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError):
        row.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_two_typed_columns_at_once_are_refused_by_the_database():
    row = TraitValue(
        framework=make_framework(),
        trait=make_trait(),
        support_value="none",
        bool_value=True,
        source_url="https://example.org",
        verified_on=datetime.date(2026, 1, 1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_a_known_value_needs_a_source_and_a_verified_date():
    row = TraitValue(framework=make_framework(), trait=make_trait(), support_value="built-in")
    with pytest.raises(ValidationError) as exc:
        row.full_clean()
    assert set(exc.value.message_dict) >= {"source_url", "verified_on"}
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_an_unknown_value_needs_a_note_saying_why():
    row = TraitValue(framework=make_framework(), trait=make_trait())
    with pytest.raises(ValidationError) as exc:
        row.full_clean()
    assert "note" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
    row.note = "The documentation does not say."
    row.full_clean()
    row.save()
    assert not row.is_known
    assert row.display == "Unknown"


def test_a_value_cannot_be_verified_in_the_future():
    row = TraitValue(
        framework=make_framework(),
        trait=make_trait(),
        support_value="none",
        source_url="https://example.org",
        verified_on=datetime.date.today() + datetime.timedelta(days=2),
    )
    with pytest.raises(ValidationError) as exc:
        row.full_clean()
    assert "verified_on" in exc.value.message_dict


def test_a_number_trait_needs_a_direction():
    trait = make_trait(type=TraitType.NUMBER, direction="higher")
    trait.direction = ""
    with pytest.raises(IntegrityError), transaction.atomic():
        trait.save()


def test_a_number_is_displayed_with_its_unit():
    trait = make_trait(type=TraitType.NUMBER, unit="kB", direction="lower")
    assert make_value(make_framework(), trait, 101).display == "101 kB"


def test_renaming_a_framework_keeps_the_old_slug_as_an_alias():
    framework = make_framework(slug="old-name")
    framework.slug = "new-name"
    framework.save()
    assert FrameworkAlias.objects.get(slug="old-name").framework == framework


def test_a_slug_that_is_another_frameworks_alias_is_refused():
    first = make_framework(slug="first")
    FrameworkAlias.objects.create(slug="taken", framework=first)
    second = make_framework()
    second.slug = "taken"
    with pytest.raises(ValidationError):
        second.full_clean()


def test_saving_a_value_bumps_the_catalogue_revision(django_capture_on_commit_callbacks):
    before = CatalogueRevision.current()
    with django_capture_on_commit_callbacks(execute=True):
        make_value(make_framework(), make_trait(), "built-in")
    assert CatalogueRevision.current() > before
