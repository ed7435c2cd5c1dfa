"""The Word draft of the economic case: open the .docx and find the figures."""

import io

import docx
import pytest

from guidance.calculators.economic_case import economic_inputs
from guidance.core.economics import CAVEATS, economic_case, simulate_case
from guidance.files.economic_report import add_economic_case, economic_case_docx
from guidance.presentation.formatting import decimal, gbp, pct, whole


def text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def report():
    inputs = economic_inputs()
    data = economic_case_docx(inputs, "Default service", draws=2000, seed=5)
    return inputs, data, text_of(data)


def test_report_holds_the_figures_of_the_case(report):
    inputs, data, text = report
    net, gross = economic_case(inputs), economic_case(inputs.as_gross())
    sim = simulate_case(inputs, draws=2000, seed=5)
    for figure in [
        whole(net.gross_entries),
        whole(net.deadweight),
        whole(net.net_entries),
        decimal(net.bcr, 2),
        decimal(gross.bcr, 2),
        gbp(round(net.npv, -3)),
        gbp(round(net.fiscal_pv, -3)),
        pct(sim.p_bcr_above_1),
        pct(inputs.discount_rate, 1),
    ]:
        assert figure in text, figure
    assert "Default service" in text
    assert "DRAFT for discussion" in text


def test_report_has_sources_caveats_and_figures(report):
    inputs, data, text = report
    for part in ["Assumptions", "Results", "Uncertainty", "Caveats", "Gross against net"]:
        assert part in text
    assert "hmt2022greenbook" in text and "modini2016" in text
    assert "your own figure (no published default found)" in text
    for caveat in CAVEATS:
        assert caveat in text
    assert len(docx.Document(io.BytesIO(data)).inline_shapes) == 2
    assert "Effect size (its 95% confidence interval)" in text
    assert "HM Treasury (2022). The Green Book" in text and "[modini2016]" in text


def test_changed_input_is_marked_as_the_users_own():
    inputs = economic_inputs().with_changes(exit_rate=0.3, price_year=2025)
    text = text_of(economic_case_docx(inputs, draws=100))
    assert "your own figure (changed from the default)" in text
    assert "30.0%" in text and "2025 prices" in text


def test_hostile_title_is_cleaned():
    text = text_of(economic_case_docx(economic_inputs(), "=SUM(A1)\x00\x07", draws=50))
    assert "=SUM(A1)" in text and "\x00" not in text


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: economic_case_docx("inputs"), "inputs"),
        (lambda: economic_case_docx(economic_inputs(), title=3), "title"),
        (lambda: economic_case_docx(economic_inputs(), draws=0), "draws"),
        (lambda: add_economic_case("doc", economic_inputs()), "doc"),
    ],
)
def test_bad_arguments_are_refused(call, name):
    with pytest.raises((TypeError, ValueError), match=name):
        call()
