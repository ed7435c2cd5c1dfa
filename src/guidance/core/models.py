"""Choosing the model: IPS or SEQF for each population group, and what to expect.

The Whitworth commissioning guide :cite:`whitworth2024guide` sets out who each fidelity
model is for: IPS where clinical (or other) integration is needed or possible and people
have a moderate to high level of employment support need; SEQF for adults with learning
disabilities and/or autism, and possibly for other groups with complex support needs
where integration is not necessary or possible. :func:`recommend_model` applies those
rules to one group and :func:`choose_models` to a cohort of several, with advice when
the groups need different models.

:func:`expected_outcomes` turns the evidence into a range of job entries for a number of
starters against a business-as-usual rate the commissioner sets:

* IPS beyond severe mental illness: the odds ratios (with 95% confidence intervals) of
  the Whitworth et al. meta-analysis :cite:`whitworth2024meta`;
* IPS for severe mental illness: the pooled risk ratio (with its 95% confidence interval)
  of Modini et al. :cite:`modini2016`;
* SEQF: no trial evidence yet, so NDTi's job outcome rates :cite:`ndti2014` are shown as a
  benchmark range, not as an effect.

Example
-------
>>> recommend_model("ld_autism", integration="no", support_need="moderate_high").model
'SEQF'
>>> round(apply_odds_ratio(0.25, 1.32), 3)
0.306
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from . import validation as v
from .evidence import Register, as_register

__all__ = [
    "GROUPS",
    "INTEGRATION",
    "SUPPORT_NEEDS",
    "EVIDENCE_BASES",
    "Recommendation",
    "ModelChoice",
    "recommend_model",
    "choose_models",
    "EffectEstimate",
    "effect_estimates",
    "apply_odds_ratio",
    "apply_risk_ratio",
    "odds_ratio_from_rates",
    "expected_outcomes",
]

GROUPS: dict[str, str] = {
    "smi": "Severe mental illness",
    "low_moderate": "Low-to-moderate mental or physical health conditions",
    "ld_autism": "Learning disabilities and/or autism",
    "substance": "Substance misuse",
    "housing": "Housing insecurity and homelessness",
    "offenders": "Ex-offenders",
}
"""Population group key -> label (the groups in the Whitworth guide's research)."""

INTEGRATION: dict[str, str] = {
    "yes": "Yes: clinical or other integration is possible",
    "no": "No: integration is not necessary or not possible",
}
"""Whether the service can be integrated with clinical or other teams."""

SUPPORT_NEEDS: dict[str, str] = {
    "low": "Low",
    "moderate_high": "Moderate to high",
    "complex": "Complex",
}
"""Level of employment support need."""

INTEGRATION_PARTNERS: dict[str, str] = {
    "smi": "secondary (community) mental health teams",
    "low_moderate": "NHS Talking Therapies teams",
    "ld_autism": "",
    "substance": "local drug and alcohol teams",
    "housing": "housing and homelessness support services",
    "offenders": "probation and other justice services",
}
"""Where an IPS service for each group would integrate. The guide names Talking Therapies
and drug and alcohol teams; for the other groups the partners are examples, since the guide
says integration will look different where people are not in regular contact with
clinical services."""

MODEL_COLUMNS = {"SEQF": "SEQF", "IPS": "IPS beyond SMI"}


@dataclass(frozen=True)
class Recommendation:
    """The recommended fidelity model for one population group.

    Attributes
    ----------
    group : str
        Key of :data:`GROUPS`.
    model : {"IPS", "SEQF"}
    strength : {"clear", "consider", "weak"}
        ``clear``: the guide's rules point to this model; ``consider``: the guide suggests
        it might be considered, or it depends on something still to be arranged; ``weak``:
        the group's need may not call for Supported Employment at all.
    reasons : tuple of str
        Why, in plain words.
    cautions : tuple of str
        What to check or arrange.
    """

    group: str
    model: str
    strength: str
    reasons: tuple[str, ...]
    cautions: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The group in words."""
        return GROUPS[self.group]


def recommend_model(group: str, integration: str, support_need: str) -> Recommendation:
    """The fidelity model the Whitworth guide points to for one population group.

    Parameters
    ----------
    group : str
        A key of :data:`GROUPS`.
    integration : {"yes", "no"}
        Whether clinical or other integration is possible for this group.
    support_need : {"low", "moderate_high", "complex"}
        The group's level of employment support need.

    Returns
    -------
    Recommendation

    Examples
    --------
    >>> r = recommend_model("substance", "yes", "moderate_high")
    >>> r.model, r.strength
    ('IPS', 'clear')
    >>> recommend_model("housing", "no", "complex").model
    'SEQF'
    """
    group = v.choice("group", group, tuple(GROUPS))
    integration = v.choice("integration", integration, tuple(INTEGRATION))
    support_need = v.choice("support_need", support_need, tuple(SUPPORT_NEEDS))
    partner = INTEGRATION_PARTNERS[group]
    low_need = (
        "Supported Employment is designed for people with moderate to high or complex "
        "employment support needs; for people with low need a lighter-touch service may be "
        "enough. Check the need before commissioning a fidelity model."
    )
    if group == "ld_autism":
        reasons = (
            "The guide says SEQF is the right Supported Employment model for adults with "
            "learning disabilities and/or autism.",
            "Integration with clinical teams is not part of the SEQF model, so it does not "
            "depend on integration being possible.",
        )
        cautions = (
            "Build referral routes through social work teams, day centres, schools, colleges "
            "and third-sector organisations.",
        )
        if support_need == "low":
            return Recommendation(group, "SEQF", "weak", reasons, (low_need, *cautions))
        return Recommendation(group, "SEQF", "clear", reasons, cautions)

    if group == "smi":
        reasons = (
            "IPS is the established model for people with severe mental illness, with the "
            "strongest trial evidence.",
            f"IPS integrates employment specialists into {partner}.",
        )
        cautions = (
            "The guide's suggested KPIs are written for IPS beyond SMI; use them as a guide "
            "and check them against local IPS practice for SMI.",
        )
        if integration == "no":
            cautions = (
                "Integration with mental health teams is part of IPS fidelity: make it a "
                "condition of the service and broker it before the contract starts.",
                *cautions,
            )
        if support_need == "low":
            return Recommendation(group, "IPS", "weak", reasons, (low_need, *cautions))
        return Recommendation(group, "IPS", "clear", reasons, cautions)

    # Groups beyond SMI other than learning disabilities and/or autism.
    if integration == "yes":
        reasons = (
            "The guide says IPS is the right model where clinical (or other) integration is "
            "possible and people have a moderate to high level of employment support need.",
            f"For this group the service would integrate with {partner}.",
        )
        cautions = ()
        if group in ("housing", "offenders"):
            cautions = (
                "People in this group may not be in regular contact with clinical services: "
                "map their service journeys and expect integration to look different.",
            )
        if support_need == "low":
            return Recommendation(group, "IPS", "weak", reasons, (low_need, *cautions))
        return Recommendation(group, "IPS", "clear", reasons, cautions)

    if support_need == "complex":
        reasons = (
            "The guide says SEQF might be considered for groups with complex employment "
            "support needs where integration with clinical or other teams is not necessary "
            "or possible.",
        )
        cautions = (
            "Evidence for SEQF beyond learning disabilities and autism is still emerging: "
            "agree how outcomes will be measured and reviewed.",
        )
        return Recommendation(group, "SEQF", "consider", reasons, cautions)

    reasons = (
        "IPS fits a moderate to high level of employment support need, but it relies on "
        "integration with the teams that support the group.",
    )
    cautions = (
        f"Integration with {partner} is not possible yet: map local services and broker "
        "co-location before commissioning IPS; if integration cannot be arranged, consider "
        "SEQF instead.",
    )
    if support_need == "low":
        return Recommendation(group, "IPS", "weak", reasons, (low_need, *cautions))
    return Recommendation(group, "IPS", "consider", reasons, cautions)


@dataclass(frozen=True)
class ModelChoice:
    """Recommendations for a cohort of one or more population groups."""

    recommendations: tuple[Recommendation, ...]

    @property
    def models(self) -> tuple[str, ...]:
        """The distinct models recommended, IPS first."""
        found = {r.model for r in self.recommendations}
        return tuple(m for m in ("IPS", "SEQF") if m in found)

    @property
    def mixed(self) -> bool:
        """True when the groups need different models."""
        return len(self.models) > 1

    def groups_for(self, model: str) -> list[str]:
        """The labels of the groups recommended ``model``."""
        return [r.label for r in self.recommendations if r.model == model]

    def advice(self) -> list[str]:
        """What to do about the cohort as a whole, in plain words.

        Examples
        --------
        >>> choose_models(["smi", "ld_autism"], "yes", "moderate_high").advice()[0][:30]
        'The groups need different mode'
        """
        out = []
        if self.mixed:
            out.append(
                "The groups need different models: commission separate pathways or lots, each "
                "with its own specification, caseload limits, unit cost and KPIs for its "
                "fidelity model. A single price for a mixed cohort will under-fund one group "
                "or over-fund the other."
            )
            out.append(
                "IPS for: "
                + "; ".join(self.groups_for("IPS"))
                + ". SEQF for: "
                + "; ".join(self.groups_for("SEQF"))
                + "."
            )
        else:
            out.append(
                f"One model, {self.models[0]}, fits every group selected: one specification "
                "can serve the cohort, with referral and integration routes for each group."
            )
        if any(r.strength != "clear" for r in self.recommendations):
            out.append(
                "Some recommendations depend on things still to check or arrange: read the "
                "cautions for each group."
            )
        return out

    def table(self) -> pd.DataFrame:
        """One row per group: group, model, how clear, reasons and cautions."""
        words = {"clear": "clear fit", "consider": "consider", "weak": "check the need first"}
        return pd.DataFrame(
            [
                {
                    "group": r.label,
                    "model": r.model,
                    "fit": words[r.strength],
                    "reasons": " ".join(r.reasons),
                    "cautions": " ".join(r.cautions) or "none",
                }
                for r in self.recommendations
            ]
        )


def _per_group(name: str, value: str | Mapping[str, str], group: str) -> str:
    if isinstance(value, Mapping):
        if group not in value:
            raise ValueError(f"{name} has no value for group {group!r}")
        return value[group]
    return value


def choose_models(
    groups: Iterable[str],
    integration: str | Mapping[str, str],
    support_need: str | Mapping[str, str],
) -> ModelChoice:
    """Recommend a fidelity model for each group in a cohort.

    Parameters
    ----------
    groups : iterable of str
        Keys of :data:`GROUPS` (at least one; duplicates are ignored).
    integration : str or mapping of str to str
        ``"yes"`` or ``"no"`` for every group, or per group.
    support_need : str or mapping of str to str
        ``"low"``, ``"moderate_high"`` or ``"complex"`` for every group, or per group.

    Returns
    -------
    ModelChoice

    Examples
    --------
    >>> c = choose_models(["low_moderate", "ld_autism"], "yes", "moderate_high")
    >>> c.models, c.mixed
    (('IPS', 'SEQF'), True)
    """
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, Iterable) or isinstance(groups, Mapping):
        raise TypeError(f"groups must be a list of population groups; got {groups!r}")
    chosen: list[str] = []
    for g in groups:
        g = v.choice("groups", g, tuple(GROUPS))
        if g not in chosen:
            chosen.append(g)
    if not chosen:
        raise ValueError("groups must include at least one population group")
    chosen.sort(key=list(GROUPS).index)
    return ModelChoice(
        tuple(
            recommend_model(
                g,
                _per_group("integration", integration, g),
                _per_group("support_need", support_need, g),
            )
            for g in chosen
        )
    )


# --- expected outcomes ------------------------------------------------------------------------

EVIDENCE_BASES: dict[str, str] = {
    "ips_beyond_smi": "IPS beyond severe mental illness",
    "ips_smi": "IPS for severe mental illness",
    "seqf": "SEQF (learning disabilities and/or autism)",
}
"""The evidence each expected-outcomes range can be drawn from."""


MEASURES = ("odds ratio", "risk ratio", "benchmark rate")
"""The kinds of :class:`EffectEstimate`."""


@dataclass(frozen=True)
class EffectEstimate:
    """One piece of evidence, as a central value and a 95% range.

    ``measure`` is 'odds ratio' or 'risk ratio' (applied to the business-as-usual rate), or
    'benchmark rate' (a job outcome rate shown for comparison, not an effect).
    """

    name: str
    measure: str
    central: float
    low: float
    high: float
    source: str

    def __post_init__(self) -> None:
        for name in ("name", "source"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(f"{name} must be text; got {getattr(self, name)!r}")
        v.choice("measure", self.measure, MEASURES)
        check = v.share if self.measure == "benchmark rate" else v.positive
        values = [check(name, getattr(self, name)) for name in ("low", "central", "high")]
        if not values[0] <= values[1] <= values[2]:
            raise ValueError(
                "low, central and high must be in order (low <= central <= high); got "
                f"{self.low}, {self.central}, {self.high}"
            )

    def rate(self, bau_rate: float, which: str = "central") -> float:
        """The job entry rate this estimate implies at a business-as-usual rate.

        Examples
        --------
        >>> e = EffectEstimate("x", "risk ratio", 2.0, 1.5, 2.5, "s")
        >>> e.rate(0.2, "high")
        0.5
        """
        which = v.choice("which", which, ("low", "central", "high"))
        value = getattr(self, which)
        if self.measure == "odds ratio":
            return apply_odds_ratio(bau_rate, value)
        if self.measure == "risk ratio":
            return apply_risk_ratio(bau_rate, value)
        v.share("bau_rate", bau_rate)
        return value


def effect_estimates(
    evidence_base: str, register: Register | None = None
) -> tuple[EffectEstimate, ...]:
    """The evidence behind an expected-outcomes range, first the headline estimate.

    Examples
    --------
    >>> [e.central for e in effect_estimates("ips_beyond_smi")]
    [1.32, 1.78]
    >>> effect_estimates("ips_smi")[0].measure
    'risk ratio'
    """
    evidence_base = v.choice("evidence_base", evidence_base, tuple(EVIDENCE_BASES))
    r = as_register(register)
    if evidence_base == "ips_beyond_smi":
        out = []
        for part, name in (
            ("large_medium", "IPS beyond SMI: large and medium studies"),
            ("pooled", "IPS beyond SMI: all studies pooled"),
        ):
            k = f"evidence.whitworth_meta.{part}"
            out.append(
                EffectEstimate(
                    name,
                    "odds ratio",
                    r.value(f"{k}.or"),
                    r.value(f"{k}.or_low"),
                    r.value(f"{k}.or_high"),
                    r[f"{k}.or"].source,
                )
            )
        return tuple(out)
    if evidence_base == "ips_smi":
        k = "evidence.modini"
        return (
            EffectEstimate(
                "IPS for SMI: pooled trials",
                "risk ratio",
                r.value(f"{k}.rr"),
                r.value(f"{k}.rr_low"),
                r.value(f"{k}.rr_high"),
                r[f"{k}.rr"].source,
            ),
        )
    return (
        EffectEstimate(
            "SEQF: NDTi learning disability services (benchmark, not an effect)",
            "benchmark rate",
            r.value("ndti.ld.job_outcome_rate"),
            r.value("ndti.range.job_outcome_rate.good_practice.lower"),
            r.value("ndti.range.job_outcome_rate.good_practice.upper"),
            r["ndti.ld.job_outcome_rate"].source,
        ),
    )


def apply_odds_ratio(bau_rate: float, odds_ratio: float) -> float:
    """The rate whose odds are ``odds_ratio`` times the odds of ``bau_rate``.

    An odds ratio of 1.32 raises the odds by 32%: at a 25% rate (odds 1 to 3) the new
    odds are 0.44, a rate of about 30.6%, which is about 22% more job entries, not 32%.

    Examples
    --------
    >>> round(apply_odds_ratio(0.25, 1.32), 4)
    0.3056
    >>> apply_odds_ratio(0.0, 2.0), apply_odds_ratio(1.0, 2.0)
    (0.0, 1.0)
    """
    p = v.share("bau_rate", bau_rate)
    ratio = v.positive("odds_ratio", odds_ratio)
    if p == 1.0:
        return 1.0
    odds = ratio * p / (1 - p)
    return odds / (1 + odds)


def apply_risk_ratio(bau_rate: float, risk_ratio: float) -> float:
    """``bau_rate`` times ``risk_ratio``, capped at 1 (nobody can be more than employed).

    Examples
    --------
    >>> apply_risk_ratio(0.25, 2.4)
    0.6
    >>> apply_risk_ratio(0.5, 2.9)
    1.0
    """
    p = v.share("bau_rate", bau_rate)
    ratio = v.positive("risk_ratio", risk_ratio)
    return min(1.0, p * ratio)


def odds_ratio_from_rates(rate: float, bau_rate: float) -> float:
    """The odds ratio between two rates (derived, e.g. from trial averages).

    Examples
    --------
    >>> round(odds_ratio_from_rates(0.55, 0.25), 2)
    3.67
    """
    p1 = v.share("rate", rate)
    p0 = v.share("bau_rate", bau_rate)
    if not 0 < p1 < 1 or not 0 < p0 < 1:
        raise ValueError("rate and bau_rate must both be strictly between 0 and 1 for odds")
    return (p1 / (1 - p1)) / (p0 / (1 - p0))


def expected_outcomes(
    starters: int,
    bau_rate: float,
    evidence_base: str = "ips_beyond_smi",
    register: Register | None = None,
) -> pd.DataFrame:
    """Expected job entries for ``starters`` people: business as usual and the evidence range.

    Parameters
    ----------
    starters : int
        People starting on the service.
    bau_rate : float
        Share of them who would enter work with business-as-usual support (0-1): your own
        figure, since it depends on the local population and what exists already.
    evidence_base : {"ips_beyond_smi", "ips_smi", "seqf"}
        Which evidence to apply (see :func:`effect_estimates`).

    Returns
    -------
    pandas.DataFrame
        First row business as usual, then one row per estimate, with ``scenario``,
        ``evidence``, ``rate_low``, ``rate_central``, ``rate_high``, ``jobs_low``,
        ``jobs_central``, ``jobs_high`` (unrounded) and ``extra_low``, ``extra_central``,
        ``extra_high`` (job entries above business as usual). For the SEQF benchmark the
        extra columns compare a benchmark with your rate; they are not an effect.

    Examples
    --------
    >>> t = expected_outcomes(100, 0.25)
    >>> t[["jobs_low", "jobs_central", "jobs_high"]].iloc[1].round(1).tolist()
    [28.6, 30.6, 32.7]
    """
    starters = v.count("starters", starters)
    bau_rate = v.share("bau_rate", bau_rate)
    rows = [
        {
            "scenario": "Business as usual (your rate)",
            "evidence": "your own figure",
            "measure": "rate",
            "effect_central": None,
            "effect_low": None,
            "effect_high": None,
            "rate_low": bau_rate,
            "rate_central": bau_rate,
            "rate_high": bau_rate,
        }
    ]
    for e in effect_estimates(evidence_base, register):
        rows.append(
            {
                "scenario": e.name,
                "evidence": e.source,
                "effect_central": e.central,
                "effect_low": e.low,
                "effect_high": e.high,
                "measure": e.measure,
                "rate_low": e.rate(bau_rate, "low"),
                "rate_central": e.rate(bau_rate, "central"),
                "rate_high": e.rate(bau_rate, "high"),
            }
        )
    df = pd.DataFrame(rows)
    for which in ("low", "central", "high"):
        df[f"jobs_{which}"] = df[f"rate_{which}"] * starters
        df[f"extra_{which}"] = df[f"jobs_{which}"] - bau_rate * starters
    return df
