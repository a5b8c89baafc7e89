"""What each revision changed: an edit to one framework's values keeps every page
that does not show them, and the shared scoring matrix is patched, not reloaded,
with the same result as reading it all again."""

import numpy as np
import pytest

from catalogue.models import CatalogueRevision, Framework, Trait, TraitValue
from catalogue.revision import changes as revision
from catalogue.revision import scope
from catalogue.scoring.engine import nearest, podium, score
from catalogue.scoring.matrix import current_matrix, load_matrix

pytestmark = pytest.mark.django_db


def set_orm(slug: str, level: str) -> None:
    value = TraitValue.objects.get(framework__slug=slug, trait__slug="orm")
    value.support_value = level
    value.save()


def test_a_scope_is_recorded_and_read_back_oldest_first():
    recent = scope.record("", 7, ["flask", "django"])
    recent = scope.record(recent, 8, None)
    assert scope.parse(recent) == [(7, frozenset({"django", "flask"})), (8, None)]


def test_only_the_last_revisions_are_remembered():
    recent = ""
    for number in range(1, scope.KEEP + 11):
        recent = scope.record(recent, number, ["flask"])
    numbers = [number for number, _ in scope.parse(recent)]
    assert numbers == list(range(11, scope.KEEP + 11))


def test_a_value_edit_records_its_framework_and_a_framework_edit_records_anything():
    set_orm("flask", "built-in")
    current = CatalogueRevision.current()
    assert scope.changed_between(current - 1, current) == {"flask"}
    framework = Framework.objects.get(slug="flask")
    framework.summary += " Edited."
    framework.save()
    assert scope.changed_between(current, CatalogueRevision.current()) is None


def test_a_batch_of_value_edits_records_every_framework_it_touched():
    before = CatalogueRevision.current()
    with revision.batch():
        set_orm("flask", "built-in")
        set_orm("quart", "built-in")
    after = CatalogueRevision.current()
    assert after == before + 1
    assert scope.changed_between(before, after) == {"flask", "quart"}


def test_revisions_older_than_the_record_count_as_anything():
    current = CatalogueRevision.current()
    assert scope.changed_between(-1, current) is None
    assert scope.content_revision(current, ["flask"]) <= current


def test_an_edit_to_another_framework_keeps_a_comparison_cached():
    first = ("/compare/django-vs-fastapi/", "/compare/django-vs-fastapi.csv")
    before = {path: client_get(path) for path in first}
    set_orm("flask", "built-in")
    for path in first:
        again = client_get(path)
        assert again["X-Cache"] == "hit", path
        assert again["ETag"] == before[path]["ETag"], path


def test_an_edit_to_a_compared_framework_renders_the_comparison_again():
    first = client_get("/compare/django-vs-flask/")
    set_orm("flask", "built-in")
    again = client_get("/compare/django-vs-flask/")
    assert again["X-Cache"] == "miss"
    assert again["ETag"] != first["ETag"]
    cell = next(
        c
        for row in again.context["comparison"].rows
        if row.trait.slug == "orm"
        for c in row.cells
        if c.framework == "flask"
    )
    assert cell.display == "Built-in"


def test_an_edit_to_a_trait_renders_every_comparison_again():
    first = client_get("/compare/django-vs-fastapi/")
    trait = Trait.objects.get(slug="orm")
    trait.description += " Edited."
    trait.save()
    again = client_get("/compare/django-vs-fastapi/")
    assert again["X-Cache"] == "miss"
    assert again["ETag"] != first["ETag"]


def orm_row(path: str) -> str:
    page = client_get(path).content.decode()
    row = page[page.index('id="trait-orm"') :]
    return row[: row.index("</tr>")]


def test_a_framework_page_shows_its_own_new_value_and_not_another_frameworks():
    django = orm_row("/frameworks/django/")
    set_orm("flask", "none")
    assert orm_row("/frameworks/django/") == django
    assert ">None</span>" in orm_row("/frameworks/flask/")
    set_orm("flask", "built-in")
    assert ">Built-in</span>" in orm_row("/frameworks/flask/")


def test_the_patched_matrix_is_the_matrix_read_again():
    old = current_matrix(CatalogueRevision.current())
    old.meets("orm")  # a cached must-have column, patched along
    set_orm("flask", "built-in")
    set_orm("quart", "none")
    patched = current_matrix(CatalogueRevision.current())
    fresh = load_matrix()
    assert patched is not old
    assert patched.values == fresh.values
    np.testing.assert_array_equal(patched.norm, fresh.norm)
    np.testing.assert_array_equal(patched.imputed, fresh.imputed)
    np.testing.assert_array_equal(patched.meets("orm"), fresh.meets("orm"))
    weights = {"scope": 6, "performance": 3, "orm": 8}
    assert podium(patched, weights, ["orm"]) == podium(fresh, weights, ["orm"])
    assert nearest(patched, "flask") == nearest(fresh, "flask")
    mine = score(patched, weights, ["orm"])
    theirs = score(fresh, weights, ["orm"])
    assert [(r.slug, r.score, r.wins_share) for r in mine.ranking] == [
        (r.slug, r.score, r.wins_share) for r in theirs.ranking
    ]


def client_get(path):
    from django.test import Client

    response = Client().get(path)
    assert response.status_code == 200, path
    return response


def test_the_latest_answers_stay_exact_after_more_edits_than_the_row_remembers():
    """A long editing session (more value edits than the row keeps) must not make
    every cached page and fragment cold on each further edit."""
    recent = scope.record("", 5, None)
    last = 5
    for _ in range(scope.KEEP + 10):
        last += 1
        recent = scope.record(recent, last, ["flask"])
    scope.observe(last, recent)
    assert scope.last_global_change(last) == 5
    assert scope.content_revision(last, ["django"]) == 5
    assert scope.content_revision(last, ["django", "flask"]) == last
    assert scope.changed_between(5, last) == {"flask"}

    recent = scope.record(recent, last + 1, ["django"])
    scope.observe(last + 1, recent)
    assert scope.content_revision(last + 1, ["django"]) == last + 1
    assert scope.content_revision(last + 1, ["quart"]) == 5
    assert scope.changed_between(last, last + 1) == {"django"}
    # A request that read the revision before still gets its exact answer.
    assert scope.content_revision(last, ["quart"]) == 5

    recent = scope.record(recent, last + 2, None)
    scope.observe(last + 2, recent)
    assert scope.last_global_change(last + 2) == last + 2
    assert scope.changed_between(last + 1, last + 2) is None
    assert len(recent.splitlines()) <= scope.KEEP + 1  # the per-framework lines went


def test_a_row_written_before_the_latest_were_kept_is_read_conservatively():
    assert scope.parse_latest("7:flask\n8:*\n9:django") == (8, {"django": 9})
    assert scope.parse_latest("7:flask") == (6, {"flask": 7})
    assert scope.parse_latest("") == (0, {})
