import math

import pytest

from guidance.core import validation as v


@pytest.mark.parametrize("bad", [None, "3", True, [1]])
def test_number_rejects_non_numbers_naming_the_parameter(bad):
    with pytest.raises(TypeError, match="budget must be a number"):
        v.number("budget", bad)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_number_rejects_nan_and_infinity(bad):
    with pytest.raises(ValueError, match="budget must be a finite number"):
        v.number("budget", bad)


@pytest.mark.parametrize("bad", [-0.01, 1.01, 30])
def test_share_outside_0_1(bad):
    with pytest.raises(ValueError, match=r"rate must be a share between 0 and 1"):
        v.share("rate", bad)


def test_share_bounds_are_inclusive():
    assert v.share("rate", 0) == 0.0
    assert v.share("rate", 1) == 1.0


def test_positive_rejects_zero_and_negative():
    with pytest.raises(ValueError, match="x must be greater than zero"):
        v.positive("x", 0)
    with pytest.raises(ValueError, match="x must be greater than zero"):
        v.positive("x", -2)


def test_count_rejects_fractions_and_negatives():
    with pytest.raises(ValueError, match="n must be a whole number"):
        v.count("n", 2.5)
    with pytest.raises(ValueError, match="n must be zero or more"):
        v.count("n", -1)
    assert v.count("n", 3.0) == 3


def test_positive_count_and_choice():
    with pytest.raises(ValueError, match="months must be a whole number of at least 1"):
        v.positive_count("months", 0)
    with pytest.raises(ValueError, match="model must be one of 'IPS', 'SEQF'"):
        v.choice("model", "XYZ", ("IPS", "SEQF"))
