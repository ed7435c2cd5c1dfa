"""The calculators in front of a person (issue 17), without a browser: the presenter
layout, reset buttons, the busy line, and data files that scenarios remember (two
scenarios side by side are the web pages' Compare)."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidance.calculators import DEFINITIONS
from guidance.files import scenarios as sc
from guidance.frontends.widgets import calculator
from guidance.frontends.widgets.base import BUSY_TEXT, LIVE_STYLE, UPDATE_HINT
from guidance.presentation.render import text

DATA = Path(__file__).parent / "data"


def _classes(widget) -> set[str]:
    return set(getattr(widget, "_dom_classes", ()))


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


@pytest.mark.parametrize("name", list(DEFINITIONS))
def test_every_calculator_has_two_columns_a_hint_and_resets(name):
    calc = calculator(name)
    widgets = list(_walk(calc.widget))
    columns = [x for x in widgets if "guidance-columns" in _classes(x)]
    assert len(columns) == 1
    left, right = columns[0].children
    assert "guidance-inputs-col" in _classes(left)
    assert "guidance-results-col" in _classes(right)
    assert calc._summary in right.children and calc._message in right.children
    for item in calc.definition.inputs:  # every input's box and its message on the left
        assert calc._input_notes[item.name] in left.children
    hints = [x for x in widgets if getattr(x, "value", None) and UPDATE_HINT in str(x.value)]
    assert hints, "the update behaviour is said on screen"
    assert set(calc.reset_buttons) == set(calc.fields)
    assert calc.reset_all_button.description == "Reset all to the evidence defaults"


def test_style_sets_16px_text_sticky_results_and_one_column_when_narrow():
    assert "font-size: 16px" in LIVE_STYLE
    assert "position: sticky" in LIVE_STYLE
    assert "@media (max-width: 60em)" in LIVE_STYLE and "position: static" in LIVE_STYLE


def test_reset_one_input_and_all_inputs_with_the_buttons():
    calc = calculator("service_sizing")
    default = text(calc.result.summary)
    calc.type_value("reach_per_year", "50")
    calc.type_value("in_contact", "20000")
    calc.reset_buttons["reach_per_year"].click()
    assert calc.values()["reach_per_year"] == 0.25
    assert calc.values()["in_contact"] == 20000
    assert calc.controls["reach_per_year"].value == "25"
    calc.type_value("in_contact", "12.5")  # a message under the box ...
    assert "in_contact" in calc.input_messages
    calc.reset_all_button.click()  # ... goes with the reset
    assert not calc.input_messages and calc.message == ""
    assert text(calc.result.summary) == default


def test_busy_line_shows_while_computing_and_hides_after():
    calc = calculator("ramp_up")
    seen = []
    compute = calc._compute

    def watched():
        seen.append((calc._busy.layout.display, calc._busy.value))
        compute()

    calc._compute = watched
    calc.type_value("contract_months", "24")
    assert seen and seen[0][0] is None and BUSY_TEXT in seen[0][1]
    assert calc._busy.layout.display == "none"


# -- data files that scenarios remember ------------------------------------------------------
def test_the_shipped_example_has_a_fingerprint_and_a_scenario_keeps_it():
    calc = calculator("monitoring_dashboard")
    assert calc.data_file["name"] == "example_monthly_return_SYNTHETIC.csv"
    assert len(calc.data_file["sha256"]) == 64
    scenario = calc.scenario("Example")
    assert scenario.data == calc.data_file
    assert sc.loads(sc.dumps(scenario)).data == calc.data_file


def test_a_scenario_made_with_another_file_asks_for_it_instead_of_showing_other_data():
    calc = calculator("monitoring_dashboard")
    other = (DATA / "accepted" / "quoted_thousands.csv").read_bytes()
    calc.load_bytes(other, "our-return.csv")
    assert calc.data_file == calc.fingerprint(other, "our-return.csv")
    saved = calc.scenario("Ours")
    calc.reset()
    calc.load_bytes(
        calc.definition.upload.downloads[1][1]().encode("utf-8"),
        "example_monthly_return_SYNTHETIC.csv",
    )
    assert calc.result is not None
    calc.apply(saved)  # made with our-return.csv; the example is loaded
    assert calc.result is None
    assert "our-return.csv" in calc.message and "No results are shown" in calc.message
    assert calc._summary.value == "" and calc._figures.value == ""
    calc.load_bytes(other, "our-return.csv")  # the file it asks for
    assert calc.result is not None and calc.message == ""


def test_a_scenario_with_the_file_already_loaded_shows_results():
    calc = calculator("swemwbs_change")
    scenario = calc.scenario("Example")
    calc.apply(scenario)
    assert calc.result is not None and calc.message == ""
