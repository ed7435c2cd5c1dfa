"""Chapter 2: recommend a fidelity model (IPS or SEQF) for each population group.

Example
-------
>>> MODEL_CHOOSER.run().summary.plain()[:40]
'Mixed cohort: IPS for Low-to-moderate me'
"""

from __future__ import annotations

from ..core.evidence import load_register
from ..core.kpis import kpi_ranges
from ..core.models import GROUPS, INTEGRATION, MODEL_COLUMNS, SUPPORT_NEEDS, choose_models
from .spec import Column, Default, Definition, Input, Note, Output, Q, Table, Text

__all__ = ["MODEL_CHOOSER", "DEFAULT_GROUPS", "model_output", "kpi_targets"]

DEFAULT_GROUPS = ("low_moderate", "ld_autism")
"""An illustrative mixed cohort shown until you choose your own groups."""


_UNITS = {"GBP": "GBP", "share": "share", "clients": "count"}

# Targets beside the KPI ranges: (label, key after kpi.<model>., low or high or both, unit)
_TARGETS = (
    ("Senior specialist caseload, at most", "caseload_senior.max", "high", "count"),
    ("Out-of-work support (months)", "duration_out_of_work", "both", "number"),
    ("In-work support after a job start (months)", "duration_in_work", "single", "number"),
    (
        "First external fidelity review, within (months)",
        "fidelity_first_review.months",
        "high",
        "number",
    ),
    (
        "External fidelity review at Good or better, at least every (years)",
        "fidelity_review_interval.years",
        "high",
        "number",
    ),
    (
        "Self-assessment between reviews, every (months)",
        "self_assessment_interval.months",
        "high",
        "number",
    ),
)


def kpi_targets(models: tuple[str, ...] | list[str]) -> Table:
    """The guide's suggested KPIs and targets for ``models``, as numbers with units.

    Each model has a "from" and a "to" column: an open end ("at least 70%") is empty.

    Examples
    --------
    >>> t = kpi_targets(("IPS",))
    >>> t.rows[0]
    ('Cost per participant (unit cost)', Q(value=2000.0, unit='GBP', decimals=None), \
Q(value=2500.0, unit='GBP', decimals=None))
    """
    if isinstance(models, str) or not isinstance(models, (tuple, list)) or not models:
        raise TypeError(f"models must be a list of 'IPS' and/or 'SEQF'; got {models!r}")
    for m in models:
        if m not in MODEL_COLUMNS:
            raise ValueError(f"models must hold only 'IPS' or 'SEQF'; got {m!r}")
    models = tuple(dict.fromkeys(models))
    r = load_register()
    columns = [Column("KPI or target")]
    for m in models:
        columns += [Column(f"{MODEL_COLUMNS[m]}: from"), Column(f"{MODEL_COLUMNS[m]}: to")]
    ranges = {m: kpi_ranges(m) for m in models}
    rows = []
    for kpi, first in ranges[models[0]].items():
        row: list = [first.label]
        for m in models:
            k = ranges[m][kpi]
            unit = _UNITS[k.unit]
            row += [
                None if k.low is None else Q(k.low, unit),
                None if k.high is None else Q(k.high, unit),
            ]
        rows.append(tuple(row))
    for label, key, ends, unit in _TARGETS:
        row = [label]
        for m in models:
            full = f"kpi.{m.lower()}.{key}"
            if ends == "both":
                row += [Q(r.value(full + ".min"), unit, 0), Q(r.value(full + ".max"), unit, 0)]
            elif full not in r:
                row += [None, None]
            elif ends == "single":
                row += [Q(r.value(full), unit, 0)] * 2
            else:
                row += [None, Q(r.value(full), unit, 0)]
        if any(cell is not None for cell in row[1:]):
            rows.append(tuple(row))
    names = " and ".join("IPS (beyond SMI)" if m == "IPS" else m for m in models)
    return Table(f"Suggested KPIs for {names} (Whitworth et al. 2024)", columns, rows)


def model_output(integration: str, support_need: str, **groups: str) -> Output:
    """Recommend a model for each group chosen, with the suggested KPIs for the model(s).

    The rules are the Whitworth guide's (see :func:`guidance.core.models.choose_models`).

    Parameters
    ----------
    integration : {"yes", "no"}
    support_need : {"low", "moderate_high", "complex"}
    **groups
        ``group_<key>`` = "yes" or "no" for each key of :data:`guidance.core.models.GROUPS`.

    Examples
    --------
    >>> model_output("yes", "moderate_high", group_smi="yes").summary.plain()
    'IPS for every group selected (Severe mental illness).'
    """
    unknown = [k for k in groups if not k.startswith("group_") or k[6:] not in GROUPS]
    if unknown:
        raise TypeError(f"unknown input(s): {', '.join(sorted(unknown))}")
    for name, answer in groups.items():
        if answer not in ("yes", "no"):
            raise ValueError(f"{GROUPS[name[6:]]} must be 'yes' or 'no'; got {answer!r}")
    chosen = [k[6:] for k, answer in groups.items() if answer == "yes"]
    if not chosen:
        raise ValueError("Choose at least one population group (answer 'Yes' for it).")
    choice = choose_models(chosen, integration, support_need)
    if choice.mixed:
        summary = Text(
            f"Mixed cohort: IPS for {'; '.join(choice.groups_for('IPS'))}, and SEQF for "
            f"{'; '.join(choice.groups_for('SEQF'))}. Commission separate pathways or lots."
        )
    else:
        model = choice.models[0]
        summary = Text(f"{model} for every group selected ({'; '.join(choice.groups_for(model))}).")
    per_group = choice.table()
    recommendations = Table(
        "Recommendation for each group",
        tuple(Column(c) for c in per_group.columns),
        per_group.itertuples(index=False),
    )
    advice = Note(
        "What this means for the cohort",
        (
            *(Text(a) for a in choice.advice()),
            Text("Measure wellbeing (SWEMWBS) at the start and end of support, whichever model."),
        ),
    )
    return Output(
        summary=summary, tables=(recommendations, kpi_targets(choice.models)), notes=(advice,)
    )


_YES_NO = (("No", "no"), ("Yes", "yes"))

MODEL_CHOOSER = Definition(
    name="model_chooser",
    chapter=2,
    title="Model chooser",
    description="The fidelity model for each population group, and its suggested KPIs.",
    compute=model_output,
    inputs=(
        *(
            Input(
                f"group_{key}",
                f"Includes: {label}",
                "choice",
                Default.illustrative(
                    "yes" if key in DEFAULT_GROUPS else "no",
                    "an illustrative mixed cohort: choose your own groups",
                ),
                options=_YES_NO,
            )
            for key, label in GROUPS.items()
        ),
        Input(
            "integration",
            "Clinical or other integration possible?",
            "choice",
            Default.illustrative("yes", "the guide's usual case: choose your own"),
            options=tuple((label, key) for key, label in INTEGRATION.items()),
            help="Can employment specialists join the teams that support these people "
            "(e.g. mental health, Talking Therapies, drug and alcohol teams)?",
        ),
        Input(
            "support_need",
            "Level of employment support need",
            "choice",
            Default.illustrative("moderate_high", "a middle level: choose your own"),
            options=tuple((label, key) for key, label in SUPPORT_NEEDS.items()),
        ),
    ),
)
"""The model chooser."""
