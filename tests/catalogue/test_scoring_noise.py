"""Scoring that knows how sure the lab is: measured speed in bands wider than the
noise, and robustness that samples measured values within their intervals."""

import numpy as np

from catalogue.scoring.engine import (
    AxisInfo,
    Matrix,
    TraitInfo,
    normalise_value,
    sample_values,
    score,
)

THROUGHPUT = TraitInfo("throughput", "Throughput (lab)", "performance", "number", "higher",
                       low=2, high=100, log=True)
MEMORY = TraitInfo("memory", "Memory (lab)", "performance", "number", "lower",
                   low=15, high=400, log=True)
AXES = [AxisInfo("performance", "Performance")]


def _matrix(values, intervals=None):
    frameworks = {slug: slug.title() for slug, _ in values}
    return Matrix(frameworks=frameworks, axes=AXES, traits=[THROUGHPUT, MEMORY],
                  values=dict(values.items() if isinstance(values, dict) else values),
                  intervals=intervals or {})


def test_throughputs_within_one_band_score_the_same():
    # Bands are 1.25x wide on the log scale (the one around 36.4 % runs from 32.6 to 40.7).
    assert normalise_value(THROUGHPUT, 34.0) == normalise_value(THROUGHPUT, 38.0)


def test_throughputs_two_bands_apart_score_differently():
    assert normalise_value(THROUGHPUT, 60.0) > normalise_value(THROUGHPUT, 40.0)


def test_an_unmeasured_trait_keeps_its_continuous_scale():
    assert normalise_value(MEMORY, 40.0) != normalise_value(MEMORY, 41.5)


def test_a_lead_inside_the_measured_interval_is_not_certain():
    values = {("fast", "throughput"): 60.0, ("close", "throughput"): 43.0}
    sure = score(_matrix(values), {"throughput": 5}).ranking
    assert sure[0].slug == "fast" and sure[0].wins_share == 1.0
    unsure = score(_matrix(values, {("fast", "throughput"): (35.0, 70.0),
                                    ("close", "throughput"): (35.0, 70.0)}),
                   {"throughput": 5}).ranking
    assert unsure[0].slug == "fast"
    assert 0.2 < unsure[0].wins_share < 0.9
    assert abs(sum(r.wins_share for r in unsure) - 1.0) < 1e-9


def test_a_lead_beyond_both_intervals_stays_certain_and_sampling_repeats():
    values = {("fast", "throughput"): 90.0, ("slow", "throughput"): 10.0}
    intervals = {("fast", "throughput"): (85.0, 95.0), ("slow", "throughput"): (9.0, 11.0)}
    first = score(_matrix(values, intervals), {"throughput": 5}).ranking
    again = score(_matrix(values, intervals), {"throughput": 5}).ranking
    assert first[0].wins_share == 1.0
    assert [r.wins_share for r in first] == [r.wins_share for r in again]


def test_a_frameworks_sampled_values_do_not_depend_on_which_others_are_ranked():
    values = {("a", "throughput"): 40.0, ("b", "throughput"): 42.0, ("c", "throughput"): 44.0,
              ("a", "memory"): 30.0, ("c", "memory"): 35.0}
    intervals = {("a", "throughput"): (30.0, 55.0), ("b", "throughput"): (30.0, 55.0),
                 ("c", "throughput"): (30.0, 55.0), ("a", "memory"): (20.0, 40.0),
                 ("c", "memory"): (25.0, 45.0)}
    matrix = _matrix(values, intervals)
    everyone = sample_values(matrix, ["a", "b", "c"], samples=200, seed=7)
    without_b = sample_values(matrix, ["c", "a"], samples=200, seed=7)
    # Hiding b, or listing the rest in another order, leaves a's and c's draws as they were.
    assert np.array_equal(without_b[:, 0], everyone[:, 2])
    assert np.array_equal(without_b[:, 1], everyone[:, 0])
    # The draws do vary across samples, and another decision's seed draws others.
    assert len(set(everyone[:, 0, 0])) > 1
    assert not np.array_equal(sample_values(matrix, ["a"], samples=200, seed=8)[:, 0],
                              everyone[:, 0])
