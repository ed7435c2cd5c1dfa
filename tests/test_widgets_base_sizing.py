"""The generic renderer over the service-sizing and ramp-up definitions, and the spec."""

import pytest

from guidance.calculators import get
from guidance.calculators.spec import (
    Default,
    Definition,
    Figure,
    Input,
    InputError,
    Output,
    Q,
    Table,
    Text,
)
from guidance.frontends.widgets import calculator
from guidance.frontends.widgets.base import Calculator
from guidance.presentation.render import output_text, text


def summary(calc) -> str:
    return text(calc.result.summary)


def test_sizing_calculator_recomputes_when_an_input_changes():
    calc = calculator("service_sizing")
    before = summary(calc)
    calc.type_value("reach_per_year", "50")  # percent on screen
    assert calc.message == "" and not calc.input_messages
    assert summary(calc) != before
    assert "About 203.9 employment specialists" in summary(calc)
    assert calc.values()["reach_per_year"] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("name", "typed", "words"),
    [
        (
            "in_contact",
            "12.5",
            "People in contact with services must be a whole number; you typed '12.5'.",
        ),
        (
            "in_contact",
            "1e308",
            "People in contact with services must be a whole number between 0 people",
        ),
        (
            "in_contact",
            "lots",
            "must be a whole number between 0 people and 10,000,000 people; you typed 'lots'",
        ),
        ("in_contact", "", "People in contact with services: please enter a whole number"),
        (
            "in_contact",
            "-10",
            "must be a whole number between 0 people and 10,000,000 people; you typed '-10'.",
        ),
        (
            "share_interested",
            "140",
            "Not in work but interested must be a number between 0% and 100%; you typed '140'.",
        ),
        ("unit_cost", "1e308", "Cost per starter must be a number between £0 and £100,000"),
    ],
)
def test_bad_typing_gives_a_message_at_the_input_and_keeps_the_last_result(name, typed, words):
    calc = calculator("service_sizing")
    good, before = calc.result, calc.values()
    calc.type_value(name, typed)
    assert words in calc.input_messages[name]
    assert calc.controls[name].value == typed  # nothing typed is lost
    assert calc.result is good and calc.values() == before  # never a number not typed
    assert "last valid inputs" in calc._message.value
    assert words.split(";")[0] in calc._input_notes[name].value.replace("&#x27;", "'")
    calc.type_value(name, "30" if name == "share_interested" else "40000")
    assert not calc.input_messages and calc.message == ""


def test_package_errors_name_the_input_in_words():
    # every input is within its range; together the calculation refuses them (more people
    # with a job outcome than people supported), and the box says so in words
    calc = calculator("service_benchmark")
    assert calc.message == ""
    calc.set_values({"people_supported": 10, "new_jobs": 20})
    assert calc.message.startswith("People with a job outcome"), calc.message
    assert "cannot be more than the people supported" in calc.message
    assert "people_supported" not in calc.message and "new_jobs" not in calc.message
    assert "last valid inputs" in calc.message


def test_defaults_follow_the_model_until_the_person_sets_them():
    calc = calculator("service_sizing")
    assert calc.values()["unit_cost"] == 2000
    calc.type_value("model", "SEQF")
    assert calc.values()["unit_cost"] == 4500  # the SEQF default now
    assert calc.values()["caseload"] == 15
    assert get("service_sizing").source("unit_cost", {"model": "SEQF"}).startswith("whitworth")
    calc.type_value("unit_cost", "5,000")
    calc.type_value("model", "IPS")
    assert calc.values()["unit_cost"] == 5000  # the person's own figure stays
    assert calc.values()["caseload"] == 25
    calc.reset("unit_cost")
    assert calc.values()["unit_cost"] == 2000
    calc.reset()
    assert calc.values() == get("service_sizing").defaults()


def test_static_html_shows_default_result_without_controls():
    calc = calculator("service_sizing")
    bundle = calc._repr_mimebundle_()
    html = bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "<input" not in html and "<select" not in html
    assert 'alt="Bar chart of people at each stage' in html
    assert "Inputs used for this result" in html and "socialfinance2020" in html
    assert "16,314" in html  # eligible people, formatted
    calc.type_value("reach_per_year", "50")
    assert calc._repr_mimebundle_()["text/html"] == html  # the page keeps the default


def test_set_values_round_trip_and_unknown_names():
    calc = calculator("service_sizing")
    calc.set_values({"in_contact": 1000, "share_in_work": 0.2, "model": "SEQF"})
    assert calc.values()["in_contact"] == 1000
    assert calc.values()["share_in_work"] == pytest.approx(0.2)
    assert calc.controls["share_in_work"].value == "20"
    with pytest.raises(InputError, match="has no input called 'bogus'"):
        calc.set_values({"bogus": 1})
    with pytest.raises(InputError, match="must be one of IPS, SEQF"):
        calc.set_values({"model": "XYZ"})


def test_kpi_flags_shown_in_words():
    out = get("service_sizing").run({"model": "SEQF", "unit_cost": 2000})
    assert "BELOW range" in output_text(out)


def test_sizing_table_holds_numbers_with_units():
    table = get("service_sizing").run().tables[0]
    cells = [table.cell(r, 1) for r in range(len(table.rows))]
    assert all(isinstance(c, Q) and isinstance(c.value, float) for c in cells)
    assert {c.unit for c in cells} == {"count", "FTE", "GBP"}


def test_ramp_up_changes_with_ramp_months_and_refuses_a_decimal():
    calc = calculator("ramp_up")
    first = [row[2] for row in calc.result.tables[0].rows]
    calc.type_value("ramp_months", "6")
    assert [row[2] for row in calc.result.tables[0].rows] != first
    calc.type_value("ramp_months", "4.5")
    assert "whole number" in calc.input_messages["ramp_months"]


def _toy(compute, **extra) -> Definition:
    return Definition(
        name="toy",
        chapter=0,
        title="Toy",
        inputs=(
            Input("a", "A", "number", Default.illustrative(1.0, "test"), minimum=0, maximum=10),
            Input("b", "B", "number", Default.illustrative(2.0, "test"), minimum=0, maximum=10),
        ),
        compute=compute,
        **extra,
    )


def test_unexpected_errors_become_messages():
    def broken(a, b):
        raise ZeroDivisionError("boom")

    calc = Calculator(_toy(broken))
    assert calc.result is None
    assert "Could not calculate" in calc.message


def test_set_values_recomputes_once():
    calls = []

    def compute(a, b):
        calls.append((a, b))
        return Output(summary=Text("", Q(a + b, "number")))

    calc = Calculator(_toy(compute))
    calls.clear()
    calc.set_values({"a": 5.0, "b": 6.0})
    assert calls == [(5.0, 6.0)]
    assert text(calc.result.summary) == "11.0"


def test_spec_refuses_what_would_break_a_front_end():
    with pytest.raises(ValueError, match="needs a minimum and a maximum"):
        Input("x", "X", "number", Default.illustrative(1, "t"))
    with pytest.raises(ValueError, match="needs a note"):
        Default.illustrative(1, " ")
    with pytest.raises(ValueError, match="needs alt text"):
        Figure("bars", {}, alt="")
    with pytest.raises(ValueError, match="row 1 has 1 cells for 2 columns"):
        Table("t", _columns(2), [(1,)])
    with pytest.raises(ValueError, match="must come before it"):
        Definition(
            name="x",
            chapter=0,
            title="X",
            compute=lambda **v: None,
            inputs=(
                Input("b", "B", "number", Default.following("a", {}), minimum=0, maximum=1),
                Input("a", "A", "choice", Default.illustrative("p", "t"), options=(("p", "p"),)),
            ),
        )


def _columns(n):
    from guidance.calculators.spec import Column

    return tuple(Column(f"c{i}") for i in range(n))


def test_every_definition_is_complete():
    from guidance.calculators import DEFINITIONS
    from guidance.core.evidence import load_register

    register = load_register()
    for d in DEFINITIONS.values():
        assert d.title and d.description and d.chapter >= 0, d.name
        for item in d.inputs:
            for key in item.default.evidence_keys():
                assert key in register, (d.name, item.name, key)
            assert "_" not in item.label and "GBP" not in item.label, (d.name, item.label)
        out = d.run()
        assert isinstance(out, Output) and text(out.summary).strip(), d.name
