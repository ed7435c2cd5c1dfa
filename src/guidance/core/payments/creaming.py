"""Creaming and parking: the margin on an easier and a harder client, and the fixes.

:func:`creaming_table` shows the gap in margin that tempts a provider to pick easier
clients; :func:`graduated_multiplier` gives the graduated tariff that removes it.

Example
-------
>>> m = PaymentMechanism("m", 0, 0, 1000, 0)
>>> graduated_multiplier(m, ClientGroup("a", 0.4, 1, 0), ClientGroup("b", 0.2, 1, 0))
2.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .. import validation as v
from .mechanisms import PaymentMechanism, _instance, _mechanisms

__all__ = ["ClientGroup", "margin_per_client", "graduated_multiplier", "creaming_table"]


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

    def unreimbursed_cost(self, mechanism: PaymentMechanism) -> float:
        """Support cost for one client of this group left after reimbursed costs (GBP).

        Examples
        --------
        >>> ClientGroup("g", 0.2, 0.7, 2000).unreimbursed_cost(
        ...     PaymentMechanism.reimbursing_costs("grant", cost_share=0.75))
        500.0
        """
        return self.support_cost * (1 - mechanism.cost_share)

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

    The cost counted is what the mechanism does not reimburse (all of it unless the
    mechanism pays back a share of evidenced costs).

    Examples
    --------
    >>> m = PaymentMechanism("m", 1000, 100, 1000, 0)
    >>> margin_per_client(m, ClientGroup("g", 0.5, 0.7, 400), planned_clients=10)
    300.0
    """
    _instance("mechanism", mechanism, PaymentMechanism)
    _instance("group", group, ClientGroup)
    planned = v.positive("planned_clients", planned_clients)
    return (
        mechanism.block_amount / planned
        + group.outcome_income(mechanism)
        - group.unreimbursed_cost(mechanism)
    )


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
    target = (
        easier.outcome_income(mechanism)
        - easier.unreimbursed_cost(mechanism)
        + harder.unreimbursed_cost(mechanism)
    )
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
