"""Benchmark a service against the NDTi cost-effectiveness ranges.

The NDTi study of 83 English local areas :cite:`ndti2014` reports, for all sites and for
good-practice sites, each measure's full range, a narrower typical range ("lower range" to
"upper range") and its average, plus an "aim for" band for cost per job outcome and job
outcome rate. This module computes a service's own measures from its annual cost, the
people it supported and its job outcomes, and places each one against those ranges.

A caution the module makes explicit: NDTi's averages are probably averages of each site's
own ratio (our inference: the slides do not say how they were calculated, but the figures
fit it). The average cost per job outcome (:func:`mean_of_ratios` over sites) is not the
average cost per person divided by the average job outcome rate
(:func:`cost_per_job_from_averages`), and neither is a total cost divided by total job
outcomes (:func:`ratio_of_totals`). Never set a target with one and judge it with another.

Example
-------
>>> figures = ServiceFigures(annual_cost=200_000, people_supported=100, new_jobs=30,
...                          retained_jobs=15, self_employed=5)
>>> figures.cost_per_person, figures.job_outcome_rate, figures.cost_per_job
(2000.0, 0.5, 4000.0)
>>> benchmark_service(figures).set_index("measure").loc["cost_per_job", "aim_for_status"]
'within'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from . import validation as v
from .evidence import Register, as_register

__all__ = [
    "MEASURES",
    "SITE_GROUPS",
    "SERVICE_TYPES",
    "OUTCOME_TYPES",
    "NdtiRange",
    "Band",
    "NdtiProfile",
    "ServiceFigures",
    "ndti_ranges",
    "aim_for",
    "ndti_profile",
    "benchmark_service",
    "outcome_split",
    "people_through_the_door",
    "cost_per_job_from_averages",
    "mean_of_ratios",
    "ratio_of_totals",
]

MEASURES: dict[str, tuple[str, str]] = {
    "cost_per_person": ("Cost per person supported", "GBP"),
    "job_outcome_rate": ("Job outcome rate", "share"),
    "cost_per_job": ("Cost per job outcome", "GBP"),
}
"""Measure -> (label, unit)."""

LOWER_IS_BETTER = {"cost_per_person": True, "job_outcome_rate": False, "cost_per_job": True}

SITE_GROUPS: dict[str, str] = {"all_sites": "All sites", "good_practice": "Good-practice sites"}
"""NDTi's two groups of sites."""

SERVICE_TYPES: dict[str, str] = {
    "all": "All services",
    "ld": "Learning disability services",
    "mh": "Mental health services",
}
"""NDTi's rows: all services, learning disability (LD) and mental health (MH) services."""

OUTCOME_TYPES: dict[str, str] = {
    "new_job": "New job",
    "retained_job": "Retained job",
    "self_employed": "Self-employed",
}
"""The three kinds of job outcome NDTi counts."""


def _status(value: float, low: float | None, high: float | None) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "not computed"
    if low is not None and value < low - 1e-9:
        return "below"
    if high is not None and value > high + 1e-9:
        return "above"
    return "within"


@dataclass(frozen=True)
class NdtiRange:
    """One NDTi measure for one group of sites.

    ``minimum`` and ``maximum`` are the full range; ``lower`` and ``upper`` the narrower
    typical range the slides give beside the ``average`` (they do not say how it was
    calculated).
    """

    measure: str
    group: str
    minimum: float
    maximum: float
    lower: float
    average: float
    upper: float
    source: str

    def place(self, value: float) -> str:
        """'below', 'within' or 'above' the typical range ('not computed' for NaN).

        Examples
        --------
        >>> ndti_ranges()["job_outcome_rate"]["good_practice"].place(0.6)
        'above'
        """
        value = v.number(self.measure, value) if not _is_nan(value) else math.nan
        return _status(value, self.lower, self.upper)


@dataclass(frozen=True)
class Band:
    """NDTi's 'aim for' band for a measure: numbers only (``low``, ``high`` and the
    measure's ``unit``); :func:`guidance.presentation.words.range_in_words` writes it in
    words."""

    measure: str
    low: float
    high: float
    source: str

    def place(self, value: float) -> str:
        """'below', 'within' or 'above' the band ('not computed' for NaN).

        Examples
        --------
        >>> aim_for()["cost_per_job"].place(8217)
        'above'
        """
        value = v.number(self.measure, value) if not _is_nan(value) else math.nan
        return _status(value, self.low, self.high)

    @property
    def unit(self) -> str:
        """The measure's evidence-register unit ("GBP" or "share").

        Examples
        --------
        >>> aim_for()["job_outcome_rate"].unit
        'share'
        """
        return MEASURES[self.measure][1]


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


def ndti_ranges(register: Register | None = None) -> dict[str, dict[str, NdtiRange]]:
    """NDTi's ranges: measure -> site group -> :class:`NdtiRange`.

    Examples
    --------
    >>> r = ndti_ranges()["cost_per_job"]
    >>> r["all_sites"].average, r["good_practice"].average
    (8217.0, 2818.0)
    """
    r = as_register(register)
    out: dict[str, dict[str, NdtiRange]] = {}
    keys = {
        "cost_per_person": "cost_per_person",
        "job_outcome_rate": "job_outcome_rate",
        "cost_per_job": "cost_per_job",
    }
    for measure, stem in keys.items():
        out[measure] = {}
        for group in SITE_GROUPS:
            prefix = f"ndti.range.{stem}.{group}"
            out[measure][group] = NdtiRange(
                measure=measure,
                group=group,
                minimum=r.value(f"{prefix}.min"),
                maximum=r.value(f"{prefix}.max"),
                lower=r.value(f"{prefix}.lower"),
                average=r.value(f"{prefix}.average"),
                upper=r.value(f"{prefix}.upper"),
                source=r[f"{prefix}.average"].citation(),
            )
    return out


def aim_for(register: Register | None = None) -> dict[str, Band]:
    """NDTi's 'aim for' bands for cost per job outcome and job outcome rate.

    Examples
    --------
    >>> b = aim_for()["cost_per_job"]
    >>> b.low, b.high
    (1600.0, 4000.0)
    """
    r = as_register(register)
    return {
        m: Band(
            m,
            r.value(f"ndti.aim.{m}.min"),
            r.value(f"ndti.aim.{m}.max"),
            r[f"ndti.aim.{m}.min"].citation(),
        )
        for m in ("cost_per_job", "job_outcome_rate")
    }


@dataclass(frozen=True)
class NdtiProfile:
    """NDTi's headline figures for one type of service (averages across sites)."""

    service_type: str
    cost: float
    people_supported: float
    cost_per_person: float
    job_outcome_rate: float
    shares: dict[str, float]
    cost_per_job: float

    @property
    def label(self) -> str:
        """The service type in words."""
        return SERVICE_TYPES[self.service_type]


def ndti_profile(service_type: str = "all", register: Register | None = None) -> NdtiProfile:
    """NDTi's headline figures for all services, LD services or MH services.

    Examples
    --------
    >>> p = ndti_profile("ld")
    >>> p.job_outcome_rate, p.shares["retained_job"]
    (0.43, 0.45)
    """
    service_type = v.choice("service_type", service_type, tuple(SERVICE_TYPES))
    r = as_register(register)
    s = service_type
    return NdtiProfile(
        service_type=s,
        cost=r.value(f"ndti.{s}.cost"),
        people_supported=r.value(f"ndti.{s}.people_supported"),
        cost_per_person=r.value(f"ndti.{s}.cost_per_person"),
        job_outcome_rate=r.value(f"ndti.{s}.job_outcome_rate"),
        shares={
            "new_job": r.value(f"ndti.{s}.share_new_job"),
            "retained_job": r.value(f"ndti.{s}.share_retained_job"),
            "self_employed": r.value(f"ndti.{s}.share_self_employed"),
        },
        cost_per_job=r.value(f"ndti.{s}.cost_per_job_outcome"),
    )


def _round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


@dataclass(frozen=True)
class ServiceFigures:
    """A service's figures for one year, validated.

    Parameters
    ----------
    annual_cost : float
        What the service cost in the year, GBP (zero or more).
    people_supported : int
        People the service supported in the year (at least 1).
    new_jobs, retained_jobs, self_employed : int
        People whose job outcome was a new job, keeping a job they had, or
        self-employment (each zero or more). Together they cannot exceed
        ``people_supported``: NDTi counts people who secured a job outcome.
    """

    annual_cost: float
    people_supported: int
    new_jobs: int
    retained_jobs: int
    self_employed: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "annual_cost", v.non_negative("annual_cost", self.annual_cost))
        object.__setattr__(
            self, "people_supported", v.positive_count("people_supported", self.people_supported)
        )
        for name in ("new_jobs", "retained_jobs", "self_employed"):
            object.__setattr__(self, name, v.count(name, getattr(self, name)))
        if self.job_outcomes > self.people_supported:
            raise ValueError(
                "job outcomes (new_jobs + retained_jobs + self_employed = "
                f"{self.job_outcomes}) cannot exceed people_supported ({self.people_supported})"
            )

    @classmethod
    def ndti_average(
        cls, service_type: str = "all", register: Register | None = None
    ) -> ServiceFigures:
        """The NDTi average service as one service's figures (derived, rounded).

        Job outcomes are the average number supported x the job outcome rate x each
        outcome share, each rounded to a whole person.

        Examples
        --------
        >>> f = ServiceFigures.ndti_average()
        >>> f.people_supported, f.new_jobs, f.retained_jobs, f.self_employed
        (198, 46, 27, 2)
        """
        p = ndti_profile(service_type, register)
        people = int(p.people_supported)
        jobs = {k: _round_half_up(people * p.job_outcome_rate * s) for k, s in p.shares.items()}
        return cls(
            annual_cost=p.cost,
            people_supported=people,
            new_jobs=jobs["new_job"],
            retained_jobs=jobs["retained_job"],
            self_employed=jobs["self_employed"],
        )

    @property
    def job_outcomes(self) -> int:
        """People with any job outcome."""
        return self.new_jobs + self.retained_jobs + self.self_employed

    @property
    def cost_per_person(self) -> float:
        """Annual cost divided by people supported, GBP."""
        return self.annual_cost / self.people_supported

    @property
    def job_outcome_rate(self) -> float:
        """Share of people supported who secured a job outcome."""
        return self.job_outcomes / self.people_supported

    @property
    def cost_per_job(self) -> float:
        """Annual cost divided by job outcomes, GBP; NaN when there are none."""
        return self.annual_cost / self.job_outcomes if self.job_outcomes else math.nan

    def shares(self) -> dict[str, float]:
        """Each kind of outcome as a share of all job outcomes (NaN when there are none)."""
        total = self.job_outcomes
        counts = {
            "new_job": self.new_jobs,
            "retained_job": self.retained_jobs,
            "self_employed": self.self_employed,
        }
        return {k: (n / total if total else math.nan) for k, n in counts.items()}

    def measures(self) -> dict[str, float]:
        """The three benchmark measures, by :data:`MEASURES` key."""
        return {
            "cost_per_person": self.cost_per_person,
            "job_outcome_rate": self.job_outcome_rate,
            "cost_per_job": self.cost_per_job,
        }


def benchmark_service(figures: ServiceFigures, register: Register | None = None) -> pd.DataFrame:
    """Place a service's measures against NDTi's typical ranges and the 'aim for' band.

    Returns
    -------
    pandas.DataFrame
        One row per measure with columns ``measure``, ``label``, ``unit``, ``value``;
        for each site group (``all_sites``, ``good_practice``) its ``_lower``,
        ``_average``, ``_upper`` and ``_status``; ``aim_low``, ``aim_high`` and
        ``aim_for_status`` ('within', 'below', 'above', or 'no band' for cost per person,
        which has none); and ``better`` (True where lower is better, i.e. costs).

    Examples
    --------
    >>> t = benchmark_service(ServiceFigures(100_000, 50, 10, 5, 0))
    >>> t[["measure", "good_practice_status", "aim_for_status"]].values.tolist()[1]
    ['job_outcome_rate', 'within', 'within']
    """
    if not isinstance(figures, ServiceFigures):
        raise TypeError(f"figures must be a ServiceFigures; got {type(figures).__name__}")
    ranges = ndti_ranges(register)
    bands = aim_for(register)
    rows = []
    for measure, value in figures.measures().items():
        label, unit = MEASURES[measure]
        row: dict[str, object] = {"measure": measure, "label": label, "unit": unit, "value": value}
        for group in SITE_GROUPS:
            rng = ranges[measure][group]
            row[f"{group}_lower"] = rng.lower
            row[f"{group}_average"] = rng.average
            row[f"{group}_upper"] = rng.upper
            row[f"{group}_status"] = rng.place(value)
        band = bands.get(measure)
        row["aim_low"] = band.low if band else math.nan
        row["aim_high"] = band.high if band else math.nan
        row["aim_for_status"] = band.place(value) if band else "no band"
        row["lower_is_better"] = LOWER_IS_BETTER[measure]
        rows.append(row)
    return pd.DataFrame(rows)


def outcome_split(
    figures: ServiceFigures, service_type: str = "all", register: Register | None = None
) -> pd.DataFrame:
    """A service's split of job outcomes beside NDTi's split for the same type of service.

    Returns
    -------
    pandas.DataFrame
        Columns ``outcome``, ``people``, ``share``, ``ndti_share`` and
        ``difference_points`` (percentage points, yours minus NDTi's; NaN with no outcomes).

    Examples
    --------
    >>> outcome_split(ServiceFigures(1000, 10, 6, 4, 0))["difference_points"].round(1).tolist()
    [-1.0, 4.0, -3.0]
    """
    if not isinstance(figures, ServiceFigures):
        raise TypeError(f"figures must be a ServiceFigures; got {type(figures).__name__}")
    profile = ndti_profile(service_type, register)
    shares = figures.shares()
    counts = {
        "new_job": figures.new_jobs,
        "retained_job": figures.retained_jobs,
        "self_employed": figures.self_employed,
    }
    rows = []
    for key, label in OUTCOME_TYPES.items():
        share = shares[key]
        rows.append(
            {
                "outcome": label,
                "people": counts[key],
                "share": share,
                "ndti_share": profile.shares[key],
                "difference_points": (share - profile.shares[key]) * 100,
            }
        )
    return pd.DataFrame(rows)


def people_through_the_door(
    people: int = 100, service_type: str = "all", register: Register | None = None
) -> pd.DataFrame:
    """What NDTi's average rates mean for a number of people coming through the door.

    people x job outcome rate x each outcome's share, unrounded and rounded to whole
    people (halves up), as in NDTi's 'if 100 people came through the door'.

    Examples
    --------
    >>> people_through_the_door(100)["rounded"].tolist()
    [23, 14, 1]
    """
    people = v.count("people", people)
    profile = ndti_profile(service_type, register)
    rows = []
    for key, label in OUTCOME_TYPES.items():
        expected = people * profile.job_outcome_rate * profile.shares[key]
        rows.append(
            {
                "outcome": label,
                "job_outcome_rate": profile.job_outcome_rate,
                "share": profile.shares[key],
                "expected": expected,
                "rounded": _round_half_up(expected),
            }
        )
    return pd.DataFrame(rows)


def cost_per_job_from_averages(cost_per_person: float, job_outcome_rate: float) -> float:
    """Cost per person divided by the job outcome rate.

    For one service this *is* its cost per job outcome. Applied to averages across
    sites it gives neither the average cost per job outcome nor total cost / total jobs.

    Examples
    --------
    >>> round(cost_per_job_from_averages(1730, 0.38))
    4553
    """
    cost_per_person = v.non_negative("cost_per_person", cost_per_person)
    job_outcome_rate = v.share("job_outcome_rate", job_outcome_rate)
    if job_outcome_rate == 0:
        raise ValueError("job_outcome_rate must be greater than zero to divide by it; got 0")
    return cost_per_person / job_outcome_rate


def _pairs(numerators: Sequence[float], denominators: Sequence[float]) -> list[tuple]:
    for name, values in (("numerators", numerators), ("denominators", denominators)):
        if isinstance(values, (str, bytes, Mapping)) or not hasattr(values, "__iter__"):
            raise TypeError(
                "numerators and denominators must be sequences of numbers; "
                f"{name} is {type(values).__name__}"
            )
    nums, dens = list(numerators), list(denominators)
    if len(nums) != len(dens):
        raise ValueError(
            f"numerators and denominators must be the same length; got {len(nums)} and {len(dens)}"
        )
    if not nums:
        raise ValueError("numerators and denominators must not be empty")
    return [
        (v.non_negative(f"numerators[{i}]", n), v.positive(f"denominators[{i}]", d))
        for i, (n, d) in enumerate(zip(nums, dens, strict=True))
    ]


def mean_of_ratios(numerators: Sequence[float], denominators: Sequence[float]) -> float:
    """The average of each site's own ratio (how, we infer, NDTi's averages are made).

    Examples
    --------
    >>> mean_of_ratios([100, 100], [1, 4])
    62.5
    """
    pairs = _pairs(numerators, denominators)
    return sum(n / d for n, d in pairs) / len(pairs)


def ratio_of_totals(numerators: Sequence[float], denominators: Sequence[float]) -> float:
    """All sites' numerators added up, divided by all their denominators added up.

    Examples
    --------
    >>> ratio_of_totals([100, 100], [1, 4])
    40.0
    """
    pairs = _pairs(numerators, denominators)
    return sum(n for n, _ in pairs) / sum(d for _, d in pairs)
