import re

import pytest

from guidance.ledger import SIB_FLOWS
from guidance.widgets import all_calculators
from guidance.widgets.ledger import (
    benefit_ledger_calculator,
    cashable_savings_calculator,
    ledger_result,
    show_sib_flows,
    sib_flow_svg,
    sib_flows_text,
)


def test_chapter_calculators_are_registered():
    found = all_calculators()
    for name in ("benefit_ledger", "cashable_savings", "payment_simulator", "creaming_parking"):
        assert name in found


# --- benefit ledger ---------------------------------------------------------------------------
def test_ledger_recomputes_when_an_input_changes():
    calc = benefit_ledger_calculator()
    before = calc.result.summary
    assert before.startswith("Public bodies gain £4,372,809")
    calc.controls["months_in_work"].value = 12.0
    assert calc.message == ""
    assert calc.result.summary != before
    calc.controls["la_saving_per_month"].value = 250.0
    assert "Local authority" in calc.result.summary


def test_ledger_bad_input_shows_a_message():
    calc = benefit_ledger_calculator()
    good = calc.result
    calc.controls["job_outcomes"].value = -5.0
    assert "People moving into work (job_outcomes) must be zero or more" in calc.message
    assert calc.result is good
    calc.controls["job_outcomes"].value = 100.0
    assert calc.message == ""


def test_ledger_with_no_gains_says_so():
    r = ledger_result(job_outcomes=0)
    assert r.summary.startswith("No public body gains")


def test_ledger_static_html_has_sources_alt_text_and_no_controls():
    html = benefit_ledger_calculator()._repr_mimebundle_()["text/html"]
    assert "<input" not in html and "<select" not in html
    assert 'alt="Bar chart of gains from 1,631 people in work for 3.0 months each' in html
    assert "socialfinance2020" in html and "morris2024ipsmod" in html
    assert "your own figure" in html  # local authority and wellbeing change
    assert "£4,353,331" in html  # DWP's proportional contribution


# --- cashable savings -------------------------------------------------------------------------
def test_cashable_savings_default_is_the_worked_example():
    calc = cashable_savings_calculator()
    assert calc.result.summary == "Cashable savings of £540,000 to £3,960,000 on a £6m budget."
    calc.controls["budget"].value = 1_000_000.0
    assert "£90,000 to £660,000" in calc.result.summary
    calc.controls["pence_low"].value = 80.0
    assert "Savings per £1, low (pence) (pence_low) (80) must not be more than" in calc.message


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
