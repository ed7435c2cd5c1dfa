"""Payment mechanisms, a Monte Carlo contract simulator, and creaming and parking.

Outcome-heavy contracts moved most of the financial risk of the MHEP social impact
bond onto small providers: commissioners paid 100% on outcomes, targets were set from
optimistic forecasts, and three of the four providers whose costs were analysed made a
loss :cite:`gadenne2020`. This module lets a commissioner see that risk before signing:

* :class:`PaymentMechanism` - a block payment plus tariffs per engagement, job start
  and sustainment (:meth:`PaymentMechanism.from_shares` sets tariffs from targets, as
  outcome contracts usually do);
* :class:`Delivery` - what the service is expected to achieve and what it costs, with
  uncertainty: volumes vary between contracts (a gamma multiplier) and month to month
  (Poisson), conversion rates vary between contracts (beta) and outcomes are binomial;
* :func:`simulate` / :func:`compare` - many simulated contracts, vectorised with numpy
  and seeded, so the same seed gives the same answer and every mechanism in a
  comparison sees the same simulated outcomes (common random numbers);
* :func:`creaming_table` and :func:`graduated_multiplier` - the margin a provider makes
  on an easier and a harder client, and the graduated tariff that removes the gap;
* :func:`unit_costs` and :func:`implied_from_unit_costs` - the MHEP unit-cost worked
  example (Table 7.1 of the evaluation).

Example
-------
>>> d = Delivery.defaults()
>>> mech = PaymentMechanism.from_shares("30% block", 400_000, 0.3, targets_from(d))
>>> round(mech.block_amount)
120000
>>> sim = simulate(d, mech, n=2000, seed=1)
>>> 0 <= sim.prob_loss <= 1
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd

from . import validation as v
from .evidence import Register, as_register
from .sizing import loaded_salary

__all__ = [
    "OUTCOMES",
    "MAX_MONTHS",
    "Targets",
    "PaymentMechanism",
    "Delivery",
    "OutcomeDraws",
    "ContractSimulation",
    "capacity_profile",
    "expected_outcomes",
    "targets_from",
    "simulate_outcomes",
    "simulate",
    "compare",
    "standard_mechanisms",
    "ClientGroup",
    "margin_per_client",
    "graduated_multiplier",
    "creaming_table",
    "conversion_rates",
    "unit_costs",
    "implied_from_unit_costs",
    "consistent_spend_range",
    "consistent_counts",
    "mhep_providers",
    "mhep_spend_tables",
    "between_provider_sd",
    "volume_forecast_sd",
    "targets_met_ratio",
]

OUTCOMES = ("engagement", "job_start", "sustainment")
"""The three outcomes a tariff can pay for, in the order a client reaches them."""

MAX_MONTHS = 240
"""Longest contract the simulator accepts (20 years)."""

MAX_SIMULATIONS = 1_000_000
"""Most simulated contracts :func:`simulate_outcomes` accepts in one run."""

_MAX_CELLS = 50_000_000
"""Most contract-months (simulations x months) held in one array (about 400 MB)."""

_NEGLIGIBLE = 1e-9
"""Spreads smaller than this are treated as no spread (avoids dividing by ~0)."""


def _instance(name: str, value: object, kind: type) -> object:
    """``value`` if it is a ``kind``, else a TypeError naming ``name``."""
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be a {kind.__name__}; got {type(value).__name__}")
    return value


def _flag(name: str, value: object) -> bool:
    """``value`` if it is True or False, else a TypeError naming ``name``."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {value!r} ({type(value).__name__})")
    return bool(value)


def _items(name: str, values: object) -> list:
    """The items of a list-like ``values`` (not text or a mapping), else a TypeError."""
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a list; got {type(values).__name__}")
    return list(values)


def _mechanisms(mechanisms: object) -> list[PaymentMechanism]:
    """A non-empty list of :class:`PaymentMechanism`, else an error naming ``mechanisms``."""
    items = _items("mechanisms", mechanisms)
    if not items:
        raise ValueError("mechanisms must list at least one PaymentMechanism")
    for i, m in enumerate(items):
        if not isinstance(m, PaymentMechanism):
            raise TypeError(
                f"mechanisms must hold PaymentMechanism objects; mechanisms[{i}] is "
                f"{type(m).__name__}"
            )
    return items


def _unit_cost_map(name: str, values: object) -> Mapping:
    """A non-empty mapping of outcome name to unit cost, else an error naming ``name``."""
    if not isinstance(values, Mapping):
        raise TypeError(
            f"{name} must be a mapping of outcome name to unit cost; got {type(values).__name__}"
        )
    if not values:
        raise ValueError(f"{name} must name at least one outcome")
    return values


def _weeks_to_months(weeks: float) -> int:
    """Whole months in which an outcome measured ``weeks`` after its start falls (rounded up)."""
    return int(math.ceil(weeks * 12 / 52 - 1e-9))


# --------------------------------------------------------------------------------------------
# Targets and payment mechanisms
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Targets:
    """Contracted targets over the whole contract (people).

    Examples
    --------
    >>> Targets(200, 60, 42).job_starts
    60.0
    """

    engagements: float
    job_starts: float
    sustainments: float

    def __post_init__(self) -> None:
        for name in ("engagements", "job_starts", "sustainments"):
            object.__setattr__(self, name, v.non_negative(name, getattr(self, name)))
        if self.job_starts > self.engagements + 1e-9:
            raise ValueError(
                f"job_starts ({self.job_starts:g}) cannot exceed engagements ({self.engagements:g})"
            )
        if self.sustainments > self.job_starts + 1e-9:
            raise ValueError(
                f"sustainments ({self.sustainments:g}) cannot exceed job_starts "
                f"({self.job_starts:g})"
            )

    def as_tuple(self) -> tuple[float, float, float]:
        """(engagements, job starts, sustainments)."""
        return (self.engagements, self.job_starts, self.sustainments)

    def scaled(self, factor: float) -> Targets:
        """Targets multiplied by ``factor`` (e.g. 1.4 for targets 40% above expectation).

        Examples
        --------
        >>> Targets(100, 30, 20).scaled(1.5).engagements
        150.0
        """
        factor = v.non_negative("factor", factor)
        return Targets(*(x * factor for x in self.as_tuple()))


@dataclass(frozen=True)
class PaymentMechanism:
    """How a provider is paid: a block amount plus a tariff for each outcome.

    Parameters
    ----------
    name : str
        Label for tables and figures.
    block_amount : float
        Paid whatever happens, in equal monthly instalments over the contract (GBP).
    tariff_engagement, tariff_job_start, tariff_sustainment : float
        Paid for each engagement, job start and sustained job (GBP each, zero or more).
    cap : float or None, default None
        Most the commissioner will pay in total (block plus outcomes), usually the
        contract value; ``None`` for no cap.

    Examples
    --------
    >>> m = PaymentMechanism("tariffs", 0, 500, 1500, 1000)
    >>> m.payment(100, 30, 20)
    115000.0
    >>> PaymentMechanism("bad", 0, -1, 0, 0)
    Traceback (most recent call last):
    ...
    ValueError: tariff_engagement must be zero or more; got -1
    """

    name: str
    block_amount: float
    tariff_engagement: float
    tariff_job_start: float
    tariff_sustainment: float
    cap: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("name must be a non-empty label for the mechanism")
        for f in ("block_amount", "tariff_engagement", "tariff_job_start", "tariff_sustainment"):
            object.__setattr__(self, f, v.non_negative(f, getattr(self, f)))
        if self.cap is not None:
            object.__setattr__(self, "cap", v.non_negative("cap", self.cap))
            if self.block_amount > self.cap + 1e-6:
                raise ValueError(
                    f"block_amount ({self.block_amount:,.0f}) cannot exceed the cap "
                    f"({self.cap:,.0f})"
                )

    @classmethod
    def from_shares(
        cls,
        name: str,
        contract_value: float,
        block_share: float,
        targets: Targets,
        weights: Sequence[float] = (1.0, 1.0, 1.0),
        cap: bool = True,
    ) -> PaymentMechanism:
        """A mechanism that pays exactly ``contract_value`` if every target is met.

        ``block_share`` of the value is a block payment; the rest (the outcome pot) is
        split between engagement, job start and sustainment payments in proportion to
        ``weights``, and each tariff is its part of the pot divided by its target. This is
        how outcome contracts usually set prices, which is why missing optimistic targets
        cuts the provider's income :cite:`gadenne2020`.

        Parameters
        ----------
        name : str
        contract_value : float
            What the commissioner expects to pay in total (GBP, zero or more).
        block_share : float
            Share of the contract value paid as a block (0 to 1).
        targets : Targets
        weights : three numbers, default (1, 1, 1)
            Relative weight of engagement, job start and sustainment payments in the
            outcome pot (zero or more; scaled to add up to 1).
        cap : bool, default True
            Whether total payments are capped at the contract value.

        Examples
        --------
        >>> m = PaymentMechanism.from_shares("x", 300_000, 0.3, Targets(200, 60, 40), (1, 1, 0))
        >>> round(m.tariff_engagement), round(m.tariff_job_start), m.tariff_sustainment
        (525, 1750, 0.0)
        >>> PaymentMechanism.from_shares("x", 300_000, 1.2, Targets(200, 60, 40))
        Traceback (most recent call last):
        ...
        ValueError: block_share must be a share between 0 and 1 (e.g. 0.3 for 30%); got 1.2
        """
        value = v.non_negative("contract_value", contract_value)
        share = v.share("block_share", block_share)
        if not isinstance(targets, Targets):
            raise TypeError(f"targets must be a Targets; got {type(targets).__name__}")
        w = _weights(weights, required=share < 1)
        cap = _flag("cap", cap)
        pot = value * (1 - share)
        tariffs = []
        for outcome, weight, target in zip(OUTCOMES, w, targets.as_tuple(), strict=True):
            if weight > 0 and pot > 0 and target <= 0:
                raise ValueError(
                    f"the {outcome} target must be greater than zero when {outcome} "
                    "payments carry weight (a tariff is its share of the pot / its target)"
                )
            tariffs.append(pot * weight / target if weight > 0 and pot > 0 else 0.0)
        return cls(name, value * share, *tariffs, cap=value if cap else None)

    def tariffs(self) -> dict[str, float]:
        """Tariff per outcome (GBP each)."""
        return dict(
            zip(
                OUTCOMES,
                (self.tariff_engagement, self.tariff_job_start, self.tariff_sustainment),
                strict=True,
            )
        )

    def payment(self, engagements: float, job_starts: float, sustainments: float) -> float:
        """Total paid for these outcome counts (block included, cap applied).

        Examples
        --------
        >>> PaymentMechanism("m", 100, 10, 0, 0, cap=500).payment(100, 0, 0)
        500.0
        """
        total = (
            self.block_amount
            + self.tariff_engagement * v.non_negative("engagements", engagements)
            + self.tariff_job_start * v.non_negative("job_starts", job_starts)
            + self.tariff_sustainment * v.non_negative("sustainments", sustainments)
        )
        return min(total, self.cap) if self.cap is not None else total


def _weights(weights: Sequence[float], required: bool = True) -> tuple[float, float, float]:
    if isinstance(weights, (str, bytes)) or not isinstance(weights, Sequence) or len(weights) != 3:
        raise TypeError("weights must be three numbers: engagement, job start, sustainment")
    w = [v.non_negative(f"weights[{o}]", x) for o, x in zip(OUTCOMES, weights, strict=True)]
    total = sum(w)
    if total == 0:
        if required:
            raise ValueError(
                "weights must not all be zero when part of the contract is paid on outcomes"
            )
        return (0.0, 0.0, 0.0)
    return tuple(x / total for x in w)  # type: ignore[return-value]


# --------------------------------------------------------------------------------------------
# Delivery assumptions
# --------------------------------------------------------------------------------------------
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
    >>> d = Delivery.defaults()
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

    @classmethod
    def defaults(cls, register: Register | None = None) -> Delivery:
        """A small IPS team, priced and staffed from the evidence register.

        * length: the Whitworth guide's minimum of three years; ramp-up: the midpoint of
          its 6 to 18 months for a new service (derived);
        * volume: the Fair Start Scotland team per lot (2 specialists) working with 40
          clients each a year (derived: 80 a year);
        * rates and their spread: the MHEP funnel (30.6% of engagements start a job, 70%
          of starts sustained to six weeks) and the spread between its five providers
          (derived from Table 4.1); volume spread from how far each provider's
          engagements fell short of or beat its target (derived from Table 6.1, see
          :func:`volume_forecast_sd`); months to a job start: about four
          (section 3.4); six weeks to the sustainment outcome (rounded up to 2 months);
        * costs: 2 specialists and 2/6 of a team leader at IPS Grow salaries, on-costs
          and overheads (derived).

        Examples
        --------
        >>> round(Delivery.defaults().engagements_per_month, 2)
        6.67
        """
        r = as_register(register)
        es = r.value("fss.lot_es")
        ramp = round(
            (r.value("whitworth.ramp_months.min") + r.value("whitworth.ramp_months.max")) / 2
        )
        ni, thr, pen = (
            r.value("ipsgrow.employer_ni.rate"),
            r.value("ipsgrow.employer_ni.threshold_monthly"),
            r.value("ipsgrow.pension.rate"),
        )
        staff = es * loaded_salary(r.value("ipsgrow.salary.es"), ni, thr, pen) + (
            es / r.value("ipsgrow.es_per_team_leader")
        ) * loaded_salary(r.value("ipsgrow.salary.team_leader"), ni, thr, pen)
        providers = mhep_providers(r)
        return cls(
            months=int(r.value("whitworth.contract_years.min") * 12),
            engagements_per_month=es * r.value("fss.clients_per_es_per_year") / 12,
            ramp_months=int(ramp),
            job_start_rate=r.value("mhep.job_start_rate_published"),
            job_start_rate_sd=between_provider_sd(
                providers["job_starts"], providers["engagements"]
            ),
            sustain_rate=r.value("mhep.six_week_of_starts_published"),
            sustain_rate_sd=between_provider_sd(providers["six_week"], providers["job_starts"]),
            volume_sd=volume_forecast_sd(r),
            months_to_job_start=int(r.value("mhep.months_to_job.typical")),
            months_to_sustainment=_weeks_to_months(r.value("mhep.sustainment_weeks")),
            cost_per_month=staff * (1 + r.value("ipsgrow.overheads.rate")) / 12,
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
    >>> capacity_profile(Delivery.defaults().with_changes(months=6, ramp_months=4,
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
    >>> e = expected_outcomes(Delivery.defaults())
    >>> round(e.engagements), round(e.job_starts), round(e.sustainments)
    (203, 54, 35)
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
    >>> round(targets_from(Delivery.defaults(), 1.5).engagements)
    305
    """
    _instance("delivery", delivery, Delivery)
    return expected_outcomes(delivery).scaled(v.non_negative("ratio", ratio))


# --------------------------------------------------------------------------------------------
# Simulation
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OutcomeDraws:
    """Simulated outcomes of ``n`` contracts.

    ``counts`` has one row per contract and six columns: engagements made early enough
    to be sustained within the contract, engagements that can only become job starts,
    engagements too late to convert, job starts from the first and the second group, and
    sustainments. ``profiles`` (6 x months) places each count in the months it happens.
    """

    delivery: Delivery
    counts: np.ndarray
    profiles: np.ndarray
    seed: int

    @property
    def n(self) -> int:
        """Number of simulated contracts."""
        return int(self.counts.shape[0])

    def totals(self) -> np.ndarray:
        """Engagements, job starts and sustainments over the contract: shape (n, 3)."""
        c = self.counts
        return np.stack([c[:, 0] + c[:, 1] + c[:, 2], c[:, 3] + c[:, 4], c[:, 5]], axis=1)

    def monthly(self, outcome: str) -> np.ndarray:
        """Outcomes by the month they are achieved: shape (n, months).

        Examples
        --------
        >>> draws = simulate_outcomes(Delivery.defaults(), n=10, seed=1)
        >>> bool(np.allclose(draws.monthly("engagement").sum(1), draws.totals()[:, 0]))
        True
        """
        columns = {"engagement": [0, 1, 2], "job_start": [3, 4], "sustainment": [5]}
        cols = columns[v.choice("outcome", outcome, OUTCOMES)]
        return _product(self.counts[:, cols], self.profiles[cols])

    @cached_property
    def counts_and_one(self) -> np.ndarray:
        """``counts`` with a seventh column of ones (for payments that come whatever
        happens, such as a block payment)."""
        out = np.column_stack([self.counts, np.ones(self.n)])
        out.flags.writeable = False
        return out

    @cached_property
    def cumulative_cost(self) -> np.ndarray:
        """The provider's costs to the end of each month, up to the last payment: (n, months).

        Fixed costs a month plus the cost of each engagement made so far; the same whatever
        the payment mechanism, so several mechanisms share one calculation.

        Examples
        --------
        >>> d = Delivery.defaults()
        >>> draws = simulate_outcomes(d, n=10, seed=1)
        >>> bool(np.allclose(draws.cumulative_cost[:, 0], d.cost_per_month
        ...      + d.cost_per_engagement * draws.monthly("engagement")[:, 0]))
        True
        """
        d = self.delivery
        T = d.months
        length = T + d.payment_lag_months
        months = np.minimum(np.arange(1, length + 1), T)
        cost = np.broadcast_to(d.cost_per_month * months, (self.n, length)).copy(order="F")
        if d.cost_per_engagement:
            per_engagement = np.zeros((6, length))
            per_engagement[:3, :T] = np.cumsum(self.profiles[:3], axis=1)
            per_engagement[:3, T:] = per_engagement[:3, T - 1 : T]
            cost += d.cost_per_engagement * _product(self.counts, per_engagement)
        cost.flags.writeable = False
        return cost


def _percentiles(x: np.ndarray, qs: Sequence[float]) -> list[float]:
    """``np.percentile(x, qs)`` for a 1-D array without NaN: the same numbers (linear
    interpolation, computed as numpy does), from one partial sort with less overhead.

    Examples
    --------
    >>> x = np.random.default_rng(0).normal(size=1001)
    >>> _percentiles(x, (5, 50, 95)) == [float(p) for p in np.percentile(x, (5, 50, 95))]
    True
    """
    last = x.size - 1
    places = [last * (q / 100) for q in qs]
    below = [math.floor(p) for p in places]
    part = np.partition(x, sorted({*below, *(min(b + 1, last) for b in below)}))
    out = []
    for place, b in zip(places, below, strict=True):
        low, high, t = float(part[b]), float(part[min(b + 1, last)]), place - b
        diff = high - low
        out.append(high - diff * (1 - t) if t >= 0.5 else low + diff * t)
    return out


def _product(counts: np.ndarray, profiles: np.ndarray) -> np.ndarray:
    """counts (n, k) times profiles (k, m): an (n, m) array stored month by month.

    Each month's n values sit together in memory (a Fortran-order array), so the sum runs
    along the contracts: twice as fast as the row-by-row product, and without BLAS, whose
    threads made timings unsteady on a busy machine.
    """
    return np.einsum("jl,jn->ln", profiles, np.ascontiguousarray(counts.T)).T


def _beta(rng: np.random.Generator, mean: float, sd: float, n: int) -> np.ndarray:
    if sd < _NEGLIGIBLE or mean in (0.0, 1.0):
        return np.full(n, mean)
    k = mean * (1 - mean) / sd**2 - 1
    return rng.beta(mean * k, (1 - mean) * k, n)


def _profiles(delivery: Delivery) -> tuple[np.ndarray, np.ndarray]:
    """Expected engagements in each segment, and the 6 x months timing profiles."""
    d = delivery
    T, a, b = d.months, d.months_to_job_start, d.months_to_sustainment
    lam = d.engagements_per_month * capacity_profile(d)
    bounds = ((0, T - a - b), (T - a - b, T - a), (T - a, T))
    expected = np.array([lam[lo:hi].sum() for lo, hi in bounds])
    profiles = np.zeros((6, T))
    for row, (lo, hi) in enumerate(bounds):
        if expected[row] > 0:
            profiles[row, lo:hi] = lam[lo:hi] / expected[row]
    profiles[3, a:] = profiles[0, : T - a]
    profiles[4, a:] = profiles[1, : T - a]
    profiles[5, a + b :] = profiles[0, : T - a - b]
    return expected, profiles


def simulate_outcomes(delivery: Delivery, n: int = 10_000, seed: int = 0) -> OutcomeDraws:
    """Draw ``n`` contracts' outcomes (seeded, reproducible, vectorised).

    For each contract a volume multiplier (gamma, mean 1, relative sd ``volume_sd``), a
    job-start rate and a sustainment rate (beta) are drawn. Engagements are Poisson
    around the ramp-up profile, split into those made early enough to be sustained
    within the contract, those that can still become job starts, and those too late to
    convert; job starts are binomial on the first two, sustainments binomial on job
    starts from the first (drawn exactly, by splitting one Poisson draw). Within a
    contract, outcomes arrive month by month in line with the ramp-up profile (shifted by
    the months to a job start and to sustainment).

    Examples
    --------
    >>> draws = simulate_outcomes(Delivery.defaults(), n=500, seed=3)
    >>> draws.totals().shape
    (500, 3)
    >>> t = draws.totals()
    >>> bool((t[:, 1] <= t[:, 0]).all() and (t[:, 2] <= t[:, 1]).all())
    True
    """
    _instance("delivery", delivery, Delivery)
    n = v.positive_count("n", n)
    length = delivery.months + delivery.payment_lag_months
    limit = min(MAX_SIMULATIONS, _MAX_CELLS // length)
    if n > limit:
        raise ValueError(
            f"n must be at most {limit:,} simulated contracts for a {length}-month run "
            f"(more would exhaust memory); got {n:,}"
        )
    seed = v.count("seed", seed)
    return _draw_outcomes(delivery, n, seed)


@lru_cache(maxsize=4)
def _draw_outcomes(d: Delivery, n: int, seed: int) -> OutcomeDraws:
    # Memoised: the same delivery, n and seed always give the same draws, so a live
    # calculator whose payment terms change (not the delivery) reuses them. The arrays
    # are read-only, so no caller can change what the next one gets.
    rng = np.random.default_rng(seed)
    if d.volume_sd >= _NEGLIGIBLE:
        shape = 1 / d.volume_sd**2
        volume = rng.gamma(shape, 1 / shape, n)
    else:
        volume = np.ones(n)
    p = _beta(rng, d.job_start_rate, d.job_start_rate_sd, n)
    q = _beta(rng, d.sustain_rate, d.sustain_rate_sd, n)
    expected, profiles = _profiles(d)
    # Poisson splitting: a binomial share of a Poisson count is itself Poisson and
    # independent of the rest, so one Poisson draw gives every count exactly:
    # sustained, started but not sustained and not started (early engagements);
    # started and not started (later engagements); too late to convert.
    early, later, late = (volume * x for x in expected)
    rates = np.column_stack(
        [early * p * q, early * p * (1 - q), early * (1 - p), later * p, later * (1 - p), late]
    )
    x = rng.poisson(rates).astype(float)
    counts = np.empty_like(x)
    counts[:, 0] = x[:, 0] + x[:, 1] + x[:, 2]  # engagements early enough to be sustained
    counts[:, 1] = x[:, 3] + x[:, 4]  # engagements that can still start a job
    counts[:, 2] = x[:, 5]  # engagements too late to convert
    counts[:, 3] = x[:, 0] + x[:, 1]  # job starts from the first group
    counts[:, 4] = x[:, 3]  # job starts from the second group
    counts[:, 5] = x[:, 0]  # sustainments
    for array in (counts, profiles):
        array.flags.writeable = False
    return OutcomeDraws(d, counts, profiles, seed)


@dataclass(frozen=True)
class ContractSimulation:
    """Simulated contracts under one payment mechanism (arrays have one row per contract).

    ``income`` is the provider's income and the commissioner's spend (the same money);
    ``peak_working_capital`` the most the provider is out of pocket at any month end (zero
    or more); :attr:`cash` the cumulative cash position month by month, worked out from
    ``draws`` when first asked for (only the cash-flow chart needs it).
    """

    mechanism: PaymentMechanism
    delivery: Delivery
    outcomes: np.ndarray
    income: np.ndarray
    cost: np.ndarray
    peak_working_capital: np.ndarray = field(repr=False)
    draws: OutcomeDraws = field(repr=False)

    @cached_property
    def cash(self) -> np.ndarray:
        """The provider's cumulative cash position at the end of each month (GBP), from
        month 1 to the month the last payment arrives: shape (n, months)."""
        return _payments(self.draws, self.mechanism) - self.draws.cumulative_cost

    @property
    def n(self) -> int:
        """Number of simulated contracts."""
        return int(self.income.shape[0])

    @property
    def margin(self) -> np.ndarray:
        """Income minus cost for each contract (GBP)."""
        return self.income - self.cost

    @property
    def prob_loss(self) -> float:
        """Share of simulated contracts on which the provider loses money."""
        return float(np.mean(self.margin < -0.005))

    @property
    def commissioner_spend(self) -> np.ndarray:
        """What the commissioner pays on each contract (GBP)."""
        return self.income

    def cost_per(self, outcome: str) -> np.ndarray:
        """Commissioner's spend per engagement, job start or sustainment (NaN if none)."""
        column = OUTCOMES.index(v.choice("outcome", outcome, OUTCOMES))
        count = self.outcomes[:, column]
        return np.divide(self.income, count, out=np.full(self.n, np.nan), where=count > 0)

    def summary(self) -> dict[str, float]:
        """Headline figures for the provider and the commissioner (worked out once).

        Examples
        --------
        >>> d = Delivery.defaults()
        >>> s = simulate(d, PaymentMechanism("block", 400_000, 0, 0, 0), n=100).summary()
        >>> s["prob_loss"], s["spend_sd"]
        (0.0, 0.0)
        """
        return dict(self._summary)

    @cached_property
    def _summary(self) -> dict[str, float]:
        m, spend = self.margin, self.income
        margin_p5, margin_p50, margin_p95 = _percentiles(m, (5, 50, 95))
        capital_p50, capital_p95 = _percentiles(self.peak_working_capital, (50, 95))
        spend_p5, spend_p95 = _percentiles(spend, (5, 95))
        per_start = self.cost_per("job_start")
        per_start = per_start[np.isfinite(per_start)]
        start_p50, start_p5, start_p95 = (
            _percentiles(per_start, (50, 5, 95)) if per_start.size else [math.nan] * 3
        )
        return {
            "mean_income": float(spend.mean()),
            "mean_margin": float(m.mean()),
            "median_margin": float(margin_p50),
            "margin_p5": float(margin_p5),
            "margin_p95": float(margin_p95),
            "prob_loss": self.prob_loss,
            "working_capital_median": float(capital_p50),
            "working_capital_p95": float(capital_p95),
            "mean_spend": float(spend.mean()),
            "spend_sd": float(spend.std()),
            "spend_p5": float(spend_p5),
            "spend_p95": float(spend_p95),
            "cost_per_job_start_median": float(start_p50),
            "cost_per_job_start_p5": float(start_p5),
            "cost_per_job_start_p95": float(start_p95),
            "mean_job_starts": float(self.outcomes[:, 1].mean()),
        }

    def cash_percentiles(self, percentiles: Sequence[float] = (5, 50, 95)) -> pd.DataFrame:
        """Cumulative cash position by month at the given percentiles (GBP)."""
        values = np.percentile(self.cash.T, list(percentiles), axis=1)  # month by month
        df = pd.DataFrame(values.T, columns=[f"p{int(p)}" for p in percentiles])
        df.insert(0, "month", np.arange(1, self.cash.shape[1] + 1))
        return df


def _payments(draws: OutcomeDraws, mechanism: PaymentMechanism) -> np.ndarray:
    """Payments received so far at the end of each month: (n, months)."""
    d = draws.delivery
    T, lag = d.months, d.payment_lag_months
    length = T + lag
    tariffs = np.array(
        [mechanism.tariff_engagement] * 3
        + [mechanism.tariff_job_start] * 2
        + [mechanism.tariff_sustainment]
    )
    # one product for outcome payments and the block: a seventh "count" of one per
    # contract is paid the block month by month
    paid = np.zeros((7, length))
    paid[:6, lag:] = np.cumsum(draws.profiles, axis=1) * tariffs[:, None]
    paid[6] = mechanism.block_amount * np.minimum(np.arange(1, length + 1), T) / T
    pay = _product(draws.counts_and_one, paid)
    if mechanism.cap is not None:
        np.minimum(pay, mechanism.cap, out=pay)
    return pay


def _apply(draws: OutcomeDraws, mechanism: PaymentMechanism) -> ContractSimulation:
    cash = _payments(draws, mechanism)
    income = cash[:, -1].copy()
    cash -= draws.cumulative_cost
    return ContractSimulation(
        mechanism=mechanism,
        delivery=draws.delivery,
        outcomes=draws.totals(),
        income=income,
        cost=income - cash[:, -1],
        peak_working_capital=np.maximum(0.0, -cash.min(axis=1)),
        draws=draws,
    )


def simulate(
    delivery: Delivery, mechanism: PaymentMechanism, n: int = 10_000, seed: int = 0
) -> ContractSimulation:
    """Simulate ``n`` contracts under one payment mechanism.

    Parameters
    ----------
    delivery : Delivery
    mechanism : PaymentMechanism
    n : int, default 10,000
        Simulated contracts.
    seed : int, default 0
        Random seed: the same seed gives the same outcomes whatever the mechanism.

    Returns
    -------
    ContractSimulation

    Examples
    --------
    >>> d = Delivery.defaults()
    >>> m = PaymentMechanism.from_shares("all outcomes", 400_000, 0, targets_from(d))
    >>> s1, s2 = simulate(d, m, n=1000, seed=5), simulate(d, m, n=1000, seed=5)
    >>> bool((s1.income == s2.income).all())
    True
    """
    if not isinstance(mechanism, PaymentMechanism):
        raise TypeError(f"mechanism must be a PaymentMechanism; got {type(mechanism).__name__}")
    return _apply(simulate_outcomes(delivery, n, seed), mechanism)


def compare(
    delivery: Delivery,
    mechanisms: Sequence[PaymentMechanism],
    n: int = 10_000,
    seed: int = 0,
) -> tuple[pd.DataFrame, list[ContractSimulation]]:
    """Simulate several mechanisms on the same simulated outcomes, side by side.

    Returns
    -------
    (pandas.DataFrame, list of ContractSimulation)
        One row of :meth:`ContractSimulation.summary` per mechanism (column
        ``mechanism`` first), and the simulations themselves.

    Examples
    --------
    >>> d = Delivery.defaults()
    >>> table, sims = compare(d, standard_mechanisms(400_000, targets_from(d)), n=2000)
    >>> table["mechanism"].tolist()
    ['100% outcomes', '30% block, 70% outcomes', '70% block, 30% outcomes']
    """
    mechanisms = _mechanisms(mechanisms)
    draws = simulate_outcomes(delivery, n, seed)
    sims = [_apply(draws, m) for m in mechanisms]
    rows = [{"mechanism": m.name, **s.summary()} for m, s in zip(mechanisms, sims, strict=True)]
    return pd.DataFrame(rows), sims


def standard_mechanisms(
    contract_value: float,
    targets: Targets,
    block_shares: Sequence[float] | None = None,
    weights: Sequence[float] = (1.0, 1.0, 1.0),
    cap: bool = True,
    register: Register | None = None,
) -> list[PaymentMechanism]:
    """The three mechanisms the book compares, with tariffs set from ``targets``.

    By default: 100% on outcomes (MHEP commissioners' payments after their contracts were
    amended), a 30% block (the BASE/DWP Supported Employment proof of concept's service
    fee, as in the Work and Health Programme's delivery fee) and a 70% block (30% on
    outcomes, the top of the 5% to 30% a commissioner called typical in NHS mental health
    contracts) :cite:`gadenne2020`.

    Examples
    --------
    >>> [round(m.block_amount) for m in standard_mechanisms(100, Targets(10, 3, 2))]
    [0, 30, 70]
    """
    r = as_register(register)
    cap = _flag("cap", cap)
    if block_shares is None:
        block_shares = (
            1 - r.value("mhep.commissioner_outcome_share"),
            r.value("payments.base_poc.service_fee_share"),
            1 - r.value("mhep.nhs_outcome_share_typical.max"),
        )
    else:
        block_shares = _items("block_shares", block_shares)
        if not block_shares:
            raise ValueError("block_shares must list at least one share")
    out = []
    for i, share in enumerate(block_shares):
        share = v.share(f"block_shares[{i}]", share)
        if share == 0:
            name = "100% outcomes"
        elif share == 1:
            name = "100% block"
        else:
            name = f"{share * 100:.0f}% block, {(1 - share) * 100:.0f}% outcomes"
        out.append(PaymentMechanism.from_shares(name, contract_value, share, targets, weights, cap))
    return out


# --------------------------------------------------------------------------------------------
# Creaming and parking
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClientGroup:
    """A group of clients: their chances and what supporting each one costs.

    Examples
    --------
    >>> ClientGroup("harder", 0.2, 0.7, 2500).job_start_rate
    0.2
    """

    name: str
    job_start_rate: float
    sustain_rate: float
    support_cost: float

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("name must be a non-empty label for the group")
        object.__setattr__(self, "job_start_rate", v.share("job_start_rate", self.job_start_rate))
        object.__setattr__(self, "sustain_rate", v.share("sustain_rate", self.sustain_rate))
        object.__setattr__(self, "support_cost", v.non_negative("support_cost", self.support_cost))

    def outcome_income(self, mechanism: PaymentMechanism) -> float:
        """Expected outcome payments for one client of this group (GBP)."""
        return (
            mechanism.tariff_engagement
            + mechanism.tariff_job_start * self.job_start_rate
            + mechanism.tariff_sustainment * self.job_start_rate * self.sustain_rate
        )


def margin_per_client(
    mechanism: PaymentMechanism, group: ClientGroup, planned_clients: float
) -> float:
    """Expected margin on one client: block share per planned client + outcomes - cost.

    Examples
    --------
    >>> m = PaymentMechanism("m", 1000, 100, 1000, 0)
    >>> margin_per_client(m, ClientGroup("g", 0.5, 0.7, 400), planned_clients=10)
    300.0
    """
    _instance("mechanism", mechanism, PaymentMechanism)
    _instance("group", group, ClientGroup)
    planned = v.positive("planned_clients", planned_clients)
    return mechanism.block_amount / planned + group.outcome_income(mechanism) - group.support_cost


def graduated_multiplier(
    mechanism: PaymentMechanism, easier: ClientGroup, harder: ClientGroup
) -> float:
    """Multiplier on the harder group's tariffs that makes both groups equally profitable.

    Returns NaN when the mechanism has no outcome tariffs (nothing to graduate) or the
    harder group can earn none of them.

    Examples
    --------
    >>> m = PaymentMechanism("m", 0, 0, 1000, 0)
    >>> graduated_multiplier(m, ClientGroup("a", 0.4, 1, 0), ClientGroup("b", 0.2, 1, 0))
    2.0
    """
    _instance("mechanism", mechanism, PaymentMechanism)
    _instance("easier", easier, ClientGroup)
    _instance("harder", harder, ClientGroup)
    base = harder.outcome_income(mechanism)
    if base <= 0:
        return math.nan
    target = easier.outcome_income(mechanism) - easier.support_cost + harder.support_cost
    return max(0.0, target) / base


def creaming_table(
    mechanisms: Sequence[PaymentMechanism],
    easier: ClientGroup,
    harder: ClientGroup,
    planned_clients: float,
) -> pd.DataFrame:
    """Margin per client for each group under each mechanism, and the fixes.

    Columns: ``mechanism``, ``margin_easier``, ``margin_harder``, ``gap`` (easier minus
    harder: the incentive to cream), ``multiplier`` (graduated tariff for the harder group,
    NaN if none can work), ``graduated_job_start_tariff`` and ``supplement`` (a flat
    extra payment per harder client that closes the gap instead).

    Examples
    --------
    >>> m = [PaymentMechanism("outcomes", 0, 0, 1000, 0)]
    >>> t = creaming_table(m, ClientGroup("a", 0.4, 1, 100), ClientGroup("b", 0.2, 1, 100), 10)
    >>> t[["gap", "multiplier"]].values.tolist()
    [[200.0, 2.0]]
    """
    mechanisms = _mechanisms(mechanisms)
    _instance("easier", easier, ClientGroup)
    _instance("harder", harder, ClientGroup)
    v.positive("planned_clients", planned_clients)
    rows = []
    for m in mechanisms:
        a = margin_per_client(m, easier, planned_clients)
        b = margin_per_client(m, harder, planned_clients)
        g = graduated_multiplier(m, easier, harder)
        rows.append(
            {
                "mechanism": m.name,
                "margin_easier": a,
                "margin_harder": b,
                "gap": a - b,
                "multiplier": g,
                "graduated_job_start_tariff": m.tariff_job_start * g,
                "supplement": max(0.0, a - b),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# MHEP worked examples
# --------------------------------------------------------------------------------------------
def conversion_rates(engagements: float, job_starts: float, sustainments: float) -> dict:
    """Job-start and sustainment rates of a funnel.

    Examples
    --------
    >>> r = conversion_rates(1926, 590, 415)
    >>> round(r["job_start_rate"], 3), round(r["sustain_of_starts"], 3)
    (0.306, 0.703)
    """
    e = v.positive("engagements", engagements)
    j = v.non_negative("job_starts", job_starts)
    s = v.non_negative("sustainments", sustainments)
    if j > e:
        raise ValueError(f"job_starts ({j:g}) cannot exceed engagements ({e:g})")
    if s > j:
        raise ValueError(f"sustainments ({s:g}) cannot exceed job_starts ({j:g})")
    return {
        "job_start_rate": j / e,
        "sustain_of_starts": s / j if j else math.nan,
        "sustain_of_engagements": s / e,
    }


def unit_costs(
    total_cost: float, outcomes: Mapping[str, float], central_costs: float = 0.0
) -> dict[str, float]:
    """Cost per outcome, optionally with central (programme) costs added to the total.

    Examples
    --------
    >>> unit_costs(1000, {"job_start": 4}, central_costs=200)
    {'job_start': 300.0}
    """
    total = v.non_negative("total_cost", total_cost) + v.non_negative(
        "central_costs", central_costs
    )
    if not isinstance(outcomes, Mapping) or not outcomes:
        raise TypeError("outcomes must be a non-empty mapping of outcome name to count")
    return {k: total / v.positive(f"outcomes[{k!r}]", n) for k, n in outcomes.items()}


def implied_from_unit_costs(
    unit_excluding: Mapping[str, float],
    unit_including: Mapping[str, float],
    central_costs: float,
    precision: float = 100.0,
) -> pd.DataFrame:
    """Work back from published unit costs to the totals behind them.

    When a report gives unit costs with and without a known central cost ``C`` but not the
    totals, each pair implies the outcome count (``C / (with - without)``) and the
    provider spend (``without x count``). Because published figures are rounded (to
    ``precision``), each pair only pins spend down to a range; the ranges from all pairs
    must overlap if the table is consistent (see :func:`consistent_spend_range`).

    Returns
    -------
    pandas.DataFrame
        One row per outcome: ``outcome``, ``without``, ``with``, ``implied_count``,
        ``implied_spend``, ``spend_low``, ``spend_high``.

    Examples
    --------
    >>> df = implied_from_unit_costs({"job_start": 4400}, {"job_start": 5500}, 319_000)
    >>> round(df.loc[0, "implied_count"]), round(df.loc[0, "implied_spend"])
    (290, 1276000)
    """
    central = v.positive("central_costs", central_costs)
    half = v.non_negative("precision", precision) / 2
    unit_excluding = _unit_cost_map("unit_excluding", unit_excluding)
    unit_including = _unit_cost_map("unit_including", unit_including)
    if set(unit_excluding) != set(unit_including):
        raise ValueError("unit_excluding and unit_including must name the same outcomes")
    rows = []
    for k in unit_excluding:
        ex = v.positive(f"unit_excluding[{k!r}]", unit_excluding[k])
        inc = v.positive(f"unit_including[{k!r}]", unit_including[k])
        if inc <= ex:
            raise ValueError(f"unit_including[{k!r}] must be more than unit_excluding[{k!r}]")
        count = central / (inc - ex)
        low_ratio, high_ratio = (ex - half) / (inc + half), (ex + half) / (inc - half)
        high = central * high_ratio / (1 - high_ratio) if high_ratio < 1 else math.inf
        rows.append(
            {
                "outcome": k,
                "without": ex,
                "with": inc,
                "implied_count": count,
                "implied_spend": ex * count,
                "spend_low": central * low_ratio / (1 - low_ratio),
                "spend_high": high,
            }
        )
    return pd.DataFrame(rows)


def consistent_spend_range(implied: pd.DataFrame) -> tuple[float, float]:
    """The provider spend consistent with every row of :func:`implied_from_unit_costs`.

    Raises ValueError if the rows do not overlap (the published table is inconsistent).

    Examples
    --------
    >>> df = implied_from_unit_costs({"a": 1300, "b": 4400}, {"a": 1600, "b": 5500}, 319_000)
    >>> [round(x) for x in consistent_spend_range(df)]
    [1156375, 1419550]
    """
    if not isinstance(implied, pd.DataFrame):
        raise TypeError(
            f"implied must be the table from implied_from_unit_costs; got {type(implied).__name__}"
        )
    missing = [c for c in ("spend_low", "spend_high") if c not in implied.columns]
    if missing:
        raise ValueError(
            f"implied must have the columns spend_low and spend_high (from "
            f"implied_from_unit_costs); missing {', '.join(missing)}"
        )
    if implied.empty:
        raise ValueError("implied must have at least one row")
    low, high = float(implied["spend_low"].max()), float(implied["spend_high"].min())
    if low > high:
        raise ValueError("the unit costs do not imply one consistent total spend")
    return low, high


def consistent_counts(
    spend: float,
    unit_excluding: Mapping[str, float],
    unit_including: Mapping[str, float],
    central_costs: float,
    precision: float = 100.0,
) -> dict[str, tuple[int, int]]:
    """Whole outcome counts that reproduce both rounded unit costs at this total spend.

    A count ``N`` works if ``spend / N`` rounds to the published cost without central
    costs and ``(spend + central) / N`` to the published cost with them (each published
    to the nearest ``precision``, halves rounded up).

    Returns
    -------
    dict
        Outcome -> (fewest, most) whole counts that work.

    Raises
    ------
    ValueError
        If no whole count reproduces both figures for an outcome.

    Examples
    --------
    >>> consistent_counts(1_366_000, {"job_start": 4400}, {"job_start": 5500}, 319_000)
    {'job_start': (307, 309)}
    """
    spend = v.positive("spend", spend)
    central = v.non_negative("central_costs", central_costs)
    half = v.positive("precision", precision) / 2
    unit_excluding = _unit_cost_map("unit_excluding", unit_excluding)
    unit_including = _unit_cost_map("unit_including", unit_including)
    if set(unit_excluding) != set(unit_including):
        raise ValueError("unit_excluding and unit_including must name the same outcomes")
    out = {}
    for k in unit_excluding:
        ex = v.positive(f"unit_excluding[{k!r}]", unit_excluding[k])
        inc = v.positive(f"unit_including[{k!r}]", unit_including[k])
        # spend / N in [ex - half, ex + half)  <=>  N in (spend / (ex + half), spend / (ex - half)]
        low = max(spend / (ex + half), (spend + central) / (inc + half))
        high = min(
            spend / (ex - half) if ex > half else math.inf,
            (spend + central) / (inc - half) if inc > half else math.inf,
        )
        fewest, most = math.floor(low) + 1, math.floor(high)
        if fewest > most:
            raise ValueError(f"no whole number of {k} outcomes reproduces both unit costs")
        out[k] = (fewest, most)
    return out


def mhep_providers(register: Register | None = None) -> pd.DataFrame:
    """The MHEP funnel by provider (Table 4.1) with engagements per specialist (Table 4.2).

    Examples
    --------
    >>> int(mhep_providers()["engagements"].sum())
    1926
    """
    r = as_register(register)
    rows = []
    for i in range(1, 6):
        k = f"mhep.provider{i}"
        six_month = f"{k}.six_month"
        rows.append(
            {
                "provider": f"Provider {i}",
                "engagements": int(r.value(f"{k}.engagements")),
                "job_starts": int(r.value(f"{k}.job_starts")),
                "six_week": int(r.value(f"{k}.six_week")),
                "six_month": int(r.value(six_month)) if six_month in r else None,
                "engagements_per_es": r.value(f"{k}.engagements_per_es"),
            }
        )
    return pd.DataFrame(rows)


def volume_forecast_sd(register: Register | None = None) -> float:
    """Relative spread of actual engagements around their targets across MHEP providers.

    Table 6.1 of the evaluation gives each provider's spend per engagement actually made
    and per engagement had the target been met; on the same spend, their ratio
    (target unit cost / actual unit cost) is actual engagements / target engagements.
    Returns the standard deviation of that ratio divided by its mean (derived).

    Examples
    --------
    >>> round(volume_forecast_sd(), 3)
    0.344
    """
    r = as_register(register)
    ratios = np.array(
        [
            r.value(f"mhep.provider{i}.unit_cost.engaged.target")
            / r.value(f"mhep.provider{i}.unit_cost.engaged.actual")
            for i in range(1, 5)
        ]
    )
    return float(ratios.std(ddof=1) / ratios.mean())


def targets_met_ratio(outcome: str, register: Register | None = None) -> float:
    """Average actual outcomes as a share of target across MHEP providers (derived).

    From the average row of Table 6.1: spend per outcome had targets been met divided by
    spend per actual outcome.

    Examples
    --------
    >>> round(targets_met_ratio("job_start"), 3)
    0.705
    """
    r = as_register(register)
    key = {"engagement": "engagement", "job_start": "job_start", "sustainment": "six_week"}[
        v.choice("outcome", outcome, OUTCOMES)
    ]
    return r.value(f"mhep.unit_cost.spend.{key}.target") / r.value(
        f"mhep.unit_cost.spend.{key}.actual"
    )


def between_provider_sd(numerator: Sequence[float], denominator: Sequence[float]) -> float:
    """Sample standard deviation of a rate across providers (e.g. job starts / engagements).

    Examples
    --------
    >>> round(between_provider_sd([68, 196, 149, 31, 146], [156, 566, 535, 142, 527]), 3)
    0.083
    """
    num_items = _items("numerator", numerator)
    den_items = _items("denominator", denominator)
    if len(num_items) != len(den_items) or len(num_items) < 2:
        raise ValueError("numerator and denominator must be equal-length, with 2 or more items")
    num = np.array([v.non_negative(f"numerator[{i}]", x) for i, x in enumerate(num_items)])
    den = np.array([v.number(f"denominator[{i}]", x) for i, x in enumerate(den_items)])
    for i, x in enumerate(den):
        if x <= 0:
            raise ValueError(
                "denominator must be greater than zero for every provider; "
                f"denominator[{i}] is {x:g}"
            )
    return float(np.std(num / den, ddof=1))


def mhep_spend_tables(register: Register | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tables 8 and 9 of the MHEP evaluation: spend against the funding set aside.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        Co-commissioners by provider, and national top-up funders; columns ``funder``,
        ``spend``, ``contract_value``, ``share_spent`` (calculated).

    Examples
    --------
    >>> local, national = mhep_spend_tables()
    >>> round(float(local["spend"].sum() / local["contract_value"].sum()), 3)
    0.911
    """
    r = as_register(register)
    local = pd.DataFrame(
        [
            {
                "funder": f"Provider {i}",
                "spend": r.value(f"mhep.provider{i}.commissioner_spend"),
                "contract_value": r.value(f"mhep.provider{i}.contract_value"),
            }
            for i in range(1, 5)
        ]
    )
    national = pd.DataFrame(
        [
            {
                "funder": label,
                "spend": r.value(f"mhep.{key}.spend"),
                "contract_value": r.value(f"mhep.{key}.contract_value"),
            }
            for key, label in (
                ("sof", "Social Outcomes Fund"),
                ("cbo", "Commissioning Better Outcomes Fund"),
            )
        ]
    )
    for df in (local, national):
        df["share_spent"] = df["spend"] / df["contract_value"]
    return local, national
