"""Chapter 6: SWEMWBS wellbeing scores at start and end, from a file of scores.

Reads a CSV of ``client_id, start_raw, end_raw`` (see :func:`guidance.core.wellbeing.load_scores`);
until a file is loaded it shows the shipped SYNTHETIC example. An illustrative money value
(the WELLBY route, derived) is shown only when asked for.

Example
-------
>>> from guidance.presentation.render import text
>>> text(SWEMWBS_CHANGE.run().summary)[:36]
'Average change +1.74 metric points f'
"""

from __future__ import annotations

import math
from functools import lru_cache

from ..core.wellbeing import (
    CAVEATS,
    SCORES_SPEC,
    WellbeingChange,
    example_scores_path,
    load_scores,
    table_points_scores_path,
    wellby_value,
)
from .spec import (
    Column,
    Default,
    Definition,
    Figure,
    Input,
    Note,
    Output,
    Q,
    Table,
    Text,
    Upload,
)

__all__ = ["SWEMWBS_CHANGE", "wellbeing_output", "scores_template"]


def scores_template() -> str:
    """An empty score file: the header row only."""
    return ",".join(c.name for c in SCORES_SPEC.columns) + "\n"


def _number(x: float, decimals: int = 2) -> Q:
    return Q(None if math.isnan(x) else float(x), "number", decimals)


def _share(x: float) -> Q:
    return Q(None if math.isnan(x) else float(x), "share")


def wellbeing_output(change: WellbeingChange, money: str = "no", years: float = 1.0) -> Output:
    """A SWEMWBS start-to-end comparison, with its caveats and an optional money value.

    The average change is the mean of end minus start metric scores for people with both
    scores; the money value is ``change x people x years x value per SWEMWBS point`` (see
    :func:`guidance.core.wellbeing.wellby_value`).

    Examples
    --------
    >>> from guidance.core.wellbeing import wellbeing_change
    >>> wellbeing_output(wellbeing_change([14, 20], [17, 22])).summary.plain()[:28]
    'Average change +1.47 metric '
    """
    if money not in ("no", "yes"):
        raise ValueError(f"money must be 'no' or 'yes'; got {money!r}")
    if math.isnan(change.mean_change):
        summary = Text(
            "No one has both a start and an end score yet (",
            Q(change.n_start, "count"),
            " with a start score).",
        )
    else:
        summary = Text(
            f"Average change {change.mean_change:+.2f} metric points for the ",
            Q(change.n_paired, "count"),
            " of ",
            Q(change.n_start, "count"),
            " people with both scores (",
            _share(change.attrition),
            " have no end score). This describes the group; it does not show the service "
            "caused the change.",
        )
    notes = [Note("What this cannot show", tuple(Text(c) for c in CAVEATS))]
    if money == "yes" and not math.isnan(change.mean_change):
        value = wellby_value(change.mean_change, change.n_paired, years)
        notes.append(
            Note(
                "Illustrative money value (derived)",
                (
                    Text(
                        Q(value["value"], "GBP"),
                        " (range ",
                        Q(value["low"], "GBP"),
                        " to ",
                        Q(value["high"], "GBP"),
                        ", 2019 prices) for ",
                        Q(change.n_paired, "count"),
                        " people over ",
                        Q(years, "number", 0 if float(years).is_integer() else 2),
                        " year(s), at ",
                        Q(value["per_point"], "GBP"),
                        " per SWEMWBS point per person-year.",
                    ),
                    Text(str(value["caveat"])),
                ),
            )
        )
    rows = (
        ("People with a start score", Q(change.n_start, "count")),
        ("People with start and end scores", Q(change.n_paired, "count")),
        ("No end score (attrition)", _share(change.attrition)),
        ("Average start score, everyone (metric)", _number(change.mean_start_all)),
        ("Average start score, people with an end score", _number(change.mean_start_paired)),
        ("Average start score, people without an end score", _number(change.mean_start_unpaired)),
        ("Average end score (metric)", _number(change.mean_end)),
        ("Average change (metric points)", _number(change.mean_change)),
        ("Approximate 95% range of the average change: low", _number(change.ci_low)),
        ("Approximate 95% range of the average change: high", _number(change.ci_high)),
        ("Share whose score rose", _share(change.share_improved)),
        ("Share whose score fell", _share(change.share_worse)),
    )
    table = Table(
        "SWEMWBS at start and end (metric scores)",
        (Column("measure"), Column("value", "number")),
        rows,
    )
    alt = Text(
        "Bar chart of average SWEMWBS metric scores: start for everyone ",
        Q(change.mean_start_all, "number", 2),
        "; start for people with an end score ",
        Q(change.mean_start_paired, "number", 2),
        "; start for people without one ",
        Q(change.mean_start_unpaired, "number", 2),
        "; end ",
        Q(change.mean_end, "number", 2),
        ".",
    )
    return Output(
        summary=summary,
        tables=(table,),
        notes=tuple(notes),
        figures=(Figure("wellbeing_scores", change, alt=alt, key=change),),
    )


@lru_cache(maxsize=1)
def _example() -> tuple[WellbeingChange, str]:
    """The shipped SYNTHETIC example, read once (it never changes while running)."""
    path = example_scores_path()
    return load_scores(path), path.name


SWEMWBS_CHANGE = Definition(
    name="swemwbs_change",
    chapter=6,
    title="SWEMWBS at start and end",
    description="Average wellbeing change for a group, with what it cannot show.",
    compute=wellbeing_output,
    upload=Upload(
        loader=lambda source, name=None: load_scores(source, name=name),
        example=_example,
        label="SWEMWBS scores at start and end (CSV)",
        downloads=(
            ("swemwbs_template.csv", scores_template, "Download the score template"),
            (
                "example_swemwbs_SYNTHETIC.csv",
                lambda: example_scores_path().read_text("utf-8"),
                "Download the SYNTHETIC example",
            ),
            (
                table_points_scores_path().name,
                lambda: table_points_scores_path().read_text("utf-8"),
                "Download the conversion-table worked example",
            ),
        ),
    ),
    inputs=(
        Input(
            "money",
            "Show an illustrative money value",
            "choice",
            Default.illustrative("no", "a money value is shown only when asked for"),
            options=(("no", "no"), ("yes (derived, with caveats)", "yes")),
            help="Derived by the WELLBY route (HM Treasury Green Book wellbeing guidance).",
        ),
        Input(
            "years",
            "Years the change is assumed to last",
            "number",
            Default.illustrative(1.0, "your own assumption; used only for the money value"),
            unit="years",
            minimum=0,
            maximum=50,
            help="Your own assumption; only used for the money value.",
        ),
    ),
)
"""The SWEMWBS change calculator (reads a file of scores)."""
