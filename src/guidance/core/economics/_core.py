"""Building blocks of the economic case: business as usual, persistence, discounting."""

from __future__ import annotations

import numpy as np

from .. import validation as v

METHODS = ("effect", "rates")
"""How business as usual is set: from an effect size, or from a rate you give."""

EFFECT_MEASURES = ("odds ratio", "risk ratio")
"""The effect sizes the register holds for IPS: odds ratios and a risk ratio."""

POPULATIONS: dict[str, tuple[str, str, str]] = {
    "smi": ("evidence.modini", "rr", "risk ratio"),
    "beyond_smi": ("evidence.whitworth_meta.large_medium", "or", "odds ratio"),
}
"""The effect size for each population a service is for: register prefix, statistic, measure.

``smi`` (people in contact with services for severe mental illness): the pooled risk ratio
of the randomised trials of IPS against traditional vocational rehabilitation
:cite:`modini2016`. ``beyond_smi``: the odds ratio of the large and medium studies of IPS
beyond severe mental illness, which the authors judge the more plausible for services at
scale :cite:`whitworth2024meta`. Each compares IPS with the employment support people got
as business as usual, not with no support at all.
"""

PERSPECTIVES = ("social", "fiscal")
"""Whose net present value the tornado and the simulation headline report."""

ILLUSTRATIVE_SPREAD = 0.2
"""Illustrative relative range (plus or minus 20%) for inputs no source gives a range for.

No published source gives a range for the per-person gains, the sustainment and exit
rates, the cost or the discount rate of a local service; this spread is an illustration
for the simulation and the tornado, to be replaced by the user's own.
"""

_Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


def bau_rate_from_effect(
    service_rate: float, effect_size: float, measure: str = "odds ratio"
) -> float:
    """The business-as-usual rate that the effect size turns into the service's rate.

    For a risk ratio RR: ``bau = s / RR``. For an odds ratio OR the odds of job entry
    without the service are the service's odds divided by OR, which rearranges to
    ``bau = s / (s + OR (1 - s))`` (defined for s = 1 too).

    Parameters
    ----------
    service_rate : float
        Share of starters who enter work with the service (0-1).
    effect_size : float
        Odds ratio or risk ratio, 1 or more (1 means the service makes no difference).
    measure : {"odds ratio", "risk ratio"}

    Examples
    --------
    >>> round(bau_rate_from_effect(0.4, 1.32), 4)
    0.3356
    >>> bau_rate_from_effect(0.4, 2.0, "risk ratio")
    0.2
    """
    s = v.share("service_rate", service_rate)
    e = _effect("effect_size", effect_size)
    m = v.choice("measure", measure, EFFECT_MEASURES)
    return float(_bau(s, e, m))


def _effect(name: str, value: object) -> float:
    e = v.number(name, value)
    if e < 1:
        raise ValueError(
            f"{name} must be 1 or more: an odds ratio or risk ratio above 1 means the "
            f"service helps people into work, 1 means no difference; got {value!r}"
        )
    return e


def _bau(service, effect, measure: str):
    if measure == "risk ratio":
        return service / effect
    return service / (service + effect * (1 - service))


def persistence(
    sustain_rate: float,
    sustain_weeks: float,
    exit_rate: float,
    years: int,
    effect_years: int | None = None,
) -> list[float]:
    """Average share of the extra people in work in each year after their job start.

    Everyone starts in work; by the sustainment point (``sustain_weeks``) the share in
    work has fallen to ``sustain_rate``; after that it falls by ``exit_rate`` a year:
    ``S(t) = sustain_rate x (1 - exit_rate)^(t - weeks/52)``. Each year's average is the
    trapezoid between its start and end values. From year ``effect_years`` on, business as
    usual has caught up and the extra share is zero.

    Parameters
    ----------
    sustain_rate : float
        Share of job entrants still in work at the sustainment point (0-1).
    sustain_weeks : float
        Weeks from the job start to the sustainment point (more than 0, at most 52).
    exit_rate : float
        Share of those in work who leave work each year after that (0-1).
    years : int
        Years appraised (1 to 30, the span of the 3.5% discount rate).
    effect_years : int, optional
        Years the service's effect lasts (1 or more); the whole horizon when omitted.

    Examples
    --------
    >>> [round(x, 3) for x in persistence(0.65, 13, 0.1324, 3)]
    [0.669, 0.546, 0.473]
    >>> persistence(0.5, 26, 0.0, 3, effect_years=1)
    [0.625, 0.0, 0.0]
    """
    sustain = v.share("sustain_rate", sustain_rate)
    weeks = _weeks("sustain_weeks", sustain_weeks)
    exit_ = v.share("exit_rate", exit_rate)
    horizon = _years("years", years)
    fade = horizon if effect_years is None else v.positive_count("effect_years", effect_years)
    shares = _shares(np.array([[sustain]]), np.array([[weeks]]), np.array([[exit_]]), horizon, fade)
    return [float(x) for x in shares[0]]


def _weeks(name: str, value: object) -> float:
    weeks = v.positive(name, value)
    if weeks > 52:
        raise ValueError(f"{name} must be more than 0 and at most 52 weeks; got {value!r}")
    return weeks


def _years(name: str, value: object) -> int:
    return v.whole_between(name, value, 1, 30, noun="whole number of years")


def _shares(sustain, weeks, exit_, years: int, effect_years) -> np.ndarray:
    """Shares in work per year: arrays of shape (n, 1) in, (n, years) out."""
    sm = weeks / 52
    k = np.arange(years + 1)
    boundary = sustain * (1 - exit_) ** np.maximum(k - sm, 0)
    first = sm * (1 + sustain) / 2 + (1 - sm) * (sustain + boundary[:, 1:2]) / 2
    later = (boundary[:, 1:-1] + boundary[:, 2:]) / 2
    shares = np.concatenate([first, later], axis=1)
    return shares * (np.arange(years) < effect_years)


def discount_factors(rate: float, years: int) -> list[float]:
    """Green Book discount factors ``1 / (1 + r)^t`` for years t = 0 .. years - 1.

    Examples
    --------
    >>> [round(x, 4) for x in discount_factors(0.035, 3)]
    [1.0, 0.9662, 0.9335]
    >>> discount_factors(0.0, 2)
    [1.0, 1.0]
    """
    r = v.share("rate", rate)
    return [float(x) for x in (1 + r) ** -np.arange(_years("years", years))]
