"""Chapters 1 and 2's calculators: their definitions (numbers, messages, defaults) and
the rendered live calculators; the figures these chapters draw."""

import pytest

from guidance.calculators import get
from guidance.calculators.spec import InputError, Q
from guidance.core.evidence import load_register
from guidance.frontends.widgets import all_calculators, calculator
from guidance.presentation.evidence_chart import evidence_figure
from guidance.presentation.figures import KINDS, static_figure
from guidance.presentation.render import output_text, text
from guidance.presentation.theory_of_change import theory_of_change_figure

NAMES = ("readiness_self_assessment", "service_benchmark", "model_chooser", "expected_outcomes")


def rows_by(table, column=0):
    return {row[column]: row for row in table.rows}


@pytest.mark.parametrize("name", NAMES)
def test_calculators_are_registered_and_render(name):
    assert name in all_calculators()
    d = get(name)
    assert d.chapter == (1 if name in NAMES[:2] else 2)
    calc = calculator(name)
    assert calc.name == name and calc.message == "" and calc.result is not None
    for figure in calc.result.figures:
        assert figure.kind in KINDS and text(figure.alt).strip()
        static_figure(figure)  # draws
    html = calc._repr_mimebundle_()["text/html"]
    assert "<input" not in html and "<select" not in html
    assert "Inputs used for this result" in html


@pytest.mark.parametrize("name", NAMES)
def test_tables_hold_numbers_not_formatted_text(name):
    out = get(name).run()
    for table in out.tables:
        for row in table.rows:
            for value in row:
                if isinstance(value, str):
                    assert not any(value.startswith(s) for s in ("£", "-")), value
                    assert not value.rstrip("%").replace(".", "").isdigit(), value


# --- readiness self-assessment -----------------------------------------------------------------
def test_readiness_default_and_change():
    d = get("readiness_self_assessment")
    out = d.run()
    assert text(out.summary).startswith("Readiness 8 of 20 (40%)")
    assert "condition 5, 'Check it is being done'" in text(out.summary)
    plan = out.tables[0]
    assert plan.rows[0][:3] == (1, "Check it is being done", 0)
    assert plan.rows[0][3].startswith("Start: Collect the same figures")
    changed = d.run({"rating_check": 4})
    assert text(changed.summary).startswith("Readiness 12 of 20 (60%)")
    assert "condition 2, 'Be clear what is meant by work'" in text(changed.summary)


def test_readiness_flags_ratings_without_evidence():
    d = get("readiness_self_assessment")
    assert d.input("rating_priority").help.startswith("Evidence:")
    out = d.run()
    assert out.notes[0].heading == "Ratings to back with evidence"
    assert text(out.notes[0].items[0]).startswith("Make employment a priority: rated 3")
    backed = d.run({"evidence_priority": "Council motion"})
    assert not backed.notes
    assert rows_by(backed.tables[1], 1)["Make employment a priority"][4] == "Council motion"


def test_readiness_all_in_place_and_bad_input():
    d = get("readiness_self_assessment")
    out = d.run(
        {f"rating_{k}": 4 for k in ("priority", "define_work", "plan", "partnership", "check")}
    )
    assert out.tables[0].rows[0][3].startswith("Keep:")
    assert "every condition is in place" in text(out.summary)
    with pytest.raises(InputError, match="must be one of 0 - not in place"):
        d.run({"rating_plan": 9})
    with pytest.raises(InputError, match="must be one of"):
        d.run({"rating_plan": 2.5})
    with pytest.raises(InputError, match="must be text"):
        d.run({"evidence_plan": 3})
    with pytest.raises(InputError, match="has no input called 'colour'"):
        d.run({"colour": 2})


def test_readiness_live_and_static():
    calc = calculator("readiness_self_assessment")
    calc.type_value("rating_check", 4)
    assert calc.message == "" and text(calc.result.summary).startswith("Readiness 12 of 20")
    calc.type_value("evidence_priority", "Council motion")
    assert "Council motion" in calc._rest.value
    html = calculator("readiness_self_assessment")._repr_mimebundle_()["text/html"]
    assert 'alt="Bar chart of readiness ratings out of 4' in html
    assert "Prioritised actions" in html and "Ratings to back with evidence" in html
    assert "illustrative: an illustrative area&#x27;s rating" in html


def test_theory_of_change_figure_alt_text():
    fig, alt = theory_of_change_figure()
    assert "Check it is being done (Performance management)" in alt
    assert fig.axes


# --- benchmark your service --------------------------------------------------------------------
def test_benchmark_defaults_are_the_ndti_average_service():
    d = get("service_benchmark")
    values = d.defaults()
    r = load_register()
    assert values["people_supported"] == r.value("ndti.all.people_supported") == 198
    assert (values["new_jobs"], values["retained_jobs"], values["self_employed"]) == (46, 27, 2)
    assert d.source("annual_cost").startswith("ndti2014")
    assert d.source("new_jobs").startswith("calculated: ndti2014")
    out = d.run()
    assert text(out.summary).startswith(
        "£1,329 per person supported; 38% job outcome rate; £3,508 per job outcome"
    )
    assert "within NDTi's 'aim for' band" in text(out.summary)
    split = out.tables[1]
    assert [row[1] for row in split.rows] == [46, 27, 2]
    assert all(isinstance(row[4], Q) for row in split.rows)


def test_benchmark_ranges_are_numbers_with_units():
    out = get("service_benchmark").run({"annual_cost": 800_000.0})
    assert "cost per job outcome above" in text(out.summary)
    rows = {(row[0], row[1]): row for row in out.tables[0].rows}
    aim = rows[("Cost per job outcome", "NDTi 'aim for' band")]
    assert aim[6] == "above"
    assert (aim[3], aim[4]) == (Q(1600.0, "GBP"), Q(4000.0, "GBP"))
    rate = rows[("Job outcome rate", "NDTi 'aim for' band")]
    assert rate[6] == "within" and rate[3].unit == "share"
    out = get("service_benchmark").run({"service_type": "mh"})
    assert out.tables[1].columns[3].label == "NDTi share (mental health services)"


def test_benchmark_bad_input_becomes_a_message():
    calc = calculator("service_benchmark")
    good = calc.result
    calc.type_value("new_jobs", "500")
    assert "cannot be more than the people supported (198)" in calc.message
    assert "new_jobs" not in calc.message
    assert calc.result is good
    calc.type_value("new_jobs", "46")
    assert calc.message == ""
    calc.type_value("annual_cost", "-5")
    assert (
        "Annual cost must be a number between £0 a year and £100,000,000 a year"
        in (calc.input_messages["annual_cost"])
    )
    calc.type_value("annual_cost", "1000")
    calc.type_value("people_supported", "0")
    assert "at least" in calc.input_messages["people_supported"] or (
        "between 1 people" in calc.input_messages["people_supported"]
    )
    calc.type_value("people_supported", "12.5")
    assert "whole number" in calc.input_messages["people_supported"]
    assert "Traceback" not in calc._message.value


def test_benchmark_with_no_outcomes():
    out = get("service_benchmark").run(
        {
            "annual_cost": 10_000,
            "people_supported": 10,
            "new_jobs": 0,
            "retained_jobs": 0,
            "self_employed": 0,
        }
    )
    assert "no job outcomes yet" in text(out.summary)
    cpj = out.tables[0].rows[-1]
    assert cpj[0] == "Cost per job outcome" and cpj[2] == Q(None, "GBP")
    assert "not computed" in output_text(out)


# --- model chooser -----------------------------------------------------------------------------
def test_model_chooser_default_is_a_mixed_cohort():
    out = get("model_chooser").run()
    assert text(out.summary).startswith("Mixed cohort: IPS for Low-to-moderate")
    kpis = out.tables[1]
    assert [c.label for c in kpis.columns] == [
        "KPI or target",
        "IPS beyond SMI: from",
        "IPS beyond SMI: to",
        "SEQF: from",
        "SEQF: to",
    ]
    unit_cost = rows_by(kpis)["Cost per participant (unit cost)"]
    r = load_register()
    assert [q.value for q in unit_cost[1:]] == [
        r.value(f"kpi.{m}.unit_cost.{end}") for m in ("ips", "seqf") for end in ("min", "max")
    ]
    assert rows_by(kpis)["Access: referrals who start"][2] is None  # "at least": open above
    assert "separate pathways or lots" in text(out.notes[0].items[0])


def test_model_chooser_changes_with_groups():
    d = get("model_chooser")
    out = d.run({"group_ld_autism": "no"})
    assert text(out.summary).startswith("IPS for every group selected")
    assert [c.label for c in out.tables[1].columns] == [
        "KPI or target",
        "IPS beyond SMI: from",
        "IPS beyond SMI: to",
    ]
    out = d.run({"group_ld_autism": "no", "integration": "no", "support_need": "complex"})
    assert text(out.summary).startswith("SEQF for every group selected")
    assert out.tables[0].rows[0][2] == "consider"


def test_model_chooser_with_no_group_shows_a_message():
    calc = calculator("model_chooser")
    calc.type_value("group_ld_autism", "no")
    good = calc.result
    calc.type_value("group_low_moderate", "no")
    assert "Choose at least one population group" in calc.message
    assert calc.result is good
    assert "last valid inputs" in calc._message.value
    with pytest.raises(InputError, match="must be one of No, Yes"):
        get("model_chooser").run({"group_smi": "maybe"})


# --- expected outcomes -------------------------------------------------------------------------
def test_expected_outcomes_default_range():
    d = get("expected_outcomes")
    assert d.defaults()["bau_rate"] == pytest.approx(0.25)
    assert d.source("bau_rate").startswith(
        load_register()["evidence.ips_smi.job_entry_control"].citation()[:10]
    )
    out = d.run()
    assert text(out.summary).startswith(
        "For 100 starters, IPS beyond SMI: large and medium studies: 29 to 33 job entries"
    )
    head = out.tables[0].rows[1]
    assert [round(head[i]) for i in (4, 5, 6)] == [31, 29, 33]
    assert "range 29 to 33" in text(out.figures[0].alt)


def test_expected_outcomes_recomputes_and_handles_bad_input():
    calc = calculator("expected_outcomes")
    calc.type_value("starters", "400")
    assert "For 400 starters" in text(calc.result.summary)
    calc.type_value("evidence_base", "seqf")
    assert "benchmark, not a trial effect" in text(calc.result.summary)
    good = calc.result
    calc.type_value("bau_rate", "140")
    assert "must be a number between 0% and 100%" in calc.input_messages["bau_rate"]
    assert calc.result is good and "last valid inputs" in calc.message
    calc.type_value("bau_rate", "20")
    calc.type_value("starters", "-3")
    assert "Starters must be a whole number between 0 people" in calc.input_messages["starters"]
    calc.type_value("starters", "2.5")
    assert "whole number" in calc.input_messages["starters"]


def test_expected_outcomes_for_smi():
    out = get("expected_outcomes").run({"evidence_base": "ips_smi", "bau_rate": 0.2})
    assert "IPS for SMI" in text(out.summary)
    assert "range" in text(out.figures[0].alt)


def test_evidence_figure():
    fig, alt = evidence_figure()
    assert "odds ratio 1.32 (95% CI 1.20 to 1.46)" in alt
    assert "risk ratio 2.40 (95% CI 1.99 to 2.90)" in alt
    assert fig.axes[0].get_xscale() == "log"
