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

The modules, by topic: :mod:`.mechanisms`, :mod:`.delivery`, :mod:`.simulation`,
:mod:`.creaming` and :mod:`.mhep`; every public name is importable from here.

Example
-------
>>> from guidance.calculators.payment_simulator import delivery_inputs
>>> d = delivery_inputs()
>>> mech = PaymentMechanism.from_shares("30% block", 400_000, 0.3, targets_from(d))
>>> round(mech.block_amount)
120000
>>> sim = simulate(d, mech, n=2000, seed=1)
>>> 0 <= sim.prob_loss <= 1
True
"""

from __future__ import annotations

from .creaming import ClientGroup, creaming_table, graduated_multiplier, margin_per_client
from .delivery import (
    MAX_MONTHS,
    MAX_TARGET_RATIO,
    Delivery,
    capacity_profile,
    expected_outcomes,
    targets_from,
)
from .mechanisms import MAX_CLAIM_MONTHS, OUTCOMES, PaymentMechanism, Targets, standard_mechanisms
from .mhep import (
    between_provider_sd,
    consistent_counts,
    consistent_spend_range,
    conversion_rates,
    implied_from_unit_costs,
    mhep_providers,
    mhep_spend_tables,
    targets_met_ratio,
    unit_costs,
    volume_forecast_sd,
)
from .simulation import (
    ContractSimulation,
    OutcomeDraws,
    compare,
    simulate,
    simulate_outcomes,
)

__all__ = [
    "OUTCOMES",
    "MAX_MONTHS",
    "MAX_CLAIM_MONTHS",
    "MAX_TARGET_RATIO",
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
