"""Uncertainty in the economic case: a Monte Carlo simulation and one-way sensitivity."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import validation as v
from ._case import _evaluate, _params, economic_case
from ._core import _Z95, PERSPECTIVES
from ._inputs import _SHARES, EconomicInputs


@dataclass(frozen=True, eq=False)
class Simulation:
    """What :func:`simulate_case` draws: one value per draw in each array."""

    inputs: EconomicInputs
    draws: int
    seed: int
    npv: np.ndarray
    bcr: np.ndarray
    fiscal_return: np.ndarray

    @property
    def p_bcr_above_1(self) -> float:
        """Share of draws whose economic and social benefit-cost ratio is above 1."""
        return float(np.mean(self.bcr > 1))

    def percentiles(self, q: tuple[float, ...] = (5, 50, 95)) -> dict[str, list[float]]:
        """Percentiles of NPV, BCR and fiscal return per pound (NaN draws ignored)."""
        out = {}
        for name in ("npv", "bcr", "fiscal_return"):
            values = getattr(self, name)
            values = values[~np.isnan(values)]
            out[name] = (
                [float(x) for x in np.percentile(values, q)]
                if values.size
                else [math.nan for _ in q]
            )
        return out


def _spread_draw(
    rng: np.random.Generator, centre: float, spread: float, n: int, cap: float | None = None
) -> np.ndarray:
    draw = centre * rng.uniform(1 - spread, 1 + spread, size=(n, 1))
    return np.minimum(draw, cap) if cap is not None else draw


def simulate_case(inputs: EconomicInputs, draws: int = 10_000, seed: int = 1) -> Simulation:
    """Monte Carlo over the effect size, persistence, gains and the WELLBY value.

    Each draw takes: the effect size from a log-normal distribution fitted to its 95%
    confidence interval (``sd = (ln high - ln low) / (2 x 1.96)``, or the business-as-usual
    rate within ``spread`` for the ``rates`` method); the WELLBY value from a triangular
    distribution over its published range; the sustainment and exit rates, the per-person
    gains and the cost uniformly within ``spread`` of their values (capped at 1 for rates).
    Displacement, substitution and the optimism-bias cut stay at the values given.
    All draws are computed at once (numpy arrays), so 10,000 draws take milliseconds.

    Parameters
    ----------
    inputs : EconomicInputs
    draws : int
        Number of draws (1 to 1,000,000).
    seed : int
        Seed for the random number generator (0 or more): the same seed, the same result.

    Examples
    --------
    >>> from guidance.calculators.economic_case import economic_inputs
    >>> sim = simulate_case(economic_inputs(), draws=1000, seed=3)
    >>> sim.npv.shape, 0 <= sim.p_bcr_above_1 <= 1
    ((1000,), True)
    """
    if not isinstance(inputs, EconomicInputs):
        raise TypeError(f"inputs must be an EconomicInputs; got {type(inputs).__name__}")
    n = v.whole_between("draws", draws, 1, 1_000_000, noun="whole number of draws")
    s = v.count("seed", seed)
    rng = np.random.default_rng(s)
    i, w = inputs, inputs.spread
    p = _params(i)
    p = {k: np.broadcast_to(x, (n, 1)) for k, x in p.items()}
    if i.method == "effect":
        sd = (math.log(i.effect_high) - math.log(i.effect_low)) / (2 * _Z95)
        p["effect_size"] = np.exp(rng.normal(math.log(i.effect_size), sd, size=(n, 1)))
    else:
        p["bau_rate"] = _spread_draw(rng, i.bau_rate, w, n, cap=1.0)
    for name in ("sustain_rate", "exit_rate"):
        p[name] = _spread_draw(rng, getattr(i, name), w, n, cap=1.0)
    for name in (
        "nhs_saving_per_job",
        "dwp_saving_per_month",
        "hmrc_gain_per_month",
        "la_saving_per_month",
        "output_per_month",
        "cost",
    ):
        p[name] = _spread_draw(rng, getattr(i, name), w, n)
    if i.wellby_high > i.wellby_low:
        p["wellby_value"] = rng.triangular(i.wellby_low, i.wellby_value, i.wellby_high, (n, 1))
    out = _evaluate(i, p)
    cost = out["cost"][:, 0]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        bcr = np.where(cost > 0, out["social"][:, 0] / cost, np.nan)
        fiscal_return = np.where(cost > 0, out["fiscal"][:, 0] / cost, np.nan)
    return Simulation(
        inputs=i,
        draws=n,
        seed=s,
        npv=out["social"][:, 0] - cost,
        bcr=bcr,
        fiscal_return=fiscal_return,
    )


_MAX_CUT = 0.95
"""The most the tornado takes out for displacement or substitution (the input's maximum)."""

_TORNADO = (
    ("effect_size", "Effect size (its 95% confidence interval)"),
    ("bau_rate", "Business-as-usual job rate"),
    ("displacement", "Displacement (yours up to the spread above)"),
    ("substitution", "Substitution (yours up to the spread above)"),
    ("sustain_rate", "Share still in work at the sustainment point"),
    ("exit_rate", "Yearly exit rate from work"),
    ("effect_years", "Years the effect lasts (one year less / more)"),
    ("output_per_month", "Output of the work a month"),
    ("nhs_saving_per_job", "NHS saving per person"),
    ("dwp_saving_per_month", "Benefits saved a month (DWP)"),
    ("hmrc_gain_per_month", "Taxes received a month (HMRC)"),
    ("la_saving_per_month", "Local authority saving a month"),
    ("wellby_value", "Value of a WELLBY (its published range)"),
    ("cost", "Cost of the service"),
    ("discount_rate", "Discount rate"),
)


def tornado(inputs: EconomicInputs, perspective: str = "social") -> pd.DataFrame:
    """One-way sensitivity: the net present value with each input at a low and high value.

    The effect size moves across its confidence interval, the WELLBY value across its
    published range, the years of effect by one year, displacement and substitution by
    ``spread`` as a share of the outcomes either way (from 0, and at most 0.95, so a zero
    default still shows how much they could matter), and every other input by ``spread``
    of its value either way (rates capped at 1). Inputs that do not apply (the
    business-as-usual rate under the ``effect`` method, the effect size under ``rates``) are
    left out. Rows are sorted by swing, largest first.

    Parameters
    ----------
    inputs : EconomicInputs
    perspective : {"social", "fiscal"}
        Whose net present value: economic and social, or the public funders'.

    Returns
    -------
    pandas.DataFrame
        Columns ``input``, ``label``, ``low``, ``high`` (the input values), ``npv_low``,
        ``npv_high`` (the NPV at each), ``swing`` (absolute difference) and ``base``.

    Examples
    --------
    >>> from guidance.calculators.economic_case import economic_inputs
    >>> t = tornado(economic_inputs())
    >>> t["input"].iloc[0] in {"effect_size", "output_per_month", "cost"}
    True
    """
    if not isinstance(inputs, EconomicInputs):
        raise TypeError(f"inputs must be an EconomicInputs; got {type(inputs).__name__}")
    key = v.choice("perspective", perspective, PERSPECTIVES)
    i, w = inputs, inputs.spread
    base_case = economic_case(i)
    base = base_case.npv if key == "social" else base_case.fiscal_npv
    cases = []
    for name, label in _TORNADO:
        if (name == "bau_rate" and i.method == "effect") or (
            name == "effect_size" and i.method == "rates"
        ):
            continue
        centre = getattr(i, name)
        if name == "effect_size":
            low, high = i.effect_low, i.effect_high
        elif name == "wellby_value":
            low, high = i.wellby_low, i.wellby_high
        elif name == "effect_years":
            low, high = max(1, centre - 1), centre + 1
        elif name in ("displacement", "substitution"):
            low, high = max(0.0, centre - w), min(centre + w, _MAX_CUT)
        else:
            low, high = centre * (1 - w), centre * (1 + w)
            if name in _SHARES:
                high = min(high, 1.0)
            if name == "bau_rate":
                high = min(high, i.service_rate)
        cases.append((name, label, float(low), float(high)))
    # Every low and high case at once: rows 2j and 2j + 1 move input j (one numpy pass).
    p = {k: np.repeat(x, 2 * len(cases), axis=0) for k, x in _params(i).items()}
    for j, (name, _label, low, high) in enumerate(cases):
        p[name][2 * j, 0], p[name][2 * j + 1, 0] = low, high
    out = _evaluate(i, p)
    values = out["social" if key == "social" else "fiscal"][:, 0] - out["cost"][:, 0]
    rows = [
        {
            "input": name,
            "label": label,
            "low": low,
            "high": high,
            "npv_low": float(values[2 * j]),
            "npv_high": float(values[2 * j + 1]),
            "swing": float(abs(values[2 * j + 1] - values[2 * j])),
            "base": float(base),
        }
        for j, (name, label, low, high) in enumerate(cases)
    ]
    frame = pd.DataFrame(rows).sort_values("swing", ascending=False, kind="stable")
    return frame.reset_index(drop=True)
