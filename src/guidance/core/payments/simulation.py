"""A Monte Carlo contract simulator: many simulated contracts under each payment mechanism.

Volumes vary between contracts (a gamma multiplier) and month to month (Poisson),
conversion rates vary between contracts (beta) and outcomes are binomial. Runs are
vectorised with numpy and seeded, so the same seed gives the same answer and every
mechanism in a comparison sees the same simulated outcomes (common random numbers).

Example
-------
>>> from guidance.calculators.payment_simulator import delivery_inputs
>>> d = delivery_inputs()
>>> sim = simulate(d, PaymentMechanism("block", 400_000, 0, 0, 0), n=200, seed=1)
>>> sim.prob_loss
0.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd
from threadpoolctl import ThreadpoolController

from .. import validation as v
from .delivery import Delivery, capacity_profile
from .mechanisms import OUTCOMES, PaymentMechanism, _instance, _mechanisms

__all__ = [
    "MAX_SIMULATIONS",
    "OutcomeDraws",
    "ContractSimulation",
    "simulate_outcomes",
    "simulate",
    "compare",
]

MAX_SIMULATIONS = 1_000_000
"""Most simulated contracts :func:`simulate_outcomes` accepts in one run."""

_MAX_CELLS = 50_000_000
"""Most contract-months (simulations x months) held in one array (about 400 MB)."""

_NEGLIGIBLE = 1e-9
"""Spreads smaller than this are treated as no spread (avoids dividing by ~0)."""


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
        >>> from guidance.calculators.payment_simulator import delivery_inputs
        >>> draws = simulate_outcomes(delivery_inputs(), n=10, seed=1)
        >>> bool(np.allclose(draws.monthly("engagement").sum(1), draws.totals()[:, 0]))
        True
        """
        columns = {"engagement": [0, 1, 2], "job_start": [3, 4], "sustainment": [5]}
        cols = columns[v.choice("outcome", outcome, OUTCOMES)]
        return _product(np.ascontiguousarray(self.counts[:, cols].T), self.profiles[cols])

    @cached_property
    def _totals(self) -> np.ndarray:
        out = self.totals()
        out.flags.writeable = False
        return out

    @cached_property
    def counts_by_row(self) -> np.ndarray:
        """The six counts and a seventh row of ones (for payments that come whatever
        happens, such as a block payment), one row each: shape (7, n), each row contiguous.

        Any payment or cost that is an amount per outcome plus a fixed amount, month by
        month, is ``amounts.T @ counts_by_row`` for a (7, months) ``amounts`` (see
        :func:`_linear`).
        """
        out = np.empty((7, self.n))
        out[:6] = self.counts.T
        out[6] = 1.0
        out.flags.writeable = False
        return out

    def _so_far(self) -> np.ndarray:
        """Share of each count achieved by the end of each month: (6, months + lag)."""
        d = self.delivery
        T, lag = d.months, d.payment_lag_months
        out = np.empty((6, T + lag))
        out[:, :T] = np.cumsum(self.profiles, axis=1)
        out[:, T:] = out[:, T - 1 : T]
        return out

    def cost_amounts(self) -> np.ndarray:
        """The provider's costs to the end of each month, per count and fixed: (7, months).

        Row 6 (the fixed row) is ``cost_per_month`` x months so far (none after the
        contract ends); rows 0-2 are ``cost_per_engagement`` x the share of each group of
        engagements made so far. The same whatever the payment mechanism.
        """
        d = self.delivery
        T, lag = d.months, d.payment_lag_months
        out = np.zeros((7, T + lag))
        out[6] = d.cost_per_month * np.minimum(np.arange(1, T + lag + 1), T)
        if d.cost_per_engagement:
            out[:3] = d.cost_per_engagement * self._so_far()[:3]
        return out

    @cached_property
    def cumulative_cost(self) -> np.ndarray:
        """The provider's costs to the end of each month, up to the last payment: (n, months).

        Fixed costs a month plus the cost of each engagement made so far; the same whatever
        the payment mechanism, so several mechanisms share one calculation. Without a cost
        per engagement every contract's costs are the same: a read-only view of one row.

        Examples
        --------
        >>> from guidance.calculators.payment_simulator import delivery_inputs
        >>> d = delivery_inputs()
        >>> draws = simulate_outcomes(d, n=10, seed=1)
        >>> bool(np.allclose(draws.cumulative_cost[:, 0], d.cost_per_month
        ...      + d.cost_per_engagement * draws.monthly("engagement")[:, 0]))
        True
        """
        return np.broadcast_to(self._cost, (self.n, self._cost.shape[1]))

    @cached_property
    def _cost(self) -> np.ndarray:
        """:attr:`cumulative_cost` as :func:`_linear` gives it (one row if all the same)."""
        cost = _linear(self, self.cost_amounts())
        cost.flags.writeable = False
        return cost


def _linear(draws: OutcomeDraws, amounts: np.ndarray) -> np.ndarray:
    """Amounts per count (rows 0-5) plus a fixed amount (row 6), month by month, for
    each contract: ``counts @ amounts``, shape (n, months) stored month by month.

    Rows of ``amounts`` that are all zero are left out of the sum (adding zero changes
    nothing); if only the fixed row is left, every contract gets the same and the result
    has one row, (1, months), which broadcasts against the others.

    Examples
    --------
    >>> from guidance.calculators.payment_simulator import delivery_inputs
    >>> draws = simulate_outcomes(delivery_inputs(), n=4, seed=1)
    >>> fixed = np.zeros((7, 3)); fixed[6] = [1.0, 2.0, 3.0]
    >>> _linear(draws, fixed).tolist()
    [[1.0, 2.0, 3.0]]
    """
    used = np.flatnonzero(amounts[:6].any(axis=1))
    if used.size == 0:
        return amounts[6][None, :].copy()
    rows = np.append(used, 6) if amounts[6].any() else used
    counts = draws.counts_by_row if rows.size == 7 else draws.counts_by_row[rows]
    return _product(counts, amounts[rows])


def _percentiles(x: np.ndarray, qs: Sequence[float]) -> list[float]:
    """``np.percentile(x, qs)`` for a 1-D array without NaN: the same numbers (linear
    interpolation, computed as numpy does), from one partial sort with less overhead.

    Examples
    --------
    >>> x = np.random.default_rng(0).normal(size=1001)
    >>> _percentiles(x, (5, 50, 95)) == [float(p) for p in np.percentile(x, (5, 50, 95))]
    True
    """
    return [float(p) for p in _sorted_percentiles(_ordered_at(x, qs), qs)]


def _places(n: int, qs: Sequence[float]) -> list[int]:
    """The positions (in sorted order, of ``n`` values) that percentiles ``qs`` read.

    Examples
    --------
    >>> _places(11, (0, 50, 95))
    [0, 1, 5, 6, 9, 10]
    """
    last = n - 1
    places = set()
    for q in qs:
        b = math.floor(last * (q / 100))
        places.update((b, min(b + 1, last)))
    return sorted(places)


def _ordered_at(x: np.ndarray, qs: Sequence[float]) -> np.ndarray:
    """``x`` with, along its last axis, every position that percentiles ``qs`` read
    holding the value a full sort would put there (:func:`numpy.partition`): the same
    percentiles as from ``np.sort(x)``, for less work.

    Examples
    --------
    >>> x = np.random.default_rng(1).normal(size=(3, 101))
    >>> a, b = _ordered_at(x, (5, 50)), np.sort(x, axis=-1)
    >>> bool((a[..., _places(101, (5, 50))] == b[..., _places(101, (5, 50))]).all())
    True
    """
    n = x.shape[-1]
    return np.partition(x, _places(n, qs), axis=-1) if n > 1 else x


def _sorted_percentiles(ordered: np.ndarray, qs: Sequence[float]) -> list[np.ndarray]:
    """Percentiles ``qs`` along the last axis of ``ordered`` (sorted along it), by linear
    interpolation exactly as :func:`numpy.percentile` computes it.

    Examples
    --------
    >>> [p.tolist() for p in _sorted_percentiles(np.array([[1.0, 2.0, 4.0]]), (50, 75))]
    [[2.0], [3.0]]
    """
    last = ordered.shape[-1] - 1
    out = []
    for q in qs:
        place = last * (q / 100)
        b = math.floor(place)
        low, high, t = ordered[..., b], ordered[..., min(b + 1, last)], place - b
        diff = high - low
        out.append(high - diff * (1 - t) if t >= 0.5 else low + diff * t)
    return out


def _product(rows: np.ndarray, profiles: np.ndarray) -> np.ndarray:
    """rows (k, n) times profiles (k, m): the (n, m) array ``rows.T @ profiles``, stored
    month by month.

    One matrix product in the linear-algebra library (BLAS), held to one thread: each
    month's n values sit together in memory (a Fortran-order array, the transpose of
    ``profiles.T @ rows``). One thread is several times faster than numpy's own loop
    (``einsum``), and steadier than many threads when the cores are busy, as they are
    when a room of people use the app on one machine.

    Examples
    --------
    >>> _product(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0], [10.0]])).tolist()
    [[31.0], [42.0]]
    """
    with _blas_threads().limit(limits=1, user_api="blas"):
        return (profiles.T @ rows).T


@lru_cache(maxsize=1)
def _blas_threads() -> ThreadpoolController:
    """The process's thread pools (found once: looking them up takes longer than a product)."""
    return ThreadpoolController()


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
    >>> from guidance.calculators.payment_simulator import delivery_inputs
    >>> draws = simulate_outcomes(delivery_inputs(), n=500, seed=3)
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
    ``draws`` when first asked for (only the cash-flow chart needs it: kept for every
    mechanism, the months x contracts arrays would cost more to allocate than to redo).
    """

    mechanism: PaymentMechanism
    delivery: Delivery
    outcomes: np.ndarray
    income: np.ndarray
    cost: np.ndarray
    peak_working_capital: np.ndarray = field(repr=False)
    draws: OutcomeDraws = field(repr=False)

    @cached_property
    def _cash(self) -> np.ndarray:
        """:attr:`cash`, with one row if every contract's is the same."""
        cash, _ = _cash_and_income(self.draws, self.mechanism)
        cash.flags.writeable = False
        return cash

    @property
    def cash(self) -> np.ndarray:
        """The provider's cumulative cash position at the end of each month (GBP), from
        month 1 to the month the last payment arrives: shape (n, months), read-only."""
        return np.broadcast_to(self._cash, (self.n, self._cash.shape[1]))

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
        >>> from guidance.calculators.payment_simulator import delivery_inputs
        >>> d = delivery_inputs()
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
        """Cumulative cash position by month at the given percentiles (GBP).

        The same numbers as ``np.percentile(cash, percentiles, axis=0)``, from one partial
        sort of each month's positions (several percentiles at once, with less overhead).

        Examples
        --------
        >>> from guidance.core.payments import targets_from
        >>> from guidance.calculators.payment_simulator import delivery_inputs
        >>> d = delivery_inputs()
        >>> m = PaymentMechanism.from_shares("all outcomes", 400_000, 0, targets_from(d))
        >>> sim = simulate(d, m, n=500, seed=1)
        >>> bands = sim.cash_percentiles((5, 50))
        >>> bool((bands[["p5", "p50"]].to_numpy().T
        ...       == np.percentile(sim.cash, (5, 50), axis=0)).all())
        True
        """
        qs = [v.number(f"percentiles[{i}]", q) for i, q in enumerate(percentiles)]
        if not all(0 <= q <= 100 for q in qs):
            raise ValueError(f"percentiles must each be between 0 and 100; got {qs}")
        months = self._cash.T  # month by month, each month's contracts together
        values = _sorted_percentiles(_ordered_at(months, qs), qs)
        df = pd.DataFrame({f"p{int(q)}": x for q, x in zip(qs, values, strict=True)})
        df.insert(0, "month", np.arange(1, months.shape[0] + 1))
        return df


def _paid_amounts(draws: OutcomeDraws, mechanism: PaymentMechanism) -> np.ndarray:
    """What the mechanism has paid by the end of each month, per count and fixed, before
    any cap: (7, months), for :func:`_linear`.

    Tariffs times the share of each count achieved (paid ``payment_lag_months`` later);
    the block, in equal monthly parts, in the fixed row; and the share of costs reimbursed
    (see :func:`_claimed_costs`), which is itself so much per count and so much fixed.
    """
    d = draws.delivery
    T, lag = d.months, d.payment_lag_months
    length = T + lag
    tariffs = np.array(
        [mechanism.tariff_engagement] * 3
        + [mechanism.tariff_job_start] * 2
        + [mechanism.tariff_sustainment]
    )
    paid = np.zeros((7, length))
    if tariffs.any():
        paid[:6, lag:] = np.cumsum(draws.profiles, axis=1) * tariffs[:, None]
    paid[6] = mechanism.block_amount * np.minimum(np.arange(1, length + 1), T) / T
    if mechanism.cost_share:
        paid += mechanism.cost_share * _claimed_costs(draws, mechanism.claim_months)
    return paid


def _payments(draws: OutcomeDraws, mechanism: PaymentMechanism) -> np.ndarray:
    """Payments received so far at the end of each month: (n, months), or (1, months)
    where every contract is paid the same."""
    pay = _linear(draws, _paid_amounts(draws, mechanism))
    # payments only add up, so a contract's most is its last month's: cap only if needed
    if mechanism.cap is not None and pay[:, -1].max() > mechanism.cap:
        np.minimum(pay, mechanism.cap, out=pay)
    return pay


def _claimed_costs(draws: OutcomeDraws, claim_months: int) -> np.ndarray:
    """Costs paid back so far at the end of each month under claims in arrears, per count
    and fixed: (7, months) as :meth:`OutcomeDraws.cost_amounts`.

    Costs are claimed for each period of ``claim_months`` months (the last period ends
    with the contract) and each claim is paid ``payment_lag_months`` after its period
    ends. At the end of month ``m`` the provider has been paid the costs of every period
    ending by month ``m - lag``.

    Examples
    --------
    >>> from guidance.calculators.payment_simulator import delivery_inputs
    >>> d = delivery_inputs(months=12, ramp_months=1,
    ...     months_to_job_start=1, months_to_sustainment=1, cost_per_month=1000)
    >>> _claimed_costs(simulate_outcomes(d, n=1), 3)[6].tolist()
    [0.0, 0.0, 3000.0, 3000.0, 3000.0, 6000.0, 6000.0, 6000.0, 9000.0, 9000.0, 9000.0, 12000.0]
    """
    d = draws.delivery
    T, lag = d.months, d.payment_lag_months
    ended = np.arange(1, T + lag + 1) - lag  # months whose costs could be paid by now
    covered = np.where(ended >= T, T, np.maximum(ended, 0) // claim_months * claim_months)
    cost = draws.cost_amounts()
    out = np.zeros(cost.shape)
    paid = covered > 0
    out[:, paid] = cost[:, covered[paid] - 1]
    return out


def _cash_and_income(
    draws: OutcomeDraws, mechanism: PaymentMechanism
) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative cash position month by month (one row per contract, or one row if all
    the same) and each contract's income (n,)."""
    cash = _payments(draws, mechanism)
    income = np.broadcast_to(cash[:, -1], (draws.n,)).copy()
    cost = draws._cost
    if cash.shape[0] >= cost.shape[0]:
        cash -= cost
    else:
        cash = cash - cost
    return cash, income


def _apply(draws: OutcomeDraws, mechanism: PaymentMechanism) -> ContractSimulation:
    cash, income = _cash_and_income(draws, mechanism)
    n = draws.n
    income.flags.writeable = False
    return ContractSimulation(
        mechanism=mechanism,
        delivery=draws.delivery,
        outcomes=draws._totals,
        income=income,
        cost=income - np.broadcast_to(cash[:, -1], (n,)),
        peak_working_capital=np.broadcast_to(np.maximum(0.0, -cash.min(axis=1)), (n,)).copy(),
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
    >>> from guidance.core.payments import targets_from
    >>> from guidance.calculators.payment_simulator import delivery_inputs
    >>> d = delivery_inputs()
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
    >>> from guidance.core.payments import standard_mechanisms, targets_from
    >>> from guidance.calculators.payment_simulator import delivery_inputs
    >>> d = delivery_inputs()
    >>> mechanisms = standard_mechanisms(400_000, targets_from(d), (0, 0.3, 0.7))
    >>> table, sims = compare(d, mechanisms, n=2000)
    >>> table["mechanism"].tolist()
    ['100% outcomes', '30% block, 70% outcomes', '70% block, 30% outcomes']
    """
    mechanisms = _mechanisms(mechanisms)
    draws = simulate_outcomes(delivery, n, seed)
    sims = [_apply(draws, m) for m in mechanisms]
    rows = [{"mechanism": m.name, **s.summary()} for m, s in zip(mechanisms, sims, strict=True)]
    return pd.DataFrame(rows), sims
