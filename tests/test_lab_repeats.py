"""The lab's two kept runs (lab/results/measured.json and measured-previous.json, the
second taken while something else loaded the machine) agree closely enough to rank on,
no stored figure beats its own bare baseline, and importing either run gives the same
answers: the same winner for every scenario, for equal weights and for performance only.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from catalogue.content.measured import import_results
from catalogue.models import Axis, Origin, Scenario, TraitValue
from catalogue.scoring.engine import score
from catalogue.scoring.matrix import load_matrix
from catalogue.scoring.scenarios import scenario_must_haves, scenario_weights
from lab.harness import measure

RESULTS = Path(__file__).resolve().parent.parent / "lab" / "results"
CURRENT, PREVIOUS = RESULTS / "measured.json", RESULTS / "measured-previous.json"


def _run(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _ranks(values):
    order = np.argsort(np.argsort(values, kind="stable"), kind="stable").astype(float)
    # Ties share their mean rank.
    for value in set(values):
        where = [i for i, v in enumerate(values) if v == value]
        order[where] = order[where].mean()
    return order


def spearman(a, b):
    ra, rb = _ranks(list(a)), _ranks(list(b))
    return float(np.corrcoef(ra, rb)[0, 1])


def _figures(run, key):
    return {slug: entry["metrics"][key] for slug, entry in run["frameworks"].items()
            if entry["metrics"].get(key) is not None}


def _common(key):
    a, b = _figures(_run(CURRENT), key), _figures(_run(PREVIOUS), key)
    both = sorted(set(a) & set(b))
    return both, [a[s] for s in both], [b[s] for s in both]


def test_both_runs_measure_every_framework_in_five_rounds_with_their_load():
    for path in (CURRENT, PREVIOUS):
        run = _run(path)
        assert len(run["frameworks"]) >= 29, path.name
        for entry in [*run["frameworks"].values(), *run["baselines"].values()]:
            assert len(entry["rounds"]) >= 5
            assert all(r["wrk"]["load_average"] > 0 for r in entry["rounds"])
            low, high = entry["intervals"]["instr_per_request"]
            assert low <= entry["metrics"]["instr_per_request"] <= high


def test_the_two_runs_rank_the_cpu_cost_alike():
    both, a, b = _common("instr_per_request")
    assert len(both) >= 29
    assert spearman(a, b) >= 0.95


def test_the_two_runs_rank_throughput_alike():
    both, a, b = _common("rps_hello_c64")
    assert len(both) >= 29
    assert spearman(a, b) >= 0.85


def test_each_cpu_cost_lies_in_the_other_runs_interval_or_within_ten_percent():
    now, before = _run(CURRENT)["frameworks"], _run(PREVIOUS)["frameworks"]
    both = set(now) & set(before)
    assert len(both) >= 29
    for slug in both:
        mine = now[slug]["metrics"]["instr_per_request"]
        low, high = before[slug]["intervals"]["instr_per_request"]
        theirs = before[slug]["metrics"]["instr_per_request"]
        assert low <= mine <= high or abs(mine / theirs - 1) <= 0.10, slug


def test_both_runs_used_the_same_method():
    """A figure that moved between runs must not be a change of method (as Sanic's did
    between the runs kept before): both runs state the same settings."""
    settings = [_run(path)["settings"] for path in (CURRENT, PREVIOUS)]
    assert settings[0] == settings[1]


@pytest.mark.parametrize("path", [CURRENT, PREVIOUS], ids=["current", "previous"])
def test_no_framework_on_its_baselines_server_is_cheaper_than_the_bare_app(path):
    run = _run(path)
    checked = 0
    for slug, entry in run["frameworks"].items():
        if not entry["same_server_as_baseline"]:
            continue
        base = run["baselines"][entry["baseline"]]["metrics"]
        assert entry["metrics"]["instr_per_request"] > base["instr_per_request"], slug
        checked += 1
    assert checked >= 15


def _winners(matrix):
    winners = {}
    for scenario in Scenario.objects.for_ranking():
        ranking = score(matrix, scenario_weights(scenario), scenario_must_haves(scenario)).ranking
        winners[scenario.slug] = _first(ranking)
    axes = list(Axis.objects.values_list("slug", flat=True))
    winners["equal weights"] = _first(score(matrix, dict.fromkeys(axes, 5)).ranking)
    winners["performance only"] = _first(score(matrix, {"performance": 5}).ranking)
    return winners


def _first(ranking):
    """Who is shown first (a tie within the tolerance is shown in score order)."""
    return ranking[0].slug


@pytest.mark.django_db
def test_importing_either_run_gives_the_same_winner_everywhere():
    import_results(PREVIOUS)
    before = _winners(load_matrix())
    import_results(CURRENT)
    after = _winners(load_matrix())
    assert before == after


@pytest.mark.parametrize("path", [CURRENT, PREVIOUS], ids=["current", "previous"])
def test_the_kept_runs_follow_the_current_stall_rule(path, tmp_path):
    """Re-deriving a kept run from its stored rounds changes nothing: its p99 figures
    already leave out every stalled round and name it under `investigate`."""
    copy = tmp_path / path.name
    copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert measure.restate(copy) == _run(path)
    for entry in [*_run(path)["frameworks"].values(), *_run(path)["baselines"].values()]:
        for flag in entry.get("investigate", []):
            stalled = next(r["wrk"] for r in entry["rounds"] if r["round"] == flag["round"])
            assert stalled[flag["figure"]] > 10 * stalled[flag["figure"].replace("p99", "p50")]


@pytest.mark.django_db
@pytest.mark.parametrize("path", [CURRENT, PREVIOUS], ids=["current", "previous"])
def test_a_stalled_round_is_named_and_never_the_tail_latency(path):
    """The rule of the issue: a p99 more than 10x its median is investigated, not stored.
    No stalled round's p99 is the published figure or inside its interval's making; every
    stalled round is named in the value's note; a framework is unknown only when every
    round of both runs stalled."""
    import_results(path)
    values = {v.framework.slug: v for v in TraitValue.objects.filter(
        trait__slug="tail-latency", origin=Origin.MEASURED).select_related("framework")}
    runs = [_run(CURRENT), _run(PREVIOUS)]
    named = 0
    for slug in _run(path)["frameworks"]:
        value = values[slug]
        passing, stalled = [], []
        for run in runs:
            if slug not in run["frameworks"]:
                continue  # measured in one run only (Masonite, Reflex)
            entry, base = run["frameworks"][slug], run["baselines"]["asgi"]
            out = {f["round"] for f in entry.get("investigate", [])
                   if f["figure"] == "p99_json_c64_ms"}
            base_out = {f["round"] for f in base.get("investigate", [])
                        if f["figure"] == "p99_json_c64_ms"}
            for r in entry["rounds"]:
                p99 = r["wrk"].get("p99_json_c64_ms")
                if p99 is None or not r["wrk"].get("p50_json_c64_ms"):
                    continue  # wrk completed no request in that round (Masonite)
                if r["round"] in out:
                    stalled.append(r["round"])
                    continue
                other = next(b["wrk"] for b in base["rounds"] if b["round"] == r["round"])
                ref = (other["p99_json_c64_ms"] if r["round"] not in base_out
                       else base["metrics"]["p99_json_c64_ms"])
                passing.append(p99 / ref)
        if not passing:
            assert value.number_value is None, slug
        else:
            assert value.number_value == pytest.approx(float(np.median(passing)), abs=0.01)
        if stalled:
            assert "stall" in value.note and "round" in value.note, slug
            named += 1
    assert named >= 4  # Litestar, BlackSheep, FastAPI, CherryPy each stalled somewhere
    assert values["litestar"].number_value is not None
    assert values["blacksheep"].number_value is not None


@pytest.mark.django_db
@pytest.mark.parametrize("path", [CURRENT, PREVIOUS], ids=["current", "previous"])
def test_performance_only_puts_django_flask_and_pyramid_behind_the_fast_servers(path):
    import_results(path)
    ranking = [r.slug for r in score(load_matrix(), {"performance": 5}).ranking]
    slowest_of_the_three = min(ranking.index(s) for s in ("django", "flask", "pyramid"))
    assert slowest_of_the_three >= 5
    run = _run(path)
    cheapest = sorted(run["frameworks"], key=lambda s: run["frameworks"][s]["metrics"][
        "instr_per_request"])
    # First: a framework among the five cheapest per request; the podium is mostly theirs.
    assert ranking[0] in cheapest[:5]
    assert len(set(ranking[:3]) & set(cheapest[:8])) >= 2
