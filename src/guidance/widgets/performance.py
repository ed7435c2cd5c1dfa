"""Chapter 6 calculators: fidelity review, SEQF profile, SWEMWBS change, monitoring dashboard.

The dashboard and the wellbeing calculator read a CSV file: live, through an ipywidgets
``FileUpload``; in the built book they show the shipped SYNTHETIC example. A file that
cannot be used gives a message naming the row and column, never a traceback, and the last
good result stays on screen.

Example
-------
>>> calc = monitoring_dashboard()
>>> calc.result.summary.startswith("SYNTHETIC example data")
True
"""

from __future__ import annotations

import base64
import html
import math
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import pandas as pd

from .. import monitoring as mon
from ..display import table_html
from ..evidence import load_register
from ..fidelity import (
    example_review,
    example_seqf_scores,
    fidelity_bands,
    fidelity_items,
    score_review,
    seqf_profile,
)
from ..formatting import decimal, gbp, pct, whole
from ..kpis import kpi_ranges
from ..livefigure import Plot
from ..plots import PALETTE, HBars, hbar_plot, new_figure, nice_limit
from ..wellbeing import (
    CAVEATS,
    SCORES_SPEC,
    WellbeingChange,
    example_scores_path,
    load_scores,
    wellby_value,
)
from .legacy import Calculator, Field, Result, extra_figure_marker

__all__ = [
    "UploadCalculator",
    "download_link",
    "fidelity_result",
    "fidelity_review",
    "seqf_result",
    "seqf_profile_calculator",
    "wellbeing_result",
    "swemwbs_change",
    "dashboard_result",
    "monitoring_dashboard",
    "funnel_figure",
    "trend_figure",
    "specialist_table",
    "kpi_html",
]


def _source(key: str) -> str:
    return load_register()[key].citation()


def download_link(filename: str, text: str, label: str) -> str:
    """A self-contained download link (a data URI), so the book makes no extra requests.

    Examples
    --------
    >>> download_link("a.csv", "x,y\\n", "Download")[:9]
    '<a class='
    """
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (
        f'<a class="guidance-download" download="{html.escape(filename)}" '
        f'href="data:text/csv;charset=utf-8;base64,{data}">{html.escape(label)}</a>'
    )


# --- a calculator that also reads a file ---------------------------------------------------
class UploadCalculator(Calculator):
    """A :class:`Calculator` whose results also depend on a loaded CSV file.

    Parameters
    ----------
    title, fields, name
        As for :class:`Calculator`.
    render : callable
        ``render(data, **values) -> Result``.
    loader : callable
        ``loader(source, name=...) -> data``; raises ``ValueError`` with a clear message.
    default_source : object
        What to load first (the shipped SYNTHETIC example).
    downloads : sequence of (filename, text, label)
        Files offered for download beside the upload control (template, example).
    on_load : callable, optional
        ``on_load(data) -> dict`` of input values to set after a new file is loaded.
    """

    def __init__(
        self,
        title: str,
        fields: list[Field],
        render: Callable[..., Result],
        loader: Callable[..., Any],
        default_source: object,
        *,
        name: str,
        downloads: tuple[tuple[str, str, str], ...] = (),
        on_load: Callable[[Any], dict[str, Any]] | None = None,
    ):
        self.render = render
        self.loader = loader
        self.on_load = on_load
        self.data = loader(default_source)
        self.data_name = getattr(default_source, "name", str(default_source))
        self.downloads_html = " &middot; ".join(download_link(*d) for d in downloads)
        self.upload = w.FileUpload(
            accept=".csv,text/csv",
            multiple=False,
            description="Load a CSV file",
            layout=w.Layout(width="16em"),
        )
        self._loaded = w.HTML(self._loaded_html())
        super().__init__(title, fields, self._compute, name=name)
        children = list(self.widget.children)
        children[1:1] = [w.HBox([self.upload, self._loaded]), w.HTML(self.downloads_html)]
        self.widget.children = tuple(children)
        self.upload.observe(self._on_upload, names="value")

    def _loaded_html(self) -> str:
        return (
            f'<span class="guidance-help" style="margin-left:1em">Showing: '
            f"{html.escape(self.data_name)}</span>"
        )

    def _compute(self, **values: Any) -> Result:
        return self.render(self.data, **values)

    def load_bytes(self, content: bytes, name: str) -> None:
        """Load a file's bytes; on a problem show the message and keep the last result."""
        try:
            data = self.loader(content, name=f"'{name}'")
        except (ValueError, TypeError) as error:
            self._show_message(str(error))
            return
        except Exception as error:  # noqa: BLE001 - never a traceback on screen
            self._show_message(f"'{name}' could not be read ({error}).")
            return
        self.data = data
        self.data_name = name
        self._loaded.value = self._loaded_html()
        values = self.on_load(data) if self.on_load else {}
        if values:
            self.set_values(values)
        else:
            self.refresh()

    def _on_upload(self, change: dict) -> None:
        value = change["new"]
        if not value:
            return
        item = value[0] if isinstance(value, (tuple, list)) else next(iter(value.values()))
        name = str(item.get("name") or "the uploaded file")
        size = int(item.get("size") or len(item["content"]))
        if size > mon.MAX_BYTES:
            self._show_message(f"'{name}' could not be used: {mon._too_big(size)}.")
            return
        self.load_bytes(bytes(item["content"]), name)

    def _show_message(self, text: str) -> None:
        self.message = text
        lines = [line for line in text.splitlines() if line.strip()]
        stale = " The results below are for the last valid inputs." if self.result else ""
        head, items = lines[0], [line.lstrip("- ") for line in lines[1:]]
        body = html.escape(head) + stale
        if items:
            body += "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
        self._message.value = (
            '<div role="alert" class="guidance-message" style="color:#9a3412;'
            f'border-left:4px solid #D55E00;padding:0.3em 0.6em">{body}</div>'
        )

    def _render_static(self) -> str:
        extra = (
            f'<p class="guidance-help">Data shown: {html.escape(self.data_name)}. '
            f"{self.downloads_html}</p>"
        )
        base = super()._render_static()
        marker = "(default result; run this page live to change the inputs)</p>"
        return base.replace(
            marker,
            marker.replace("change the inputs", "load your own file and change the inputs") + extra,
            1,
        )


# --- fidelity review ----------------------------------------------------------------------------
SECTION_COLOURS = {"Staffing": PALETTE[0], "Organisation": PALETTE[4], "Services": PALETTE[2]}


def _fidelity_frame(review) -> tuple:
    items = review.items
    return (tuple(items["key"]), tuple(items["section"]), review.max_total)


def _fidelity_draw(review) -> tuple[Any, dict]:
    items = review.items
    fig, ax = new_figure(height=7.2)
    positions = list(range(len(items)))[::-1]
    bars = ax.barh(
        positions, [0] * len(items), color=[SECTION_COLOURS[s] for s in items["section"]]
    )
    parts = {
        "bars": list(bars),
        "labels": [ax.text(0, y, "", va="center", fontsize=8) for y in positions],
        "title": ax.set_title("", loc="left", fontsize=11),
    }
    ax.set_yticks(positions, [f"{r.number}. {r.name}"[:48] for r in items.itertuples()], fontsize=7)
    top = int(load_register().value("fidelity.ips.item_max"))
    ax.set_xlim(0, top + 1.6)
    ax.set_xlabel(f"item score (1 = lowest, {top} = highest)")
    from matplotlib.patches import Patch

    handles = [Patch(color=c, label=s) for s, c in SECTION_COLOURS.items()]
    handles.append(Patch(facecolor="white", edgecolor="#333333", hatch="//", label="weakest items"))
    ax.legend(handles=handles, frameon=False, fontsize=8, loc="lower right")
    _fidelity_update(parts, review)
    return fig, parts


def _fidelity_update(parts: dict, review) -> None:
    weak = set(review.weakest["key"])
    for bar, label, row in zip(
        parts["bars"], parts["labels"], review.items.itertuples(), strict=True
    ):
        is_weak = row.key in weak
        bar.set_width(row.score)
        bar.set_hatch("//" if is_weak else None)
        bar.set_edgecolor("#333333" if is_weak else "none")
        label.set_x(row.score + 0.05)
        label.set_text(f"{row.score}" + ("  weakest" if is_weak else ""))
    parts["title"].set_text(
        f"Fidelity review: {review.total} of {review.max_total} ({review.band})"
    )


def fidelity_plot(review) -> Plot:
    """Bars of each item's score, by section; the weakest items hatched and marked.

    Live, the item names and scale stay and only the bars, their labels and the title
    are redrawn.

    Examples
    --------
    >>> fig = fidelity_plot(score_review(example_review())).figure()
    >>> len(fig.axes[0].patches)
    25
    """
    return Plot(_fidelity_draw, _fidelity_update, _fidelity_frame, review)


def fidelity_figure(review) -> Any:
    """The figure of :func:`fidelity_plot`, drawn once (for the book and exports)."""
    return fidelity_plot(review).figure()


def fidelity_result(**scores: int) -> Result:
    """Score an IPS fidelity review from item scores (keyword = item key).

    Examples
    --------
    >>> fidelity_result(**example_review()).summary[:22]
    'Total 95 out of 125: F'
    """
    review = score_review(scores)
    bands = fidelity_bands()
    next_text = (
        f" {review.points_to_next_band} more points would reach {review.next_band}."
        if review.next_band
        else ""
    )
    summary = f"Total {review.total} out of {review.max_total}: {review.band}.{next_text}"
    weakest = review.weakest
    alt = (
        f"Bar chart of the 25 item scores; total {review.total} of {review.max_total}, "
        f"{review.band}. Weakest items: "
        + "; ".join(f"{r.name} {r.score}" for r in weakest.itertuples())
        + "."
    )
    band_items = "".join(
        f"<li>{'<strong>' if b.name == review.band else ''}{html.escape(b.describe())}"
        f"{' (this review)</strong>' if b.name == review.band else ''}</li>"
        for b in bands
    )
    sections = review.sections
    section_text = "; ".join(
        f"{r.section} {r.score} of {r.max} ({pct(r.share)})" for r in sections.itertuples()
    )
    r = load_register()
    unconfirmed = " and ".join(
        f"{r.value(k):.0f}"
        for k in ("fidelity.ips.band.exemplary.min", "fidelity.ips.band.not_ips.max")
        if "NOT DIRECTLY CONFIRMED" in r[k].note
    )
    caveat = f"; the {unconfirmed} cut-points are not directly confirmed" if unconfirmed else ""
    extra = (
        f'<p>Bands <span class="guidance-help">(from IPS Grow and the UK score sheet'
        f"{caveat})</span>:</p><ul>{band_items}</ul>"
        f"<p>By section: {html.escape(section_text)}.</p>"
    )
    table = pd.DataFrame(
        {
            "item": [f"{r.number}. {r.name}" for r in weakest.itertuples()],
            "section": weakest["section"],
            "score": weakest["score"].astype(str),
            "what to do": weakest["what_to_do"],
        }
    )
    return Result(
        summary=summary,
        table=table,
        caption="Weakest items and what to do about them (put these in the action plan)",
        figure=fidelity_plot(review),
        alt=alt,
        extra_html=extra,
    )


def fidelity_review() -> Calculator:
    """The IPS fidelity review calculator; defaults are ILLUSTRATIVE scores, not a real review."""
    r = load_register()
    low, high = int(r.value("fidelity.ips.item_min")), int(r.value("fidelity.ips.item_max"))
    example = example_review()
    fields = [
        Field(
            row.key,
            f"{row.number}. {row.name} ({low}-{high})",
            "integer",
            example[row.key],
            help=row.section + " item" if row.number in (1, 4, 12) else "",
            source="illustrative score (replace with your review's)",
        )
        for row in fidelity_items("IPS").itertuples()
    ]
    return Calculator("IPS fidelity review", fields, fidelity_result, name="fidelity_review")


# --- SEQF profile ---------------------------------------------------------------------------------
def seqf_result(max_score: float, **scores: float) -> Result:
    """Show SEQF element scores as a profile (no levels or thresholds applied).

    Examples
    --------
    >>> seqf_result(5, **example_seqf_scores()).table["element"].iloc[0]
    'Employer engagement'
    """
    profile = seqf_profile(scores, max_score)

    order = profile.sort_values("rank", kind="stable")  # weakest at the top
    figure = hbar_plot(
        HBars(
            list(order["element"]),
            [x * 100 for x in order["share_of_max"]],
            [f"{x:g} of {max_score:g}" for x in order["score"]],
            title="SEQF element profile (no thresholds applied)",
            xlabel="score as % of the highest possible score",
            right=118,
            colours=[PALETTE[0]] * len(order),
            gap=1,
            height=3.2,
        )
    )

    weakest = profile.iloc[0]
    alt = (
        "Bar chart of SEQF element scores: "
        + "; ".join(f"{row.element} {row.score:g} of {max_score:g}" for row in profile.itertuples())
        + "."
    )
    summary = (
        f"Weakest element: {weakest['element']} ({weakest['score']:g} of "
        f"{max_score:g}). Official SEQF levels and thresholds come from BASE's SEQF "
        "assessment (base-uk.org); none are applied here."
    )
    table = pd.DataFrame(
        {
            "rank (1 = weakest)": profile["rank"].astype(str),
            "element": profile["element"],
            "score": profile["score"].map(lambda x: f"{x:g}"),
            "% of highest": profile["share_of_max"].map(pct),
            "what to look at": profile["what_to_look_at"],
        }
    )
    return Result(
        summary=summary, table=table, caption="SEQF elements, weakest first", figure=figure, alt=alt
    )


def seqf_profile_calculator() -> Calculator:
    """The SEQF profile calculator; defaults are ILLUSTRATIVE, on an illustrative 0-5 scale."""
    stages = fidelity_items("SEQF")
    example = example_seqf_scores()
    fields = [
        Field(
            "max_score",
            "Highest possible score per element",
            "number",
            5.0,
            help="Use the scale in your BASE assessment report.",
            source="illustrative (use your assessment's scale)",
        )
    ]
    fields += [
        Field(
            row.key,
            row.name,
            "number",
            example[row.key],
            source="illustrative score (replace with your assessment's)",
        )
        for row in stages.itertuples()
    ]
    return Calculator("SEQF element profile", fields, seqf_result, name="seqf_profile")


# --- SWEMWBS change ----------------------------------------------------------------------------
def wellbeing_plot(change: WellbeingChange) -> Plot:
    """Average metric scores: start for everyone, for those with and without an end score, end."""
    values = [
        change.mean_start_all,
        change.mean_start_paired,
        change.mean_start_unpaired,
        change.mean_end,
    ]
    return hbar_plot(
        HBars(
            [
                "Start: everyone",
                "Start: with an end score",
                "Start: no end score",
                "End: with an end score",
            ],
            values,
            [f"{value:.2f}" for value in values],
            title="Wellbeing at start and end",
            xlabel="average SWEMWBS metric score (7 to 35)",
            right=40,
            colours=[PALETTE[0], PALETTE[0], PALETTE[1], PALETTE[2]],
            hatches=["", "", "//", ".."],
            edgecolour="#333333",
            gap=0.3,
            height=2.9,
        )
    )


def wellbeing_figure(change: WellbeingChange) -> Any:
    """The figure of :func:`wellbeing_plot`, drawn once (for the book and exports)."""
    return wellbeing_plot(change).figure()


def wellbeing_result(change: WellbeingChange, money: str = "no", years: float = 1.0) -> Result:
    """Present a SWEMWBS start-to-end comparison, with its caveats and an optional £ value.

    Examples
    --------
    >>> from guidance.wellbeing import wellbeing_change
    >>> wellbeing_result(wellbeing_change([14, 20], [17, 22])).summary[:24]
    'Average change +1.47 met'
    """
    if money not in ("no", "yes"):
        raise ValueError(f"money must be 'no' or 'yes'; got {money!r}")
    if math.isnan(change.mean_change):
        summary = (
            f"No one has both a start and an end score yet ({change.n_start} with a start score)."
        )
    else:
        summary = (
            f"Average change {change.mean_change:+.2f} metric points for the "
            f"{change.n_paired} of {change.n_start} people with both scores "
            f"({pct(change.attrition)} have no end score). This describes the group; it "
            "does not show the service caused the change."
        )
    caveats = "".join(f"<li>{html.escape(c)}</li>" for c in CAVEATS)
    extra = f"<p><strong>What this cannot show:</strong></p><ul>{caveats}</ul>"
    if money == "yes" and not math.isnan(change.mean_change):
        value = wellby_value(change.mean_change, change.n_paired, years)
        extra += (
            f"<p><strong>Illustrative money value (derived):</strong> {gbp(value['value'])} "
            f"(range {gbp(value['low'])} to {gbp(value['high'])}, 2019 prices) for "
            f"{change.n_paired} people over {years:g} year(s), at {gbp(value['per_point'])} "
            f"per SWEMWBS point per person-year. {html.escape(str(value['caveat']))}</p>"
        )
    alt = (
        f"Bar chart of average SWEMWBS metric scores: start for everyone "
        f"{change.mean_start_all:.2f}; start for people with an end score "
        f"{change.mean_start_paired:.2f}; start for people without one "
        f"{change.mean_start_unpaired:.2f}; end {change.mean_end:.2f}."
    )
    return Result(
        summary=summary,
        table=change.summary_table(),
        caption="SWEMWBS at start and end (metric scores)",
        figure=wellbeing_plot(change),
        alt=alt,
        extra_html=extra,
    )


def swemwbs_change() -> UploadCalculator:
    """The SWEMWBS change calculator, showing the SYNTHETIC example until a file is loaded."""
    template = ",".join(c.name for c in SCORES_SPEC.columns) + "\n"
    fields = [
        Field(
            "money",
            "Show an illustrative money value",
            "choice",
            "no",
            options=(("no", "no"), ("yes (derived, with caveats)", "yes")),
            source=_source("wellby.value_per_swemwbs_point"),
        ),
        Field(
            "years",
            "Years the change is assumed to last",
            "number",
            1.0,
            help="Your own assumption; only used for the money value.",
        ),
    ]
    return UploadCalculator(
        "SWEMWBS at start and end",
        fields,
        lambda data, **values: wellbeing_result(data, **values),
        lambda source, name=None: load_scores(source, name=name),
        example_scores_path(),
        name="swemwbs_change",
        downloads=(
            ("swemwbs_template.csv", template, "Download the score template"),
            (
                "example_swemwbs_SYNTHETIC.csv",
                example_scores_path().read_text("utf-8"),
                "Download the SYNTHETIC example",
            ),
        ),
    )


# --- monitoring dashboard ---------------------------------------------------------------------
def funnel_plot(funnel: pd.DataFrame, title: str = "People at each stage") -> Plot:
    """Horizontal funnel bars with the conversion from the stage before."""
    top = max(1, int(funnel["people"].max()))
    texts = []
    for row in funnel.itertuples():
        text = whole(row.people)
        if not math.isnan(row.share_of_previous):
            text += f" ({pct(row.share_of_previous)} of the stage before)"
        texts.append(text)
    return hbar_plot(
        HBars(
            list(funnel["stage"]),
            [float(x) for x in funnel["people"]],
            texts,
            title=title,
            xlabel="people",
            right=nice_limit(top * 1.7),
            colours=[PALETTE[0], PALETTE[4], PALETTE[2], PALETTE[1]],
            hatches=["", "..", "//", "xx"],
            edgecolour="#333333",
            gap=top * 0.01,
            height=2.8,
        )
    )


def funnel_figure(funnel: pd.DataFrame, title: str = "People at each stage") -> Any:
    """The figure of :func:`funnel_plot`, drawn once (for the book and exports)."""
    return funnel_plot(funnel, title).figure()


def funnel_alt(funnel: pd.DataFrame, period: str) -> str:
    """Alt text stating the funnel's numbers."""
    parts = []
    for row in funnel.itertuples():
        text = f"{row.stage} {whole(row.people)}"
        if not math.isnan(row.share_of_previous):
            text += f" ({pct(row.share_of_previous)})"
        parts.append(text)
    return f"Funnel bar chart, {period}: " + "; ".join(parts) + "."


def trend_figure(trends: pd.DataFrame) -> Any:
    """Referrals, starts, job entries and sustained jobs by month (colour, style and marker)."""
    fig, ax = new_figure(height=3.4)
    x = list(range(len(trends)))
    styles = (
        ("referrals", "Referrals", "-", "o"),
        ("starts", "Starts", "--", "s"),
        ("job_entries", "Job entries", ":", "^"),
        ("sustained", "Sustained jobs", "-.", "D"),
    )
    for n, (column, label, style, marker) in enumerate(styles):
        ax.plot(
            x,
            trends[column],
            label=label,
            color=PALETTE[[0, 4, 2, 1][n]],
            linestyle=style,
            marker=marker,
            markersize=3,
            linewidth=1.8,
        )
    step = max(1, len(x) // 8)
    ax.set_xticks(x[::step], [p.strftime("%b %y") for p in trends["month"]][::step])
    ax.set_xlabel("month")
    ax.set_ylabel("people a month")
    ax.set_title("The funnel month by month", loc="left", fontsize=11)
    ax.legend(frameon=False, fontsize=8, ncols=4, loc="upper left")
    ax.set_ylim(0, max(1, trends[["referrals", "starts"]].to_numpy().max()) * 1.25)
    return fig


def trend_alt(trends: pd.DataFrame) -> str:
    """Alt text for :func:`trend_figure`, stating the first, peak and last months."""
    first, last = trends.iloc[0], trends.iloc[-1]
    peak = trends.loc[trends["referrals"].idxmax()]
    return (
        f"Line chart of referrals, starts, job entries and sustained jobs for each of "
        f"{len(trends)} months from {first['month']} to {last['month']}. Referrals rise from "
        f"{int(first['referrals'])} in the first month to a peak of {int(peak['referrals'])} in "
        f"{peak['month']} and are {int(last['referrals'])} in the last month, when there were "
        f"{int(last['starts'])} starts, {int(last['job_entries'])} job entries and "
        f"{int(last['sustained'])} sustained jobs."
    )


def _format(value: float, unit: str) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "not computed"
    if unit == "share":
        return pct(value)
    if unit == "GBP":
        return gbp(value)
    return decimal(value)


def kpi_html(kpis: pd.DataFrame) -> str:
    """The KPIs as a list: a colour swatch, the status in words, the value and the target."""
    items = []
    for row in kpis.itertuples():
        colour = mon.STATUS_COLOURS[row.status]
        items.append(
            f'<li><span aria-hidden="true" style="display:inline-block;width:0.9em;'
            f'height:0.9em;background:{colour};border:1px solid #333;margin-right:0.4em">'
            f"</span><strong>{html.escape(row.status_word)}</strong>: "
            f"{html.escape(row.label)}: {html.escape(_format(row.value, row.unit))} "
            f"(target {html.escape(row.target)}) "
            f'<span class="guidance-help">{html.escape(row.how)}</span></li>'
        )
    return f'<ul class="guidance-kpis" aria-label="KPIs against targets">{"".join(items)}</ul>'


def specialist_table(
    productivity: pd.DataFrame, caseload_max: float | None, margin: float
) -> pd.DataFrame:
    """Per-specialist productivity as text, with the caseload status in words."""
    status = [
        mon.STATUS_WORDS[mon.traffic_light(c, None, caseload_max, margin)]
        for c in productivity["caseload_per_fte"]
    ]
    return pd.DataFrame(
        {
            "specialist": productivity["specialist"],
            "FTE-years": productivity["fte_years"].map(lambda x: decimal(x, 2)),
            "starts": productivity["starts"].astype(str),
            "job entries": productivity["job_entries"].astype(str),
            "starts per FTE-year": productivity["starts_per_fte_year"].map(decimal),
            "job entries per FTE-year": productivity["job_entries_per_fte_year"].map(decimal),
            "job entry rate": productivity["job_entry_rate"].map(
                lambda x: "not computed" if math.isnan(x) else pct(x)
            ),
            "caseload per FTE": productivity["caseload_per_fte"].map(decimal),
            "caseload": status,
        }
    )


def dashboard_result(
    ret: mon.MonthlyReturn,
    model: str = "IPS",
    last_months: int = 12,
    spend: float = 0.0,
    annual_starters: float = 0.0,
    contract_start: str = "",
    ramp_months: int = 18,
    amber_margin: float = 0.1,
) -> Result:
    """The monitoring dashboard for a loaded return.

    Examples
    --------
    >>> r = dashboard_result(mon.load_return(mon.example_path()))
    >>> "On target" in r.extra_html
    True
    """
    kpis = mon.kpi_dashboard(
        ret,
        model,
        last_months=last_months,
        spend=spend,
        amber_margin=amber_margin,
        annual_starters=annual_starters,
        contract_start=contract_start or None,
        ramp_months=ramp_months,
    )
    window = ret.last(last_months)
    period = f"{window.months[0]} to {window.months[-1]}"
    funnel = mon.funnel(window)
    counts = kpis["status"].value_counts()
    checked = int((kpis["status"] != "none").sum())
    summary = (
        f"{ret.describe()}. Over {period}: {whole(funnel['people'].iloc[1])} starts, "
        f"{whole(funnel['people'].iloc[2])} job entries; {int(counts.get('on', 0))} of "
        f"{checked} KPIs on target, {int(counts.get('near', 0))} near, "
        f"{int(counts.get('off', 0))} off."
    )
    trends = mon.monthly_trends(ret)
    productivity = mon.specialist_productivity(window, 0)
    caseload_max = kpi_ranges(model)["caseload"].high
    per_es = specialist_table(productivity, caseload_max, amber_margin)
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in ret.notes)
    extra = (
        "<p><strong>KPIs against targets</strong> (word and colour; near = within "
        f"{pct(amber_margin)} of the target):</p>{kpi_html(kpis)}"
        + extra_figure_marker(0)
        + table_html(per_es, f"Each specialist, {period} (per full-time-equivalent year)")
        + (f"<p><strong>Notes on the file:</strong></p><ul>{notes}</ul>" if notes else "")
    )
    table = pd.DataFrame(
        {
            "KPI": kpis["label"],
            "kind": kpis["kind"],
            "value": [_format(x, u) for x, u in zip(kpis["value"], kpis["unit"], strict=True)],
            "target": kpis["target"],
            "status": kpis["status_word"],
        }
    )
    return Result(
        summary=summary,
        table=table,
        caption=f"KPIs over {period}",
        figure=funnel_plot(funnel, f"People at each stage, {period}"),
        alt=funnel_alt(funnel, period),
        extra_html=extra,
        extra_figures=[(lambda: trend_figure(trends), trend_alt(trends), ret)],
    )


def monitoring_dashboard() -> UploadCalculator:
    """The monitoring dashboard, showing the SYNTHETIC example until a return is loaded."""
    r = load_register()
    example = mon.load_return(mon.example_path())

    def defaults(ret: mon.MonthlyReturn) -> dict[str, Any]:
        return {
            "annual_starters": round(mon.default_annual_starters(ret)),
            "contract_start": str(ret.months[0]),
        }

    d = defaults(example)
    fields = [
        Field(
            "model",
            "Fidelity model (for the targets)",
            "choice",
            "IPS",
            options=(("IPS", "IPS"), ("SEQF", "SEQF")),
        ),
        Field(
            "last_months",
            "Months to assess (0 = all)",
            "integer",
            12,
            help="The latest months in the file; the trend chart always shows all.",
        ),
        Field(
            "spend",
            "Spend over those months (£; 0 if not known)",
            "number",
            0.0,
            help="Needed for the cost per starter.",
        ),
        Field(
            "annual_starters",
            "Contracted starters a year at full performance",
            "number",
            float(d["annual_starters"]),
            help="0 = no volume check. The default is the latest team's FTE times the "
            "clients a specialist works with in a year.",
            source=_source("fss.clients_per_es_per_year") + " x FTE in the file",
        ),
        Field(
            "contract_start",
            "Contract start month (YYYY-MM)",
            "text",
            d["contract_start"],
            source="first month in the file",
        ),
        Field(
            "ramp_months",
            "Months to full performance",
            "integer",
            int(r.value("whitworth.ramp_months.max")),
            source=_source("whitworth.ramp_months.max"),
        ),
        Field(
            "amber_margin",
            "'Near target' band (% of target)",
            "percent",
            0.1,
            help="A presentation choice, not a published figure.",
        ),
    ]
    template = mon.template_path().read_text("utf-8")
    return UploadCalculator(
        "Monitoring dashboard",
        fields,
        dashboard_result,
        lambda source, name=None: mon.load_return(source, name=name),
        mon.example_path(),
        name="monitoring_dashboard",
        downloads=(
            ("monthly_return_template.csv", template, "Download the template"),
            (
                "example_monthly_return_SYNTHETIC.csv",
                mon.example_path().read_text("utf-8"),
                "Download the SYNTHETIC example",
            ),
        ),
        on_load=defaults,
    )


fidelity_review.title = "IPS fidelity review"
seqf_profile_calculator.title = "SEQF element profile"
swemwbs_change.title = "SWEMWBS at start and end"
monitoring_dashboard.title = "Monitoring dashboard"

CALCULATORS = {
    "fidelity_review": fidelity_review,
    "seqf_profile": seqf_profile_calculator,
    "swemwbs_change": swemwbs_change,
    "monitoring_dashboard": monitoring_dashboard,
}
"""This chapter's calculators, found by :func:`guidance.widgets.all_calculators`."""
