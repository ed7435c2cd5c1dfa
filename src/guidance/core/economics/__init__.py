"""The economic case: net additional job outcomes, over several years, discounted, by funder.

A benefit ledger that multiplies every job outcome by a month's gains overstates the
return of a Supported Employment service. This module works the way appraisal tools
such as IPSMOD :cite:`morris2024ipsmod` and HM Treasury's Green Book
:cite:`hmt2022greenbook` do:

1. **Net additional outcomes.** Job entries with the service (gross) less those expected
   with business-as-usual employment support (*deadweight*), either from a
   business-as-usual rate or from an effect size for the population the service is for
   (a risk ratio for severe mental illness :cite:`modini2016`, an odds ratio beyond it
   :cite:`whitworth2024meta`, each with its confidence interval), less the shares the
   user judges displaced or substituted and an optimism-bias cut the user chooses.
2. **Employment over time.** The share of those extra people still in work falls from the
   sustainment point at a yearly exit rate, and the effect can end after a given year
   (business as usual catches up).
3. **Three perspectives kept apart.** *Fiscal*: gains to each funder (NHS, DWP, HMRC,
   local authority). *Economic and social*: the output of the work, real savings to public
   services and wellbeing (WELLBYs), with transfers between the state and the person
   (benefits, taxes) left out because they net to zero. *The person*: net income change.
4. **Green Book arithmetic.** Discounting at the Social Time Preference Rate (a
   parameter), net present value, benefit-cost ratio, payback year, and a contribution
   split in proportion to each funder's discounted fiscal gain.
5. **Uncertainty.** A seeded, vectorised Monte Carlo and one-way (tornado) sensitivity.

Conventions: the service's cost falls in year 0; the years appraised are counted from the
job start, the first (year 0) undiscounted; money values are in the price year of the
figures entered (the defaults mix price years; see
:func:`guidance.calculators.economic_case.assumptions`). The functions take plain values;
the calculator's defaults are declared in its definition
(:mod:`guidance.calculators.economic_case`).

Example
-------
>>> from guidance.calculators.economic_case import economic_inputs
>>> case = economic_case(economic_inputs())
>>> round(case.bau_rate, 4), round(case.net_entries / case.gross_entries, 4)
(0.1667, 0.5833)
"""

from __future__ import annotations

from ._assumptions import CAVEATS
from ._case import EconomicCase, economic_case
from ._core import (
    EFFECT_MEASURES,
    ILLUSTRATIVE_SPREAD,
    METHODS,
    PERSPECTIVES,
    POPULATIONS,
    bau_rate_from_effect,
    discount_factors,
    persistence,
)
from ._inputs import EconomicInputs
from ._uncertainty import Simulation, simulate_case, tornado

__all__ = [
    "CAVEATS",
    "METHODS",
    "EFFECT_MEASURES",
    "PERSPECTIVES",
    "POPULATIONS",
    "ILLUSTRATIVE_SPREAD",
    "EconomicInputs",
    "EconomicCase",
    "Simulation",
    "bau_rate_from_effect",
    "persistence",
    "discount_factors",
    "economic_case",
    "simulate_case",
    "tornado",
]
