"""A Word draft of the "economic case" section of a business case.

:func:`economic_case_docx` writes a short document a commissioner can paste into a
business case: the method in plain words, an assumptions table with the source of every
default, the results (gross against net, the three perspectives, each funder's gain and
contribution, year by year), the uncertainty (Monte Carlo and tornado, with figures) and
the caveats. :func:`add_economic_case` writes the same section into an existing
python-docx document (for the exports of a calculator).

Example
-------
>>> from guidance.calculators.economic_case import economic_inputs
>>> data = economic_case_docx(economic_inputs(), draws=200)
>>> data[:2]
b'PK'
"""

from __future__ import annotations

import io
import math
import re

import docx
import pandas as pd
from docx.document import Document as DocumentType
from docx.shared import Cm, Pt

from ..calculators.economic_case import assumptions
from ..core.economics import (
    CAVEATS,
    EconomicCase,
    EconomicInputs,
    Simulation,
    economic_case,
    simulate_case,
    tornado,
)
from ..core.evidence import Register, as_register, bibliography_keys, reference
from ..presentation.display import figure_png
from ..presentation.formatting import decimal, gbp, pct, whole
from ..presentation.plots import histogram_figure, tornado_figure

__all__ = ["economic_case_docx", "add_economic_case"]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PERCENT = {
    "service_rate",
    "bau_rate",
    "optimism_bias",
    "displacement",
    "substitution",
    "sustain_rate",
    "exit_rate",
}
_MONEY = {"cost", "nhs_saving_per_job", "wellby_value"}
_MONTHLY = {
    "dwp_saving_per_month",
    "hmrc_gain_per_month",
    "la_saving_per_month",
    "output_per_month",
}


def _value_text(name: str, value: object) -> str:
    if name == "discount_rate":
        return pct(value, 1)
    if name in _PERCENT:
        return pct(value, 1)
    if name in _MONEY:
        return gbp(value)
    if name in _MONTHLY:
        return gbp(value, 2)
    if name in {"effect_size", "effect_low", "effect_high", "ls_per_swemwbs_point"}:
        return decimal(value, 2)
    if name == "swemwbs_gain":
        return decimal(value, 1)
    return whole(value)


def _per_pound(x: float) -> str:
    if math.isnan(x):
        return "-"
    return f"{x * 100:.0f}p" if abs(x) < 1 else gbp(x, 2)


def _title(title: object) -> str | None:
    if title is None:
        return None
    if not isinstance(title, str):
        raise TypeError(f"title must be text or None; got {type(title).__name__}")
    cleaned = _CONTROL.sub("", title).strip()[:200]
    return cleaned or None


def _table(doc: DocumentType, frame: pd.DataFrame, caption: str) -> None:
    doc.add_paragraph().add_run(caption).bold = True
    table = doc.add_table(rows=1, cols=len(frame.columns))
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, frame.columns, strict=True):
        cell.text = str(column)
        cell.paragraphs[0].runs[0].bold = True
    for row in frame.itertuples(index=False, name=None):
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    doc.add_paragraph()


def _figure(doc: DocumentType, fig, alt: str) -> None:
    # The description is printed under the picture: python-docx has no public API for a
    # picture's alt text, and the visible caption reaches every reader.
    doc.add_picture(io.BytesIO(figure_png(fig)), width=Cm(16))
    doc.add_paragraph().add_run(f"Figure: {alt}").italic = True


def _comparison(net: EconomicCase, gross: EconomicCase) -> pd.DataFrame:
    def column(case: EconomicCase) -> list[str]:
        payback = case.payback_year("fiscal")
        return [
            whole(case.gross_entries),
            whole(case.deadweight),
            whole(case.other_cuts),
            whole(case.net_entries),
            gbp(round(case.fiscal_pv, -3)),
            _per_pound(case.fiscal_return_per_pound),
            f"year {payback}" if payback else "not within the years appraised",
            gbp(round(case.social_pv, -3)),
            gbp(round(case.npv, -3)),
            "-" if math.isnan(case.bcr) else decimal(case.bcr, 2),
        ]

    return pd.DataFrame(
        {
            "Measure": [
                "Job entries",
                "Deadweight (would have found work with business-as-usual support)",
                "Displaced, substituted or cut for optimism bias",
                "Net additional job entries",
                "Fiscal gains, present value",
                "Fiscal return per pound",
                "Fiscal payback",
                "Economic and social value, present value",
                "Net present value (economic and social)",
                "Benefit-cost ratio (economic and social)",
            ],
            "Gross (every job counted)": column(gross),
            "Net (deadweight taken out)": column(net),
        }
    )


def add_economic_case(
    doc: DocumentType,
    inputs: EconomicInputs,
    register: Register | None = None,
    draws: int = 10_000,
    seed: int = 1,
) -> Simulation:
    """Write the economic case section into ``doc``; return the simulation it reports.

    Parameters
    ----------
    doc : docx.document.Document
        A python-docx document to append to.
    inputs : EconomicInputs
    register : Register, optional
        The evidence register the sources are read from (the shipped one by default).
    draws, seed : int
        Monte Carlo draws and seed (see :func:`guidance.core.economics.simulate_case`).
    """
    if not isinstance(doc, DocumentType):
        raise TypeError(f"doc must be a python-docx Document; got {type(doc).__name__}")
    if not isinstance(inputs, EconomicInputs):
        raise TypeError(f"inputs must be an EconomicInputs; got {type(inputs).__name__}")
    r = as_register(register)
    net, gross = economic_case(inputs), economic_case(inputs.as_gross())
    sim = simulate_case(inputs, draws=draws, seed=seed)
    spread = tornado(inputs)
    price = f"{inputs.price_year} prices" if inputs.price_year else "the prices entered"

    doc.add_heading("Economic case", level=1)
    doc.add_paragraph(
        f"This section appraises one year's intake of the service ({whole(inputs.starters)} "
        f"people starting, costing {gbp(inputs.cost)}) over {inputs.years} years, in "
        f"{price}, discounted at {pct(inputs.discount_rate, 1)} a year (the Green Book "
        "Social Time Preference Rate by default). Only net additional outcomes count: job "
        "entries with the service less those expected without it (deadweight). Benefits "
        "saved and taxes received are shown for each funder but left out of the economic "
        "and social value, because they are transfers between the state and the person."
    )

    doc.add_heading("Assumptions", level=2)
    table = assumptions(inputs, r)
    table = pd.DataFrame(
        {
            "Assumption": table["description"],
            "Value": [
                _value_text(n, x) for n, x in zip(table["input"], table["value"], strict=True)
            ],
            "Source": table["source"],
        }
    )
    _table(doc, table, "Assumptions and where they come from")

    doc.add_heading("Results", level=2)
    doc.add_paragraph(
        f"Of {whole(net.gross_entries)} job entries, about {whole(net.deadweight)} would have "
        f"happened with business-as-usual employment support, and "
        f"{whole(net.other_cuts)} more are taken out for displacement, substitution and "
        f"optimism bias, leaving {whole(net.net_entries)} net additional job "
        f"entries ({pct(net.net_entries / net.gross_entries) if net.gross_entries else '-'} "
        f"of the gross figure). Net of deadweight, the benefit-cost ratio (economic and "
        f"social) is {'-' if math.isnan(net.bcr) else decimal(net.bcr, 2)}, against "
        f"{'-' if math.isnan(gross.bcr) else decimal(gross.bcr, 2)} if every job were counted."
    )
    _table(doc, _comparison(net, gross), "Gross against net")
    perspectives = net.perspectives()
    _table(
        doc,
        pd.DataFrame(
            {
                "Perspective": perspectives["perspective"],
                "Gains, present value": [gbp(round(x, -3)) for x in perspectives["gains_pv"]],
                "Cost": [gbp(round(x, -3)) for x in perspectives["cost"]],
                "Net, present value": [gbp(round(x, -3)) for x in perspectives["net_pv"]],
            }
        ),
        "Three perspectives (net)",
    )
    funders = net.funders()
    _table(
        doc,
        pd.DataFrame(
            {
                "Funder": funders["funder"],
                "Gain, present value": [gbp(round(x)) for x in funders["gain_pv"]],
                "Contribution in proportion": [
                    "-" if math.isnan(x) else gbp(round(x)) for x in funders["contribution"]
                ],
                "Return per pound, shared": [
                    _per_pound(x) for x in funders["return_per_pound_shared"]
                ],
                "Return per pound if it paid alone": [
                    _per_pound(x) for x in funders["return_per_pound_alone"]
                ],
            }
        ),
        "Each funder's discounted gain and a contribution split in proportion",
    )
    yearly = net.yearly()
    _table(
        doc,
        pd.DataFrame(
            {
                "Year": [whole(x) for x in yearly["year"]],
                "Extra people in work": [whole(x) for x in yearly["additional_in_work"]],
                "Months in work": [whole(x) for x in yearly["months_in_work"]],
                "Fiscal gains (discounted)": [gbp(round(x)) for x in yearly["fiscal_pv"]],
                "Economic and social value (discounted)": [
                    gbp(round(x)) for x in yearly["social_pv"]
                ],
            }
        ),
        "Year by year (net)",
    )

    doc.add_heading("Uncertainty", level=2)
    low, _, high = sim.percentiles()["npv"]
    top = spread["label"].iloc[0]
    doc.add_paragraph(
        f"Across {whole(sim.draws)} simulated draws (seed {sim.seed}) the benefit-cost ratio is "
        f"above 1 in {pct(sim.p_bcr_above_1)} of them; nine in ten give a net present value "
        f"between {gbp(round(low, -3))} and {gbp(round(high, -3))}. The input that moves the "
        f"net present value most is: {top}."
    )
    finite = [float(x) for x in sim.npv if math.isfinite(x)]
    if finite:
        _figure(
            doc,
            histogram_figure(
                finite,
                title=f"Net present value over {whole(sim.draws)} simulated draws",
                xlabel="net present value, economic and social (£)",
            ),
            f"Histogram of the net present value in {whole(sim.draws)} simulated draws; "
            f"{pct(float(sum(x >= 0 for x in finite)) / len(finite))} are at or above zero.",
        )
    shown = spread[spread["swing"] > 0]
    if len(shown):
        _figure(
            doc,
            tornado_figure(
                list(shown["label"]),
                list(shown["npv_low"]),
                list(shown["npv_high"]),
                base=float(shown["base"].iloc[0]),
                title="Which inputs move the net present value most",
                xlabel="net present value, economic and social (£)",
            ),
            "Tornado chart: "
            + "; ".join(
                f"{row.label}: {gbp(round(row.npv_low, -3))} to {gbp(round(row.npv_high, -3))}"
                for row in shown.itertuples()
            ),
        )

    doc.add_heading("Caveats", level=2)
    for caveat in CAVEATS:
        doc.add_paragraph(caveat, style="List Bullet")

    doc.add_heading("References", level=2)
    keys = bibliography_keys()
    cited = []
    for source in [*table["Source"], "hmt2022greenbook"]:
        for token in re.findall(r"[a-z0-9_]+", source):
            if token in keys and token not in cited:
                cited.append(token)
    for key in cited:
        doc.add_paragraph(reference(key), style="List Bullet")
    return sim


def economic_case_docx(
    inputs: EconomicInputs,
    title: str | None = None,
    register: Register | None = None,
    draws: int = 10_000,
    seed: int = 1,
) -> bytes:
    """A Word document holding a draft economic case section for ``inputs``.

    Parameters
    ----------
    inputs : EconomicInputs
    title : str, optional
        The scenario's name, printed under the heading (control characters removed).
    register : Register, optional
    draws, seed : int
        Monte Carlo draws and seed.

    Returns
    -------
    bytes
        The .docx file.
    """
    name = _title(title)
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    document.core_properties.title = "Economic case (draft)"
    document.core_properties.language = "en-GB"
    document.add_heading("Economic case (draft)", level=0)
    p = document.add_paragraph()
    p.add_run("DRAFT for discussion. ").bold = True
    p.add_run(
        "Made with the guide Commissioning Supported Employment. "
        f"Scenario: {name or '(not named)'}. Figures come from the evidence register (sources "
        "in the assumptions table) or are the values entered."
    )
    add_economic_case(document, inputs, register=register, draws=draws, seed=seed)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
