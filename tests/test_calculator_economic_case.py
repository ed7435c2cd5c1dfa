"""The economic-case calculator definition (chapter 4): defaults, choices, bad input."""

import base64
import io
import re

import numpy as np
import pytest
from PIL import Image

from guidance.calculators import get
from guidance.calculators.economic_case import economic_inputs
from guidance.calculators.spec import InputError
from guidance.core.economics import economic_case
from guidance.frontends.widgets import calculator
from guidance.presentation.figures import plot
from guidance.presentation.livefigure import LiveFigure
from guidance.presentation.render import output_text, text

CASE = get("economic_case")


def test_default_run_matches_the_package_default_case():
    out = CASE.run()
    net = economic_case(economic_inputs())
    assert text(out.summary).startswith(
        "Net of deadweight, displacement and substitution, 952 of 1,631 job entries"
    )
    comparison = out.tables[0]
    assert comparison.cell(3, 2).value == pytest.approx(net.net_entries)
    assert comparison.cell(9, 2).value == pytest.approx(net.bcr)
    assert [f.kind for f in out.figures] == ["histogram", "tornado"]
    assert all(text(f.alt) for f in out.figures)
    assert "Caveats" in output_text(out)


@pytest.mark.parametrize("source", ["population", "large_medium", "pooled", "modini", "rates"])
def test_every_way_of_estimating_deadweight_runs(source):
    out = CASE.run({"effect_source": source})
    assert out.tables[0].cell(3, 2).value > 0


def test_the_effect_size_follows_the_population():
    smi = CASE.run({"population": "smi"}).tables[0]
    beyond = CASE.run({"population": "beyond_smi"}).tables[0]
    assert smi.cell(1, 2).value == pytest.approx(
        CASE.run({"effect_source": "modini"}).tables[0].cell(1, 2).value
    )
    assert beyond.cell(1, 2).value == pytest.approx(
        CASE.run({"effect_source": "large_medium"}).tables[0].cell(1, 2).value
    )
    # About 42% of job entries are deadweight with the SMI trials, about 84% beyond SMI.
    gross = smi.cell(0, 2).value
    assert round(smi.cell(1, 2).value / gross, 2) == 0.42
    assert round(beyond.cell(1, 2).value / gross, 2) == 0.84
    # An explicit effect source overrides the population.
    fixed = CASE.run({"population": "smi", "effect_source": "large_medium"}).tables[0]
    assert fixed.cell(1, 2).value == pytest.approx(beyond.cell(1, 2).value)


def test_displacement_and_substitution_cut_the_net_and_show_in_the_tornado():
    plain = CASE.run().tables[0]
    cut = CASE.run({"displacement": 0.1, "substitution": 0.2}).tables[0]
    assert cut.cell(3, 2).value == pytest.approx(plain.cell(3, 2).value * 0.9 * 0.8)
    assert cut.cell(2, 2).value == pytest.approx(plain.cell(3, 2).value * (1 - 0.9 * 0.8))
    assert CASE.source("displacement").startswith("illustrative")
    assert CASE.source("substitution").startswith("illustrative")
    labels = CASE.run().figures[1].data["labels"]
    assert any(label.startswith("Displacement") for label in labels)
    assert any(label.startswith("Substitution") for label in labels)


def test_a_scenario_saved_with_version_1_keeps_its_effect_size():
    import json

    from guidance.files import scenarios

    inputs = {
        k: v
        for k, v in CASE.defaults().items()
        if k not in ("population", "displacement", "substitution")
    }
    inputs["effect_source"] = "large_medium"
    old = {
        "format": "guidance-scenario",
        "version": 2,
        "calculator": "economic_case",
        "calculator_version": 1,
        "title": "Saved before version 2",
        "inputs": inputs,
    }
    scenario = scenarios.loads(json.dumps(old))
    assert scenario.inputs["effect_source"] == "large_medium"
    assert (scenario.inputs["displacement"], scenario.inputs["substitution"]) == (0.0, 0.0)
    assert len(scenario.notices) == 3
    out = CASE.run(scenario.inputs)
    beyond = economic_case(economic_inputs(population="beyond_smi"))
    assert out.tables[0].cell(3, 2).value == pytest.approx(beyond.net_entries)


def test_a_stronger_effect_means_less_deadweight():
    cautious = CASE.run({"effect_source": "large_medium"}).tables[0].cell(1, 2).value
    pooled = CASE.run({"effect_source": "pooled"}).tables[0].cell(1, 2).value
    assert pooled < cautious


def test_defaults_say_where_they_come_from():
    assert CASE.source("discount_rate").startswith("hmt2022greenbook")
    assert CASE.source("exit_rate").startswith("morris2024ipsmod")
    assert CASE.source("starters").startswith("calculated")
    assert CASE.source("optimism_bias").startswith("illustrative")
    assert "socialfinance2020" in CASE.source("population")


@pytest.mark.parametrize(
    "values, words",
    [
        ({"exit_rate": 1.2}, "Share leaving work each year"),
        ({"discount_rate": -0.01}, "Discount rate"),
        ({"years": 0}, "Years appraised"),
        ({"years": 2.5}, "Years appraised"),
        ({"starters": -3}, "People starting"),
        ({"effect_source": "guess"}, "How to estimate deadweight"),
        ({"population": "everyone"}, "Who the service is for"),
        ({"displacement": 1.0}, "displace other jobseekers"),
    ],
)
def test_bad_values_get_a_message_naming_the_input(values, words):
    with pytest.raises(InputError, match=words):
        CASE.run(values)


def test_business_as_usual_above_the_service_rate_is_refused_in_words():
    with pytest.raises(InputError, match="must not be above the rate with it"):
        CASE.run({"effect_source": "rates", "bau_rate": 0.5, "service_rate": 0.4})


def test_wellby_value_outside_the_published_range_is_allowed():
    out = CASE.run({"wellby_value": 20_000.0, "swemwbs_gain": 1.0})
    assert out.tables[0].cell(7, 2).value > CASE.run().tables[0].cell(7, 2).value


def test_widget_shows_a_message_and_recovers():
    calc = calculator("economic_case")
    assert calc.result is not None and calc.message == ""
    calc.type_value("exit_rate", "150")
    assert "Share leaving work each year" in calc.input_messages["exit_rate"]
    calc.type_value("exit_rate", "13.24")
    assert calc.message == "" and not calc.input_messages.get("exit_rate")


@pytest.mark.slow  # a sweep over every calculator's live widget: the full run
def test_every_input_survives_bad_typing():
    calc = calculator("economic_case")
    for name, field in calc.fields.items():
        if field.kind == "choice":
            continue
        original = calc.controls[name].value
        for typed in ["-1", "1e12", "nan", "abc", "", "150", "2.5"]:
            calc.type_value(name, typed)  # must not raise
            assert "Traceback" not in calc.message + calc.input_messages.get(name, "")
        calc.type_value(name, original)
        assert calc.message == "", f"{name} did not recover: {calc.message}"


def _pixels(html: str) -> np.ndarray:
    data = re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB"), dtype=int)


@pytest.mark.parametrize("index", [0, 1])
def test_live_figures_update_in_place_like_a_fresh_drawing(index):
    first = CASE.run().figures[index]
    second = CASE.run({"exit_rate": 0.14}).figures[index]
    live = LiveFigure()
    live.html(plot(first), "a")
    updated = _pixels(live.html(plot(second), "a"))
    assert live.last_redraw == "in place"
    fresh = _pixels(LiveFigure().html(plot(second), "a"))
    assert updated.shape == fresh.shape and np.abs(updated - fresh).max() <= 1
