"""Every public function of :mod:`guidance` refuses invalid values with a clear error.

A data-driven catalogue: for each public function and public dataclass constructor in a
module's ``__all__`` there is one VALID call and, per parameter, a list of invalid values
chosen by the parameter's kind (negative, zero where it divides, NaN, +/-infinity, rates
outside 0-1, text, None, wrong container types, empty or column-less tables, empty
mappings, unknown choices). Each (function, parameter, bad value) must raise ``ValueError``
or ``TypeError`` whose message names the parameter (for an item inside a container, the
message names the container and the item, e.g. ``ratings['check']``).

Where a message rightly names something more precise than the parameter (a problem in a
file is reported by row and column), the case says what the message must name instead
(:class:`Bad` with ``expect``).

:func:`test_every_public_name_is_catalogued_or_exempt` walks the whole package, so a new
public function (or a new module) without a catalogue entry or a recorded exemption fails
the suite.
"""

from __future__ import annotations

import importlib
import inspect
import math
import os
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import docx
import pandas as pd
import pytest

import guidance
import guidance.calculators.creaming_parking
import guidance.calculators.payment_simulator
from guidance import calculators
from guidance.calculators import benefit_ledger as benefit_ledger_definition
from guidance.calculators import economic_case as economic_case_definition
from guidance.calculators import model_chooser, ranges, service_sizing
from guidance.core import (
    benchmarking,
    conditions,
    economics,
    evidence,
    fidelity,
    kpis,
    ledger,
    models,
    monitoring,
    payments,
    sizing,
    validation,
    wellbeing,
)
from guidance.core.monitoring import encoding
from guidance.core.monitoring.problems import Problems
from guidance.files import economic_report, exports, scenarios
from guidance.frontends.widgets import calculator
from guidance.presentation import (
    display,
    formatting,
    livefigure,
    plots,
    readiness_chart,
    sib_flows,
    style,
    words,
)

NAN, INF = math.nan, math.inf


@dataclass(frozen=True)
class Bad:
    """A bad value whose message must contain ``expect`` (instead of the parameter name)."""

    value: object
    expect: str | None = None


# --- families of bad values, by the kind of parameter -------------------------------------
NUMBER = [None, "1", NAN, INF, -INF, [1.0], True, 10**400]
NON_NEGATIVE = [*NUMBER, -1, -0.01]
POSITIVE = [*NON_NEGATIVE, 0]
SHARE = [*NUMBER, -0.1, 1.5, 100]
COUNT = [*NON_NEGATIVE, 1.5]
POSITIVE_COUNT = [*COUNT, 0]
CHOICE = [None, "", "unknown", 3, ["IPS"]]
TEXT = [None, 3, ["text"]]
MAPPING = [None, "text", 3, [1, 2]]
SEQUENCE = [None, "text", 3, {"a": 1}]
NOT_CALLABLE = [None, 3, "text"]
FRAME = [None, "text", {"a": [1]}, pd.DataFrame(), pd.DataFrame({"other": [1]})]
REGISTER = ["evidence.csv", 3, {"a": 1}, pd.DataFrame()]


def figure():
    return plots.bar_figure(["a"], [1.0], title="t", unit="people")


@cache
def example_return() -> monitoring.MonthlyReturn:
    return monitoring.load_return(monitoring.example_path())


RETURN = [None, "text", 3, pd.DataFrame()]  # a MonthlyReturn is expected

RATINGS = {"priority": 3, "define_work": 1, "plan": 2, "partnership": 2, "check": 0}
BAD_RATINGS = [
    *MAPPING,
    {},
    {**RATINGS, "colour": 2},
    Bad({**RATINGS, "check": 5}, "ratings['check']"),
    Bad({**RATINGS, "check": -1}, "ratings['check']"),
    Bad({**RATINGS, "check": 1.5}, "ratings['check']"),
    Bad({**RATINGS, "check": NAN}, "ratings['check']"),
    Bad({**RATINGS, "check": "3"}, "ratings['check']"),
    Bad({**RATINGS, "check": None}, "ratings['check']"),
]


def without(mapping: dict, key: str) -> dict:
    return {k: x for k, x in mapping.items() if k != key}


@dataclass
class Entry:
    """One public callable: a valid call and, per parameter, the values it must refuse."""

    func: Callable
    valid: Callable[[], dict] | dict
    bad: dict[str, list] = field(default_factory=dict)

    def kwargs(self) -> dict:
        return self.valid() if callable(self.valid) else dict(self.valid)


def bad_values_by_kind(definition) -> dict[str, list]:
    """Bad values for each input of a calculator definition, from its kind and minimum.

    The calculation's parameter object must refuse them, so an input added to a definition
    and its calculation is catalogued with no edit here.
    """
    bad: dict[str, list] = {}
    for item in definition.inputs:
        if item.kind == "choice":
            bad[item.name] = CHOICE
        elif item.kind == "percent":
            bad[item.name] = SHARE
        elif item.kind == "integer":
            bad[item.name] = COUNT if item.minimum == 0 else POSITIVE_COUNT
        elif item.kind == "number":
            bad[item.name] = NON_NEGATIVE if item.minimum == 0 else POSITIVE
    return bad


def sizing_inputs(**changes) -> dict:
    return {**service_sizing.sizing_inputs().to_dict(), **changes}


def service_figures() -> benchmarking.ServiceFigures:
    return benchmarking.ServiceFigures(100_000, 50, 10, 5, 0)


SCORES = fidelity.example_review()

SIMULATOR_ARGS = {
    "contract_value": 400_000,
    "block_share_a": 0,
    "block_share_b": 0.3,
    "block_share_c": 0.7,
    "weight_engagement": 1,
    "weight_job_start": 1,
    "weight_sustainment": 1,
    "target_ratio": 1.0,
}


@cache
def delivery() -> payments.Delivery:
    return guidance.calculators.payment_simulator.delivery_inputs()


def mechanism() -> payments.PaymentMechanism:
    return payments.PaymentMechanism("tariffs", 1000, 500, 1500, 1000)


def group(rate: float = 0.4) -> payments.ClientGroup:
    return payments.ClientGroup("g", rate, 0.7, 400)


FILES = "GUIDANCE_TEST_FILES"
"""Environment variable naming this session's folder for saved files (see ``test_files``)."""


def files() -> str:
    """The folder for saved files in this test session (set by the ``test_files`` fixture)."""
    return os.environ[FILES]


@cache
def calc():
    """One sizing calculator shared by the cases (building one takes a moment)."""
    return calculator("service_sizing")


@cache
def scenario() -> scenarios.Scenario:
    return scenarios.defaults_scenario("service_sizing")


@cache
def economic_inputs() -> economics.EconomicInputs:
    return economic_case_definition.economic_inputs()


ECONOMIC_INPUTS = [None, "text", 3, {"starters": 1}]  # an EconomicInputs is expected
YEARS = [*POSITIVE_COUNT, 31]


def report() -> exports.Report:
    return exports.Report.of("service_sizing", title="Sizing")


RAMP_INPUTS = scenarios.defaults_scenario("ramp_up").inputs
CALC = [None, "service_sizing", 3, calculator]  # a live Calculator is expected
CALCULATOR_NAME = [None, 3, "", Bad("unknown", "unknown")]
REPORT = [None, "text", 3, {"definition": "service_sizing"}]
SCENARIO = [None, "text", 3, {"calculator": "service_sizing"}]
FOLDER = [3, ["folder"], True]
EVIDENCE_KEYS = ["text", 3, [1], {"in_contact": 3}, {3: "fss.share_in_work"}]
DELIVERY = [None, "text", 3, {"months": 36}]
MECHANISM = [None, "text", 3, {"name": "x"}]
GROUP = [None, "text", 3, {"name": "g"}]
UNIT_COSTS = [*MAPPING, {}]


# --- the catalogue: "module.name" -> Entry --------------------------------------------------
CATALOGUE: dict[str, Entry] = {
    # validation --------------------------------------------------------------------------
    "core.validation.number": Entry(
        validation.number,
        {"name": "budget", "value": 3},
        {"value": [Bad(x, "budget") for x in NUMBER]},
    ),
    "core.validation.share": Entry(
        validation.share,
        {"name": "rate", "value": 0.3},
        {"value": [Bad(x, "rate") for x in SHARE]},
    ),
    "core.validation.non_negative": Entry(
        validation.non_negative,
        {"name": "budget", "value": 0},
        {"value": [Bad(x, "budget") for x in NON_NEGATIVE]},
    ),
    "core.validation.positive": Entry(
        validation.positive,
        {"name": "budget", "value": 1},
        {"value": [Bad(x, "budget") for x in POSITIVE]},
    ),
    "core.validation.count": Entry(
        validation.count,
        {"name": "people", "value": 3},
        {"value": [Bad(x, "people") for x in COUNT]},
    ),
    "core.validation.positive_count": Entry(
        validation.positive_count,
        {"name": "months", "value": 3},
        {"value": [Bad(x, "months") for x in POSITIVE_COUNT]},
    ),
    "core.validation.choice": Entry(
        validation.choice,
        {"name": "model", "value": "IPS", "allowed": ("IPS", "SEQF")},
        {
            "value": [Bad(x, "model") for x in CHOICE],
            "allowed": [None, "IPS", 3, (), ("IPS", 3)],
        },
    ),
    "core.validation.whole_between": Entry(
        validation.whole_between,
        {"name": "score", "value": 3, "low": 1, "high": 5},
        {"value": [Bad(x, "score") for x in [*NUMBER, 0, 6, 2.5]]},
    ),
    "core.validation.located": Entry(
        validation.located,
        {"where": "ratings['check']"},
        {"where": [None, 3, ""]},
    ),
    # evidence ----------------------------------------------------------------------------
    "core.evidence.Register": Entry(
        evidence.Register,
        lambda: {"rows": list(evidence.load_register())[:2]},
        {"rows": [None, "text", 3, ["row"], [None]]},
    ),
    "core.evidence.load_register": Entry(
        evidence.load_register,
        {},
        {"path": [3, ["evidence.csv"], "/no/such/register.csv", b"evidence.csv"]},
    ),
    "core.evidence.parse_register": Entry(
        evidence.parse_register,
        lambda: {
            "text": ",".join(evidence.COLUMNS) + "\na.b,1,count,x,any,all,2020,ndti2014,s,no,"
        },
        {
            "text": [
                None,
                3,
                b"key,value",
                Bad("", "header"),
                Bad("key,value\n1,2", "header"),
                Bad(",".join(evidence.COLUMNS), "no rows"),
            ],
            "sources": ["ndti2014", 3, ["ndti2014"], {"ndti2014": 1}, frozenset({3})],
        },
    ),
    "core.evidence.bibliography_keys": Entry(
        evidence.bibliography_keys,
        {"text": "@book{key2020, title={T}}"},
        {"text": [3, b"@book{a,}", ["@book{a,}"]]},
    ),
    "core.evidence.as_register": Entry(
        evidence.as_register,
        {"register": None},
        {"register": REGISTER},
    ),
    # formatting --------------------------------------------------------------------------
    "presentation.formatting.gbp": Entry(
        formatting.gbp,
        {"value": 2000, "decimals": 0},
        {"value": NUMBER, "decimals": [-1, 1.5, None, "2", NAN, True, 50]},
    ),
    "presentation.formatting.pct": Entry(
        formatting.pct,
        {"value": 0.3, "decimals": 1},
        {"value": NUMBER, "decimals": [-1, 1.5, None, "2", NAN, True, 50]},
    ),
    "presentation.formatting.whole": Entry(formatting.whole, {"value": 1640.4}, {"value": NUMBER}),
    "presentation.formatting.decimal": Entry(
        formatting.decimal,
        {"value": 101.96, "decimals": 1},
        {"value": NUMBER, "decimals": [-1, 1.5, None, "2", NAN, True, 50]},
    ),
    "presentation.formatting.fte": Entry(formatting.fte, {"value": 101.97}, {"value": NUMBER}),
    "presentation.formatting.format_published": Entry(
        formatting.format_published,
        {"value": 0.306, "unit": "share", "decimals": 3},
        {
            "value": [None, "1", NAN, INF, -INF, [1.0], True],
            "unit": [None, 3, ["share"], "", "furlongs"],
            "decimals": [*COUNT, 11],
        },
    ),
    "presentation.formatting.format_value": Entry(
        formatting.format_value,
        {"value": 0.7, "unit": "share"},
        {
            # NaN is allowed: it is shown as "not computed"
            "value": [None, "1", INF, -INF, [1.0], True],
            "unit": [None, 3, ["share"], "", "furlongs"],
        },
    ),
    # display -----------------------------------------------------------------------------
    "presentation.display.figure_png": Entry(
        display.figure_png, lambda: {"fig": figure()}, {"fig": TEXT}
    ),
    "presentation.display.figure_html": Entry(
        display.figure_html,
        lambda: {"fig": figure(), "alt": "One bar", "caption": "A caption"},
        {"fig": TEXT, "alt": [None, 3, "", "   "], "caption": [3, ["c"]]},
    ),
    "presentation.plots.nice_limit": Entry(plots.nice_limit, {"x": 5.0}, {"x": NON_NEGATIVE}),
    "presentation.plots.coarse_limit": Entry(plots.coarse_limit, {"x": 5.0}, {"x": NON_NEGATIVE}),
    "presentation.livefigure.Plot": Entry(
        livefigure.Plot,
        lambda: {
            "draw": lambda x: (figure(), []),
            "update": lambda parts, x: None,
            "frame": lambda x: None,
            "data": 1.0,
        },
        {"draw": NOT_CALLABLE, "update": NOT_CALLABLE, "frame": NOT_CALLABLE},
    ),
    "presentation.livefigure.LiveFigure": Entry(
        lambda figure, alt: livefigure.LiveFigure().html(figure, alt),
        lambda: {"figure": figure(), "alt": "One bar"},
        {"figure": TEXT, "alt": [None, 3, "", "   "]},
    ),
    "presentation.display.table_html": Entry(
        display.table_html,
        {"df": pd.DataFrame({"a": [1]}), "caption": "One row", "formatters": {"a": str}},
        {
            "df": [None, "text", {"a": [1]}, [[1]]],
            "caption": [None, 3, ""],
            "formatters": ["text", 3, [str], {"a": "not callable"}, {"b": str}],
        },
    ),
    "presentation.display.Shown": Entry(
        display.Shown,
        {"html_text": "<b>x</b>", "text": "x"},
        {"html_text": TEXT, "text": TEXT},
    ),
    "presentation.display.show_figure": Entry(
        display.show_figure,
        lambda: {"fig": figure(), "alt": "One bar"},
        {"fig": TEXT, "alt": [None, 3, ""], "caption": [3]},
    ),
    "presentation.display.show_table": Entry(
        display.show_table,
        {"df": pd.DataFrame({"a": [1]}), "caption": "One row", "formatters": {"a": str}},
        {
            "df": [None, "text", {"a": [1]}],
            "caption": [None, 3, ""],
            "formatters": ["text", 3, {"a": "not callable"}, {"b": str}],
        },
    ),
    # presentation.style ------------------------------------------------------------------
    "presentation.style.text_px": Entry(
        style.text_px,
        {"points": 12, "dpi": 100, "scale": 1.0},
        {"points": POSITIVE, "dpi": POSITIVE, "scale": POSITIVE},
    ),
    "presentation.style.figure": Entry(
        style.figure,
        {"width": 6, "height": 3},
        {"width": [*POSITIVE, 51], "height": [*POSITIVE, 51]},
    ),
    "presentation.style.style_axes": Entry(
        style.style_axes, {"ax": style.figure().add_subplot()}, {"ax": [None, "ax", 3]}
    ),
    "presentation.style.short_gbp": Entry(style.short_gbp, {"value": 1500}, {"value": NUMBER}),
    "presentation.style.money_axis": Entry(
        style.money_axis, {"axis": style.figure().add_subplot().xaxis}, {"axis": [None, "x", 3]}
    ),
    # plots -------------------------------------------------------------------------------
    "presentation.plots.new_figure": Entry(
        plots.new_figure, {"width": 7, "height": 3}, {"width": POSITIVE, "height": POSITIVE}
    ),
    "presentation.plots.bar_figure": Entry(
        plots.bar_figure,
        {"labels": ["a", "b"], "values": [3, 1], "title": "t", "unit": "people"},
        {
            "labels": [*SEQUENCE, [], ["a"], ["a", 3]],
            "values": [*SEQUENCE, [], [3], [3, NAN], [3, "1"], [3, None], [3, INF]],
            "title": TEXT,
            "unit": TEXT,
            "colours": ["text", 3, ["#000000"], ["#000000", 3]],
            "value_format": [None, 3, "{:q}", "{} {}"],
        },
    ),
    "presentation.plots.bar_plot": Entry(
        plots.bar_plot,
        {"labels": ["a", "b"], "values": [3, 1], "title": "t", "unit": "people"},
        {
            "labels": [*SEQUENCE, [], ["a"], ["a", 3]],
            "values": [*SEQUENCE, [], [3], [3, NAN], [3, "1"], [3, None], [3, INF]],
            "title": TEXT,
            "unit": TEXT,
            "colours": ["text", 3, ["#000000"], ["#000000", 3]],
            "value_format": [None, 3, "{:q}", "{} {}"],
        },
    ),
    "presentation.plots.HBars": Entry(
        plots.HBars,
        lambda: {
            "labels": ["a", "b"],
            "values": [2.0, NAN],
            "texts": ["2", ""],
            "title": "t",
            "xlabel": "x",
            "right": 3,
            "colours": ["#000000", "#E69F00"],
            "hatches": ["//", ""],
            "edgecolour": "black",
            "gap": 0.1,
            "money": True,
            "xticks": [0, 1, 2, 3],
            "width": 7,
            "height": 3,
        },
        {
            "labels": [*SEQUENCE, [], ["a", 3]],
            "values": [*SEQUENCE, [2.0], [2.0, "1"], [2.0, INF], [2.0, None]],
            "texts": [*SEQUENCE, ["2"], ["2", 3]],
            "title": TEXT,
            "xlabel": TEXT,
            "right": POSITIVE,
            "colours": [*SEQUENCE, ["#000000"], ["#000000", 3]],
            "hatches": ["text", 3, ["//"], ["//", None]],
            "edgecolour": TEXT,
            "gap": NON_NEGATIVE,
            "money": [None, "yes", 1],
            "xticks": ["text", 3, [0, "1"], [0, NAN]],
            "width": [*POSITIVE, 51],
            "height": [*POSITIVE, 51],
        },
    ),
    "presentation.plots.hbar_plot": Entry(
        plots.hbar_plot,
        lambda: {
            "bars": plots.HBars(
                ["a"], [1.0], ["1"], title="t", xlabel="x", right=2, colours=["#000000"]
            )
        },
        {"bars": [None, "text", {"labels": ["a"]}]},
    ),
    "presentation.plots.line_plot": Entry(
        plots.line_plot,
        {"x": [1, 2], "series": {"a": [1, 2]}, "title": "t", "xlabel": "x", "ylabel": "y"},
        {
            "x": [*SEQUENCE, [], [1, "2"], [1, NAN]],
            "series": [*MAPPING, {}, {"a": [1]}, {"a": None}, {"a": [1, "2"]}, {3: [1, 2]}],
            "title": TEXT,
            "xlabel": TEXT,
            "ylabel": TEXT,
        },
    ),
    "presentation.plots.histogram_figure": Entry(
        plots.histogram_figure,
        {"values": [-1.0, 1.0, 2.0], "title": "t", "xlabel": "x"},
        {
            "values": [*SEQUENCE, [], [1, "2"], [1, NAN], [1, None], [1, INF]],
            "title": TEXT,
            "xlabel": TEXT,
            "threshold": NUMBER,
            "money": [None, 1, "yes"],
            "bins": [None, "4", 1, 501, 2.5, NAN],
        },
    ),
    "presentation.plots.histogram_plot": Entry(
        plots.histogram_plot,
        {"values": [-1.0, 1.0, 2.0], "title": "t", "xlabel": "x"},
        {
            "values": [*SEQUENCE, [], [1, "2"], [1, NAN], [1, None], [1, INF]],
            "title": TEXT,
            "xlabel": TEXT,
            "threshold": NUMBER,
            "money": [None, 1, "yes"],
            "bins": [None, "4", 1, 501, 2.5, NAN],
        },
    ),
    "presentation.plots.tornado_figure": Entry(
        plots.tornado_figure,
        {
            "labels": ["a", "b"],
            "low": [1, 4],
            "high": [5, 6],
            "base": 5,
            "title": "t",
            "xlabel": "x",
        },
        {
            "labels": [*SEQUENCE, [], ["a", 3]],
            "low": [*SEQUENCE, [], [1], [1, NAN], [1, "2"]],
            "high": [*SEQUENCE, [], [1], [1, INF], [1, None]],
            "base": NUMBER,
            "title": TEXT,
            "xlabel": TEXT,
        },
    ),
    "presentation.plots.tornado_plot": Entry(
        plots.tornado_plot,
        {
            "labels": ["a", "b"],
            "low": [1, 4],
            "high": [5, 6],
            "base": 5,
            "title": "t",
            "xlabel": "x",
        },
        {
            "labels": [*SEQUENCE, [], ["a", 3]],
            "low": [*SEQUENCE, [], [1], [1, NAN], [1, "2"]],
            "high": [*SEQUENCE, [], [1], [1, INF], [1, None]],
            "base": NUMBER,
            "title": TEXT,
            "xlabel": TEXT,
        },
    ),
    "presentation.plots.line_figure": Entry(
        plots.line_figure,
        {"x": [1, 2], "series": {"a": [1, 2]}, "title": "t", "xlabel": "x", "ylabel": "y"},
        {
            "x": [*SEQUENCE, [], [1, "2"], [1, NAN]],
            "series": [*MAPPING, {}, {"a": [1]}, {"a": None}, {"a": [1, "2"]}, {3: [1, 2]}],
            "title": TEXT,
            "xlabel": TEXT,
            "ylabel": TEXT,
        },
    ),
    # sizing ------------------------------------------------------------------------------
    "core.sizing.SizingInputs": Entry(
        sizing.SizingInputs,
        sizing_inputs,
        {
            **bad_values_by_kind(service_sizing.SERVICE_SIZING),
            "access_rate": [*SHARE, 0],  # referrals = starters / access rate
            "ni_rate": SHARE,
            "ni_threshold_monthly": NON_NEGATIVE,
        },
    ),
    "core.sizing.size_service": Entry(
        sizing.size_service,
        lambda: {"inputs": service_sizing.sizing_inputs()},
        {"inputs": [None, "text", {"in_contact": 3}, 3]},
    ),
    "core.sizing.loaded_salary": Entry(
        sizing.loaded_salary,
        {"salary": 33437, "ni_rate": 0.15, "ni_threshold_monthly": 417, "pension_rate": 0.143},
        {
            "salary": NON_NEGATIVE,
            "ni_rate": SHARE,
            "ni_threshold_monthly": NON_NEGATIVE,
            "pension_rate": SHARE,
        },
    ),
    "core.sizing.round_half_up": Entry(sizing.round_half_up, {"x": 2.5}, {"x": NUMBER}),
    "core.sizing.size_regions": Entry(
        sizing.size_regions,
        {
            "in_contact": {"Orkney": 268},
            "share_in_work": 0.1,
            "share_interested": 0.3,
            "reach_per_year": 0.25,
            "clients_per_es_per_year": 40,
        },
        {
            "in_contact": [
                *MAPPING,
                {},
                Bad({"Orkney": -1}, "in_contact['Orkney']"),
                Bad({"Orkney": 1.5}, "in_contact['Orkney']"),
                Bad({"Orkney": None}, "in_contact['Orkney']"),
                Bad({"Orkney": NAN}, "in_contact['Orkney']"),
            ],
            "share_in_work": SHARE,
            "share_interested": SHARE,
            "reach_per_year": SHARE,
            "clients_per_es_per_year": POSITIVE,
            "minimum_es": COUNT,
        },
    ),
    "core.sizing.region_totals": Entry(
        sizing.region_totals,
        lambda: {"regions": sizing.size_regions({"A": 224, "B": 268}, 0.1, 0.3, 0.25, 40)},
        {"regions": FRAME},
    ),
    "core.sizing.fss_region_inputs": Entry(sizing.fss_region_inputs, {}, {"register": REGISTER}),
    "core.sizing.ramp_up": Entry(
        sizing.ramp_up,
        {"annual_starters": 120, "contract_months": 24, "ramp_months": 12, "job_entry_rate": 0.4},
        {
            "annual_starters": NON_NEGATIVE,
            "contract_months": [*POSITIVE_COUNT, 10**9],
            "ramp_months": POSITIVE_COUNT,
            "job_entry_rate": SHARE,
            "start_share": SHARE,
        },
    ),
    "core.sizing.contract_year_targets": Entry(
        sizing.contract_year_targets,
        lambda: {"monthly": sizing.ramp_up(120, 24, 12, 0.5)},
        {"monthly": FRAME},
    ),
    # kpis --------------------------------------------------------------------------------
    "core.kpis.kpi_ranges": Entry(
        kpis.kpi_ranges, {"model": "IPS"}, {"model": CHOICE, "register": REGISTER}
    ),
    "presentation.words.kpi_table": Entry(words.kpi_table, {}, {"register": REGISTER}),
    "presentation.words.range_in_words": Entry(
        words.range_in_words,
        {"low": 0.7, "high": None, "unit": "share"},
        {"low": ["1", [1], NAN, INF], "high": ["1", [1], NAN], "unit": [None, 3, "percent"]},
    ),
    "presentation.words.kpi_words": Entry(
        words.kpi_words, {"model": "IPS"}, {"model": CHOICE, "register": REGISTER}
    ),
    "calculators.ranges.range_text": Entry(
        ranges.range_text,
        {"low": 2000, "high": 2500, "unit": "GBP"},
        {"low": ["1", [1], NAN, INF], "high": ["1", [1], NAN], "unit": [None, 3, "pounds"]},
    ),
    "calculators.ranges.register_q": Entry(
        ranges.register_q,
        {"value": 25, "unit": "clients"},
        {"value": NUMBER, "unit": [None, 3, "", "pounds"]},
    ),
    "presentation.words.effect_words": Entry(
        words.effect_words,
        {"measure": "odds ratio", "central": 1.32, "low": 1.2, "high": 1.46},
        {
            "measure": [None, 3],
            "central": [None, "1"],
            "low": [None, "1"],
            "high": [None, "1"],
        },
    ),
    "core.kpis.check_kpis": Entry(
        kpis.check_kpis,
        {"values": {"job_entry": 0.31, "unit_cost": 2600, "caseload": NAN}, "model": "IPS"},
        {
            "values": [
                *MAPPING,
                {"speed": 3},
                {3: 0.3},
                Bad({"job_entry": "0.3"}, "values['job_entry']"),
                Bad({"job_entry": None}, "values['job_entry']"),
                Bad({"job_entry": INF}, "values['job_entry']"),
                Bad({"unit_cost": [1]}, "values['unit_cost']"),
            ],
            "model": CHOICE,
            "register": REGISTER,
        },
    ),
    "core.kpis.sizing_kpis": Entry(
        kpis.sizing_kpis,
        lambda: {"result": sizing.size_service(service_sizing.sizing_inputs())},
        {
            "result": [None, "text", 3, service_sizing.sizing_inputs()],
            "register": REGISTER,
        },
    ),
    # conditions --------------------------------------------------------------------------
    "core.conditions.Action": Entry(
        conditions.Action,
        {"text": "Do it.", "stage": "start", "source": "ndti2014"},
        {"text": [*TEXT, ""], "stage": CHOICE, "source": [*TEXT, ""]},
    ),
    "core.conditions.Condition": Entry(
        conditions.Condition,
        lambda: {
            **{k: getattr(conditions.CONDITIONS[0], k) for k in ("name", "theory_of_change")},
            "key": "priority",
            "number": 1,
            "meaning": "m",
            "commissioner": "c",
            "prompt": "p",
            "actions": conditions.CONDITIONS[0].actions,
        },
        {
            "key": [*TEXT, ""],
            "number": POSITIVE_COUNT,
            "name": [*TEXT, ""],
            "theory_of_change": TEXT,
            "meaning": TEXT,
            "commissioner": TEXT,
            "prompt": TEXT,
            "actions": [None, "text", 3, ["action"], ("action",)],
        },
    ),
    "core.conditions.condition": Entry(conditions.condition, {"key": "check"}, {"key": CHOICE}),
    "core.conditions.validate_ratings": Entry(
        conditions.validate_ratings, {"ratings": RATINGS}, {"ratings": BAD_RATINGS}
    ),
    "core.conditions.band": Entry(conditions.band, {"rating": 2}, {"rating": [*COUNT, 5]}),
    "core.conditions.readiness_score": Entry(
        conditions.readiness_score, {"ratings": RATINGS}, {"ratings": BAD_RATINGS}
    ),
    "core.conditions.prioritise": Entry(
        conditions.prioritise, {"ratings": RATINGS}, {"ratings": BAD_RATINGS}
    ),
    "core.conditions.action_plan": Entry(
        conditions.action_plan, {"ratings": RATINGS}, {"ratings": BAD_RATINGS}
    ),
    "core.conditions.assess_readiness": Entry(
        conditions.assess_readiness,
        {"ratings": RATINGS, "evidence": {"priority": "Board minute 12"}},
        {
            "ratings": BAD_RATINGS,
            "evidence": [
                "text",
                3,
                [1, 2],
                {"colour": "x"},
                Bad({"priority": 3}, "evidence['priority']"),
                Bad({"priority": ["x"]}, "evidence['priority']"),
            ],
        },
    ),
    # benchmarking ------------------------------------------------------------------------
    "core.benchmarking.ndti_ranges": Entry(benchmarking.ndti_ranges, {}, {"register": REGISTER}),
    "core.benchmarking.aim_for": Entry(benchmarking.aim_for, {}, {"register": REGISTER}),
    "core.benchmarking.ndti_profile": Entry(
        benchmarking.ndti_profile,
        {"service_type": "ld"},
        {"service_type": CHOICE, "register": REGISTER},
    ),
    "core.benchmarking.ServiceFigures": Entry(
        benchmarking.ServiceFigures,
        {
            "annual_cost": 100_000,
            "people_supported": 50,
            "new_jobs": 10,
            "retained_jobs": 5,
            "self_employed": 0,
        },
        {
            "annual_cost": NON_NEGATIVE,
            "people_supported": [*POSITIVE_COUNT, Bad(14, "people_supported")],
            "new_jobs": [*COUNT, 51],
            "retained_jobs": [*COUNT, 51],
            "self_employed": [*COUNT, 51],
        },
    ),
    "core.benchmarking.benchmark_service": Entry(
        benchmarking.benchmark_service,
        lambda: {"figures": service_figures()},
        {"figures": [None, "text", 3, {"annual_cost": 1}], "register": REGISTER},
    ),
    "core.benchmarking.outcome_split": Entry(
        benchmarking.outcome_split,
        lambda: {"figures": service_figures(), "service_type": "mh"},
        {
            "figures": [None, "text", 3, {"annual_cost": 1}],
            "service_type": CHOICE,
            "register": REGISTER,
        },
    ),
    "core.benchmarking.people_through_the_door": Entry(
        benchmarking.people_through_the_door,
        {"people": 100, "service_type": "all"},
        {"people": COUNT, "service_type": CHOICE, "register": REGISTER},
    ),
    "core.benchmarking.cost_per_job_from_averages": Entry(
        benchmarking.cost_per_job_from_averages,
        {"cost_per_person": 1730, "job_outcome_rate": 0.38},
        {"cost_per_person": NON_NEGATIVE, "job_outcome_rate": [*SHARE, 0]},
    ),
    **{
        f"core.benchmarking.{f.__name__}": Entry(
            f,
            {"numerators": [100, 100], "denominators": [1, 4]},
            {
                "numerators": [
                    *SEQUENCE,
                    [],
                    [100],
                    Bad([100, -1], "numerators[1]"),
                    Bad([100, NAN], "numerators[1]"),
                    Bad([100, None], "numerators[1]"),
                ],
                "denominators": [
                    *SEQUENCE,
                    [],
                    [1],
                    Bad([1, 0], "denominators[1]"),
                    Bad([1, -4], "denominators[1]"),
                    Bad([1, INF], "denominators[1]"),
                    Bad([1, "4"], "denominators[1]"),
                ],
            },
        )
        for f in (benchmarking.mean_of_ratios, benchmarking.ratio_of_totals)
    },
    # models ------------------------------------------------------------------------------
    "core.models.recommend_model": Entry(
        models.recommend_model,
        {"group": "substance", "integration": "yes", "support_need": "moderate_high"},
        {"group": CHOICE, "integration": CHOICE, "support_need": CHOICE},
    ),
    "core.models.choose_models": Entry(
        models.choose_models,
        {"groups": ["smi", "ld_autism"], "integration": "yes", "support_need": "low"},
        {
            "groups": [None, 3, [], ["smi", "unknown"], [3], {"smi": 1.5}, ["smi", None]],
            "integration": [
                *CHOICE,
                {},
                {"smi": "yes"},
                Bad({"smi": "yes", "ld_autism": "maybe"}, "integration"),
            ],
            "support_need": [*CHOICE, {}, Bad({"smi": "low", "ld_autism": 3}, "support_need")],
        },
    ),
    "core.models.EffectEstimate": Entry(
        models.EffectEstimate,
        {
            "name": "x",
            "measure": "risk ratio",
            "central": 2.0,
            "low": 1.5,
            "high": 2.5,
            "source": "s",
        },
        {
            "name": TEXT,
            "measure": CHOICE,
            "central": POSITIVE,
            "low": POSITIVE,
            "high": POSITIVE,
            "source": TEXT,
        },
    ),
    "core.models.effect_estimates": Entry(
        models.effect_estimates,
        {"evidence_base": "ips_smi"},
        {"evidence_base": CHOICE, "register": REGISTER},
    ),
    "core.models.apply_odds_ratio": Entry(
        models.apply_odds_ratio,
        {"bau_rate": 0.25, "odds_ratio": 1.32},
        {"bau_rate": SHARE, "odds_ratio": POSITIVE},
    ),
    "core.models.apply_risk_ratio": Entry(
        models.apply_risk_ratio,
        {"bau_rate": 0.25, "risk_ratio": 2.4},
        {"bau_rate": SHARE, "risk_ratio": POSITIVE},
    ),
    "core.models.odds_ratio_from_rates": Entry(
        models.odds_ratio_from_rates,
        {"rate": 0.55, "bau_rate": 0.25},
        {"rate": [*SHARE, 0, 1], "bau_rate": [*SHARE, 0, 1]},
    ),
    "core.models.expected_outcomes": Entry(
        models.expected_outcomes,
        {"starters": 100, "bau_rate": 0.25, "evidence_base": "ips_beyond_smi"},
        {
            "starters": COUNT,
            "bau_rate": SHARE,
            "evidence_base": CHOICE,
            "register": REGISTER,
        },
    ),
    # fidelity ----------------------------------------------------------------------------
    "core.fidelity.fidelity_items": Entry(
        fidelity.fidelity_items, {"scale": "SEQF"}, {"scale": CHOICE}
    ),
    "core.fidelity.fidelity_bands": Entry(fidelity.fidelity_bands, {}, {"register": REGISTER}),
    "core.fidelity.fidelity_band": Entry(
        fidelity.fidelity_band,
        {"total": 100},
        {"total": [*COUNT, 24, 126], "register": REGISTER},
    ),
    "core.fidelity.score_review": Entry(
        fidelity.score_review,
        {"scores": SCORES, "n_weakest": 3},
        {
            "scores": [
                None,
                "text",
                3,
                {},
                [4] * 24,
                {**SCORES, "bogus": 3},
                without(SCORES, "disclosure"),
                Bad({**SCORES, "disclosure": 6}, "scores['disclosure']"),
                Bad({**SCORES, "disclosure": 0}, "scores['disclosure']"),
                Bad({**SCORES, "disclosure": 3.5}, "scores['disclosure']"),
                Bad({**SCORES, "disclosure": NAN}, "scores['disclosure']"),
                Bad({**SCORES, "disclosure": "3"}, "scores['disclosure']"),
                Bad({**SCORES, "disclosure": None}, "scores['disclosure']"),
                Bad({**SCORES, "disclosure": True}, "scores['disclosure']"),
                Bad([4] * 24 + [9], "scores[24]"),
            ],
            "n_weakest": COUNT,
            "register": REGISTER,
        },
    ),
    "core.fidelity.seqf_profile": Entry(
        fidelity.seqf_profile,
        {"scores": {"job_finding": 2, "client_engagement": 4}, "max_score": 5},
        {
            "scores": [
                *MAPPING,
                {},
                {" ": 1},
                {3: 1},
                Bad({"job_finding": 6}, "scores['job_finding']"),
                Bad({"job_finding": -1}, "scores['job_finding']"),
                Bad({"job_finding": NAN}, "scores['job_finding']"),
                Bad({"job_finding": None}, "scores['job_finding']"),
                Bad({"job_finding": "2"}, "scores['job_finding']"),
            ],
            "max_score": POSITIVE,
        },
    ),
    "core.fidelity.next_reviews": Entry(
        fidelity.next_reviews,
        {
            "service_start": date(2024, 4, 1),
            "model": "IPS",
            "last_external": date(2025, 3, 1),
            "last_band": "Good fidelity",
        },
        {
            "service_start": [None, "2024-04-01", 2024, date(2025, 4, 1)],
            "model": CHOICE,
            "last_external": ["2025-03-01", 3, date(2024, 1, 1)],
            "last_band": CHOICE,
            "register": REGISTER,
        },
    ),
    # wellbeing ---------------------------------------------------------------------------
    "core.wellbeing.metric_table": Entry(wellbeing.metric_table, {}, {"register": REGISTER}),
    "core.wellbeing.to_metric": Entry(
        wellbeing.to_metric, {"raw": 21}, {"raw": [*COUNT, 6, 36], "register": REGISTER}
    ),
    "core.wellbeing.raw_from_items": Entry(
        wellbeing.raw_from_items,
        {"items": [3, 3, 4, 3, 2, 3, 3]},
        {
            "items": [
                *SEQUENCE,
                [],
                [3] * 6,
                Bad([3] * 6 + [6], "items[6]"),
                Bad([3] * 6 + [0], "items[6]"),
                Bad([3] * 6 + [2.5], "items[6]"),
                Bad([3] * 6 + [None], "items[6]"),
                Bad([3] * 6 + ["3"], "items[6]"),
                Bad([3] * 6 + [NAN], "items[6]"),
            ],
            "register": REGISTER,
        },
    ),
    "core.wellbeing.wellbeing_change": Entry(
        wellbeing.wellbeing_change,
        {"start": [14, 20, 25], "end": [17, 20, None], "clients": ["a", "b", "c"]},
        {
            "start": [
                *SEQUENCE,
                [],
                Bad([14, 20, 40], "start[2]"),
                Bad([14, 20, None], "start[2]"),
                Bad([14, 20, NAN], "start[2]"),
                Bad([14, 20, 20.5], "start[2]"),
                Bad([14, 20, "20"], "start[2]"),
            ],
            "end": [
                "text",
                3,
                {"a": 1},
                [17],
                Bad([17, 20, 5], "end[2]"),
                Bad([17, 20, INF], "end[2]"),
                Bad([17, 20, "20"], "end[2]"),
            ],
            "clients": ["text", 3, ["a"], {"a": 1}],
            "register": REGISTER,
        },
    ),
    "core.wellbeing.load_scores": Entry(
        wellbeing.load_scores,
        {"source": b"client_id,start_raw,end_raw\nA,14,17\nB,20,\n", "name": "scores.csv"},
        {
            "source": [
                None,
                3,
                ["client_id"],
                Bad(b"", "the file is empty"),
                Bad(b"client_id,start_raw\nA,14\n", "column 'end_raw'"),
                Bad(b"client_id,start_raw,end_raw\nA,40,17\n", "row 2, column 'start_raw'"),
                Bad(pd.DataFrame(), "no rows"),
            ],
            "name": [3, ["x"]],
            "register": REGISTER,
        },
    ),
    "core.wellbeing.wellby_value": Entry(
        wellbeing.wellby_value,
        {"mean_change": 1.0, "people": 1, "years": 2},
        {
            "mean_change": NUMBER,
            "people": NON_NEGATIVE,
            "years": NON_NEGATIVE,
            "register": REGISTER,
        },
    ),
    # monitoring --------------------------------------------------------------------------
    "core.monitoring.describe_template": Entry(
        monitoring.describe_template, {}, {"register": REGISTER}
    ),
    "core.monitoring.read_table": Entry(
        monitoring.read_table,
        {"source": b"client_id,start_raw,end_raw\nA,14,17\n", "spec": wellbeing.SCORES_SPEC},
        {
            "source": [None, 3, ["a"]],
            "spec": [None, "text", 3],
            "name": [3, ["x"]],
        },
    ),
    "core.monitoring.load_return": Entry(
        monitoring.load_return,
        lambda: {"source": monitoring.example_path(), "name": "example.csv"},
        {
            "source": [
                None,
                3,
                ["month"],
                Bad(b"", "the file is empty"),
                Bad(pd.DataFrame(), "no rows"),
                Bad(pd.DataFrame({"other": [1]}), "column 'month'"),
                Bad(b"month,specialist\n2024-04,A\n", "column 'fte'"),
                Bad("/no/such/return.csv", "no file found"),
            ],
            "name": [3, ["x"]],
        },
    ),
    "core.monitoring.encoding.decode": Entry(
        encoding.decode,
        lambda: {"data": b"month,specialist\n2024-04,A\n", "problems": Problems("upload.csv")},
        {
            "data": [
                None,
                "text",
                3,
                Bad(b"", "the file is empty"),
                Bad(b"PK\x03\x04rest", "Excel workbook"),
                Bad(b"a,b\x00\x01\x02\x03\x04", "binary data"),
                Bad(b"a,b\ncaf\x81\n", "neither UTF-8 nor Windows-1252"),
                Bad(b"a,b\n\x01\x02\xff\n", "neither UTF-8 nor Windows-1252"),
            ],
            "problems": [None, "upload.csv"],
        },
    ),
    "core.monitoring.funnel": Entry(
        monitoring.funnel,
        lambda: {"ret": example_return(), "last_months": 3},
        {"ret": RETURN, "last_months": COUNT},
    ),
    "core.monitoring.monthly_trends": Entry(
        monitoring.monthly_trends, lambda: {"ret": example_return()}, {"ret": RETURN}
    ),
    "core.monitoring.specialist_productivity": Entry(
        monitoring.specialist_productivity,
        lambda: {"ret": example_return(), "last_months": 12},
        {"ret": RETURN, "last_months": COUNT},
    ),
    "core.monitoring.kpi_dashboard": Entry(
        monitoring.kpi_dashboard,
        lambda: {
            "ret": example_return(),
            "model": "IPS",
            "last_months": 12,
            "spend": 250_000,
            "amber_margin": 0.1,
            "annual_starters": 100,
            "contract_start": "2023-04",
            "ramp_months": 12,
        },
        {
            "ret": RETURN,
            "model": CHOICE,
            "last_months": COUNT,
            "spend": NON_NEGATIVE,
            "amber_margin": SHARE,
            "annual_starters": NON_NEGATIVE,
            "contract_start": ["April", 3.5, [2023], "2099-01"],
            "ramp_months": [*POSITIVE_COUNT[1:], "12"],  # None is allowed (the default)
            "register": REGISTER,
        },
    ),
    "core.monitoring.traffic_light": Entry(
        monitoring.traffic_light,
        {"value": 0.37, "low": 0.4, "high": 0.9, "margin": 0.1},
        {
            # None and NaN are allowed: "not computed"
            "value": ["1", INF, -INF, [1.0], True],
            "low": ["1", NAN, INF, [1.0], True],
            "high": ["1", NAN, -INF, [1.0], True, Bad(0.3, "high")],
            "margin": SHARE,
        },
    ),
    "core.monitoring.breakdowns": Entry(
        monitoring.breakdowns,
        lambda: {"ret": example_return(), "last_months": 0},
        {"ret": RETURN, "last_months": COUNT},
    ),
    "core.monitoring.annual_capacity": Entry(
        monitoring.annual_capacity,
        lambda: {"ret": example_return(), "clients_per_es_per_year": 40},
        {"ret": RETURN, "clients_per_es_per_year": POSITIVE},
    ),
    "core.monitoring.mhep_per_es": Entry(monitoring.mhep_per_es, {}, {"register": REGISTER}),
    "core.monitoring.average_per_specialist": Entry(
        monitoring.average_per_specialist,
        {"values": [18, 54, NAN, 28]},
        {
            "values": [
                *SEQUENCE,
                [],
                [NAN],
                Bad([18, -1], "values[1]"),
                Bad([18, None], "values[1]"),
                Bad([18, INF], "values[1]"),
                Bad([18, "2"], "values[1]"),
            ]
        },
    ),
    # economics ---------------------------------------------------------------------------
    "core.economics.EconomicInputs": Entry(
        economics.EconomicInputs,
        lambda: economic_inputs().to_dict(),
        {
            **{
                name: SHARE
                for name in (
                    "service_rate",
                    "bau_rate",
                    "sustain_rate",
                    "exit_rate",
                    "discount_rate",
                    "spread",
                )
            },
            **{
                name: NON_NEGATIVE
                for name in (
                    "starters",
                    "cost",
                    "nhs_saving_per_job",
                    "dwp_saving_per_month",
                    "hmrc_gain_per_month",
                    "la_saving_per_month",
                    "output_per_month",
                    "ls_per_swemwbs_point",
                    "wellby_low",
                )
            },
            "wellby_value": [*NON_NEGATIVE, 20_000],
            "wellby_high": [*NON_NEGATIVE, 12_000],
            "method": CHOICE,
            "effect_measure": CHOICE,
            # The default effect is the SMI trials' risk ratio 2.4 (1.99 to 2.9).
            "effect_size": [*NUMBER, 0.5, 3.0],
            "effect_low": [*NUMBER, 0.5, 2.5],
            "effect_high": [*NUMBER, 0.5, 2.3],
            "optimism_bias": [*SHARE, 1.0],
            "displacement": [*SHARE, 1.0],
            "substitution": [*SHARE, 1.0],
            "sustain_weeks": [*POSITIVE, 53],
            "years": YEARS,
            "effect_years": POSITIVE_COUNT,
            "swemwbs_gain": NUMBER,
            "price_year": ["2023", 1850, 2023.5, NAN, True, [2023]],
        },
    ),
    "core.economics.bau_rate_from_effect": Entry(
        economics.bau_rate_from_effect,
        {"service_rate": 0.4, "effect_size": 1.32, "measure": "odds ratio"},
        {"service_rate": SHARE, "effect_size": [*NUMBER, 0.5], "measure": CHOICE},
    ),
    "core.economics.persistence": Entry(
        economics.persistence,
        {
            "sustain_rate": 0.65,
            "sustain_weeks": 13,
            "exit_rate": 0.1324,
            "years": 5,
            "effect_years": 4,
        },
        {
            "sustain_rate": SHARE,
            "sustain_weeks": [*POSITIVE, 53],
            "exit_rate": SHARE,
            "years": YEARS,
            "effect_years": [x for x in POSITIVE_COUNT if x is not None],
        },
    ),
    "core.economics.discount_factors": Entry(
        economics.discount_factors, {"rate": 0.035, "years": 5}, {"rate": SHARE, "years": YEARS}
    ),
    "core.economics.economic_case": Entry(
        economics.economic_case,
        lambda: {"inputs": economic_inputs()},
        {"inputs": ECONOMIC_INPUTS},
    ),
    "core.economics.simulate_case": Entry(
        economics.simulate_case,
        lambda: {"inputs": economic_inputs(), "draws": 100, "seed": 1},
        {
            "inputs": ECONOMIC_INPUTS,
            "draws": [*POSITIVE_COUNT, 2_000_000],
            "seed": COUNT,
        },
    ),
    "core.economics.tornado": Entry(
        economics.tornado,
        lambda: {"inputs": economic_inputs(), "perspective": "fiscal"},
        {"inputs": ECONOMIC_INPUTS, "perspective": CHOICE},
    ),
    "calculators.economic_case.assumptions": Entry(
        economic_case_definition.assumptions,
        lambda: {"inputs": economic_inputs()},
        {"inputs": ECONOMIC_INPUTS, "register": REGISTER},
    ),
    # economic_report ---------------------------------------------------------------------
    "files.economic_report.economic_case_docx": Entry(
        economic_report.economic_case_docx,
        lambda: {"inputs": economic_inputs(), "title": "t", "draws": 50},
        {
            "inputs": ECONOMIC_INPUTS,
            "title": [3, ["t"], b"t"],
            "register": REGISTER,
            "draws": [*POSITIVE_COUNT, 2_000_000],
            "seed": COUNT,
        },
    ),
    "files.economic_report.add_economic_case": Entry(
        economic_report.add_economic_case,
        lambda: {"doc": docx.Document(), "inputs": economic_inputs(), "draws": 50},
        {
            "doc": [None, "text", 3, {"paragraphs": []}],
            "inputs": ECONOMIC_INPUTS,
            "register": REGISTER,
            "draws": [*POSITIVE_COUNT, 2_000_000],
            "seed": COUNT,
        },
    ),
    # ledger ------------------------------------------------------------------------------
    "core.ledger.ipsmod_monthly_gains": Entry(
        ledger.ipsmod_monthly_gains, {}, {"register": REGISTER}
    ),
    "core.ledger.LedgerInputs": Entry(
        ledger.LedgerInputs,
        lambda: benefit_ledger_definition.ledger_inputs().to_dict(),
        {name: NON_NEGATIVE for name in ledger.LedgerInputs.__dataclass_fields__},
    ),
    "core.ledger.benefit_ledger": Entry(
        ledger.benefit_ledger,
        lambda: {"inputs": benefit_ledger_definition.ledger_inputs()},
        {"inputs": [None, "text", 3, {"job_outcomes": 1}]},
    ),
    "core.ledger.cashable_savings": Entry(
        ledger.cashable_savings,
        {"budget": 1000, "pence_low": 9, "pence_high": 66},
        {
            "budget": NON_NEGATIVE,
            "pence_low": [*NON_NEGATIVE, 67],
            "pence_high": [*NON_NEGATIVE, 8],
        },
    ),
    "presentation.sib_flows.sib_flow_svg": Entry(
        sib_flows.sib_flow_svg,
        {"model": "co-commissioning"},
        {"model": CHOICE, "description": [3, ["text"]]},
    ),
    "presentation.sib_flows.sib_flows_text": Entry(
        sib_flows.sib_flows_text, {"model": "single commissioning"}, {"model": CHOICE}
    ),
    "presentation.readiness_chart.readiness_plot": Entry(
        readiness_chart.readiness_plot, {"ratings": RATINGS}, {"ratings": BAD_RATINGS}
    ),
    "presentation.words.wrap_words": Entry(
        words.wrap_words,
        {"text": "a few words", "width": 5},
        {"text": TEXT, "width": POSITIVE_COUNT},
    ),
    "calculators.model_chooser.kpi_targets": Entry(
        model_chooser.kpi_targets,
        {"models": ["IPS", "SEQF"]},
        {"models": [None, "IPS", 3, [], ["IPS", "ips"], ("SEQF", None)]},
    ),
    "core.ledger.Flow": Entry(
        ledger.Flow,
        {"source": "investors", "target": "mhep", "kind": "investment", "description": "money"},
        {"source": CHOICE, "target": CHOICE, "kind": CHOICE, "description": TEXT},
    ),
    # payments ----------------------------------------------------------------------------
    "core.payments.Targets": Entry(
        payments.Targets,
        {"engagements": 200, "job_starts": 60, "sustainments": 42},
        {
            "engagements": [*NON_NEGATIVE, Bad(59, "engagements")],
            "job_starts": [*NON_NEGATIVE, 201],
            "sustainments": [*NON_NEGATIVE, 61],
        },
    ),
    "core.payments.PaymentMechanism": Entry(
        payments.PaymentMechanism,
        {
            "name": "tariffs",
            "block_amount": 1000,
            "tariff_engagement": 500,
            "tariff_job_start": 1500,
            "tariff_sustainment": 1000,
            "cap": 50_000,
        },
        {
            "name": [*TEXT, ""],
            "block_amount": NON_NEGATIVE,
            "tariff_engagement": NON_NEGATIVE,
            "tariff_job_start": NON_NEGATIVE,
            "tariff_sustainment": NON_NEGATIVE,
            "cap": [*NON_NEGATIVE[1:], 999],  # None means no cap
            "cost_share": SHARE,
            "claim_months": [*POSITIVE_COUNT, 13],
        },
    ),
    "core.payments.Delivery": Entry(
        payments.Delivery,
        lambda: {k: getattr(delivery(), k) for k in payments.Delivery.__dataclass_fields__},
        {
            "months": [*POSITIVE_COUNT, 241],
            "engagements_per_month": NON_NEGATIVE,
            "ramp_months": POSITIVE_COUNT,
            "job_start_rate": SHARE,
            "job_start_rate_sd": [*NON_NEGATIVE, 0.9],
            "sustain_rate": SHARE,
            "sustain_rate_sd": [*NON_NEGATIVE, 0.9],
            "volume_sd": NON_NEGATIVE,
            "months_to_job_start": [*COUNT, 1000],
            "months_to_sustainment": [*COUNT, 1000],
            "cost_per_month": NON_NEGATIVE,
            "cost_per_engagement": NON_NEGATIVE,
            "payment_lag_months": [*COUNT, 1000],
        },
    ),
    "core.payments.capacity_profile": Entry(
        payments.capacity_profile, lambda: {"delivery": delivery()}, {"delivery": DELIVERY}
    ),
    "core.payments.expected_outcomes": Entry(
        payments.expected_outcomes, lambda: {"delivery": delivery()}, {"delivery": DELIVERY}
    ),
    "core.payments.targets_from": Entry(
        payments.targets_from,
        lambda: {"delivery": delivery(), "ratio": 1.2},
        {"delivery": DELIVERY, "ratio": [*NON_NEGATIVE, 5.01, 40, Bad(1e6, "at most 5")]},
    ),
    "core.payments.simulate_outcomes": Entry(
        payments.simulate_outcomes,
        lambda: {"delivery": delivery(), "n": 50, "seed": 1},
        {"delivery": DELIVERY, "n": POSITIVE_COUNT, "seed": COUNT},
    ),
    "core.payments.simulate": Entry(
        payments.simulate,
        lambda: {"delivery": delivery(), "mechanism": mechanism(), "n": 50, "seed": 1},
        {
            "delivery": DELIVERY,
            "mechanism": MECHANISM,
            "n": POSITIVE_COUNT,
            "seed": COUNT,
        },
    ),
    "core.payments.compare": Entry(
        payments.compare,
        lambda: {"delivery": delivery(), "mechanisms": [mechanism()], "n": 50, "seed": 1},
        {
            "delivery": DELIVERY,
            "mechanisms": [None, "text", 3, [], ["x"], [None]],
            "n": POSITIVE_COUNT,
            "seed": COUNT,
        },
    ),
    "core.payments.standard_mechanisms": Entry(
        payments.standard_mechanisms,
        {"contract_value": 100, "targets": payments.Targets(10, 3, 2), "block_shares": (0, 0.3)},
        {
            "contract_value": NON_NEGATIVE,
            "targets": [None, "text", 3, (10, 3, 2)],
            "block_shares": [
                None,
                "text",
                3,
                [],
                Bad([0.3, 1.5], "block_share"),
                Bad([0.3, None], "block_share"),
                Bad([0.3, NAN], "block_share"),
            ],
            "weights": [None, "text", 3, [1, 1], [1, 1, -1], [1, 1, NAN], [0, 0, 0]],
            "cap": [None, "yes", 3, [True]],
        },
    ),
    "core.payments.ClientGroup": Entry(
        payments.ClientGroup,
        {"name": "harder", "job_start_rate": 0.2, "sustain_rate": 0.7, "support_cost": 2500},
        {
            "name": [*TEXT, ""],
            "job_start_rate": SHARE,
            "sustain_rate": SHARE,
            "support_cost": NON_NEGATIVE,
        },
    ),
    "core.payments.margin_per_client": Entry(
        payments.margin_per_client,
        lambda: {"mechanism": mechanism(), "group": group(), "planned_clients": 10},
        {"mechanism": MECHANISM, "group": GROUP, "planned_clients": POSITIVE},
    ),
    "core.payments.graduated_multiplier": Entry(
        payments.graduated_multiplier,
        lambda: {"mechanism": mechanism(), "easier": group(0.4), "harder": group(0.2)},
        {"mechanism": MECHANISM, "easier": GROUP, "harder": GROUP},
    ),
    "core.payments.creaming_table": Entry(
        payments.creaming_table,
        lambda: {
            "mechanisms": [mechanism()],
            "easier": group(0.4),
            "harder": group(0.2),
            "planned_clients": 10,
        },
        {
            "mechanisms": [None, "text", 3, [], ["x"], [None]],
            "easier": GROUP,
            "harder": GROUP,
            "planned_clients": POSITIVE,
        },
    ),
    "core.payments.conversion_rates": Entry(
        payments.conversion_rates,
        {"engagements": 1926, "job_starts": 590, "sustainments": 415},
        {
            "engagements": [*POSITIVE, Bad(500, "engagements")],
            "job_starts": [*NON_NEGATIVE, 2000],
            "sustainments": [*NON_NEGATIVE, 600],
        },
    ),
    "core.payments.unit_costs": Entry(
        payments.unit_costs,
        {"total_cost": 1000, "outcomes": {"job_start": 4}, "central_costs": 200},
        {
            "total_cost": NON_NEGATIVE,
            "outcomes": [
                *UNIT_COSTS,
                Bad({"job_start": 0}, "outcomes['job_start']"),
                Bad({"job_start": -4}, "outcomes['job_start']"),
                Bad({"job_start": None}, "outcomes['job_start']"),
                Bad({"job_start": NAN}, "outcomes['job_start']"),
            ],
            "central_costs": NON_NEGATIVE,
        },
    ),
    "core.payments.implied_from_unit_costs": Entry(
        payments.implied_from_unit_costs,
        {
            "unit_excluding": {"job_start": 4400},
            "unit_including": {"job_start": 5500},
            "central_costs": 319_000,
        },
        {
            "unit_excluding": [
                *UNIT_COSTS,
                {"other": 4400},
                Bad({"job_start": -1}, "unit_excluding['job_start']"),
                Bad({"job_start": "4400"}, "unit_excluding['job_start']"),
                Bad({"job_start": 6000}, "unit_excluding['job_start']"),
            ],
            "unit_including": [
                *UNIT_COSTS,
                {"other": 5500},
                Bad({"job_start": 0}, "unit_including['job_start']"),
                Bad({"job_start": INF}, "unit_including['job_start']"),
            ],
            "central_costs": POSITIVE,
            "precision": NON_NEGATIVE,
        },
    ),
    "core.payments.consistent_spend_range": Entry(
        payments.consistent_spend_range,
        lambda: {
            "implied": payments.implied_from_unit_costs(
                {"a": 1300, "b": 4400}, {"a": 1600, "b": 5500}, 319_000
            )
        },
        {"implied": FRAME},
    ),
    "core.payments.consistent_counts": Entry(
        payments.consistent_counts,
        {
            "spend": 1_366_000,
            "unit_excluding": {"job_start": 4400},
            "unit_including": {"job_start": 5500},
            "central_costs": 319_000,
        },
        {
            "spend": POSITIVE,
            "unit_excluding": [
                *UNIT_COSTS,
                {"other": 4400},
                Bad({"job_start": -1}, "unit_excluding['job_start']"),
                Bad({"job_start": "4400"}, "unit_excluding['job_start']"),
            ],
            "unit_including": [
                *UNIT_COSTS,
                {"other": 5500},
                Bad({"job_start": 0}, "unit_including['job_start']"),
                Bad({"job_start": INF}, "unit_including['job_start']"),
            ],
            "central_costs": NON_NEGATIVE,
            "precision": POSITIVE,
        },
    ),
    "core.payments.mhep_providers": Entry(payments.mhep_providers, {}, {"register": REGISTER}),
    "core.payments.mhep_spend_tables": Entry(
        payments.mhep_spend_tables, {}, {"register": REGISTER}
    ),
    "core.payments.volume_forecast_sd": Entry(
        payments.volume_forecast_sd, {}, {"register": REGISTER}
    ),
    "core.payments.targets_met_ratio": Entry(
        payments.targets_met_ratio,
        {"outcome": "job_start"},
        {"outcome": CHOICE, "register": REGISTER},
    ),
    "core.payments.between_provider_sd": Entry(
        payments.between_provider_sd,
        {"numerator": [68, 196, 149], "denominator": [156, 566, 535]},
        {
            "numerator": [
                *SEQUENCE,
                [],
                [68],
                [68, 196],
                Bad([68, 196, NAN], "numerator[2]"),
                Bad([68, 196, -1], "numerator[2]"),
                Bad([68, 196, None], "numerator[2]"),
            ],
            "denominator": [
                *SEQUENCE,
                [],
                [156, 566],
                Bad([156, 566, 0], "denominator[2]"),
                Bad([156, 566, INF], "denominator[2]"),
                Bad([156, 566, "535"], "denominator[2]"),
            ],
        },
    ),
    # scenarios ---------------------------------------------------------------------------
    "files.scenarios.Scenario": Entry(
        scenarios.Scenario,
        {"calculator": "service_sizing", "title": "A title", "inputs": {"in_contact": 1000}},
        {
            "calculator": [*TEXT, ""],
            "title": [*TEXT, ""],
            "inputs": [None, "text", 3, [1]],
            "description": [None, 3],
            "evidence": EVIDENCE_KEYS,
            "saved": [None, 3],
            "calculator_version": [None, "1", 0, True, 1.5],
            "data": [None, "text", {"name": 3}],
            "notices": [None, "text", [3]],
        },
    ),
    "files.scenarios.from_values": Entry(
        scenarios.from_values,
        lambda: {
            "name": "service_sizing",
            "values": scenario().inputs,
            "title": "Mine",
            "evidence": {"in_contact": "x.y"},
        },
        {
            "name": CALCULATOR_NAME,
            "values": [
                None,
                "text",
                3,
                Bad({"in_contact": "many"}, "missing input"),
                Bad({**scenario().inputs, "colour": 1}, "colour"),
                Bad({**scenario().inputs, "in_contact": "many"}, "in_contact"),
            ],
            "title": [*TEXT, "", "   "],
            "description": [None, 3],
            "evidence": EVIDENCE_KEYS,
            "data": ["text", 3, {"name": 3}],
        },
    ),
    "files.scenarios.defaults_scenario": Entry(
        scenarios.defaults_scenario, {"name": "ramp_up"}, {"name": CALCULATOR_NAME}
    ),
    "files.scenarios.dumps": Entry(
        scenarios.dumps, lambda: {"scenario": scenario()}, {"scenario": SCENARIO}
    ),
    "files.scenarios.loads": Entry(
        scenarios.loads,
        lambda: {"text": scenarios.dumps(scenario()), "expected": "service_sizing"},
        {
            "text": [
                None,
                3,
                ["{}"],
                Bad("", "not a scenario"),
                Bad("{", "not a scenario"),
                Bad("[]", "not a scenario"),
                Bad("null", "not a scenario"),
                Bad('{"format": "x"}', "not a scenario"),
                Bad(b"\xff\xfe{", "not a scenario"),
                Bad('{"x": ' + "9" * 400 + "}", "more than 30 digits"),
                Bad("[" * 2000 + "]" * 2000, "nested too deeply"),
            ],
            "expected": [3, ["service_sizing"], Bad("ramp_up", "Ramp-up")],
            "calculators": ["text", 3, Bad({}, "service_sizing")],
        },
    ),
    "files.scenarios.from_dict": Entry(
        scenarios.from_dict,
        lambda: {"data": scenario().to_dict()},
        {
            "data": [Bad(None, "not a scenario"), Bad([], "not a scenario"), Bad({}, "format")],
            "expected": [3, ["service_sizing"], Bad("ramp_up", "Ramp-up")],
            "calculators": ["text", 3, Bad({}, "service_sizing")],
        },
    ),
    "files.scenarios.load_file": Entry(
        scenarios.load_file,
        lambda: {"path": scenarios.save_file(scenario(), files())},
        {"path": [None, 3, "", Bad("/no/such/scenario.json", "scenario.json")], "expected": [3]},
    ),
    "files.scenarios.save_file": Entry(
        scenarios.save_file,
        lambda: {"scenario": scenario(), "folder": files()},
        {"scenario": SCENARIO, "folder": [None, *FOLDER, ""]},
    ),
    "files.scenarios.check_inputs": Entry(
        scenarios.check_inputs,
        {"name": "ramp_up", "inputs": RAMP_INPUTS},
        {
            "name": [None, 3, "", Bad("unknown", "unknown")],
            "inputs": [
                None,
                "text",
                3,
                [1],
                Bad({**RAMP_INPUTS, "annual_starters": "400"}, "annual_starters"),
                Bad({**RAMP_INPUTS, "annual_starters": NAN}, "annual_starters"),
                Bad({**RAMP_INPUTS, "annual_starters": 1e300}, "annual_starters"),
                Bad({**RAMP_INPUTS, "contract_months": 12.5}, "contract_months"),
                Bad({**RAMP_INPUTS, "colour": 1}, "colour"),
                Bad(without(RAMP_INPUTS, "ramp_months"), "ramp_months"),
            ],
            "calculators": ["text", 3],
            "version": ["1", 0, True, 1.5],
            "notices": ["text", 3, {}],
        },
    ),
    "files.scenarios.shipped_file": Entry(
        scenarios.shipped_file,
        lambda: {"scenario": scenarios.defaults_scenario("swemwbs_change")},
        {"scenario": SCENARIO},
    ),
    "files.scenarios.shipped_scenarios": Entry(
        scenarios.shipped_scenarios,
        {"calculator": "service_sizing", "problems": []},
        {"calculator": [3, ["service_sizing"]], "problems": ["text", 3, {}]},
    ),
    "files.scenarios.saved_scenarios": Entry(
        scenarios.saved_scenarios,
        lambda: {"folder": files(), "calculator": "service_sizing"},
        {"folder": [None, *FOLDER, ""], "calculator": [3, ["service_sizing"]]},
    ),
    "files.scenarios.changed_inputs": Entry(
        scenarios.changed_inputs,
        lambda: {"name": "ramp_up", "values": dict(RAMP_INPUTS)},
        {"name": CALCULATOR_NAME, "values": ["text", 3, [1], Bad({}, "values")]},
    ),
    "files.scenarios.calculator_fields": Entry(
        scenarios.calculator_fields,
        {"name": "ramp_up"},
        {"name": [None, 3, "", Bad("unknown", "unknown")], "calculators": ["text", 3]},
    ),
    "files.scenarios.definition_of": Entry(
        scenarios.definition_of,
        {"name": "ramp_up"},
        {"name": [None, 3, "", Bad("unknown", "unknown")], "calculators": ["text", 3]},
    ),
    "files.scenarios.slug": Entry(scenarios.slug, {"text": "My scenario"}, {"text": TEXT}),
    # exports -----------------------------------------------------------------------------
    "files.exports.safe_text": Entry(
        exports.safe_text, {"value": "=1+1"}, {"value": [None, 3, [1]]}
    ),
    **{
        f"files.exports.{f.__name__}": Entry(f, lambda: {"report": report()}, {"report": REPORT})
        for f in (
            exports.results_rows,
            exports.inputs_rows,
            exports.references_for,
            exports.to_csv,
            exports.to_xlsx,
            exports.to_docx,
        )
    },
    "files.exports.export": Entry(
        exports.export,
        lambda: {"report": report(), "kind": "csv", "folder": files()},
        {"report": REPORT, "kind": CHOICE, "folder": [None, *FOLDER, ""]},
    ),
    # calculator definitions --------------------------------------------------------------
    "calculators.get": Entry(
        calculators.get,
        {"name": "ramp_up"},
        {"name": [Bad(x, "no calculator called") for x in (None, 3, "", "unknown")]},
    ),
    # calculator definitions (chapters 5 and 6) -------------------------------------------
    "calculators.payment_simulator.to_nearest_100": Entry(
        calculators.payment_simulator.to_nearest_100, {"value": 1234.0}, {"value": NUMBER}
    ),
    "calculators.payment_simulator.default_contract_value": Entry(
        calculators.payment_simulator.default_contract_value,
        {},
        {"delivery": ["text", 3, {"months": 36}]},
    ),
    "calculators.payment_simulator.simulator_setup": Entry(
        calculators.payment_simulator.simulator_setup,
        SIMULATOR_ARGS,
        {
            "contract_value": NON_NEGATIVE,
            **{
                f"block_share_{x}": [Bad(b, f"block_shares[{i}]") for b in SHARE]
                for i, x in enumerate("abc")
            },
            **{
                f"weight_{x}": [Bad(b, f"weights[{x}]") for b in NON_NEGATIVE]
                for x in ("engagement", "job_start", "sustainment")
            },
            "target_ratio": [Bad(b, "ratio") for b in NON_NEGATIVE],
            "cap": CHOICE,
            "delivery": [Bad(3, "unknown delivery assumption")],
        },
    ),
    "calculators.creaming_parking.incentive_text": Entry(
        calculators.creaming_parking.incentive_text,
        {"mechanism": "100% outcomes", "gap": 638.0, "multiplier": 1.5},
        {
            "mechanism": [*TEXT, ""],
            "gap": NUMBER,
            "multiplier": [None, "1.5", [1.5], True],
        },
    ),
}

# --- public names that need no catalogue entry, with the reason -----------------------------
CONSTANT = "a constant, not a callable"
RESULT = "a result record built only by {} from validated inputs"
NO_ARGS = "takes no arguments: nothing can be invalid"
ERROR = "an exception class"
DEFINITION = (
    "a calculator definition (or what it calls with its checked inputs): every input is fed "
    "bad values by tests/test_robustness_calculators.py"
)
CHART = "draws a figure from a calculator's output (data the package built, never typed)"
RENDER = "words a calculator's Output, which the package built from checked inputs"
SPEC = (
    "the declarative spec a contributor writes; Input.check, which every typed or loaded "
    "value meets, is fed bad values for every input by tests/test_robustness_calculators.py"
)

REEXPORTED = "its public names are re-exported by guidance.core.payments and catalogued there"

EXEMPT: dict[str, str] = {
    **{
        module: (
            "the Excel workbooks (files layer): values reach them only through the one reader "
            "(calculators.typed) and the definitions' checks; tests/test_workbooks.py builds "
            "every workbook for defaults, worked examples, 50 random and 10 refused sets each, "
            "and the workbook command refuses bad names, values and targets on one line"
        )
        for module in (
            "guidance.files.workbooks",
            *(
                f"guidance.files.workbooks.{m}"
                for m in (
                    "benefit_ledger",
                    "cashable_savings",
                    "creaming_parking",
                    "economic_case",
                    "expected_outcomes",
                    "fidelity_review",
                    "ramp_up",
                    "recalc",
                    "service_benchmark",
                    "service_sizing",
                    "swemwbs_change",
                )
            ),
        )
    },
    "guidance.presentation.svgfigures": (
        "draws figures the definitions built from checked inputs (never typed values); "
        "tests/test_svgfigures.py checks every figure kind, escaping and bounds"
    ),
    "guidance.presentation.citations": (
        "citations of register keys and references.bib entries (data the package ships, never "
        "typed); tests/test_gate_plain_words.py and tests/test_browser_citations.py check "
        "every citation shown"
    ),
    "guidance.presentation.register_page": (
        "the register page from the shipped register and chapters (never typed); "
        "tests/test_browser_citations.py and tests/test_print_edition.py check it"
    ),
    "calculators.service_sizing.kpi_summary": (
        "words for KPI checks the sizing calculation made; tests/test_calculators_ch1_ch2.py "
        "and the plain-words gate check what it says"
    ),
    "core.evidence.short_citation": (
        "a citation for a key the register names (EvidenceError if none), like reference"
    ),
    "presentation.livefigure.layout_signature": (
        "a key for a figure's layout from a Plot the package drew; tests/test_svgfigures.py"
    ),
    "guidance.frontends.widgets": (
        "calculator pages: every field of every calculator is fed bad values by "
        "tests/test_robustness_calculators.py"
    ),
    "guidance.files.applink": (
        "links from the book and their query text: tests/test_applink.py gives parse_values "
        "bad values of every kind (a decimal for a whole number, a share outside 0-1, an "
        "unknown choice or input) and each is named"
    ),
    **{
        module: (
            "the web pages (a front end): tests/test_web_pages.py sends every calculator bad "
            "values, unknown inputs, a forged Host and oversized uploads over HTTP, and each "
            "gets the error pattern or a refusal, never a traceback"
        )
        for module in (
            "guidance.frontends.web",
            "guidance.frontends.web.app",
            "guidance.frontends.web.forms",
            "guidance.frontends.web.pages",
            "guidance.frontends.web.serve",
            "guidance.frontends.web.room",
            "guidance.frontends.web.public",
            "guidance.frontends.web.bookform",
        )
    },
    "guidance.frontends.web.security": (
        "the served pages' protection (ASGI middleware and its settings): "
        "tests/test_web_security.py sends it forged Hosts, cross-site POSTs, oversized bodies, "
        "wrong and forged codes and cookies, and too many requests, and each is refused; "
        "check_code is fed short and guessable codes"
    ),
    "guidance.frontends.widgets.base": (
        "the calculator framework (not a module this suite may change): its fields are fed "
        "bad values by tests/test_robustness_calculators.py"
    ),
    **{
        f"calculators.{module}.{name}": (
            "a calculator definition: Definition.check refuses a bad value for every input "
            "(tests/test_robustness_calculators.py, tests/test_calculators_ch1_ch2.py, "
            "tests/test_calculators_ch4.py)"
        )
        for module, name in (
            ("readiness_self_assessment", "READINESS_SELF_ASSESSMENT"),
            ("service_benchmark", "SERVICE_BENCHMARK"),
            ("model_chooser", "MODEL_CHOOSER"),
            ("expected_outcomes", "EXPECTED_OUTCOMES"),
            ("benefit_ledger", "BENEFIT_LEDGER"),
            ("cashable_savings", "CASHABLE_SAVINGS"),
        )
    },
    **{
        f"calculators.{module}.{name}": (
            "computes its definition's output from values Definition.check has checked; "
            "every input gets bad values in tests/test_robustness_calculators.py"
        )
        for module, name in (
            ("readiness_self_assessment", "readiness_output"),
            ("service_benchmark", "benchmark_output"),
            ("model_chooser", "model_output"),
            ("expected_outcomes", "outcomes_output"),
            ("benefit_ledger", "ledger_output"),
            ("cashable_savings", "cashable_output"),
        )
    },
    "calculators.DEFINITIONS": CONSTANT,
    "calculators.MODULES": CONSTANT,
    "calculators.names": NO_ARGS,
    "calculators.ramp_up.RAMP_UP": DEFINITION,
    "calculators.ramp_up.ramp_output": DEFINITION,
    "calculators.service_sizing.SERVICE_SIZING": DEFINITION,
    "calculators.service_sizing.FIXED": CONSTANT,
    "calculators.service_sizing.sizing_inputs": (
        "the definition's defaults with the values given, built into a SizingInputs, which "
        "validates every field (catalogued as core.sizing.SizingInputs)"
    ),
    "calculators.payment_simulator.standard_block_shares": NO_ARGS,
    "calculators.payment_simulator.delivery_inputs": (
        "the definition's defaults with the values given, built into a Delivery, which "
        "validates every field (catalogued as core.payments.Delivery)"
    ),
    "calculators.benefit_ledger.ledger_inputs": (
        "the definition's defaults with the values given, built into a LedgerInputs, which "
        "validates every field (catalogued as core.ledger.LedgerInputs)"
    ),
    "calculators.service_sizing.sizing_output": DEFINITION,
    "calculators.spec.KINDS": CONSTANT,
    "calculators.spec.UNITS": CONSTANT,
    "calculators.spec.InputError": ERROR,
    **{
        f"calculators.spec.{name}": SPEC
        for name in (
            "Default",
            "Input",
            "Upload",
            "Q",
            "Text",
            "Column",
            "Table",
            "Check",
            "Note",
            "Figure",
            "Output",
        )
    },
    "calculators.spec.Definition": SPEC,
    "frontends.cli.main": "the command line: tests/test_cli.py gives it unknown calculators, "
    "inputs and values, and each is a one-line message with status 2",
    "frontends.cli.parse_setting": "what --set reads: tests/test_cli.py types bad values "
    "through main",
    "calculators.spec.MAX_TEXT": CONSTANT,
    "calculators.spec.COUNT_NOISE": CONSTANT,
    "core.economics.POPULATIONS": CONSTANT,
    "core.monitoring.returns.MIN_FTE": CONSTANT,
    "calculators.spec.check_fields": (
        "refuses names a dataclass lacks; its doctest refuses one, and the builders that call "
        "it (sizing_inputs, delivery_inputs, ...) are tested with an unknown name"
    ),
    "calculators.spec.text_problem": "says why a text cannot be kept; tests/test_hostile_input.py "
    "gives it lone surrogates through every door",
    "calculators.typed.MAX_TYPED": CONSTANT,
    **{
        f"calculators.typed.{name}": "the one reader of typed values: tests/test_hostile_input.py "
        "feeds one table of typed values to every front end and bad types to it directly"
        for name in ("read", "shown")
    },
    "core.safe_files.FileRefused": ERROR,
    **{
        f"core.safe_files.{name}": "reads and writes a person's files: "
        "tests/test_hostile_input.py gives it links, pipes, devices, huge and existing files"
        for name in ("read_bytes", "write_bytes", "entry_problem")
    },
    "core.evidence.bibliography": "reads the shipped references.bib (or text a test gives it)",
    "core.evidence.reference": "a reference for a key the register names (EvidenceError if none)",
    "files.exports.Report": RESULT.format(
        "Report.of (which checks the values with the definition)"
    ),
    "files.exports.UNIT_WORDS": CONSTANT,
    "files.exports.XLSX_FORMATS": CONSTANT,
    "files.scenarios.MAX_DIGITS": CONSTANT,
    "presentation.figures.KINDS": CONSTANT,
    **{f"presentation.figures.{name}": CHART for name in ("plot", "static_figure", "colours")},
    "presentation.render.STATUS_WORDS": CONSTANT,
    **{
        f"presentation.render.{name}": RENDER
        for name in (
            "quantity",
            "text",
            "cell",
            "table_frame",
            "output_table_html",
            "checks_html",
            "notes_html",
            "output_text",
            "inputs_rows",
            "inputs_html",
            "input_value",
            "output_html",
        )
    },
    "calculators.readiness_self_assessment.DEFAULT_RATINGS": CONSTANT,
    "calculators.model_chooser.DEFAULT_GROUPS": CONSTANT,
    **{
        f"presentation.{name}": (
            "draws the figure data of a definition's output, which comes from checked inputs"
        )
        for name in (
            "benchmark_chart.benchmark_plot",
            "outcomes_chart.outcomes_plot",
            "ledger_charts.gains_plot",
            "ledger_charts.cashable_plot",
        )
    },
    "presentation.theory_of_change.theory_of_change_figure": NO_ARGS,
    "presentation.evidence_chart.evidence_figure": NO_ARGS,
    "presentation.sib_flows.show_sib_flows": NO_ARGS,
    # calculator definitions (chapters 5 and 6): the definitions and the functions they call
    # with inputs their Input ranges have checked; charts drawn from those outputs
    **{
        f"calculators.{module}.{name}": DEFINITION
        for module, names in {
            "payment_simulator": ("PAYMENT_SIMULATOR", "simulator_output"),
            "creaming_parking": ("CREAMING_PARKING", "creaming_output"),
            "fidelity_review": ("FIDELITY_REVIEW", "fidelity_output"),
            "seqf_profile": ("SEQF_PROFILE", "seqf_output"),
            "swemwbs_change": ("SWEMWBS_CHANGE", "wellbeing_output", "scores_template"),
            "monitoring_dashboard": ("MONITORING_DASHBOARD", "dashboard_output", "file_defaults"),
        }.items()
        for name in names
    },
    "calculators.payment_simulator.SIMULATIONS": CONSTANT,
    "calculators.payment_simulator.SEED": CONSTANT,
    "calculators.payment_simulator.COST_REIMBURSED": CONSTANT,
    "calculators.payment_simulator.outcomes_table": RESULT.format(
        "simulator_output (rows of a payments.compare summary)"
    ),
    "calculators.payment_simulator.tariffs_table": RESULT.format(
        "simulator_output (mechanisms from payments.standard_mechanisms)"
    ),
    **{
        f"presentation.{module}.{name}": CHART
        for module, names in {
            "payment_charts": (
                "margin_plot",
                "margin_figure",
                "cash_plot",
                "cash_figure",
                "creaming_plot",
                "creaming_figure",
            ),
            "performance_charts": (
                "fidelity_plot",
                "fidelity_figure",
                "seqf_plot",
                "wellbeing_plot",
                "wellbeing_figure",
                "funnel_plot",
                "funnel_figure",
                "trend_figure",
            ),
        }.items()
        for name in names
    },
    "presentation.payment_charts.MARGIN_TITLE": CONSTANT,
    "presentation.performance_charts.SECTION_COLOURS": CONSTANT,
    "presentation.downloads.download_link": (
        "builds a link from a shipped file's name, text and label (no user input)"
    ),
    "presentation.downloads.downloads_html": (
        "builds links from a definition's Upload.downloads (no user input)"
    ),
    "guidance.calculators.economic_case": (
        "a calculator definition: every input is fed bad values by "
        "tests/test_robustness_calculators.py"
    ),
    "guidance.core.payments.mechanisms": REEXPORTED,
    "guidance.core.payments.delivery": REEXPORTED,
    "guidance.core.payments.simulation": REEXPORTED,
    "guidance.core.payments.creaming": REEXPORTED,
    "guidance.core.payments.mhep": REEXPORTED,
    "core.evidence.COLUMNS": CONSTANT,
    "core.evidence.UNITS": CONSTANT,
    "core.evidence.EvidenceError": ERROR,
    "core.evidence.Evidence": RESULT.format(
        "parse_register, which checks every cell by line/column"
    ),
    "presentation.plots.PALETTE": CONSTANT,
    **{
        f"presentation.style.{name}": CONSTANT
        for name in (
            "DPI",
            "WIDTH",
            "MAX_INCHES",
            "MIN_TEXT_PX",
            "PRESENTER_COLUMN_PX",
            "TEXT_PT",
            "TITLE_PT",
            "money_ticks",
        )
    },
    "core.sizing.SizingResult": RESULT.format("size_service"),
    "core.kpis.KPIS": CONSTANT,
    "core.kpis.KpiRange": RESULT.format("kpi_ranges (from the register)"),
    "core.conditions.CONDITIONS": CONSTANT,
    "core.conditions.SCALE": CONSTANT,
    "core.conditions.MAX_RATING": CONSTANT,
    "core.conditions.STAGES": CONSTANT,
    "core.conditions.ReadinessResult": RESULT.format("assess_readiness"),
    "core.conditions.conditions_table": NO_ARGS,
    "core.benchmarking.MEASURES": CONSTANT,
    "core.benchmarking.SITE_GROUPS": CONSTANT,
    "core.benchmarking.SERVICE_TYPES": CONSTANT,
    "core.benchmarking.OUTCOME_TYPES": CONSTANT,
    "core.benchmarking.NdtiRange": RESULT.format("ndti_ranges (from the register)"),
    "core.benchmarking.Band": RESULT.format("aim_for (from the register)"),
    "core.benchmarking.NdtiProfile": RESULT.format("ndti_profile (from the register)"),
    "core.models.GROUPS": CONSTANT,
    "core.models.INTEGRATION": CONSTANT,
    "core.models.SUPPORT_NEEDS": CONSTANT,
    "core.models.EVIDENCE_BASES": CONSTANT,
    "core.models.Recommendation": RESULT.format("recommend_model"),
    "core.models.ModelChoice": RESULT.format("choose_models"),
    "core.fidelity.SCALES": CONSTANT,
    "core.fidelity.Band": RESULT.format("fidelity_bands (from the register)"),
    "core.fidelity.FidelityReview": RESULT.format("score_review"),
    "core.fidelity.example_review": NO_ARGS,
    "core.fidelity.example_seqf_scores": NO_ARGS,
    "core.wellbeing.WellbeingChange": RESULT.format("wellbeing_change"),
    "core.wellbeing.example_scores_path": NO_ARGS,
    "core.wellbeing.table_points_scores_path": NO_ARGS,
    "core.wellbeing.CAVEATS": CONSTANT,
    "core.monitoring.MAX_BYTES": CONSTANT,
    "core.monitoring.MAX_ROWS": CONSTANT,
    "core.monitoring.Column": RESULT.format("the module itself (the template's column list)"),
    "core.monitoring.TEMPLATE_COLUMNS": CONSTANT,
    "core.monitoring.BREAKDOWN_PREFIXES": CONSTANT,
    "core.monitoring.Problem": RESULT.format("load_return (one problem found in a file)"),
    "core.monitoring.ReturnError": ERROR,
    "core.monitoring.MonthlyReturn": RESULT.format("load_return, which checks every cell"),
    "core.monitoring.template_path": NO_ARGS,
    "core.monitoring.example_path": NO_ARGS,
    "core.monitoring.STATUS_WORDS": CONSTANT,
    "core.monitoring.STATUS_COLOURS": CONSTANT,
    "core.monitoring.TARGET_BASES": CONSTANT,
    "core.monitoring.problems.MAX_PROBLEMS": CONSTANT,
    "core.monitoring.problems.Problems": (
        "the list a loader fills while it checks a file (row, column, message): it takes "
        "only the source's name, which any text may be"
    ),
    "core.monitoring.reader.TableSpec": (
        "a file's expected columns, defined in code by each loader (not user input); "
        "read_table refuses anything that is not a TableSpec"
    ),
    "core.monitoring.reader.RawTable": RESULT.format("read_table"),
    "core.monitoring.cells.parse_numbers": (
        "called only by the loaders on a table read_table made; its bad cells are catalogued "
        "through load_return and load_scores (tests/test_monitoring.py MALFORMED)"
    ),
    "core.monitoring.MAX_COUNT": CONSTANT,
    "core.monitoring.MIN_YEAR": CONSTANT,
    "core.monitoring.MAX_COLUMNS": CONSTANT,
    "core.monitoring.MAX_CELL": CONSTANT,
    "core.monitoring.cells.decimal_mark": (
        "called only by the loaders on a table read_table made; files with mixed or "
        "ambiguous decimal marks are catalogued through load_return (MALFORMED)"
    ),
    "core.monitoring.cells.mark_note": (
        "called only by the loaders on a table read_table made; its notes are checked "
        "through load_return (ACCEPTED in tests/test_monitoring.py)"
    ),
    "core.monitoring.cells.parse_months": (
        "called only by load_return on a table read_table made; its bad cells are catalogued "
        "through load_return (tests/test_monitoring.py MALFORMED)"
    ),
    "core.economics.CAVEATS": CONSTANT,
    "core.economics.METHODS": CONSTANT,
    "core.economics.EFFECT_MEASURES": CONSTANT,
    "core.economics.PERSPECTIVES": CONSTANT,
    "core.economics.ILLUSTRATIVE_SPREAD": CONSTANT,
    "core.economics.EconomicCase": RESULT.format("economic_case"),
    "core.economics.Simulation": RESULT.format("simulate_case"),
    "core.ledger.AGENCIES": CONSTANT,
    "core.ledger.FUNDERS": CONSTANT,
    "core.ledger.LedgerResult": RESULT.format("benefit_ledger"),
    "core.ledger.SIB_ACTORS": CONSTANT,
    "core.ledger.SIB_FLOWS": CONSTANT,
    "core.payments.OUTCOMES": CONSTANT,
    "core.payments.MAX_MONTHS": CONSTANT,
    "core.payments.MAX_TARGET_RATIO": CONSTANT,
    "core.payments.MAX_CLAIM_MONTHS": CONSTANT,
    "core.payments.OutcomeDraws": RESULT.format("simulate_outcomes"),
    "core.payments.ContractSimulation": RESULT.format("simulate"),
    "files.scenarios.FORMAT": CONSTANT,
    "files.scenarios.VERSION": CONSTANT,
    "files.scenarios.MAX_BYTES": CONSTANT,
    "files.scenarios.ScenarioError": ERROR,
    "files.exports.KINDS": CONSTANT,
    "files.exports.ExportError": ERROR,
    "files.exports.DOCX_BUILDERS": CONSTANT,
}


def _short(value: object) -> str:
    if isinstance(value, pd.DataFrame):
        return f"DataFrame{list(value.columns)}"
    if callable(value) and hasattr(value, "__name__"):
        return f"<{value.__name__}>"  # no memory address: test ids stay the same every run
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _cases():
    """One case per (function, parameter): its whole family of bad values."""
    for key, entry in CATALOGUE.items():
        for param in entry.bad:
            yield pytest.param(key, param, id=f"{key}-{param}")


CASES = list(_cases())


@pytest.fixture(autouse=True)
def test_files(tmp_path_factory, monkeypatch):
    """Scenarios and exports are written into a temporary folder, never the repository."""
    monkeypatch.setenv(FILES, str(tmp_path_factory.getbasetemp() / "saved-files"))


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_valid_call_succeeds(key):
    entry = CATALOGUE[key]
    entry.func(**entry.kwargs())


@pytest.mark.parametrize("key, param", CASES)
def test_bad_values_raise_a_clear_error(key, param):
    """Every bad value of the parameter's family is refused with a message naming it.

    One case per parameter, not per value: the values are tried in turn and every one that
    is accepted, or refused without naming the parameter, is listed in the failure.
    """
    entry = CATALOGUE[key]
    problems = []
    for value in entry.bad[param]:
        bad = value if isinstance(value, Bad) else Bad(value)
        kwargs = entry.kwargs()
        kwargs[param] = bad.value
        expect = bad.expect or param
        try:
            entry.func(**kwargs)
        except (ValueError, TypeError) as error:
            if expect not in str(error):
                problems.append(f"{param}={_short(bad.value)}: {str(error)!r} lacks {expect!r}")
        else:
            problems.append(f"{param}={_short(bad.value)} was accepted")
    assert not problems, f"{key}:\n  " + "\n  ".join(problems)


def _public_modules():
    names = ["guidance"]
    names += [m.name for m in pkgutil.walk_packages(guidance.__path__, "guidance.")]
    return [n for n in names if not n.rsplit(".", 1)[-1].startswith("_")]


def _label(module: str, name: str) -> str:
    return f"{module.removeprefix('guidance.')}.{name}"


def _labels(module_name: str, name: str) -> list[str]:
    """The name's own label, and those of the packages above that re-export the same object.

    ``monitoring.reader.read_table`` is catalogued as ``monitoring.read_table`` because
    :mod:`guidance.core.monitoring` lists it in its ``__all__``: one entry per object, not per path.
    """
    obj = getattr(importlib.import_module(module_name), name)
    labels = [_label(module_name, name)]
    parent = module_name
    while "." in parent:
        parent = parent.rsplit(".", 1)[0]
        package = importlib.import_module(parent)
        if name in getattr(package, "__all__", ()) and getattr(package, name) is obj:
            labels.append(_label(parent, name))
    return labels


def test_every_public_name_is_catalogued_or_exempt():
    missing = []
    for module_name in _public_modules():
        if module_name in EXEMPT:
            continue
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            labels = _labels(module_name, name)
            if not any(label in CATALOGUE or label in EXEMPT for label in labels):
                missing.append(labels[0])
    assert not missing, f"public names with no catalogue entry or exemption: {missing}"


def test_catalogue_and_exemptions_name_real_public_things():
    public = set()
    for module_name in _public_modules():
        public.add(module_name)
        module = importlib.import_module(module_name)
        public |= {_label(module_name, n) for n in getattr(module, "__all__", ())}
    stale = sorted(k for k in [*CATALOGUE, *EXEMPT] if k not in public)
    assert not stale, f"catalogue or exemptions name things that are not public: {stale}"
    assert not set(CATALOGUE) & set(EXEMPT)


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_parameter_has_bad_values(key):
    entry = CATALOGUE[key]
    params = inspect.signature(entry.func).parameters
    unknown = set(entry.bad) - set(params)
    assert not unknown, f"{key}: unknown parameter(s) {unknown}"
    unchecked = [p for p in params if p not in entry.bad and p not in UNCHECKED.get(key, ())]
    assert not unchecked, f"{key}: no bad values for {unchecked}"


# Parameters that take any value by design (a label for messages, a free-text name).
UNCHECKED: dict[str, tuple[str, ...]] = {
    **{
        f"core.validation.{n}": ("name",)
        for n in ("number", "share", "non_negative", "positive", "count", "positive_count")
    },
    "core.validation.choice": ("name",),
    "core.validation.whole_between": ("name", "low", "high", "noun"),
    "presentation.livefigure.Plot": ("data",),  # anything the Plot's own functions accept
}
