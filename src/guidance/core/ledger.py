"""The benefit ledger: who gains when a person moves into work, and who should pay.

When someone supported by an IPS or SEQF service starts work, the savings land in
several pockets: the NHS (fewer appointments and admissions), DWP (less benefit paid),
HMRC (income tax and National Insurance), the local authority (social care and other
support), and the person (more income, better wellbeing). A service paid for by one
agency while others collect the savings is the "wrong pocket" problem; joint
commissioning shares the cost in proportion to the gains :cite:`shepherd2008`
:cite:`whitworth2024guide`.

The functions take plain values. The calculator's defaults are declared in its definition
(:mod:`guidance.calculators.benefit_ledger`): from the evidence register where a source
gives one, marked when they are our arithmetic on a published table, otherwise zero and the
user's own figure (a local unit cost database such as GMCA's is the place to look
:cite:`gmca2026ucd`).

Example
-------
>>> from guidance.calculators.benefit_ledger import ledger_inputs
>>> result = benefit_ledger(ledger_inputs())
>>> round(result.gains["DWP"] / result.inputs.job_outcomes / result.inputs.months_in_work, 2)
476.94
>>> [round(x, 2) for x in cashable_savings(6_000_000, 9, 66)]
[540000.0, 3960000.0]
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace

import pandas as pd

from . import validation as v
from .evidence import Register, as_register

__all__ = [
    "AGENCIES",
    "FUNDERS",
    "LedgerInputs",
    "LedgerResult",
    "benefit_ledger",
    "cashable_savings",
    "ipsmod_monthly_gains",
    "Flow",
    "SIB_ACTORS",
    "SIB_FLOWS",
]

AGENCIES = ("NHS", "DWP", "HMRC", "Local authority", "The person", "Wellbeing (social value)")
"""Who gains, in the order the ledger shows them."""

FUNDERS = ("NHS", "DWP", "HMRC", "Local authority")
"""The public bodies among :data:`AGENCIES` that could contribute to the cost."""


def ipsmod_monthly_gains(register: Register | None = None) -> dict[str, float]:
    """Monthly gains when a person with a mental health condition moves into work.

    Our arithmetic (derived) on the IPSMOD UKMOD tax-benefit profiles for 2023 policy
    :cite:`morris2024ipsmod`: average amounts out of work and a year into work for
    people previously not employed. They are cross-sectional group averages, not the
    change for one person.

    Returns
    -------
    dict
        ``dwp`` (benefits no longer paid), ``hmrc`` (direct taxes and both National
        Insurance contributions), ``person`` (earnings less tax, employee National
        Insurance and benefits lost; other income assumed unchanged), all GBP a month.

    Examples
    --------
    >>> {k: round(x, 2) for k, x in ipsmod_monthly_gains().items()}
    {'dwp': 476.94, 'hmrc': 292.08, 'person': 730.21}
    """
    r = as_register(register)

    def delta(item: str) -> float:
        return r.value(f"ledger.ipsmod.mh.{item}_iw_monthly") - r.value(
            f"ledger.ipsmod.mh.{item}_oow_monthly"
        )

    benefits_lost = -delta("benefits")
    return {
        "dwp": benefits_lost,
        "hmrc": delta("tax") + delta("employee_ni") + delta("employer_ni"),
        "person": r.value("ledger.ipsmod.mh.earnings_iw_monthly")
        - delta("tax")
        - delta("employee_ni")
        - benefits_lost,
    }


@dataclass(frozen=True)
class LedgerInputs:
    """Inputs to :func:`benefit_ledger`.

    Parameters
    ----------
    job_outcomes : float
        People moving into work (zero or more).
    months_in_work : float
        Average months each stays in work within the period you are appraising.
    programme_cost : float
        What the service costs over the same period (GBP); shared between funders.
    nhs_saving_per_job : float
        One-off NHS saving per person moving into work (GBP).
    dwp_saving_per_month, hmrc_gain_per_month, la_saving_per_month : float
        Monthly savings or receipts while the person is in work (GBP a month).
    person_gain_per_month : float
        The person's net income gain a month in work (GBP).
    swemwbs_gain : float
        Wellbeing gain while in work, in SWEMWBS points (0 unless measured).
    ls_per_swemwbs_point : float
        Life-satisfaction points (0-10) per SWEMWBS point.
    wellby_value : float
        Value of one point of life satisfaction for one person for a year (GBP).
    """

    job_outcomes: float
    months_in_work: float
    programme_cost: float
    nhs_saving_per_job: float
    dwp_saving_per_month: float
    hmrc_gain_per_month: float
    la_saving_per_month: float
    person_gain_per_month: float
    swemwbs_gain: float
    ls_per_swemwbs_point: float
    wellby_value: float

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            object.__setattr__(self, name, v.non_negative(name, getattr(self, name)))

    def with_changes(self, **changes: object) -> LedgerInputs:
        """A copy with some inputs changed (validated again).

        Examples
        --------
        >>> from guidance.calculators.benefit_ledger import ledger_inputs
        >>> ledger_inputs().with_changes(months_in_work=12).months_in_work
        12.0
        """
        unknown = set(changes) - set(self.__dataclass_fields__)
        if unknown:
            raise TypeError(f"unknown ledger input(s): {', '.join(sorted(unknown))}")
        return replace(self, **changes)

    def to_dict(self) -> dict[str, float]:
        """The inputs as a plain dictionary."""
        return asdict(self)


@dataclass(frozen=True)
class LedgerResult:
    """Gains by agency (GBP over the period) and a contribution split in proportion."""

    inputs: LedgerInputs
    gains: dict[str, float]

    @property
    def public_gains(self) -> float:
        """Gains to the public bodies that could fund the service (NHS, DWP, HMRC, LA)."""
        return sum(self.gains[a] for a in FUNDERS)

    @property
    def social_gains(self) -> float:
        """Gains to the person (income and wellbeing)."""
        return self.gains["The person"] + self.gains["Wellbeing (social value)"]

    @property
    def total_gains(self) -> float:
        """All gains, public and personal."""
        return self.public_gains + self.social_gains

    @property
    def public_return_per_pound(self) -> float:
        """Public gains per GBP 1 of programme cost (NaN if the cost is zero)."""
        cost = self.inputs.programme_cost
        return self.public_gains / cost if cost else math.nan

    def contributions(self) -> dict[str, float]:
        """Each funder's share of the programme cost in proportion to its gains.

        NaN for every funder when no public body gains (nothing to split by).

        Examples
        --------
        >>> from guidance.calculators.benefit_ledger import ledger_inputs
        >>> c = benefit_ledger(ledger_inputs()).contributions()
        >>> round(sum(c.values()))
        8157240
        """
        total = self.public_gains
        cost = self.inputs.programme_cost
        if total <= 0:
            return {a: math.nan for a in FUNDERS}
        return {a: cost * self.gains[a] / total for a in FUNDERS}

    def table(self) -> pd.DataFrame:
        """One row per agency: gain, share of public gains, contribution and returns.

        Columns: ``agency``, ``gain``, ``share_of_public_gains``, ``contribution``,
        ``return_per_pound_shared`` (gain per GBP 1 contributed under the proportional
        split: the same for every funder) and ``return_per_pound_alone`` (gain per
        GBP 1 if this body paid the whole cost). Values are NaN where they do not apply.
        """
        contributions = self.contributions()
        cost = self.inputs.programme_cost
        total = self.public_gains
        rows = []
        for agency in AGENCIES:
            gain = self.gains[agency]
            funder = agency in FUNDERS
            contribution = contributions.get(agency, math.nan)
            rows.append(
                {
                    "agency": agency,
                    "gain": gain,
                    "share_of_public_gains": gain / total if funder and total > 0 else math.nan,
                    "contribution": contribution,
                    "return_per_pound_shared": gain / contribution
                    if funder and contribution and not math.isnan(contribution)
                    else math.nan,
                    "return_per_pound_alone": gain / cost if funder and cost else math.nan,
                }
            )
        return pd.DataFrame(rows)


def benefit_ledger(inputs: LedgerInputs) -> LedgerResult:
    """Gains by agency over the period, from job outcomes and months in work.

    Parameters
    ----------
    inputs : LedgerInputs

    Returns
    -------
    LedgerResult

    Examples
    --------
    >>> from guidance.calculators.benefit_ledger import ledger_inputs
    >>> base = ledger_inputs(job_outcomes=10, months_in_work=12)
    >>> round(benefit_ledger(base).gains["HMRC"])
    35050
    """
    if not isinstance(inputs, LedgerInputs):
        raise TypeError(f"inputs must be a LedgerInputs; got {type(inputs).__name__}")
    i = inputs
    person_months = i.job_outcomes * i.months_in_work
    wellbeing = (
        i.job_outcomes * i.months_in_work / 12 * i.swemwbs_gain * i.ls_per_swemwbs_point
    ) * i.wellby_value
    gains = {
        "NHS": i.job_outcomes * i.nhs_saving_per_job,
        "DWP": person_months * i.dwp_saving_per_month,
        "HMRC": person_months * i.hmrc_gain_per_month,
        "Local authority": person_months * i.la_saving_per_month,
        "The person": person_months * i.person_gain_per_month,
        "Wellbeing (social value)": wellbeing,
    }
    return LedgerResult(inputs=i, gains=gains)


def cashable_savings(budget: float, pence_low: float, pence_high: float) -> tuple[float, float]:
    """Cashable savings for a budget at a range of pence saved per GBP 1 spent.

    Parameters
    ----------
    budget : float
        Programme budget (GBP, zero or more).
    pence_low, pence_high : float
        Pence saved per GBP 1 spent, low and high (zero or more, low no more than high).

    Examples
    --------
    >>> cashable_savings(1000, 9, 66)
    (90.0, 660.0)
    >>> cashable_savings(1000, 66, 9)
    Traceback (most recent call last):
    ...
    ValueError: pence_low (66) must not be more than pence_high (9)
    """
    budget = v.non_negative("budget", budget)
    low = v.non_negative("pence_low", pence_low)
    high = v.non_negative("pence_high", pence_high)
    if low > high:
        raise ValueError(f"pence_low ({low:g}) must not be more than pence_high ({high:g})")
    return budget * low / 100, budget * high / 100


# --------------------------------------------------------------------------------------------
# The MHEP social impact bond: who pays whom in the two commissioning models
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Flow:
    """One money flow in a commissioning model."""

    source: str
    target: str
    kind: str
    description: str

    KINDS = ("investment", "block", "outcome", "return")

    def __post_init__(self) -> None:
        v.choice("kind", self.kind, self.KINDS)
        if not isinstance(self.description, str):
            raise TypeError(
                f"description must be text; got {self.description!r} "
                f"({type(self.description).__name__})"
            )
        for name in ("source", "target"):
            v.choice(name, getattr(self, name), tuple(SIB_ACTORS))


SIB_ACTORS = {
    "investors": "Social investors",
    "mhep": "MHEP (special purpose vehicle)",
    "payer": "National outcome payer",
    "commissioner": "Commissioner (local authority or CCG)",
    "provider": "IPS provider",
}
"""The five actors of the MHEP social impact bond :cite:`gadenne2020`."""

SIB_FLOWS: dict[str, tuple[Flow, ...]] = {
    "co-commissioning": (
        Flow("investors", "mhep", "investment", "up-front investment"),
        Flow("mhep", "commissioner", "block", "block payments for the provider"),
        Flow("commissioner", "provider", "block", "block payments passed on from MHEP"),
        Flow("commissioner", "provider", "outcome", "all outcome payments to the provider"),
        Flow("commissioner", "mhep", "outcome", "outcome payments to MHEP"),
        Flow("payer", "mhep", "outcome", "outcome payments to MHEP"),
        Flow("mhep", "investors", "return", "investment returns"),
    ),
    "single commissioning": (
        Flow("investors", "mhep", "investment", "up-front investment"),
        Flow("mhep", "provider", "block", "block payments, direct"),
        Flow("commissioner", "provider", "outcome", "outcome payments"),
        Flow(
            "provider", "mhep", "outcome", "part of the commissioner's outcome payments, passed on"
        ),
        Flow("payer", "mhep", "outcome", "outcome payments to MHEP"),
        Flow("mhep", "investors", "return", "investment returns"),
    ),
}
"""Money flows in the two MHEP models, as described in section 4.1 of the evaluation.

In the co-commissioning model MHEP and the commissioner jointly commission the provider;
in the single commissioning model the commissioner contracts the provider and MHEP holds
a separate contract with it :cite:`gadenne2020`.
"""
