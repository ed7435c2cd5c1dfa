"""Targets and payment mechanisms: a block payment plus a tariff for each outcome.

:class:`PaymentMechanism` says how a provider is paid; :meth:`PaymentMechanism.from_shares`
sets its tariffs from targets, as outcome contracts usually do, and
:func:`standard_mechanisms` builds the three outcome-based mechanisms the book compares
and :meth:`PaymentMechanism.reimbursing_costs` the grant paid on evidenced costs.

Example
-------
>>> m = PaymentMechanism.from_shares("30% block", 400_000, 0.3, Targets(200, 60, 40))
>>> round(m.block_amount)
120000
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .. import validation as v

__all__ = ["OUTCOMES", "MAX_CLAIM_MONTHS", "Targets", "PaymentMechanism", "standard_mechanisms"]

OUTCOMES = ("engagement", "job_start", "sustainment")
"""The three outcomes a tariff can pay for, in the order a client reaches them."""

MAX_CLAIM_MONTHS = 12
"""Longest claim period for reimbursed costs (claims at least once a year)."""


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
        Most the commissioner will pay in total (block, outcomes and reimbursed costs),
        usually the contract or grant value; ``None`` for no cap.
    cost_share : float, default 0
        Share of the provider's evidenced costs the commissioner reimburses (0 to 1), as a
        grant paid on costs does (one Connect to Work area reimburses evidenced costs; 1 = all).
    claim_months : int, default 3
        Costs are claimed for periods of this many months (3 = quarterly) and each claim
        is paid in arrears, after its period ends (see :func:`guidance.core.payments.simulate`).

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
    cost_share: float = 0.0
    claim_months: int = 3

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("name must be a non-empty label for the mechanism")
        for f in ("block_amount", "tariff_engagement", "tariff_job_start", "tariff_sustainment"):
            object.__setattr__(self, f, v.non_negative(f, getattr(self, f)))
        object.__setattr__(self, "cost_share", v.share("cost_share", self.cost_share))
        months = v.positive_count("claim_months", self.claim_months)
        if months > MAX_CLAIM_MONTHS:
            raise ValueError(
                f"claim_months must be at most {MAX_CLAIM_MONTHS} (costs claimed at least once "
                f"a year); got {months}"
            )
        object.__setattr__(self, "claim_months", months)
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

    @classmethod
    def reimbursing_costs(
        cls,
        name: str,
        grant_value: float | None = None,
        cost_share: float = 1.0,
        claim_months: int = 3,
    ) -> PaymentMechanism:
        """A grant that reimburses evidenced costs in arrears, with no outcome payments.

        This is how one Connect to Work accountable body told its bidders it would pay:
        it reimburses the provider's evidenced costs quarterly in arrears, after a
        desk-based check, with no service or outcome fee :cite:`suffolk2025ctwqa` (how
        other areas pay is to confirm). The provider then carries no outcome
        risk, only the costs of each claim period until the claim is paid (its working
        capital) and any costs above ``grant_value``.

        Parameters
        ----------
        name : str
        grant_value : float or None, default None
            Most the grant pays over the contract (the cap); ``None`` for no cap.
        cost_share : float, default 1
            Share of evidenced costs reimbursed.
        claim_months : int, default 3
            Months in each claim period (3 = quarterly).

        Examples
        --------
        >>> m = PaymentMechanism.reimbursing_costs("grant", 400_000)
        >>> m.cost_share, m.claim_months, m.payment(100, 30, 20, costs=250_000)
        (1.0, 3, 250000.0)
        """
        return cls(name, 0.0, 0.0, 0.0, 0.0, grant_value, cost_share, claim_months)

    def tariffs(self) -> dict[str, float]:
        """Tariff per outcome (GBP each)."""
        return dict(
            zip(
                OUTCOMES,
                (self.tariff_engagement, self.tariff_job_start, self.tariff_sustainment),
                strict=True,
            )
        )

    def payment(
        self, engagements: float, job_starts: float, sustainments: float, costs: float = 0.0
    ) -> float:
        """Total paid for these outcome counts and evidenced ``costs`` (GBP), cap applied.

        Total = block + tariffs x outcomes + ``cost_share`` x costs, at most ``cap``.

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
            + self.cost_share * v.non_negative("costs", costs)
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


def standard_mechanisms(
    contract_value: float,
    targets: Targets,
    block_shares: Sequence[float],
    weights: Sequence[float] = (1.0, 1.0, 1.0),
    cap: bool = True,
) -> list[PaymentMechanism]:
    """Mechanisms paying these shares of the contract as a block and the rest on outcomes,
    with tariffs set from ``targets``, named by their shares.

    The three the book compares are the payment simulator's defaults
    (:func:`guidance.calculators.payment_simulator.standard_block_shares`).

    Examples
    --------
    >>> [m.name for m in standard_mechanisms(100, Targets(10, 3, 2), (0, 0.3))]
    ['100% outcomes', '30% block, 70% outcomes']
    """
    cap = _flag("cap", cap)
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
