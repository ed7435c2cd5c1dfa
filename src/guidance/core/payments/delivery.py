"""What a service is expected to deliver and cost, with its uncertainty.

:class:`Delivery` holds the assumptions as plain values (the simulator's defaults, from
the evidence register, are declared in its definition:
:func:`guidance.calculators.payment_simulator.delivery_inputs`);
:func:`expected_outcomes` and :func:`targets_from` turn them into the outcomes a contract
can expect and the targets it sets.

Example
-------
>>> from guidance.calculators.payment_simulator import delivery_inputs
>>> round(expected_outcomes(delivery_inputs()).engagements)
254
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace

import numpy as np

from .. import validation as v
from .mechanisms import Targets, _instance

__all__ = [
    "MAX_MONTHS",
    "MAX_TARGET_RATIO",
    "Delivery",
    "capacity_profile",
    "expected_outcomes",
    "targets_from",
]

MAX_MONTHS = 240
"""Longest contract the simulator accepts (20 years)."""

MAX_TARGET_RATIO = 5.0
"""Highest multiple of the expected delivery accepted as targets (a guard against typing
errors, not an evidence figure: MHEP's targets were about 1.4 times what was achieved)."""


@dataclass(frozen=True)
class Delivery:
    """What the service is expected to deliver and cost, with its uncertainty.

    Parameters
    ----------
    months : int
        Contract length (at least 1).
    engagements_per_month : float
        Expected engagements a month at full performance.
    ramp_months : int
        Month by which the service reaches full performance; volumes rise in a straight
        line from 1/``ramp_months`` in month 1 (1 = full performance from the start).
    job_start_rate, sustain_rate : float
        Expected share of engagements that start a job, and of job starts sustained.
    job_start_rate_sd, sustain_rate_sd : float
        Contract-to-contract standard deviation of those rates (shares; 0 = certain).
        Rates are drawn from a beta distribution with this mean and spread.
    volume_sd : float
        Contract-to-contract relative standard deviation of volumes (0 = Poisson
        variation only); volumes are multiplied by a gamma draw with mean 1.
    months_to_job_start : int
        Months from engagement to job start.
    months_to_sustainment : int
        Months from job start to the sustainment outcome.
    cost_per_month : float
        The provider's fixed costs a month (staff, premises), GBP.
    cost_per_engagement : float, default 0
        Extra cost for each engagement, GBP.
    payment_lag_months : int, default 0
        Months between an outcome and the provider receiving its payment (shorter than
        the contract).

    Examples
    --------
    >>> from guidance.calculators.payment_simulator import delivery_inputs
    >>> d = delivery_inputs()
    >>> d.months, d.ramp_months
    (36, 12)
    >>> d.with_changes(job_start_rate=1.5)
    Traceback (most recent call last):
    ...
    ValueError: job_start_rate must be a share between 0 and 1 (e.g. 0.3 for 30%); got 1.5
    """

    months: int
    engagements_per_month: float
    ramp_months: int
    job_start_rate: float
    job_start_rate_sd: float
    sustain_rate: float
    sustain_rate_sd: float
    volume_sd: float
    months_to_job_start: int
    months_to_sustainment: int
    cost_per_month: float
    cost_per_engagement: float = 0.0
    payment_lag_months: int = 0

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "months", v.positive_count("months", self.months))
        if self.months > MAX_MONTHS:
            raise ValueError(f"months must be at most {MAX_MONTHS} (20 years); got {self.months}")
        s(
            self,
            "engagements_per_month",
            v.non_negative("engagements_per_month", self.engagements_per_month),
        )
        s(self, "ramp_months", v.positive_count("ramp_months", self.ramp_months))
        for name in ("job_start_rate", "sustain_rate"):
            s(self, name, v.share(name, getattr(self, name)))
        for name, mean in (
            ("job_start_rate_sd", self.job_start_rate),
            ("sustain_rate_sd", self.sustain_rate),
        ):
            sd = v.non_negative(name, getattr(self, name))
            limit = math.sqrt(mean * (1 - mean))
            if sd > 0 and sd >= limit:
                raise ValueError(
                    f"{name} must be less than {limit:.3f} for a rate of {mean:g} "
                    f"(a rate between 0 and 1 cannot vary that much); got {sd:g}"
                )
            s(self, name, sd)
        s(self, "volume_sd", v.non_negative("volume_sd", self.volume_sd))
        for name in ("months_to_job_start", "months_to_sustainment", "payment_lag_months"):
            s(self, name, v.count(name, getattr(self, name)))
        if self.payment_lag_months >= self.months:
            raise ValueError(
                f"payment_lag_months ({self.payment_lag_months}) must be shorter than the "
                f"contract ({self.months} months)"
            )
        if self.months_to_job_start + self.months_to_sustainment >= self.months:
            raise ValueError(
                "months_to_job_start + months_to_sustainment "
                f"({self.months_to_job_start + self.months_to_sustainment}) must be shorter "
                f"than the contract ({self.months} months), or no outcome could be paid"
            )
        s(self, "cost_per_month", v.non_negative("cost_per_month", self.cost_per_month))
        s(
            self,
            "cost_per_engagement",
            v.non_negative("cost_per_engagement", self.cost_per_engagement),
        )

    def with_changes(self, **changes: object) -> Delivery:
        """A copy with some assumptions changed (validated again)."""
        unknown = set(changes) - set(self.__dataclass_fields__)
        if unknown:
            raise TypeError(f"unknown delivery assumption(s): {', '.join(sorted(unknown))}")
        return replace(self, **changes)

    def to_dict(self) -> dict[str, object]:
        """The assumptions as a plain dictionary."""
        return asdict(self)

    @property
    def total_cost_expected(self) -> float:
        """Expected provider cost over the contract (fixed plus expected variable)."""
        return self.cost_per_month * self.months + self.cost_per_engagement * float(
            capacity_profile(self).sum() * self.engagements_per_month
        )


def capacity_profile(delivery: Delivery) -> np.ndarray:
    """Share of full performance in each month (straight-line ramp-up, then 1).

    Examples
    --------
    >>> from guidance.calculators.payment_simulator import delivery_inputs
    >>> capacity_profile(delivery_inputs(months=6, ramp_months=4,
    ...     months_to_job_start=1, months_to_sustainment=1)).tolist()
    [0.25, 0.5, 0.75, 1.0, 1.0, 1.0]
    """
    _instance("delivery", delivery, Delivery)
    t = np.arange(1, delivery.months + 1, dtype=float)
    return np.minimum(1.0, t / delivery.ramp_months)


def expected_outcomes(delivery: Delivery) -> Targets:
    """Expected engagements, job starts and sustainments achieved within the contract.

    Engagements in the last ``months_to_job_start`` months cannot become job starts
    before the contract ends, and so on for sustainments.

    Examples
    --------
    >>> from guidance.calculators.payment_simulator import delivery_inputs
    >>> e = expected_outcomes(delivery_inputs())
    >>> round(e.engagements), round(e.job_starts), round(e.sustainments)
    (254, 68, 44)
    """
    _instance("delivery", delivery, Delivery)
    lam = delivery.engagements_per_month * capacity_profile(delivery)
    a, b = delivery.months_to_job_start, delivery.months_to_sustainment
    p, q = delivery.job_start_rate, delivery.sustain_rate
    return Targets(
        float(lam.sum()),
        float(p * lam[: delivery.months - a].sum()),
        float(p * q * lam[: delivery.months - a - b].sum()),
    )


def targets_from(delivery: Delivery, ratio: float = 1.0) -> Targets:
    """Targets set at ``ratio`` times the expected outcomes (1 = realistic targets).

    Examples
    --------
    >>> from guidance.calculators.payment_simulator import delivery_inputs
    >>> round(targets_from(delivery_inputs(), 1.5).engagements)
    381
    >>> targets_from(delivery_inputs(), 40)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: ratio (targets as a multiple of the expected delivery) must be at most 5, ...
    """
    _instance("delivery", delivery, Delivery)
    ratio = v.non_negative("ratio", ratio)
    if ratio > MAX_TARGET_RATIO:
        raise ValueError(
            "ratio (targets as a multiple of the expected delivery) must be at most "
            f"{MAX_TARGET_RATIO:g}, where 1 means realistic targets; got {ratio:g}"
        )
    return expected_outcomes(delivery).scaled(ratio)
