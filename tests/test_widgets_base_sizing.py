import pandas as pd
import pytest

from guidance.widgets.base import Calculator, Field, Result
from guidance.widgets.sizing import ramp_up_calculator, service_sizing, sizing_result


def test_sizing_calculator_recomputes_when_an_input_changes():
    calc = service_sizing()
    before = calc.result.summary
    calc.controls["reach_per_year"].value = 50  # percent on screen
    assert calc.message == ""
    assert calc.result.summary != before
    assert "About 203.9 employment specialists" in calc.result.summary
    assert calc.values()["reach_per_year"] == pytest.approx(0.5)


def test_invalid_input_shows_a_message_and_keeps_input_and_last_result():
    calc = service_sizing()
    good = calc.result
    calc.controls["share_interested"].value = 140
    assert "Not in work but interested (%) must be between 0 and 100; got 140" in calc.message
    assert calc.controls["share_interested"].value == 140  # nothing typed is lost
    assert calc.result is good
    assert "last valid inputs" in calc._message.value
    assert "Traceback" not in calc._message.value
    calc.controls["share_interested"].value = 30
    calc.controls["clients_per_es_per_year"].value = 0
    assert "Clients per specialist a year (clients_per_es_per_year) must be greater" in (
        calc.message
    )
    calc.controls["clients_per_es_per_year"].value = 40
    calc.controls["share_interested"].value = 30
    assert calc.message == ""


def test_negative_count_message():
    calc = service_sizing()
    calc.controls["in_contact"].value = -10
    assert "People in contact with services (in_contact) must be zero or more" in calc.message


def test_static_html_shows_default_result_without_controls():
    calc = service_sizing()
    bundle = calc._repr_mimebundle_()
    html = bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "<input" not in html and "<select" not in html
    assert 'alt="Bar chart of people at each stage' in html
    assert "Inputs used for this result" in html and "socialfinance2020" in html
    assert "16,314" in html  # eligible people, formatted
    # the static HTML stays the default even after a live change
    calc.controls["reach_per_year"].value = 50
    assert calc._repr_mimebundle_()["text/html"] == html


def test_set_values_round_trip_and_unknown_names():
    calc = service_sizing()
    calc.set_values({"in_contact": 1000, "share_in_work": 0.2, "model": "SEQF"})
    assert calc.values()["in_contact"] == 1000
    assert calc.values()["share_in_work"] == pytest.approx(0.2)
    assert calc.values()["model"] == "SEQF"
    with pytest.raises(ValueError, match="has no input"):
        calc.set_values({"bogus": 1})
    with pytest.raises(ValueError, match="model must be one of"):
        calc.set_values({"model": "XYZ"})


def test_kpi_flags_shown_in_words():
    result = sizing_result(model="SEQF", unit_cost=2000)
    assert "BELOW range" in result.extra_html


def test_ramp_up_calculator_changes_with_ramp_months():
    calc = ramp_up_calculator(annual_starters=120)
    first = calc.result.table["starters"].tolist()
    calc.controls["ramp_months"].value = 6
    assert calc.result.table["starters"].tolist() != first
    calc.controls["ramp_months"].value = 0
    assert "ramp_months" in calc.message


def test_unexpected_errors_become_messages():
    def broken(x):
        raise ZeroDivisionError("boom")

    calc = Calculator("Broken", [Field("x", "X", "number", 1.0)], broken)
    assert calc.result is None
    assert "Could not calculate" in calc.message


def test_result_needs_alt_text_for_a_figure():
    from guidance.plots import bar_figure

    with pytest.raises(ValueError, match="alt text"):
        Result("s", pd.DataFrame(), "c", figure=bar_figure(["a"], [1], title="t", unit="u"))


def test_set_values_recomputes_once():
    calls = []

    def compute(a, b):
        calls.append((a, b))
        return Result(summary=f"{a + b}", table=pd.DataFrame({"sum": [a + b]}), caption="Sum")

    calc = Calculator(
        "Sum", [Field("a", "A", "number", 1.0), Field("b", "B", "number", 2.0)], compute
    )
    calls.clear()
    calc.set_values({"a": 5.0, "b": 6.0})
    assert calls == [(5.0, 6.0)]
    assert calc.result.summary == "11.0"
