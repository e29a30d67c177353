"""Statistics over seeds (``imdbviz.stats``), checked against textbook results."""
import numpy as np
import pytest
from scipy import stats as scipy_stats

from imdbviz.stats import Spread, difference, spread

# Student (1908), "The probable error of a mean": extra hours of sleep of ten patients under two
# drugs (Cushny and Peebles). R's `t.test(extra ~ group, data = sleep, paired = TRUE)` gives
# t = -4.0621, df = 9, p = 0.002833, mean difference -1.58, 95% interval -2.4599 to -0.7001;
# unpaired (Welch): t = -1.8608, df = 17.776, p = 0.07939.
DRUG_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
DRUG_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
PATIENTS = tuple(range(1, 11))


def test_paired_difference_is_students_sleep_example():
    d = difference(Spread("drug 1", DRUG_1, PATIENTS), Spread("drug 2", DRUG_2, PATIENTS))
    assert d.paired and d.df == 9
    assert d.delta == pytest.approx(-1.58)
    assert d.t == pytest.approx(-4.0621, abs=1e-4)
    assert d.p_value == pytest.approx(0.002833, abs=1e-6)
    assert d.interval == pytest.approx((-2.4598858, -0.7001142), abs=1e-6)
    assert d.verdict == "lower" and not d.lower_on_every_seed  # patient 5 slept the same
    assert "paired over 10 seeds" in str(d) and "lower" in str(d)


def test_unpaired_difference_is_welchs():
    d = difference(Spread("drug 1", DRUG_1), Spread("drug 2", DRUG_2))
    assert not d.paired
    assert d.t == pytest.approx(-1.8608, abs=1e-4)
    assert d.df == pytest.approx(17.776, abs=1e-3)
    assert d.p_value == pytest.approx(0.07939, abs=1e-5)
    assert d.verdict == "within noise"
    welch = scipy_stats.ttest_ind(DRUG_1, DRUG_2, equal_var=False)
    assert d.p_value == pytest.approx(welch.pvalue)


def test_pairing_finds_the_seeds_in_any_order_and_can_be_refused():
    a = Spread("a", [0.80, 0.81, 0.83], seeds=(1, 2, 3))
    b = Spread("b", [0.825, 0.79, 0.80], seeds=(3, 1, 2))  # b's values by seed: 0.79, 0.80, 0.825
    d = difference(a, b)
    assert d.paired and d.per_seed == pytest.approx([0.01, 0.01, 0.005])
    assert d.p_value == pytest.approx(scipy_stats.ttest_rel([0.80, 0.81, 0.83],
                                                            [0.79, 0.80, 0.825]).pvalue)
    assert not difference(a, b, paired=False).paired
    with pytest.raises(ValueError, match="same seeds"):
        difference(a, Spread("c", [0.8, 0.8, 0.8], seeds=(4, 5, 6)), paired=True)


def test_pairing_shows_a_difference_that_the_seeds_noise_hides_unpaired():
    # Each seed moves both variants alike; the variant is 0.004 lower on every seed.
    seed_effect = np.array([0.80, 0.83, 0.81, 0.84, 0.82])
    a = Spread("a", seed_effect - 0.004, seeds=(1, 2, 3, 4, 5))
    b = Spread("b", seed_effect + np.array([0, 0.001, -0.001, 0.0005, 0]), seeds=(1, 2, 3, 4, 5))
    assert difference(a, b).verdict == "lower" and difference(a, b).lower_on_every_seed
    assert difference(a, b, paired=False).verdict == "within noise"


def test_t_not_two_decides_with_few_seeds():
    # Three seeds: the difference is more than 2 standard errors from 0, yet inside Student's t
    # for 2 degrees of freedom (4.30 standard errors), so the seeds cannot tell.
    paired = difference(Spread("x", [0.1, 0.4, 0.4], (1, 2, 3)), Spread("y", [0.0, 0.2, 0.1], (1, 2, 3)))
    assert abs(paired.t) > 2 and paired.critical == pytest.approx(4.3027, abs=1e-4)
    assert paired.verdict == "within noise"


def test_spread_reads_seeds_from_records_and_refuses_nothing():
    s = spread([{"test_accuracy": 0.8, "seed": 7, "experiment": "e"},
                {"test_accuracy": 0.82, "seed": 1, "experiment": "e"}])
    assert s.seeds == (7, 1) and s.name == "e" and s.stderr == pytest.approx(0.01)
    assert spread([{"test_accuracy": 0.8}]).seeds is None
    with pytest.raises(ValueError, match="no runs"):
        spread([])
    with pytest.raises(ValueError, match="2 seeds for 3 values"):
        Spread("x", [1, 2, 3], seeds=(1, 2))


def test_one_seed_pairs_but_never_decides():
    d = difference(Spread("a", [0.81], seeds=(7,)), Spread("b", [0.80], seeds=(7,)))
    assert d.paired and d.per_seed == pytest.approx([0.01]) and d.df == 0
    assert d.verdict == "within noise" and d.p_value == 1.0
    assert d.interval == (-np.inf, np.inf) and d.lower_on_every_seed is False
    assert "within noise" in str(d)
