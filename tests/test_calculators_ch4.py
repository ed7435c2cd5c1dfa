"""Chapter 4's calculators (benefit ledger, cashable savings) as definitions and rendered,
and the MHEP money-flow diagram."""

import re

import pytest

from guidance.calculators import get
from guidance.calculators.benefit_ledger import ledger_inputs
from guidance.calculators.service_sizing import sizing_inputs
from guidance.calculators.spec import InputError, Q
from guidance.core.evidence import load_register
from guidance.core.ledger import SIB_FLOWS, benefit_ledger
from guidance.core.sizing import size_service
from guidance.frontends.widgets import all_calculators, calculator
from guidance.presentation.figures import static_figure
from guidance.presentation.render import text
from guidance.presentation.sib_flows import show_sib_flows, sib_flow_svg, sib_flows_text


def test_chapter_calculators_are_registered():
    for name in ("benefit_ledger", "cashable_savings"):
        assert name in all_calculators()
        assert get(name).chapter == 4
        for figure in get(name).run().figures:
            assert text(figure.alt).strip()
            static_figure(figure)


# --- benefit ledger ---------------------------------------------------------------------------
def test_ledger_defaults_follow_the_register_and_sizing():
    d = get("benefit_ledger")
    values = d.defaults()
    sized = size_service(sizing_inputs())
    assert values["job_outcomes"] == round(sized.job_entries)
    assert values["programme_cost"] == round(sized.budget)
    assert ledger_inputs().to_dict() == pytest.approx(values)  # the calculation gets them
    assert isinstance(values["job_outcomes"], int)
    assert values["months_in_work"] == 3.0
    assert d.source("months_in_work").startswith("whitworth2024guide")
    assert d.source("dwp_saving_per_month").startswith("calculated: morris2024ipsmod")
    assert d.source("la_saving_per_month").startswith("illustrative")
    assert d.source("wellby_value") == load_register()["wellby.value_2019"].citation()


def test_ledger_default_table_is_the_ledger():
    out = get("benefit_ledger").run()
    assert text(out.summary).startswith("Public bodies gain £4,372,809 (54p per £1")
    result = benefit_ledger(ledger_inputs())
    rows = {row[0]: row for row in out.tables[0].rows}
    for agency, gain in result.gains.items():
        assert rows[agency][1] == gain
    assert rows["DWP"][3] == Q(result.contributions()["DWP"], "GBP")
    assert rows["DWP"][3].value == pytest.approx(4_353_331, abs=1)
    assert rows["The person"][2] == "not applicable"
    pence = [rows[a][4].value for a in ("NHS", "DWP", "HMRC")]
    assert max(pence) - min(pence) < 1e-9  # the same return for every contributor


def test_ledger_recomputes_and_names_the_local_authority():
    d = get("benefit_ledger")
    before = text(d.run().summary)
    assert text(d.run({"months_in_work": 12.0}).summary) != before
    assert "Local authority" in text(d.run({"la_saving_per_month": 250.0}).summary)
    assert text(d.run({"job_outcomes": 0}).summary).startswith("No public body gains")
    with pytest.raises(InputError, match="Programme cost to share must be a number between £1"):
        d.run({"programme_cost": 0.0})  # it divides the gains (pence per £1): at least £1


def test_ledger_bad_input_shows_a_message():
    calc = calculator("benefit_ledger")
    good = calc.result
    calc.type_value("job_outcomes", "-5")
    assert calc.input_messages["job_outcomes"].startswith(
        "People moving into work must be a whole number between 0 people"
    )
    assert calc.result is good and "last valid inputs" in calc.message
    calc.type_value("job_outcomes", "12.5")
    assert "whole number" in calc.input_messages["job_outcomes"]
    calc.type_value("job_outcomes", "100")
    assert calc.message == "" and not calc.input_messages
    with pytest.raises(InputError, match="between 0 SWEMWBS points and 28 SWEMWBS points"):
        get("benefit_ledger").run({"swemwbs_gain": 40})


def test_ledger_static_html_has_sources_alt_text_and_no_controls():
    html = calculator("benefit_ledger")._repr_mimebundle_()["text/html"]
    assert "<input" not in html and "<select" not in html
    assert 'alt="Bar chart of gains from 1,631 people in work for 3.0 months each' in html
    assert "socialfinance2020" in html and "morris2024ipsmod" in html
    assert "your own figure" in html  # local authority and wellbeing change
    assert "£4,353,331" in html  # DWP's proportional contribution


# --- cashable savings -------------------------------------------------------------------------
def test_cashable_savings_default_is_the_worked_example():
    d = get("cashable_savings")
    out = d.run()
    assert text(out.summary) == "Cashable savings of £540,000 to £3,960,000 on a £6m budget."
    assert [row[2] for row in out.tables[0].rows] == [540_000, 3_960_000]
    assert [row[3] for row in out.tables[0].rows] == [5_460_000, 2_040_000]
    assert d.source("pence_low").startswith("socialfinance2020")
    calc = calculator("cashable_savings")
    calc.type_value("budget", "1,000,000")
    assert "£90,000 to £660,000" in text(calc.result.summary)
    calc.type_value("pence_low", "80")
    assert "The low savings per £1 (80p) must not be more than the high (66p)" in calc.message
    calc.type_value("pence_low", "-1")
    assert "between 0 pence and 1,000 pence" in calc.input_messages["pence_low"]


# --- the SIB diagram --------------------------------------------------------------------------
def test_sib_svg_is_accessible():
    for model, flows in SIB_FLOWS.items():
        svg = sib_flow_svg(model)
        slug = model.replace(" ", "-")
        assert 'role="img"' in svg
        assert f'aria-labelledby="{slug}-title {slug}-desc"' in svg
        assert f'<title id="{slug}-title">' in svg and f'<desc id="{slug}-desc">' in svg
        assert svg.count("<line") == len(flows)
        assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    with pytest.raises(ValueError, match="model must be one of"):
        sib_flow_svg("triple commissioning")


def test_sib_flows_shown_with_words_and_unique_ids():
    shown = show_sib_flows()
    ids = re.findall(r'id="([^"]+)"', shown.html)
    assert len(ids) == len(set(ids))
    assert shown.html.count("<ol>") == 2
    assert "passed on" in shown.html and "outcome-based payment" in shown.html
    assert "co-commissioning" in repr(shown) and "single commissioning" in repr(shown)
    assert sib_flows_text("single commissioning").startswith("In the single commissioning model")
