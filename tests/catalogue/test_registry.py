"""Facts from the package index: `refresh_registry` over recorded real answers
(tests/recordings/, replayed through a fake HTTP transport), and once against the
live index when it can be reached."""

from __future__ import annotations

import datetime
import json

import httpx
import pytest
from django.core.management import call_command
from django.urls import reverse

from catalogue.models import (
    CatalogueRevision,
    Framework,
    Origin,
    RegistryOutcome,
    Trait,
    TraitValue,
)
from catalogue.registry import facts, index
from catalogue.registry.recordings import RECORDINGS, ReplayTransport
from catalogue.registry.refresh import REGISTRY_TRAITS, refresh
from catalogue.stale_values import reverification_queue
from catalogue.tasks import next_daily_run, schedule_daily_refresh

pytestmark = pytest.mark.django_db

HistoricalValue = TraitValue.history.model
NEW_TRAITS = (
    "releases-12m",
    "maintenance-status",
    "python-versions",
    "vulnerabilities-latest",
    "vulnerabilities-12m",
)


@pytest.fixture
def replay(monkeypatch):
    transport = ReplayTransport()
    monkeypatch.setattr(index, "transport", transport)
    return transport


@pytest.fixture
def day(replay):
    """The date the answers were recorded: the refresh runs as of then."""
    return replay.recorded_on["flask"]


def _recorded(package: str) -> tuple[str, bytes]:
    manifest = json.loads((RECORDINGS / package / "answers.json").read_text())
    first = manifest["answers"][0]
    return first["url"], (RECORDINGS / package / first["body"]).read_bytes()


def _snapshot(slug: str) -> list[tuple]:
    framework = Framework.objects.get(slug=slug)
    values = TraitValue.objects.filter(framework=framework).order_by("trait__slug")
    return [
        (framework.latest_version, framework.latest_release),
        *values.values_list(
            "trait__slug", "number_value", "text_value", "bool_value", "note", "origin"
        ),
    ]


def _make_outdated(slug: str, trait: str, number: float) -> None:
    """As if the index had said something else last time."""
    row = TraitValue.objects.get(framework__slug=slug, trait__slug=trait)
    row.number_value = number
    row.save()


def _value(slug: str, trait: str) -> TraitValue:
    return TraitValue.objects.select_related("trait").get(framework__slug=slug, trait__slug=trait)


# --- Values written as fetched ---------------------------------------------------------


def test_a_refresh_writes_the_index_facts_as_fetched_values_with_source_and_date(replay, day):
    refresh(["flask"], today=day)

    flask = Framework.objects.get(slug="flask")
    assert flask.latest_version == "3.1.3"
    assert flask.latest_release == "2026-02-19"
    recency = _value("flask", "release-recency")
    assert recency.origin == Origin.FETCHED
    assert recency.source_url == "https://pypi.org/project/flask/3.1.3/"
    assert recency.verified_on == day
    assert recency.applies_to_version == "3.1.3"
    assert recency.note.startswith(f"Fetched from the package index on {day:%Y-%m-%d}: ")
    assert recency.number_value == 9
    assert _value("flask", "runtime-dependencies").number_value == 6
    assert "werkzeug" in _value("flask", "runtime-dependencies").note
    assert _value("flask", "package-size").number_value == 103  # 103,424 bytes
    assert _value("flask", "typed-package").bool_value is True
    assert "flask/py.typed" in _value("flask", "typed-package").note
    assert _value("flask", "licence").text_value == "BSD-3-Clause"
    assert _value("flask", "python-support").text_value == "3.9"
    # Flask declares no version classifiers, only Requires-Python.
    assert _value("flask", "python-versions").text_value == "3.9 or later"
    assert _value("flask", "vulnerabilities-latest").number_value == 0
    assert "affecting 3.1.3: none" in _value("flask", "vulnerabilities-latest").note


def test_every_recorded_package_gets_a_value_for_every_registry_trait(replay, day):
    refresh(["flask", "bottle", "django"], today=day)

    for slug in ("flask", "bottle", "django"):
        present = set(
            TraitValue.objects.filter(
                framework__slug=slug, trait__slug__in=REGISTRY_TRAITS
            ).values_list("trait__slug", flat=True)
        )
        assert present == set(REGISTRY_TRAITS), slug
    assert _value("django", "python-versions").text_value == "3.12, 3.13, 3.14"
    assert _value("django", "maintenance-status").text_value == "active"
    assert _value("django", "typed-package").bool_value is False
    assert _value("bottle", "licence").text_value == "MIT"  # from the MIT classifier
    assert _value("bottle", "runtime-dependencies").number_value == 0


def test_a_fact_the_index_does_not_establish_keeps_the_curated_value(replay, day):
    before = _value("bottle", "python-support")  # Bottle declares no Requires-Python

    refresh(["bottle"], today=day)

    after = _value("bottle", "python-support")
    assert (after.text_value, after.origin, after.note) == (
        before.text_value,
        Origin.CURATED,
        before.note,
    )
    outcome = RegistryOutcome.objects.get(framework__slug="bottle")
    assert "python-support" in outcome.message


def test_a_second_refresh_writes_nothing(replay, day):
    refresh(["flask", "django"], today=day)
    history = HistoricalValue.objects.count()
    framework_history = Framework.history.count()
    revision = CatalogueRevision.current()

    run = refresh(["flask", "django"], today=day)

    assert run.changed == 0
    assert HistoricalValue.objects.count() == history
    assert Framework.history.count() == framework_history
    assert CatalogueRevision.current() == revision


def test_a_refresh_a_day_later_only_moves_the_fetch_date_on(replay, day):
    refresh(["bottle"], today=day - datetime.timedelta(days=1))
    history = HistoricalValue.objects.count()

    run = refresh(["bottle"], today=day)

    assert HistoricalValue.objects.count() == history + run.changed
    licence = _value("bottle", "licence")
    assert licence.verified_on == day
    assert licence.note.startswith(f"Fetched from the package index on {day:%Y-%m-%d}")


def test_a_refresh_bumps_the_catalogue_revision_once(replay, day):
    _make_outdated("flask", "package-size", 101)
    _make_outdated("bottle", "package-size", 101)
    revision = CatalogueRevision.current()

    refresh(["flask", "bottle"], today=day)

    assert CatalogueRevision.current() == revision + 1


def test_the_refresh_asks_the_index_a_few_questions_per_package(replay, day):
    refresh(["flask"], today=day)

    # The project's JSON, the release current a year ago, the wheel's file list.
    assert len(replay.requests) == 3
    assert replay.requests[0] == "https://pypi.org/pypi/flask/json"


# --- When the index fails -------------------------------------------------------------


def _health(client, editor) -> str:
    client.force_login(editor)
    response = client.get(reverse("admin:catalogue_health"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("damage", ["truncated", "no-releases"])
def test_a_malformed_answer_changes_nothing_and_the_health_page_says_so(
    monkeypatch, client, editor, damage
):
    _url, body = _recorded("flask")
    if damage == "truncated":
        body = body[: len(body) // 2]
    else:
        data = json.loads(body)
        del data["releases"]
        body = json.dumps(data).encode()
    monkeypatch.setattr(
        index, "transport", httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    )
    before = _snapshot("flask")

    refresh(["flask"])

    assert _snapshot("flask") == before
    outcome = RegistryOutcome.objects.get(framework__slug="flask")
    assert not outcome.ok
    assert "malformed answer" in outcome.message
    page = _health(client, editor)
    assert "Failed" in page
    assert "Nothing changed (malformed answer)" in page


def test_an_unreachable_index_changes_nothing_and_the_health_page_says_so(
    monkeypatch, client, editor, caplog
):
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    monkeypatch.setattr(index, "transport", httpx.MockTransport(refuse))
    before = _snapshot("flask")

    refresh(["flask"])

    assert _snapshot("flask") == before
    assert "connection refused" in caplog.text  # logged
    page = _health(client, editor)
    assert "Nothing changed (unreachable)" in page
    assert "Last refresh" in page


def test_the_command_reports_each_package_and_fails_when_one_could_not_be_refreshed(
    monkeypatch, replay
):
    from django.core.management.base import CommandError

    # bottle is recorded; cherrypy is not, so its "network" refuses.
    with pytest.raises(CommandError, match="1 package"):
        call_command("refresh_registry", "bottle", "cherrypy")
    assert RegistryOutcome.objects.get(framework__slug="bottle").ok
    assert not RegistryOutcome.objects.get(framework__slug="cherrypy").ok


def test_the_command_refuses_an_unknown_slug(replay):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nosuch"):
        call_command("refresh_registry", "nosuch")


# --- A new major version --------------------------------------------------------------


def test_a_new_major_version_queues_curated_values_verified_against_the_older_one(
    replay, day, client, editor
):
    flask = Framework.objects.get(slug="flask")
    flask.latest_version = "2.3.3"
    flask.save()
    orm = _value("flask", "orm")
    orm.applies_to_version = "2.3"
    orm.save()
    assert orm not in reverification_queue()

    refresh(["flask"], today=day)

    assert orm in reverification_queue()
    assert "New major version 2 → 3" in RegistryOutcome.objects.get(framework=flask).message
    page = _health(client, editor)
    queue = page.split('id="reverify"')[1]
    assert reverse("admin:catalogue_traitvalue_change", args=[orm.pk]) in queue
    # Values the refresh wrote itself are current, never queued.
    assert all(v.origin == Origin.CURATED for v in reverification_queue())


# --- Read-only in the admin -----------------------------------------------------------


@pytest.fixture
def fetched(replay, day) -> TraitValue:
    refresh(["flask"], today=day)
    return _value("flask", "release-recency")


def test_an_editor_sees_a_fetched_value_read_only_with_when_it_was_fetched(client, editor, fetched):
    client.force_login(editor)
    url = reverse("admin:catalogue_traitvalue_change", args=[fetched.pk])

    page = client.get(url).content.decode()

    assert f"Fetched from the package index on {fetched.verified_on:%Y-%m-%d}" in page
    assert 'name="note"' not in page
    response = client.post(url, {"value": "1", "note": "typed by hand"})
    assert response.status_code == 403
    assert _value("flask", "release-recency").number_value == fetched.number_value


def test_other_staff_cannot_see_fetched_values(client, other_staff, fetched):
    client.force_login(other_staff)
    url = reverse("admin:catalogue_traitvalue_change", args=[fetched.pk])
    assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_for_fetched_values(client, fetched):
    url = reverse("admin:catalogue_traitvalue_change", args=[fetched.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_framework_page_shows_fetched_values_disabled_and_ignores_posted_changes(
    client, editor, fetched
):
    from tests.admin_forms import change_form_data

    client.force_login(editor)
    flask = fetched.framework
    page = client.get(reverse("admin:catalogue_framework_change", args=[flask.pk]))
    for formset in page.context["inline_admin_formsets"]:
        for form in formset.formset.forms:
            if form.instance.pk == fetched.pk:
                assert form.fields["value"].disabled
                assert form.fields["DELETE"].disabled
                prefix = form.prefix
    data = change_form_data(client, flask)
    data[f"{prefix}-value"] = "30"
    data[f"{prefix}-DELETE"] = "on"

    response = client.post(reverse("admin:catalogue_framework_change", args=[flask.pk]), data)

    assert response.status_code == 302
    assert _value("flask", "release-recency").number_value == fetched.number_value


def test_the_column_editor_shows_fetched_cells_read_only_and_keeps_them(client, editor, fetched):
    client.force_login(editor)
    url = reverse("admin:catalogue_trait_column", args=[fetched.trait.pk])
    response = client.get(url)
    assert "Fetched from the package index on" in response.content.decode()
    data = {}
    for _framework, form in response.context["forms"]:
        for name in form.fields:
            value = form[name].value()
            data[form.add_prefix(name)] = "" if value is None else value
    data[f"fw{fetched.framework.pk}-value"] = "30"

    client.post(url, data)

    assert _value("flask", "release-recency").number_value == fetched.number_value


def test_refresh_now_from_the_frameworks_list_runs_the_refresh(client, editor, replay):
    client.force_login(editor)
    flask = Framework.objects.get(slug="flask")

    response = client.post(
        reverse("admin:catalogue_framework_changelist"),
        {"action": "refresh_from_index", "_selected_action": [flask.pk]},
        follow=True,
    )

    assert "Refreshed 1 package(s)" in response.content.decode()
    assert RegistryOutcome.objects.get(framework=flask).ok
    assert _value("flask", "releases-12m").origin == Origin.FETCHED


# --- The public changelog -------------------------------------------------------------


def test_the_public_changelog_shows_a_fetched_change(client, replay, day):
    _make_outdated("flask", "package-size", 101)

    refresh(["flask"], today=day)

    page = client.get(reverse("catalogue:changes"), {"framework": "flask"}).content.decode()
    assert "Package size" in page
    assert "101 kB → 103 kB <small>(fetched from the package index)</small>" in page


# --- Scheduling -----------------------------------------------------------------------


def test_the_daily_refresh_runs_at_three_in_the_morning_utc():
    evening = datetime.datetime(2026, 11, 22, 20, 0, tzinfo=datetime.UTC)
    night = datetime.datetime(2026, 11, 22, 1, 0, tzinfo=datetime.UTC)
    assert next_daily_run(evening) == datetime.datetime(2026, 11, 23, 3, 0, tzinfo=datetime.UTC)
    assert next_daily_run(night) == datetime.datetime(2026, 11, 22, 3, 0, tzinfo=datetime.UTC)


def test_tests_run_tasks_immediately_so_there_is_nothing_to_schedule():
    assert schedule_daily_refresh() is None


# --- Reading the answers --------------------------------------------------------------


def test_the_wheel_file_list_is_read_from_the_recorded_tail_of_a_large_wheel(day):
    manifest = json.loads((RECORDINGS / "django" / "answers.json").read_text())
    wheel = next(a for a in manifest["answers"] if a["url"].endswith(".whl"))
    total = int(wheel["headers"]["content-range"].rsplit("/", 1)[1])
    tail = (RECORDINGS / "django" / wheel["body"]).read_bytes()

    names = index.zip_names(tail, total)

    assert "django/__init__.py" in names
    assert len(tail) < total


def test_months_since_a_release_count_whole_months():
    assert facts.months_between(datetime.date(2026, 2, 19), datetime.date(2026, 11, 21)) == 9
    assert facts.months_between(datetime.date(2026, 2, 19), datetime.date(2026, 11, 18)) == 8
    assert facts.months_between(datetime.date(2026, 11, 3), datetime.date(2026, 11, 22)) == 0


def test_the_registry_traits_exist_with_reference_scales():
    for slug in NEW_TRAITS:
        trait = Trait.objects.get(slug=slug)
        assert "Fetched from the package index" in trait.description
        trait.full_clean()


# --- The live index -------------------------------------------------------------------


def _index_reachable() -> bool:
    try:
        return httpx.get("https://pypi.org/pypi/bottle/json", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.skipif("not _index_reachable()", reason="the package index cannot be reached")
def test_the_live_index_gives_the_latest_version(monkeypatch):
    monkeypatch.setattr(index, "transport", None)

    refresh(["bottle"])

    outcome = RegistryOutcome.objects.get(framework__slug="bottle")
    assert outcome.ok, outcome.message
    latest = httpx.get("https://pypi.org/pypi/bottle/json", timeout=10).json()["info"]["version"]
    assert Framework.objects.get(slug="bottle").latest_version == latest
    assert _value("bottle", "vulnerabilities-latest").origin == Origin.FETCHED


def test_the_framework_page_says_a_fetched_value_was_fetched_and_when(client, replay, day):
    refresh(["flask"], today=day)

    page = client.get("/frameworks/flask/").content.decode()

    row = page.split('id="trait-releases-12m"')[1].split("</tr>")[0]
    assert f'fetched from the package index <time datetime="{day:%Y-%m-%d}"' in row


def test_the_wheel_measured_is_the_one_pip_installs_on_linux_cpython_313():
    def entry(filename: str) -> dict:
        return {"filename": filename, "packagetype": "bdist_wheel", "url": filename, "size": 1}

    project = {
        "info": {"version": "3.13.0"},
        "releases": {},
        "urls": [
            entry("aiohttp-3.13.0-py3-none-any.whl"),
            entry("aiohttp-3.13.0-cp313-cp313-musllinux_1_2_x86_64.whl"),
            entry("aiohttp-3.13.0-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"),
            entry("aiohttp-3.13.0-cp313-cp313-win_amd64.whl"),
        ],
    }

    chosen = facts.plan(project, datetime.date(2026, 11, 22)).wheel

    assert chosen["filename"].startswith("aiohttp-3.13.0-cp313-cp313-manylinux")


def test_the_daily_refresh_is_queued_once_in_the_database_for_the_worker(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    first = schedule_daily_refresh()
    again = schedule_daily_refresh()

    queued = DBTaskResult.objects.get()
    assert first == again == queued.run_after
    assert queued.task_path == "catalogue.tasks.refresh_registry_task"
    assert queued.args_kwargs["kwargs"] == {"trigger": "daily"}
