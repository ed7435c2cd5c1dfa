from pathlib import Path

import pytest

from guidance.core.evidence import (
    COLUMNS,
    EvidenceError,
    bibliography_keys,
    load_register,
    parse_register,
)
from guidance.presentation.formatting import format_published

HEADER = ",".join(COLUMNS)
GOOD = "a.b,0.5,share,half,any,all,2020,ndti2014,slide 1,no,"


def test_shipped_register_loads_and_every_source_is_in_the_bibliography():
    register = load_register()
    assert len(register) > 50
    keys = bibliography_keys()
    assert all(row.source in keys for row in register)


def test_lookup_by_key_and_citation():
    register = load_register()
    row = register["fss.clients_per_es_per_year"]
    assert row.value == 40
    assert row.source == "socialfinance2020"
    assert "footnote 3" in row.citation()


def test_missing_key_names_the_key():
    with pytest.raises(EvidenceError, match="no figure with key 'no.such'"):
        load_register()["no.such"]


def test_to_frame_has_all_columns():
    frame = load_register().to_frame()
    assert list(frame.columns) == list(COLUMNS)
    assert frame["key"].is_unique


def test_byte_order_mark_is_accepted():
    assert parse_register("\ufeff" + HEADER + "\n" + GOOD).value("a.b") == 0.5


@pytest.mark.parametrize(
    "row, message",
    [
        ("a.b,abc,share,half,any,all,2020,ndti2014,s,no,", "line 2, column 'value'"),
        ("a.b,1.5,share,half,any,all,2020,ndti2014,s,no,", "a share must lie between 0 and 1"),
        ("a.b,-3,count,x,any,all,2020,ndti2014,s,no,", "never negative"),
        ("a.b,3,furlongs,x,any,all,2020,ndti2014,s,no,", "column 'unit'"),
        ("a.b,3,count,x,any,all,20,ndti2014,s,no,", "column 'year'"),
        ("a.b,3,count,x,any,all,2020,nobody1999,s,no,", "not a key in references.bib"),
        ("a.b,3,count,x,MODEL,all,2020,ndti2014,s,no,", "column 'model'"),
        ("a.b,3,count,x,any,all,2020,ndti2014,s,maybe,", "column 'derived'"),
        ("A B,3,count,x,any,all,2020,ndti2014,s,no,", "column 'key'"),
        ("a.b,3,count,,any,all,2020,ndti2014,s,no,", "column 'description': must not be empty"),
        ("a.b,3,count,x,any,all,2020,ndti2014,s,no,,extra", "more cells than the header"),
        ("a.b,nan,count,x,any,all,2020,ndti2014,s,no,", "finite number"),
        ("a.b,2,yes or no,x,any,all,2020,ndti2014,s,no,", r"1 \(yes\) or 0 \(no\); got 2"),
        ("a.b,0.5,yes or no,x,any,all,2020,ndti2014,s,no,", r"1 \(yes\) or 0 \(no\); got 0.5"),
    ],
)
def test_malformed_rows_get_a_message_naming_line_and_column(row, message):
    with pytest.raises(EvidenceError, match=message):
        parse_register(HEADER + "\n" + row)


def test_duplicate_key_is_refused():
    with pytest.raises(EvidenceError, match="already defined on line 2"):
        parse_register(HEADER + "\n" + GOOD + "\n" + GOOD)


def test_wrong_header_lists_missing_columns():
    with pytest.raises(EvidenceError, match="missing \\['note'\\]"):
        parse_register(HEADER.replace(",note", "") + "\n" + GOOD[:-1])


def test_empty_register_is_refused():
    with pytest.raises(EvidenceError, match="no rows"):
        parse_register(HEADER + "\n")


def test_environment_variable_selects_another_register(tmp_path, monkeypatch):
    path = tmp_path / "local.csv"
    path.write_text(HEADER + "\n" + GOOD + "\n", encoding="utf-8")
    monkeypatch.setenv("GUIDANCE_EVIDENCE_FILE", str(path))
    assert load_register().value("a.b") == 0.5


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(EvidenceError, match="file not found"):
        load_register(tmp_path / "nope.csv")


# -- the appendix shows every value at the precision its source published --------------------
def _shown_number(text: str, unit: str) -> float:
    """The number a formatted register value shows (undoing £, m, % and commas)."""
    if unit == "yes or no":
        return {"yes": 1.0, "no": 0.0}[text]
    scale = 1.0
    text = text.replace("£", "").replace(",", "")
    if text.endswith("m"):
        text, scale = text[:-1], 1_000_000
    if text.endswith("%"):
        text, scale = text[:-1], 0.01
    return float(text) * scale


def test_appendix_shows_every_value_at_its_published_precision():
    appendix = Path(__file__).parents[1] / "book" / "appendix-evidence.md"
    assert "register_html(load_register()" in appendix.read_text("utf-8")
    page = Path(__file__).parents[1] / "src" / "guidance" / "presentation" / "register_page.py"
    assert "format_published(row.value, row.unit, row.decimals)" in page.read_text("utf-8")
    register = load_register()
    rounded = []
    for row in register:
        shown = format_published(row.value, row.unit, row.decimals)
        if abs(_shown_number(shown, row.unit) - row.value) > 1e-9 * max(1.0, row.value):
            rounded.append((row.key, row.value, shown))
    assert not rounded, f"values shown rounded below their published precision: {rounded}"
    # the figures the audit found rounded
    for key, shown in [
        ("mhep.job_start_rate_published", "30.6%"),
        ("mhep.national_share_spent_published", "48.5%"),
        ("evidence.whitworth_meta.large_medium.or", "1.32"),
        ("fidelity.ips.corr_employment", "0.34"),
        ("ndti.mh.job_outcome_rate", "34%"),
        ("fss.reach25.annual_cost_published", "£5.8m"),
    ]:
        row = register[key]
        assert format_published(row.value, row.unit, row.decimals) == shown, key


def test_a_published_choice_is_a_yes_or_no_row_shown_in_words():
    register = load_register()
    ips = register["ndti.right_model.mental_health_ips"]
    other = register["ndti.right_model.other_groups"]
    assert (ips.unit, ips.value, other.value) == ("yes or no", 1, 0)
    assert format_published(ips.value, ips.unit, ips.decimals) == "yes"
    assert format_published(other.value, other.unit, other.decimals) == "no"
    with pytest.raises(ValueError, match=r"1 \(yes\) or 0 \(no\); got 0.5"):
        format_published(0.5, "yes or no", 1)


def test_register_records_the_published_decimals():
    register = load_register()
    assert register["mhep.job_start_rate_published"].decimals == 3
    assert register["mhep.six_week_of_starts_published"].decimals == 2  # "0.70"
    assert register["fss.total.eligible_published"].decimals == 0
