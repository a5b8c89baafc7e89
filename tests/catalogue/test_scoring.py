"""The scoring module on plain data: fixed-scale normalisation, shares and
families, uninformative traits, must-haves, unknowns as ranges, ties,
robustness, whole-number tipping points and dominance."""

import math

import pytest

from catalogue.scoring.engine import (
    SUPPORT_LADDER,
    AxisInfo,
    Matrix,
    TraitInfo,
    dominated,
    nearest,
    nearest_all,
    normalise,
    normalise_value,
    podium,
    score,
    tipping_points,
    trait_weights,
    wins_over_random_weights,
)

AXES = [AxisInfo("a1", "Axis one"), AxisInfo("a2", "Axis two")]
TRAITS = [
    TraitInfo("yes", "Yes/no", "a1", "boolean"),
    TraitInfo("level", "Level", "a1", "support"),
    TraitInfo("scale", "Scale", "a2", "scale"),
    TraitInfo("size", "Size", "a2", "number", "lower", low=10, high=10_000, log=True),
    TraitInfo("note", "Note", "a2", "text"),
]


def matrix(values, traits=None, frameworks=None):
    names = frameworks or sorted({fw for fw, _ in values})
    return Matrix({fw: fw.upper() for fw in names}, AXES, traits or TRAITS, dict(values))


def test_each_type_is_normalised_on_its_own_fixed_scale():
    by = {t.slug: t for t in TRAITS}
    assert normalise_value(by["yes"], True) == 1.0
    assert normalise_value(by["yes"], False) == 0.0
    assert [normalise_value(by["level"], lvl) for lvl in SUPPORT_LADDER] == [
        1.0,
        0.8,
        0.45,
        0.3,
        0.0,
    ]
    assert [normalise_value(by["scale"], v) for v in (1, 3, 5)] == [0.0, 0.5, 1.0]
    # Log scale from 10 to 10,000, lower is better: 100 is a third of the way along.
    assert normalise_value(by["size"], 100) == pytest.approx(2 / 3)
    assert normalise_value(by["size"], 5) == 1.0  # clipped at the reference bound
    assert normalise_value(by["size"], 50_000) == 0.0


def test_limited_support_ranks_between_third_party_and_none():
    ladder = SUPPORT_LADDER
    assert ladder["built-in"] > ladder["first-party"] > ladder["third-party"]
    assert ladder["third-party"] > ladder["limited"] > ladder["none"]


def test_a_value_scores_the_same_whoever_else_is_compared():
    m = matrix({("x", "size"): 100, ("y", "size"): 8000, ("z", "size"): 20})
    alone = normalise(m, ["x"])
    together = normalise(m, ["x", "y", "z"])
    assert alone[("x", "size")] == together[("x", "size")]
    assert ("x", "note") not in together  # text is never scored


def test_an_axis_weight_follows_trait_shares_and_skips_uninformative_traits():
    traits = [
        TraitInfo("ws", "WebSockets", "a1", "support", share=0.7, family="Real-time"),
        TraitInfo("bg", "Background", "a1", "support", share=0.3, family="Real-time"),
        TraitInfo("same", "Same for all", "a1", "boolean"),
        TraitInfo("fact", "A fact", "a1", "boolean", share=0),
        TraitInfo("scale", "Scale", "a2", "scale"),
    ]
    values = {}
    for fw, ws, bg, fact in (("x", "built-in", "none", True), ("y", "none", "built-in", False)):
        values.update({(fw, "ws"): ws, (fw, "bg"): bg, (fw, "same"): True, (fw, "fact"): fact})
    m = matrix(values, traits)
    weights = trait_weights(m, {"a1": 10})
    # "same" cannot separate anyone and "fact" has no share: neither is scored.
    assert weights == pytest.approx({"ws": 7.0, "bg": 3.0})
    # A trait weighed on its own counts, whatever its share.
    assert trait_weights(m, {"fact": 2}) == {"fact": 2.0}


def test_an_unknown_counts_as_the_weakest_known_value_with_a_range():
    m = matrix(
        {
            ("x", "yes"): True,
            ("x", "level"): "first-party",
            ("y", "yes"): True,
            ("z", "yes"): False,
            ("z", "level"): "third-party",
        }
    )
    by = {r.slug: r for r in score(m, {"yes": 1, "level": 1}).ranking}
    # y's level is unknown: it counts as third-party (0.45), the weakest known.
    assert by["y"].score == pytest.approx((1 + 0.45) / 2)
    assert (by["y"].low, by["y"].high) == pytest.approx((0.5, 1.0))
    assert by["y"].coverage == pytest.approx(0.5)
    assert by["x"].score == pytest.approx(0.9)
    assert by["x"].low == by["x"].high == pytest.approx(0.9)
    assert sum(by["y"].contributions.values()) == pytest.approx(by["y"].score)
    # x is fully known and better; y's unknown does not lift it above x.
    assert [r.slug for r in score(m, {"yes": 1, "level": 1}).ranking][:2] == ["x", "y"]


def test_overlapping_ranges_mark_the_rows_with_unknowns_uncertain():
    m = matrix({("x", "yes"): True, ("x", "level"): "none", ("y", "yes"): True})
    by = {r.slug: r for r in score(m, {"yes": 1, "level": 1}).ranking}
    # y's unknown level could put it anywhere from 50 to 100: uncertain. x's score
    # rests on full evidence, so it is not called uncertain.
    assert by["y"].uncertain and not by["x"].uncertain


def test_must_haves_eliminate_and_say_why():
    m = matrix({("x", "level"): "first-party", ("y", "level"): "limited", ("z", "yes"): True})
    result = score(m, {"a1": 5}, must_haves=["level"])
    assert [r.slug for r in result.ranking] == ["x"]
    assert result.eliminated == {"y": ["level"], "z": ["level"]}


def test_close_scores_are_a_tie_not_a_ranking():
    m = matrix({("x", "scale"): 3, ("y", "scale"): 3, ("z", "scale"): 1})
    result = score(m, {"scale": 5})
    ranks = {r.slug: (r.rank, r.tied) for r in result.ranking}
    assert ranks["x"] == ranks["y"] == (1, True)
    assert ranks["z"] == (3, False)
    shares = {r.slug: r.wins_share for r in result.ranking}
    assert shares == pytest.approx({"x": 0.5, "y": 0.5, "z": 0.0})


def test_robustness_shares_first_places_over_nearby_weightings():
    # x wins on yes, y on scale; with equal weights they are close.
    m = matrix(
        {
            ("x", "yes"): True,
            ("x", "scale"): 2,
            ("y", "yes"): False,
            ("y", "scale"): 5,
        }
    )
    result = score(m, {"yes": 5, "scale": 6})
    shares = {r.slug: r.wins_share for r in result.ranking}
    assert math.isclose(sum(shares.values()), 1.0)
    assert 0 < shares["x"] < 1 and 0 < shares["y"] < 1
    # A lopsided weighting leaves no doubt.
    lopsided = {r.slug: r.wins_share for r in score(m, {"yes": 10, "scale": 1}).ranking}
    assert lopsided["x"] == 1.0


def test_random_axis_weightings_count_first_places():
    m = matrix({("x", "yes"): True, ("x", "scale"): 1, ("y", "yes"): False, ("y", "scale"): 5})
    wins = wins_over_random_weights(m, ["a1", "a2"], samples=400)
    assert math.isclose(sum(wins.values()), 1.0)
    assert 0.3 < wins["x"] < 0.7


def test_a_hand_checked_tipping_point_at_a_whole_weight():
    # x: yes=1, scale=1 (0);  y: yes=0, scale=5 (1). Weights yes=w, scale=4:
    # S_x = w / (w + 4), S_y = 4 / (w + 4). They cross at w = 4; at w = 4 they
    # tie, and at w = 3 y leads by 1/7 (beyond the tie tolerance).
    m = matrix({("x", "yes"): True, ("y", "yes"): False, ("x", "scale"): 1, ("y", "scale"): 5})
    weights = {"yes": 8, "scale": 4}
    result = score(m, weights)
    assert result.ranking[0].slug == "x"
    points, draws = tipping_points(m, weights, result)
    by = {(p.criterion, p.direction): p for p in points}
    assert by[("yes", "below")].threshold == 3
    assert by[("yes", "below")].challenger == "y"
    assert by[("yes", "below")].margin == pytest.approx(1 / 7)
    # Scale: at 8 they tie (a draw); at 9 y leads.
    assert by[("scale", "above")].threshold == 9
    assert ("yes", "above") not in by
    assert draws == []  # each draw is followed by an outright lead further on


def test_a_draw_without_an_outright_lead_is_reported_as_a_draw():
    # x and y differ only on "yes"; zeroing it makes them equal, never reversed.
    m = matrix({("x", "yes"): True, ("y", "yes"): False, ("x", "scale"): 3, ("y", "scale"): 3})
    weights = {"yes": 2, "scale": 5}
    result = score(m, weights)
    points, draws = tipping_points(m, weights, result)
    assert [p for p in points if p.criterion == "yes"] == []
    assert [(d.criterion, d.threshold, d.challenger) for d in draws] == [("yes", 0, "y")]


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


def test_unknowns_keep_a_framework_from_being_called_dominated():
    m = matrix({("x", "yes"): True, ("x", "scale"): 4, ("y", "yes"): False, ("z", "scale"): 3})
    # y's scale is unknown: it could be 5, so x does not beat it on every criterion.
    assert "y" not in dominated(m, {"yes": 1, "scale": 1}, ["x", "y", "z"])


def test_the_podium_is_the_top_of_the_ranking_with_must_haves_applied():
    values = {}
    for k, fw in enumerate(["a", "b", "c", "d", "e"]):
        values[(fw, "yes")] = k % 2 == 0
        values[(fw, "scale")] = 1 + k % 5
        values[(fw, "level")] = list(SUPPORT_LADDER)[k % 5]
    values[("f", "scale")] = 5  # everything else unknown
    m = matrix(values)
    for weights, must in [({"a1": 3, "a2": 7}, []), ({"scale": 5}, ["level"]), ({"a1": 0}, [])]:
        ranking = score(m, weights, must, robustness=False).ranking
        scored = [r.slug for r in ranking if r.score is not None]
        assert podium(m, weights, must) == (scored[:3], len(ranking))


def test_everyones_nearest_alternatives_at_once_are_each_ones_nearest():
    levels = list(SUPPORT_LADDER)
    values = {}
    for k in range(12):
        fw = f"f{k:02d}"
        values[(fw, "yes")] = k % 3 == 0
        values[(fw, "level")] = levels[k % 4]
        if k % 5:
            values[(fw, "scale")] = 1 + k % 5  # some unknown
        values[(fw, "size")] = 10 * (k % 4 + 1)
    values[("lonely", "note")] = "no scored value at all"
    m = matrix(values)
    everyone = nearest_all(m, 3, chunk=5)
    assert everyone == {slug: nearest(m, slug, 3) for slug in m.frameworks}
    assert everyone["lonely"] == []


def _stack_matrix():
    # H is a host, T its toolkit (one stack, ranked as H's line), R a rival.
    return matrix(
        {
            ("h", "yes"): True,
            ("h", "scale"): 3,
            ("h", "level"): "none",
            ("t", "yes"): True,
            ("t", "scale"): 1,
            ("t", "level"): "built-in",
            ("r", "yes"): False,
            ("r", "scale"): 5,
            ("r", "level"): "first-party",
        }
    )


def test_no_rival_overtakes_a_stack_where_another_member_of_it_still_leads():
    m, weights = _stack_matrix(), {"yes": 5, "scale": 5}
    alone = score(m, weights, only=["h", "r"])
    stacked = score(m, weights, only=["h", "r"], members={"h": ["t"]})
    assert stacked.members == {"h": ["t"]}
    # Weighting level lifts R past H, but never past T, H's own toolkit.
    assert ("level", "r") in {
        (p.criterion, p.challenger)
        for p in tipping_points(m, weights, alone, ["yes", "scale", "level"])[0]
    }
    points, draws = tipping_points(m, weights, stacked, ["yes", "scale", "level"])
    assert "level" not in {p.criterion for p in points} | {d.criterion for d in draws}
    for point in points:
        changed = score(m, {**weights, point.criterion: point.threshold})
        assert changed.ranking[0].slug == point.challenger == "r"


def test_a_stack_wins_every_nearby_weighting_any_of_its_members_leads():
    m, weights = _stack_matrix(), {"yes": 5, "scale": 5, "level": 3}
    stacked = score(m, weights, only=["t", "r"], members={"t": ["h"]}, seed=7)
    apart = {r.slug: r.wins_share for r in score(m, weights, seed=7).ranking}
    shares = {r.slug: r.wins_share for r in stacked.ranking}
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["r"] == pytest.approx(apart["r"], abs=0.01)
    assert shares["t"] == pytest.approx(apart["t"] + apart["h"], abs=0.01)
    assert shares["t"] > score(m, weights, only=["t", "r"], seed=7).ranking[0].wins_share


def test_a_stack_cannot_win_only_when_each_of_its_members_cannot():
    m = _stack_matrix()
    # R beats H on scale and level, but not T on level: the stack can still win.
    weights = {"scale": 5, "level": 5}
    assert dominated(m, weights, ["h", "r"]) == {"h": "r"}
    assert dominated(m, weights, ["h", "r"], members={"h": ["t"]}) == {}
    # On scale alone R beats both of them: the stack cannot win.
    assert dominated(m, {"scale": 5}, ["h", "r"], members={"h": ["t"]}) == {"h": "r"}
