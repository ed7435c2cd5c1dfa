import pytest

from guidance.widgets import conditions as conditions_module
from guidance.widgets import models as models_module
from guidance.widgets.conditions import (
    benchmark_result,
    readiness_result,
    readiness_self_assessment,
    service_benchmark,
    theory_of_change_figure,
)
from guidance.widgets.models import (
    evidence_figure,
    expected_outcomes_calculator,
    model_chooser,
    model_result,
    outcomes_result,
)

NAMES = ("readiness_self_assessment", "service_benchmark", "model_chooser", "expected_outcomes")


def test_calculators_are_registered():
    found = {**conditions_module.CALCULATORS, **models_module.CALCULATORS}
    assert tuple(found) == NAMES
    for name in NAMES:
        assert name in found
        calc = found[name]()
        assert calc.name == name
        assert calc.message == "" and calc.result is not None
        if calc.result.figure is not None:
            assert calc.result.alt.strip()


# --- readiness self-assessment -----------------------------------------------------------------
def test_readiness_recomputes_when_a_rating_changes():
    calc = readiness_self_assessment()
    assert calc.result.summary.startswith("Readiness 8 of 20 (40%)")
    assert "condition 5, 'Check it is being done'" in calc.result.summary
    calc.controls["rating_check"].value = 4
    assert calc.message == ""
    assert calc.result.summary.startswith("Readiness 12 of 20 (60%)")
    assert "condition 2, 'Be clear what is meant by work'" in calc.result.summary


def test_readiness_prompts_are_shown_and_evidence_is_used():
    calc = readiness_self_assessment()
    assert calc.fields["rating_priority"].help.startswith("Evidence:")
    html = calc._repr_mimebundle_()["text/html"]
    assert "Ratings to back with evidence" in html  # condition 1 rated 3 with no evidence
    calc.controls["evidence_priority"].value = "Council motion"
    assert "Ratings to back with evidence" not in calc.result.extra_html
    assert "Council motion" in calc.result.extra_html


def test_readiness_all_in_place_and_bad_input():
    r = readiness_result(
        **{f"rating_{k}": 4 for k in ("priority", "define_work", "plan", "partnership", "check")}
    )
    assert r.table["action"].tolist()[0].startswith("Keep:")
    calc = readiness_self_assessment()
    good = calc.result
    with pytest.raises(ValueError, match="must be one of"):
        calc.set_values({"rating_plan": 9})
    calc.controls["evidence_plan"].value = "x"
    assert calc.message == ""
    with pytest.raises(TypeError, match="unknown input"):
        readiness_result(colour=2)
    assert calc.result is not good


def test_readiness_static_html_has_no_controls_and_alt_text():
    html = readiness_self_assessment()._repr_mimebundle_()["text/html"]
    assert "<input" not in html and "<select" not in html
    assert 'alt="Bar chart of readiness ratings out of 4' in html
    assert "Prioritised actions" in html
    assert "Start: Collect the same figures" in html
    assert "Check it is being done (rated 0)" in html


def test_theory_of_change_figure_alt_text():
    fig, alt = theory_of_change_figure()
    assert "Check it is being done (Performance management)" in alt
    assert fig.axes


# --- benchmark your service --------------------------------------------------------------------
def test_benchmark_defaults_are_the_ndti_average_service():
    calc = service_benchmark()
    assert calc.values()["people_supported"] == 198
    assert calc.result.summary.startswith(
        "£1,329 per person supported; 38% job outcome rate; £3,508 per job outcome"
    )
    assert "within NDTi's 'aim for' band" in calc.result.summary
    assert "<td>0</td>" in calc.result.extra_html and "<td>-0</td>" not in calc.result.extra_html


def test_benchmark_recomputes_and_flags():
    calc = service_benchmark()
    calc.controls["annual_cost"].value = 800_000.0
    assert calc.message == ""
    assert "cost per job outcome above" in calc.result.summary
    table = calc.result.table.set_index("measure")
    assert table.loc["Cost per job outcome", "against NDTi 'aim for'"].startswith("above:")
    assert table.loc["Job outcome rate", "against NDTi 'aim for'"] == "within: 30% to 56%"
    calc.controls["service_type"].value = "mh"
    assert "NDTi share (mental health services)" in calc.result.extra_html


def test_benchmark_bad_input_becomes_a_message():
    calc = service_benchmark()
    good = calc.result
    calc.controls["new_jobs"].value = 500
    assert "cannot exceed people_supported" in calc.message
    assert calc.result is good
    calc.controls["new_jobs"].value = 46
    calc.controls["annual_cost"].value = -5.0
    assert "Annual cost (£ a year) (annual_cost) must be zero or more" in calc.message
    calc.controls["annual_cost"].value = 1000.0
    calc.controls["people_supported"].value = 0
    assert "people_supported" in calc.message and "at least 1" in calc.message
    assert "Traceback" not in calc._message.value


def test_benchmark_with_no_outcomes():
    r = benchmark_result(10_000, 10, 0, 0, 0)
    assert "no job outcomes yet" in r.summary
    assert r.table.set_index("measure").loc["Cost per job outcome", "your service"] == "-"


# --- model chooser -----------------------------------------------------------------------------
def test_model_chooser_default_is_a_mixed_cohort():
    calc = model_chooser()
    assert calc.result.summary.startswith("Mixed cohort: IPS for Low-to-moderate")
    assert list(calc.result.table.columns) == ["KPI or target", "IPS beyond SMI", "SEQF"]
    assert "separate pathways or lots" in calc.result.extra_html


def test_model_chooser_changes_with_groups():
    calc = model_chooser()
    calc.controls["group_ld_autism"].value = "no"
    assert calc.result.summary.startswith("IPS for every group selected")
    assert list(calc.result.table.columns) == ["KPI or target", "IPS beyond SMI"]
    calc.controls["integration"].value = "no"
    calc.controls["support_need"].value = "complex"
    assert calc.result.summary.startswith("SEQF for every group selected")
    assert "consider" in calc.result.extra_html


def test_model_chooser_with_no_group_shows_a_message():
    calc = model_chooser()
    calc.controls["group_ld_autism"].value = "no"
    good = calc.result
    calc.controls["group_low_moderate"].value = "no"
    assert "choose at least one population group" in calc.message
    assert calc.result is good
    assert "last valid inputs" in calc._message.value
    with pytest.raises(ValueError, match="must be 'yes' or 'no'"):
        model_result("yes", "low", group_smi="maybe")
    with pytest.raises(TypeError, match="unknown input"):
        model_result("yes", "low", group_students="yes")


# --- expected outcomes -------------------------------------------------------------------------
def test_expected_outcomes_default_range():
    calc = expected_outcomes_calculator()
    assert calc.result.summary.startswith(
        "For 100 starters, IPS beyond SMI: large and medium studies: 29 to 33 job entries"
    )
    assert calc.values()["bau_rate"] == pytest.approx(0.25)
    assert calc.result.table["job entries"].tolist()[1] == "31 (29 to 33)"
    assert "range 29 to 33" in calc.result.alt


def test_expected_outcomes_recomputes_and_handles_bad_input():
    calc = expected_outcomes_calculator()
    calc.controls["starters"].value = 400
    assert "For 400 starters" in calc.result.summary
    calc.controls["evidence_base"].value = "seqf"
    assert "benchmark, not a trial effect" in calc.result.summary
    good = calc.result
    calc.controls["bau_rate"].value = 140
    assert "must be between 0 and 100" in calc.message
    assert calc.result is good
    calc.controls["bau_rate"].value = 20
    calc.controls["starters"].value = -3
    assert "Starters (starters) must be zero or more" in calc.message


def test_outcomes_result_for_smi():
    r = outcomes_result("ips_smi", 100, 0.2)
    assert "IPS for SMI" in r.summary
    assert r.figure is not None and "range" in r.alt


def test_evidence_figure():
    fig, alt = evidence_figure()
    assert "odds ratio 1.32 (95% CI 1.20 to 1.46)" in alt
    assert "risk ratio 2.40 (95% CI 1.99 to 2.90)" in alt
    assert fig.axes[0].get_xscale() == "log"


@pytest.mark.parametrize(
    "module",
    [
        "guidance.conditions",
        "guidance.benchmarking",
        "guidance.models",
        "guidance.widgets.conditions",
        "guidance.widgets.models",
    ],
)
def test_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
