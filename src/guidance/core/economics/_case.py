"""The deterministic economic case: the vectorised core and its result."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import validation as v
from ..ledger import FUNDERS
from ._core import PERSPECTIVES, _bau, _shares
from ._inputs import EconomicInputs


def _params(i: EconomicInputs) -> dict[str, np.ndarray]:
    names = (
        "starters",
        "service_rate",
        "cost",
        "effect_size",
        "bau_rate",
        "optimism_bias",
        "displacement",
        "substitution",
        "sustain_rate",
        "sustain_weeks",
        "exit_rate",
        "effect_years",
        "nhs_saving_per_job",
        "dwp_saving_per_month",
        "hmrc_gain_per_month",
        "la_saving_per_month",
        "output_per_month",
        "swemwbs_gain",
        "ls_per_swemwbs_point",
        "wellby_value",
        "discount_rate",
    )
    return {n: np.array([[float(getattr(i, n))]]) for n in names}


def _evaluate(i: EconomicInputs, p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Present values for every row of the parameter arrays (shape (n, 1) each)."""
    if i.method == "rates":
        bau = np.minimum(p["bau_rate"], p["service_rate"])
    else:
        bau = _bau(p["service_rate"], p["effect_size"], i.effect_measure)
    gross = p["starters"] * p["service_rate"]
    kept = (1 - p["displacement"]) * (1 - p["substitution"]) * (1 - p["optimism_bias"])
    net = p["starters"] * (p["service_rate"] - bau) * kept
    shares = _shares(
        p["sustain_rate"], p["sustain_weeks"], p["exit_rate"], i.years, p["effect_years"]
    )
    people = net * shares
    disc = (1 + p["discount_rate"]) ** -np.arange(i.years)
    months_pv = (12 * people * disc).sum(axis=1, keepdims=True)
    nhs = net * p["nhs_saving_per_job"]
    dwp = months_pv * p["dwp_saving_per_month"]
    hmrc = months_pv * p["hmrc_gain_per_month"]
    la = months_pv * p["la_saving_per_month"]
    output = months_pv * p["output_per_month"]
    wellbeing = months_pv / 12 * p["swemwbs_gain"] * p["ls_per_swemwbs_point"] * p["wellby_value"]
    fiscal = nhs + dwp + hmrc + la
    social = output + nhs + la + wellbeing
    return {
        "bau": bau,
        "gross": gross,
        "net": net,
        "people": people,
        "disc": disc,
        "NHS": nhs,
        "DWP": dwp,
        "HMRC": hmrc,
        "Local authority": la,
        "output": output,
        "wellbeing": wellbeing,
        "person": output - dwp - hmrc,
        "fiscal": fiscal,
        "social": social,
        "cost": p["cost"],
    }


@dataclass(frozen=True)
class EconomicCase:
    """What :func:`economic_case` computes. Money in GBP, present values at year 0."""

    inputs: EconomicInputs
    bau_rate: float
    gross_entries: float
    deadweight: float
    net_entries: float
    additional_in_work: tuple[float, ...]
    discount_factors: tuple[float, ...]
    present_values: dict[str, float]

    @property
    def other_cuts(self) -> float:
        """Job entries taken out after deadweight: displacement, substitution, optimism bias."""
        return self.gross_entries - self.deadweight - self.net_entries

    @property
    def fiscal_pv(self) -> float:
        """Discounted gains to the four public funders."""
        return self.present_values["fiscal"]

    @property
    def social_pv(self) -> float:
        """Discounted economic and social value: output, NHS and LA savings, wellbeing."""
        return self.present_values["social"]

    @property
    def npv(self) -> float:
        """Net present value, economic and social perspective (social value less cost)."""
        return self.social_pv - self.inputs.cost

    @property
    def bcr(self) -> float:
        """Benefit-cost ratio, economic and social perspective (NaN if the cost is zero)."""
        return self.social_pv / self.inputs.cost if self.inputs.cost else math.nan

    @property
    def fiscal_npv(self) -> float:
        """Discounted public gains less the cost."""
        return self.fiscal_pv - self.inputs.cost

    @property
    def fiscal_return_per_pound(self) -> float:
        """Discounted public gains per GBP 1 of cost (NaN if the cost is zero)."""
        return self.fiscal_pv / self.inputs.cost if self.inputs.cost else math.nan

    def contributions(self) -> dict[str, float]:
        """Each funder's share of the cost in proportion to its discounted fiscal gain.

        NaN for every funder when no funder gains (nothing to split by).

        Examples
        --------
        >>> from guidance.calculators.economic_case import economic_inputs
        >>> c = economic_case(economic_inputs()).contributions()
        >>> round(sum(c.values())) == round(economic_inputs().cost)
        True
        """
        total = self.fiscal_pv
        if total <= 0:
            return {f: math.nan for f in FUNDERS}
        return {f: self.inputs.cost * self.present_values[f] / total for f in FUNDERS}

    def payback_year(self, perspective: str = "fiscal") -> int | None:
        """First year (1 = the first year) by which discounted gains cover the cost.

        None when they do not within the years appraised.
        """
        key = v.choice("perspective", perspective, PERSPECTIVES)
        total = 0.0
        for year, gain in enumerate(self._year_values(key == "fiscal"), start=1):
            total += gain
            if total >= self.inputs.cost - 1e-9:
                return year
        return None

    def yearly_gains(self, perspective: str = "fiscal") -> list[float]:
        """Each year's discounted gains for ``perspective`` ("fiscal" or "social").

        Examples
        --------
        >>> from guidance.calculators.economic_case import economic_inputs
        >>> case = economic_case(economic_inputs())
        >>> round(sum(case.yearly_gains("social"))) == round(case.social_pv)
        True
        """
        key = v.choice("perspective", perspective, PERSPECTIVES)
        return self._year_values(key == "fiscal")

    def _year_values(self, fiscal: bool) -> list[float]:
        """Each year's discounted gains (fiscal, or economic and social)."""
        i = self.inputs
        per_month = (
            i.dwp_saving_per_month + i.hmrc_gain_per_month + i.la_saving_per_month
            if fiscal
            else i.output_per_month + i.la_saving_per_month
        )
        wellbeing = 0.0 if fiscal else i.swemwbs_gain * i.ls_per_swemwbs_point * i.wellby_value
        one_off = self.net_entries * i.nhs_saving_per_job
        return [
            ((one_off if k == 0 else 0.0) + people * (12 * per_month + wellbeing)) * d
            for k, (people, d) in enumerate(
                zip(self.additional_in_work, self.discount_factors, strict=True)
            )
        ]

    def yearly(self) -> pd.DataFrame:
        """Year by year: extra people in work, months in work, and discounted gains.

        Columns: ``year`` (1 = the first year), ``additional_in_work`` (average extra
        people in work), ``months_in_work``, ``discount_factor``, ``fiscal_pv`` and
        ``social_pv`` (that year's discounted gains; year 1 holds the one-off NHS saving).
        """
        fiscal, social = self._year_values(True), self._year_values(False)
        return pd.DataFrame(
            {
                "year": range(1, len(fiscal) + 1),
                "additional_in_work": self.additional_in_work,
                "months_in_work": [12 * x for x in self.additional_in_work],
                "discount_factor": self.discount_factors,
                "fiscal_pv": fiscal,
                "social_pv": social,
            }
        )

    def funders(self) -> pd.DataFrame:
        """One row per funder: discounted gain, proportional contribution and returns.

        Columns: ``funder``, ``gain_pv``, ``contribution``, ``return_per_pound_shared``
        (the same for every funder under the proportional split) and
        ``return_per_pound_alone`` (if this funder paid the whole cost).
        """
        shares = self.contributions()
        cost = self.inputs.cost
        rows = []
        for f in FUNDERS:
            gain, paid = self.present_values[f], shares[f]
            rows.append(
                {
                    "funder": f,
                    "gain_pv": gain,
                    "contribution": paid,
                    "return_per_pound_shared": gain / paid
                    if paid and not math.isnan(paid)
                    else math.nan,
                    "return_per_pound_alone": gain / cost if cost else math.nan,
                }
            )
        return pd.DataFrame(rows)

    def perspectives(self) -> pd.DataFrame:
        """The three perspectives side by side: present value of gains, cost, net value.

        The person's row has no cost (the person pays nothing for the service).
        """
        pv = self.present_values
        cost = self.inputs.cost
        return pd.DataFrame(
            [
                {
                    "perspective": "Fiscal (public funders)",
                    "gains_pv": pv["fiscal"],
                    "cost": cost,
                    "net_pv": pv["fiscal"] - cost,
                },
                {
                    "perspective": "Economic and social",
                    "gains_pv": pv["social"],
                    "cost": cost,
                    "net_pv": pv["social"] - cost,
                },
                {
                    "perspective": "The person (net income)",
                    "gains_pv": pv["person"],
                    "cost": 0.0,
                    "net_pv": pv["person"],
                },
            ]
        )


def economic_case(inputs: EconomicInputs) -> EconomicCase:
    """Net additional outcomes, persistence, discounting and the three perspectives.

    Formulas (per extra person in work, ``m`` = discounted months in work over the years
    appraised, from :func:`persistence` and :func:`discount_factors`):

    * net = starters x (service rate - business-as-usual rate) x (1 - displacement)
      x (1 - substitution) x (1 - optimism bias); deadweight = starters x
      business-as-usual rate (the additionality steps of the Green Book
      :cite:`hmt2022greenbook`; leakage to people outside the area is not modelled);
    * fiscal: NHS = net x one-off saving; DWP, HMRC, LA = net x m x monthly amount;
    * economic and social = net x (m x (output + LA) + one-off NHS saving) + wellbeing,
      wellbeing = net x m / 12 x SWEMWBS gain x LS per point x WELLBY value;
      benefits and taxes are transfers and left out;
    * the person = net x m x (output - DWP - HMRC);
    * NPV = social value - cost; BCR = social value / cost.

    Examples
    --------
    >>> from guidance.calculators.economic_case import economic_inputs
    >>> case = economic_case(economic_inputs())
    >>> round(case.gross_entries), round(case.deadweight), round(case.net_entries)
    (1631, 680, 952)
    >>> cut = economic_case(economic_inputs(displacement=0.5))
    >>> round(cut.net_entries), round(cut.other_cuts)
    (476, 476)
    """
    if not isinstance(inputs, EconomicInputs):
        raise TypeError(f"inputs must be an EconomicInputs; got {type(inputs).__name__}")
    out = _evaluate(inputs, _params(inputs))
    keys = (
        "NHS",
        "DWP",
        "HMRC",
        "Local authority",
        "output",
        "wellbeing",
        "person",
        "fiscal",
        "social",
    )
    return EconomicCase(
        inputs=inputs,
        bau_rate=float(out["bau"][0, 0]),
        gross_entries=float(out["gross"][0, 0]),
        deadweight=float(inputs.starters * out["bau"][0, 0]),
        net_entries=float(out["net"][0, 0]),
        additional_in_work=tuple(float(x) for x in out["people"][0]),
        discount_factors=tuple(float(x) for x in out["disc"][0]),
        present_values={k: float(out[k][0, 0]) for k in keys},
    )
