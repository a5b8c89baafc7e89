"""The scoring module on plain data: normalisation, weights, must-haves,
unknowns, ties, tipping points and dominance."""

import pytest

from compare.scoring import (
    AxisInfo,
    Matrix,
    TraitInfo,
    dominated,
    normalise,
    score,
    tipping_points,
    trait_weights,
)

AXES = [AxisInfo("a1", "Axis one"), AxisInfo("a2", "Axis two")]


def matrix(values, traits=None, frameworks=None):
    traits = traits or [
        TraitInfo("yes", "Yes/no", "a1", "boolean"),
        TraitInfo("level", "Level", "a1", "support"),
        TraitInfo("scale", "Scale", "a2", "scale"),
        TraitInfo("size", "Size", "a2", "number", "lower"),
        TraitInfo("note", "Note", "a2", "text"),
    ]
    names = frameworks or sorted({fw for fw, _ in values})
    return Matrix({fw: fw.upper() for fw in names}, AXES, traits, dict(values))


def test_each_type_is_normalised_to_0_1():
    m = matrix(
        {
            ("x", "yes"): True,
            ("y", "yes"): False,
            ("x", "level"): "built-in",
            ("y", "level"): "first-party",
            ("z", "level"): "third-party",
            ("w", "level"): "none",
            ("x", "scale"): 1,
            ("y", "scale"): 5,
            ("z", "scale"): 3,
            ("x", "size"): 100,
            ("y", "size"): 300,
            ("z", "size"): 200,
            ("x", "note"): "text",
        }
    )
    n = normalise(m, ["w", "x", "y", "z"])
    assert (n[("x", "yes")], n[("y", "yes")]) == (1.0, 0.0)
    assert [n[(f, "level")] for f in "xyzw"] == [1.0, 0.75, 0.35, 0.0]
    assert [n[(f, "scale")] for f in "xyz"] == [0.0, 1.0, 0.5]
    # Lower is better: the smallest gets 1, the largest 0, min-max across candidates.
    assert [n[(f, "size")] for f in "xyz"] == [1.0, 0.0, 0.5]
    assert ("x", "note") not in n  # text is never scored
    assert ("w", "yes") not in n  # unknown stays absent, not zero


def test_an_axis_weight_spreads_over_its_scored_traits():
    m = matrix({})
    assert trait_weights(m, {"a2": 6}) == {"scale": 3.0, "size": 3.0}
    assert trait_weights(m, {"a1": 4, "yes": 1}) == {"yes": 3.0, "level": 2.0}


def test_the_score_is_the_weighted_mean_of_known_values_and_unknowns_lower_coverage():
    m = matrix({("x", "yes"): True, ("x", "level"): "none", ("y", "yes"): True})
    result = score(m, {"yes": 3, "level": 1})
    by = {r.slug: r for r in result.ranking}
    assert by["x"].score == pytest.approx(0.75)
    assert by["x"].coverage == 1.0
    # y's level is unknown: its score rests on "yes" alone, and coverage says so.
    assert by["y"].score == pytest.approx(1.0)
    assert by["y"].coverage == pytest.approx(0.75)
    assert sum(by["x"].contributions.values()) == pytest.approx(by["x"].score)


def test_must_haves_eliminate_and_say_why():
    m = matrix({("x", "level"): "first-party", ("y", "level"): "third-party", ("z", "yes"): True})
    result = score(m, {"a1": 5}, must_haves=["level"])
    assert [r.slug for r in result.ranking] == ["x"]
    assert result.eliminated == {"y": ["level"], "z": ["level"]}


def test_close_scores_are_a_tie_not_a_ranking():
    m = matrix({("x", "scale"): 3, ("y", "scale"): 3, ("z", "scale"): 1})
    result = score(m, {"scale": 5})
    ranks = {r.slug: (r.rank, r.tied) for r in result.ranking}
    assert ranks["x"] == ranks["y"] == (1, True)
    assert ranks["z"] == (3, False)


def test_a_hand_checked_tipping_point():
    # x: yes=1, scale=1 (norm 0);  y: yes=0, scale=5 (norm 1).
    # With weights yes=w, scale=4: S_x = w / (w + 4), S_y = 4 / (w + 4).
    # x leads while w > 4; below 4, y overtakes. The exact crossing is w = 4.
    m = matrix({("x", "yes"): True, ("y", "yes"): False, ("x", "scale"): 1, ("y", "scale"): 5})
    weights = {"yes": 8, "scale": 4}
    result = score(m, weights)
    assert result.ranking[0].slug == "x"
    points = {(p.criterion, p.direction): p for p in tipping_points(m, weights, result)}
    assert points[("yes", "below")].threshold == pytest.approx(4.0)
    assert points[("yes", "below")].challenger == "y"
    # Scale: x stays first unless scale rises above 8.
    assert points[("scale", "above")].threshold == pytest.approx(8.0)


def test_a_framework_beaten_on_every_criterion_is_dominated():
    m = matrix(
        {
            ("x", "yes"): True,
            ("x", "scale"): 5,
            ("y", "yes"): False,
            ("y", "scale"): 3,
            ("z", "yes"): False,
            ("z", "scale"): 5,
        }
    )
    result = dominated(m, {"a1": 1, "a2": 1}, ["x", "y", "z"])
    assert result["y"] == "x"
    assert "x" not in result
