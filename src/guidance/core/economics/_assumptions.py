"""Where each default of the economic case comes from: the assumptions table."""

from __future__ import annotations

import pandas as pd

from ..evidence import Register, as_register
from ._core import POPULATIONS
from ._inputs import EconomicInputs

_IPSMOD = "ledger.ipsmod.mh"
_SOURCES: dict[str, tuple[str, str | None]] = {
    "starters": ("People starting on the service in a year", None),
    "service_rate": ("Share of starters entering work with the service", "kpi.ips.job_entry.min"),
    "cost": ("Cost of the service for that intake (GBP)", "fss.cost_per_engagement"),
    "effect_size": ("Effect size for job entry (odds ratio or risk ratio)", ""),
    "effect_low": ("Effect size, lower 95% limit", "_low"),
    "effect_high": ("Effect size, upper 95% limit", "_high"),
    "bau_rate": ("Business-as-usual job rate (rates method)", "ipsmod.mh.bau_entry_annual"),
    "displacement": ("Displacement: extra jobs taken from other jobseekers", None),
    "substitution": ("Substitution: clients hired in place of others", None),
    "optimism_bias": ("Optimism-bias cut to net outcomes", None),
    "sustain_rate": ("Share still in work at the sustainment point", "kpi.ips.sustain.min"),
    "sustain_weeks": ("Sustainment point (weeks)", "kpi.ips.sustain.weeks"),
    "exit_rate": ("Yearly exit rate from work", "ipsmod.mh.bau_exit_annual"),
    "years": ("Years appraised", "ipsmod.horizon_years"),
    "effect_years": ("Years the effect lasts", "ipsmod.effect_years"),
    "nhs_saving_per_job": (
        "NHS saving per extra person in work (GBP)",
        "fss.nhs_saving_per_service_user",
    ),
    "dwp_saving_per_month": ("Benefits saved a month (GBP)", f"{_IPSMOD}.benefits_oow_monthly"),
    "hmrc_gain_per_month": (
        "Taxes and National Insurance a month (GBP)",
        f"{_IPSMOD}.tax_iw_monthly",
    ),
    "la_saving_per_month": ("Local authority saving a month (GBP)", None),
    "output_per_month": ("Output of the work a month (GBP)", f"{_IPSMOD}.earnings_iw_monthly"),
    "swemwbs_gain": ("Wellbeing gain in work (SWEMWBS points)", None),
    "ls_per_swemwbs_point": ("Life satisfaction per SWEMWBS point", "wellby.ls_per_swemwbs_point"),
    "wellby_value": ("Value of a WELLBY (GBP, 2019 prices)", "wellby.value_2019"),
    "discount_rate": ("Discount rate (real, a year)", "greenbook.stpr"),
}


def assumptions(inputs: EconomicInputs, register: Register | None = None) -> pd.DataFrame:
    """The assumptions table: each input, its value, and where the default comes from.

    A value equal to its default says the register source (with "derived" or "calculated"
    where it is our arithmetic); a changed value, or one with no published default, says
    "your own figure".

    Returns
    -------
    pandas.DataFrame
        Columns ``input``, ``description``, ``value``, ``source``.

    Examples
    --------
    >>> a = assumptions(EconomicInputs.defaults())
    >>> a.set_index("input").loc["discount_rate", "source"]
    'hmt2022greenbook, Annex A6, discounting (STPR 3.5% real; 3.0% for years 31-75)'
    """
    if not isinstance(inputs, EconomicInputs):
        raise TypeError(f"inputs must be an EconomicInputs; got {type(inputs).__name__}")
    r = as_register(register)
    defaults = EconomicInputs.defaults(r)
    derived = {"dwp_saving_per_month", "hmrc_gain_per_month", "output_per_month"}
    calculated = {"starters", "service_rate", "cost"}
    rows = []
    for name, (description, key) in _SOURCES.items():
        value = getattr(inputs, name)
        if name.startswith("effect_") and name != "effect_years":
            key = _effect_key(inputs, r, key)
            matches = bool(key) and value == r.value(key)
            source = r[key].citation() if matches else "your own figure (changed from the default)"
            rows.append(
                {"input": name, "description": description, "value": value, "source": source}
            )
            continue
        if name == "service_rate" and value == defaults.service_rate:
            source = f"{r[key].citation()} (the sizing default)"
        elif name in calculated and value == getattr(defaults, name):
            source = "calculated: the service-sizing default (see chapter 3)"
        elif key and value == getattr(defaults, name):
            source = r[key].citation()
            if name in derived:
                source = f"{r[key].source}, derived from the UKMOD profiles (our arithmetic)"
        elif key:
            source = "your own figure (changed from the default)"
        else:
            source = "your own figure (no published default found)"
        rows.append({"input": name, "description": description, "value": value, "source": source})
    return pd.DataFrame(rows)


def _effect_key(inputs: EconomicInputs, r: Register, suffix: str) -> str:
    """The register key of the population's effect size this input's measure matches."""
    for prefix, stat, measure in POPULATIONS.values():
        if measure == inputs.effect_measure and inputs.effect_size == r.value(f"{prefix}.{stat}"):
            return f"{prefix}.{stat}{suffix}"
    return ""


CAVEATS = (
    "Deadweight comes from an effect size found in trials and studies elsewhere, against the "
    "employment support people got as business as usual there; a local comparison group is "
    "better evidence for your service.",
    "The effect size should match the population the service is for: the trials for severe "
    "mental illness give a much larger effect than the studies beyond it.",
    "Displacement and substitution start at zero because the guide's sources give no figure "
    "for these services; enter your own if the local labour market or employers' hiring "
    "suggest some of the extra jobs would otherwise have gone to other people.",
    "How long people stay in work after the sustainment point is not known for IPS "
    "clients; the default exit rate is for people with a mental health condition in "
    "general, from a draft of the IPSMOD tool.",
    "The money defaults are in different price years (the WELLBY value in 2019 prices, the "
    "tax-benefit profiles for 2023 policy); they are not converted to one price year.",
    "The tax-benefit profiles compare averages of two groups of people, not the change for "
    "one person.",
    "Benefits saved and taxes received are transfers: they count in the fiscal view but "
    "not in the economic and social value.",
    "No published optimism-bias adjustment for the benefits of employment services was "
    "found; any cut shown is the user's own.",
    "Adding the value of the work and a wellbeing gain can count some of the same benefit "
    "twice, if the wellbeing gain comes from the income the work brings; enter a wellbeing "
    "gain only with that in mind.",
    "Where no source gives a range, the simulation and the tornado vary an input by an "
    "illustrative spread; replace it with your own ranges.",
    "The wellbeing value converts SWEMWBS to life satisfaction with an association between "
    "two measures; it shows scale, not what the service caused.",
)
"""Caveats printed under every economic case."""
