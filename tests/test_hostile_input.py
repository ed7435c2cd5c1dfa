"""Hostile input through every door (issue 28, and the one reader of typed values of issue 23).

Each case of the hostile tester's list has tests here, named for it:

* the typed-values table: one table of typed values fed to every front end (the command
  line's ``--set``, a book link's query, a notebook widget's box and the web page's form),
  each giving the same value or the same message (cases 2 and 3: decimal commas,
  percentages);
* honest ranges (case 4): every input's declared edges compute, a property test draws
  values across every definition's ranges, formatting abbreviates absurd magnitudes, and
  the command line reports each refusal on one line naming the input;
* plausibility bounds on returns (case 5), negative zero (case 6), files that are not
  plain files (case 7), safe writes (case 8), lone surrogates (case 9) and links (case 10).

The property tests are quick by default (a few examples per calculator, derandomised, so
never flaky); ``HOSTILE_EXAMPLES=200`` runs a thorough pass.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import string
import sys
from urllib.parse import urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from starlette.testclient import TestClient

from guidance.calculators import DEFINITIONS, get
from guidance.calculators.spec import MAX_TEXT, Input, InputError, Output, Q, Text
from guidance.calculators.typed import read, shown
from guidance.core import safe_files
from guidance.core.monitoring import load_return
from guidance.core.monitoring.problems import ReturnError
from guidance.core.monitoring.returns import MIN_FTE
from guidance.files import applink, exports, scenarios
from guidance.frontends import cli
from guidance.frontends.web import Settings, create_app
from guidance.frontends.widgets.base import Calculator
from guidance.presentation.figures import static_figure
from guidance.presentation.formatting import decimal, gbp, pct, whole
from guidance.presentation.render import output_html, output_text, text

NUMBER_KINDS = ("number", "integer", "percent")
WEB_PORT = 8740  # the web test client's address (no socket is opened)
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "4"))
QUICK = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# -- the typed-values table: one meaning for what a person types, in every front end ----------
class No(str):
    """Words of the one message a typed value must get (instead of a value)."""


# (calculator, input, typed, the value in package units, or No(words of the one message))
TABLE = [
    ("service_sizing", "in_contact", "12,500", 12500),
    ("service_sizing", "in_contact", " 12 500 ", 12500),
    ("service_sizing", "in_contact", "+12500", 12500),
    ("service_sizing", "in_contact", "-0", 0),
    ("service_sizing", "in_contact", "12,5", No("could mean 12.5 (a decimal comma) or 125")),
    ("service_sizing", "in_contact", "400,5", No("could mean 400.5 (a decimal comma) or 4,005")),
    ("service_sizing", "in_contact", "0,500", No("could mean 0.500 (a decimal comma) or 500")),
    ("service_sizing", "in_contact", "1.000", No("could mean 1 or 1,000")),
    ("service_sizing", "in_contact", "12.5", No("must be a whole number; you typed '12.5'")),
    ("service_sizing", "in_contact", "1e5", No("must be a whole number between 0 people and")),
    ("service_sizing", "in_contact", "", No("please enter a whole number between 0 people")),
    ("service_sizing", "in_contact", "\u0663", No("must be a whole number between 0 people")),
    ("service_sizing", "in_contact", "1_000", No("must be a whole number between 0 people")),
    ("service_sizing", "reach_per_year", "25", 0.25),
    ("service_sizing", "reach_per_year", "25%", 0.25),
    ("service_sizing", "reach_per_year", "1.5", 0.015),
    ("service_sizing", "reach_per_year", "0.5%", 0.005),
    ("service_sizing", "reach_per_year", "0", 0.0),
    ("service_sizing", "reach_per_year", "-0", 0.0),
    ("service_sizing", "reach_per_year", "0.5", No("could mean 0.5% or 50% (as a share of 1)")),
    ("service_sizing", "reach_per_year", "1", No("could mean 1% or 100% (as a share of 1)")),
    ("service_sizing", "reach_per_year", "0,5", No("could mean 0.5% (a decimal comma) or 5%")),
    ("service_sizing", "reach_per_year", "140", No("must be a number between 0% and 100%")),
    ("service_sizing", "reach_per_year", "nan", No("must be a number between 0% and 100%")),
    ("service_sizing", "reach_per_year", "£25", No("must be a number between 0% and 100%")),
    ("service_sizing", "access_rate", "0", No("must be a number between 0.1% and 100%")),
    ("service_sizing", "access_rate", "1e-310", No("must be a number between 0.1% and 100%")),
    ("service_sizing", "unit_cost", "£2,500", 2500.0),
    ("service_sizing", "unit_cost", "2500.", 2500.0),
    ("service_sizing", "unit_cost", "inf", No("must be a number between £0 and £100,000")),
    ("service_sizing", "unit_cost", "2,500%", No("must be a number between £0 and £100,000")),
    ("service_sizing", "caseload", "25.5", 25.5),
    ("service_sizing", "caseload", "\u221225", No("must be a number between 1 clients and")),
    ("service_sizing", "model", "SEQF", "SEQF"),
    ("service_sizing", "model", "Nonsense", No("must be one of IPS, SEQF")),
    ("ramp_up", "ramp_months", "0", No("must be a whole number between 1 months and")),
    ("ramp_up", "job_entry_rate", "40", 0.4),
    ("monitoring_dashboard", "contract_start", "2024-04", "2024-04"),
    ("monitoring_dashboard", "contract_start", "x" * (MAX_TEXT + 1), No("nothing was cut")),
]
TYPED_IDS = [f"{c}.{n}={t[:12]!r}" for c, n, t, _ in TABLE]


def expected(calculator: str, name: str, typed: str, want):
    """(value, None) for a good value; (None, the one message) for a refusal."""
    if not isinstance(want, No):
        return want, None
    with pytest.raises(InputError) as refused:
        read(get(calculator).input(name), typed)
    assert want in str(refused.value) and refused.value.input == name
    return None, str(refused.value)


def same(a, b) -> bool:
    """Equal, with the same type and no negative zero."""
    if isinstance(a, float) or isinstance(b, float):
        return type(a) is type(b) and a == b and math.copysign(1, a) == math.copysign(1, b)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize(("calculator", "name", "typed", "want"), TABLE, ids=TYPED_IDS)
def test_typed_values_the_reader_itself(calculator, name, typed, want):
    value, message = expected(calculator, name, typed, want)
    if message is None:
        assert same(read(get(calculator).input(name), typed), value)
        assert same(
            read(get(calculator).input(name), shown(get(calculator).input(name), value)), value
        )


@pytest.mark.parametrize(("calculator", "name", "typed", "want"), TABLE, ids=TYPED_IDS)
def test_typed_values_command_line_set(calculator, name, typed, want, capsys):
    value, message = expected(calculator, name, typed, want)
    code = cli.main(["run", calculator, "--set", f"{name}={typed}"])
    out, err = capsys.readouterr()
    if message is None:
        assert code == 0 and err == ""
        shown_output = output_text(get(calculator).run({name: value}))
        assert shown_output in out
    else:
        assert code == 2 and out == ""
        assert err == f"Problem: --set {name}: {message}\n"  # one line, naming the input


@pytest.mark.parametrize(("calculator", "name", "typed", "want"), TABLE, ids=TYPED_IDS)
def test_typed_values_book_link_query(calculator, name, typed, want):
    value, message = expected(calculator, name, typed, want)
    query = urlencode({"name": calculator, name: typed})  # as a browser sends a form
    values, problems = applink.parse_values(query, get(calculator))
    if message is None:
        assert problems == [] and same(values[name], value)
    else:
        assert values == {} and problems == [message]


@pytest.fixture(scope="module")
def web():
    with TestClient(
        create_app(Settings(port=WEB_PORT)), base_url=f"http://127.0.0.1:{WEB_PORT}"
    ) as c:
        yield c


def _web_summary(page: str) -> str:
    found = re.search(r'<p class="guidance-summary"><strong>(.*?)</strong></p>', page, re.S)
    assert found, "no summary on the page"
    return html.unescape(found.group(1))


@pytest.mark.parametrize(("calculator", "name", "typed", "want"), TABLE, ids=TYPED_IDS)
def test_typed_values_web_page(calculator, name, typed, want, web):
    value, message = expected(calculator, name, typed, want)
    d = get(calculator)
    response = web.get(f"/calculators/{calculator}?{urlencode({name: typed})}")  # as a form sends
    assert response.status_code == 200
    page = response.text
    if message is None:
        assert "govuk-error-summary" not in page
        assert _web_summary(page) == text(d.run({name: value}).summary)
    else:
        at_input = re.search(
            rf'<p id="in-{name}-error" class="govuk-error-message">(.*?)</p>', page, re.S
        )
        assert at_input, "no message at the input"
        said = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", at_input.group(1))).split())
        assert said == "Error: " + " ".join(message.split())
        assert _web_summary(page) == text(d.run().summary)  # the last valid inputs


WIDGET_ROWS = [row for row in TABLE if get(row[0]).input(row[1]).kind != "choice"]
"""A widget offers a choice from a list (nothing to type), so the choice rows are left out."""


@pytest.mark.parametrize(
    ("calculator", "name", "typed", "want"),
    WIDGET_ROWS,
    ids=[f"{c}.{n}={t[:12]!r}" for c, n, t, _ in WIDGET_ROWS],
)
def test_typed_values_widget_box(calculator, name, typed, want):
    value, message = expected(calculator, name, typed, want)
    calc = Calculator(calculator)
    before = calc.values()
    calc.type_value(name, typed)
    if message is None:
        assert not calc.input_messages and same(calc.values()[name], value)
    else:
        assert calc.input_messages[name] == message
        assert calc.values() == before  # never a number that was not typed
        assert calc.controls[name].value == typed  # nothing typed is lost


def test_a_link_writes_values_as_a_person_types_them_and_reads_them_back():
    for name, d in DEFINITIONS.items():
        values = d.defaults()
        link = applink.app_link(name, values, base="https://app.example/render/")
        read_back, problems = applink.parse_values(urlsplit(link).query, d)
        assert problems == [] and read_back == values, name
    link = applink.app_link("ramp_up", {"job_entry_rate": 0.4}, base="https://a.example/r/")
    assert (
        link == "https://a.example/r/calculators/ramp_up?job_entry_rate=40"
    )  # a percentage as typed, not the share


# -- case 4: honest ranges ----------------------------------------------------------------------
def _edges(item: Input) -> list:
    lo, hi = item.minimum, item.maximum
    if item.kind == "integer":
        return sorted({lo, min(lo + 1, hi), max(hi - 1, lo), hi})
    return sorted({lo, math.nextafter(lo, hi), (lo + hi) / 2, math.nextafter(hi, lo), hi})


NUMBER_INPUTS = [
    (d.name, i.name) for d in DEFINITIONS.values() for i in d.inputs if i.kind in NUMBER_KINDS
]

COMBINATIONS = {
    # A combination of inputs the calculation refuses with a message; no range of one input
    # can say it, so the front ends show the message (the widget, the web page and the
    # command line name the inputs). Anything else raised inside a range is a fault.
    "service_benchmark": ("cannot be more than the people supported",),
    "cashable_savings": ("must not be more than the high",),
    "payment_simulator": (
        "must be shorter than the contract",
        "cannot vary that much",
        "must be greater than zero when",
    ),
    "creaming_parking": ("cannot exceed",),
    "seqf_profile": ("must be at most max_score",),
    "model_chooser": ("Choose at least one population group",),
}

DIFFERENCES = ("more than", "more from", "more to")
"""Table columns that hold a difference of counts (fewer job entries than business as
usual is a negative difference); every other count is never negative."""


def _quantities(out: Output):
    def parts(t):
        if isinstance(t, Text):
            yield from (p for p in t.parts if isinstance(p, Q))

    yield from parts(out.summary)
    for table in out.tables:
        for r in range(len(table.rows)):
            for c, column in enumerate(table.columns):
                cell = table.cell(r, c)
                if isinstance(cell, Q) and column.label.startswith(DIFFERENCES):
                    yield Q(abs(cell.value) if cell.value is not None else None, cell.unit)
                    continue
                yield from [cell] if isinstance(cell, Q) else parts(cell)
    for check in out.checks:
        yield check.value
    for note in out.notes:
        for item in note.items:
            yield from parts(item)


def _numbers(data, depth=0):
    """Every float in a figure's data (dicts, lists, tuples, arrays)."""
    if depth > 6:
        return
    if isinstance(data, float):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _numbers(value, depth + 1)
    elif isinstance(data, (list, tuple)):
        for value in data:
            yield from _numbers(value, depth + 1)
    elif hasattr(data, "dtype") and getattr(data.dtype, "kind", "") == "f":
        yield from (float(x) for x in data.ravel())


_MINUS_ZERO = re.compile(r"(?<![\w.,])-£?0(?:\.0+)?(?![\d.,]*[1-9])(?!\d)")
_LONG_NUMBER = re.compile(r"\d(?:[\d,]){19,}")


def assert_sensible(out: Output, where) -> None:
    """No NaN or infinity, no negative count, no negative zero, nothing absurdly long."""
    for q in _quantities(out):
        if q.value is None or q.unit == "text":
            continue
        value = float(q.value)
        assert math.isfinite(value), (where, q)
        assert not (value == 0 and math.copysign(1, value) < 0), (where, q)
        if q.unit == "count":
            assert value >= 0, (where, q)
    for figure in out.figures:
        for value in _numbers(figure.data):
            assert not math.isnan(value) or figure.kind == "monthly_trends", (where, figure.kind)
    words = output_text(out)
    assert not _MINUS_ZERO.search(words), (where, _MINUS_ZERO.search(words))
    assert not _LONG_NUMBER.search(words), (where, _LONG_NUMBER.search(words))
    assert "nan" not in words.lower().split() and "inf" not in words.lower().split(), where


def run_or_refuse(d, values):
    """The output, or None when the calculation refuses a combination in words."""
    try:
        return d.run(values)
    except InputError:
        return None
    except ValueError as error:
        allowed = COMBINATIONS.get(d.name, ())
        assert any(words in str(error) for words in allowed), (d.name, values, error)
        return None


@pytest.mark.parametrize(("calculator", "name"), NUMBER_INPUTS)
def test_every_declared_edge_of_every_input_computes(calculator, name):
    d = get(calculator)
    item = d.input(name)
    for value in _edges(item):
        assert d.check({name: value})[name] == value  # inside the range: accepted
        out = run_or_refuse(d, {name: value})
        if out is not None:
            assert_sensible(out, (calculator, name, value))
    for outside in (item.minimum - max(1e-9, abs(item.minimum) * 1e-9), item.maximum * 1.01 + 1):
        with pytest.raises(InputError) as refused:  # outside: a message naming the input
            d.check({name: outside})
        assert refused.value.input == name and item.label in str(refused.value)


@st.composite
def inputs_within_ranges(draw, d):
    values = {}
    for item in d.inputs:
        if item.kind in NUMBER_KINDS and draw(st.booleans()):
            lo, hi = item.minimum, item.maximum
            if item.kind == "integer":
                values[item.name] = draw(st.integers(int(lo), int(hi)))
            else:
                values[item.name] = (
                    draw(st.one_of(st.sampled_from(_edges(item)), st.floats(lo, hi))) + 0.0
                )
        elif item.kind == "choice" and draw(st.booleans()):
            values[item.name] = draw(st.sampled_from([v for _, v in item.options]))
    return values


@pytest.mark.parametrize("calculator", list(DEFINITIONS))
def test_property_values_across_declared_ranges_compute_and_draw(calculator):
    d = get(calculator)

    @QUICK
    @given(values=inputs_within_ranges(d))
    def check(values):
        out = run_or_refuse(d, values)
        if out is None:
            return
        assert_sensible(out, (calculator, values))
        output_html(out, lambda i: "")
        for spec in out.figures:  # every figure drawable
            figure = static_figure(spec)
            FigureCanvasAgg(figure).draw()

    check()


def test_formatting_abbreviates_magnitudes_no_person_could_mean():
    assert gbp(9.6e12) == "£9.6 trillion"
    assert gbp(9.594662459596147e21) == "more than £1,000 trillion"
    assert whole(1e300) == "more than 1,000 trillion"
    assert decimal(-1e300) == "less than -1,000 trillion"
    assert pct(1e20) == "more than 1,000 trillion%"
    assert gbp(-0.3) == "£0" and pct(-0.001) == "0%" and decimal(-0.01) == "0.0"


@pytest.mark.parametrize(
    ("args", "input_name"),
    [
        (["run", "service_sizing", "--set", "access_rate=1e-310"], "access_rate"),
        (["run", "service_sizing", "--set", "access_rate=0"], "access_rate"),
        (["run", "service_sizing", "--set", "job_entry_rate=1e-320"], "job_entry_rate"),
        (["run", "economic_case", "--set", "cost=0.000000000001"], "cost"),
        (["run", "benefit_ledger", "--set", "programme_cost=0.01"], "programme_cost"),
        (["run", "ramp_up", "--set", "ramp_months=0"], "ramp_months"),
        (["run", "creaming_parking", "--set", "target_sustainments=0.5"], "target_sustainments"),
        (
            ["run", "payment_simulator", "--set", "engagements_per_month=0.01"],
            "engagements_per_month",
        ),
    ],
)
def test_the_command_line_refuses_a_value_outside_an_honest_range_naming_the_input(
    capsys, args, input_name
):
    code = cli.main(args)
    _, err = capsys.readouterr()
    assert code == 2
    assert err.startswith(f"Problem: --set {input_name}: ") and err.count("\n") == 1
    assert "between" in err and "Traceback" not in err


def test_the_payment_simulator_at_its_smallest_cost_exports(tmp_path, capsys):
    target = tmp_path / "x.docx"
    code = cli.main(
        ["run", "payment_simulator", "--set", "cost_per_month=1", "--export", str(target)]
    )
    assert code == 0 and target.read_bytes()[:2] == b"PK"
    capsys.readouterr()


# -- case 5: plausibility bounds on monthly returns --------------------------------------------
RETURN = (
    "month,specialist,fte,referrals,starts,active_caseload,job_entries,sustained\n"
    "2024-04,ES-A,{fte},10,8,20,3,1\n"
)


@pytest.mark.parametrize("fte", ["1e-300", "0.0001", "0.04"])
def test_a_return_with_an_implausible_fte_is_refused_naming_row_and_column(fte):
    with pytest.raises(ReturnError) as refused:
        load_return(RETURN.format(fte=fte).encode())
    message = str(refused.value)
    assert "row 2" in message and "fte" in message and f"at least {MIN_FTE:g}" in message


def test_a_return_at_the_smallest_plausible_fte_loads():
    assert load_return(RETURN.format(fte=MIN_FTE).encode()).data["fte"].tolist() == [MIN_FTE]


# -- case 6: negative zero ---------------------------------------------------------------------
def test_negative_zero_becomes_zero_when_checked_and_is_never_shown(tmp_path):
    d = get("economic_case")
    assert math.copysign(1, d.input("swemwbs_gain").check(-0.0)) == 1
    assert math.copysign(1, read(d.input("swemwbs_gain"), "-0")) == 1
    sizing = get("service_sizing")
    values = {"in_contact": -0.0, "reach_per_year": -0.0, "unit_cost": -0.0}
    out = sizing.run(values)
    assert_sensible(out, "sizing at -0")
    for calculator, name in [("benefit_ledger", "job_outcomes"), ("ramp_up", "job_entry_rate")]:
        assert_sensible(get(calculator).run({name: -0.0}), calculator)
    report = exports.Report.of("service_sizing", values)
    assert not re.search(r"(?<![\d.])-0(?![\d.]*[1-9])", exports.to_csv(report).decode())
    scenario = scenarios.from_dict(
        {
            "format": scenarios.FORMAT,
            "version": scenarios.VERSION,
            "calculator": "service_sizing",
            "title": "zero",
            "inputs": scenarios.defaults_scenario("service_sizing").inputs
            | {"reach_per_year": -0.0},
        }
    )
    assert "-0" not in scenarios.dumps(scenario)


# -- case 7: files that are not plain files ----------------------------------------------------
@pytest.fixture
def odd_folder(tmp_path):
    good = scenarios.defaults_scenario("ramp_up")
    scenarios.save_file(good, tmp_path)
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    (tmp_path / "folder.json").mkdir()
    return tmp_path


def test_odd_entries_in_the_scenario_folder_are_listed_as_unreadable(odd_folder):
    good, bad = scenarios.saved_scenarios(odd_folder)
    assert len(good) == 1
    reasons = {path.name: message for path, message in bad.items()}
    assert "does not exist" in reasons["dangling.json"]
    assert "pipe" in reasons["fifo.json"]
    assert "device" in reasons["zero.json"]
    assert "folder" in reasons["folder.json"]


@pytest.mark.parametrize("name", ["dangling.json", "fifo.json", "zero.json", "folder.json"])
def test_an_odd_file_is_refused_on_the_open_file_without_waiting(odd_folder, name):
    with pytest.raises(safe_files.FileRefused):
        safe_files.read_bytes(odd_folder / name, 1000)
    with pytest.raises(scenarios.ScenarioError, match=name):
        scenarios.load_file(odd_folder / name)


@pytest.mark.parametrize(
    "args",
    [
        ["run", "ramp_up", "--scenario", "/dev/zero"],
        ["run", "monitoring_dashboard", "--data", "{fifo}"],
        ["run", "monitoring_dashboard", "--data", "/dev/zero"],
        ["run", "monitoring_dashboard", "--data", "{sparse}"],
        ["run", "swemwbs_change", "--data", "{sparse}"],
    ],
)
def test_the_command_line_refuses_odd_and_huge_files_on_one_line(capsys, tmp_path, args):
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    sparse = tmp_path / "sparse.csv"
    with open(sparse, "wb") as handle:
        handle.truncate(600_000_000)  # 600 MB that takes no room
    args = [a.format(fifo=fifo, sparse=sparse) for a in args]
    code = cli.main(args)
    _, err = capsys.readouterr()
    assert code == 2 and err.startswith("Problem: ") and err.count("\n") == 1, err


def test_at_most_the_limit_and_one_byte_is_read(tmp_path, monkeypatch):
    sparse = tmp_path / "big.csv"
    with open(sparse, "wb") as handle:
        handle.truncate(50_000_000)
    read_sizes = []
    real_read = os.read

    def counting(fd, n):
        data = real_read(fd, n)
        read_sizes.append(len(data))
        return data

    monkeypatch.setattr(safe_files.os, "read", counting)
    monkeypatch.setattr(safe_files.os, "fstat", lambda fd: os.stat_result((0o100644,) + (0,) * 9))
    with pytest.raises(safe_files.FileRefused) as refused:
        safe_files.read_bytes(sparse, 1000)  # told the file is empty: still reads 1,001 at most
    assert refused.value.too_large and sum(read_sizes) == 1001


# -- case 8: files written safely --------------------------------------------------------------
def test_export_refuses_an_existing_file_unless_forced(tmp_path, capsys):
    target = tmp_path / "out.csv"
    target.write_bytes(b"precious")
    assert cli.main(["run", "ramp_up", "--export", str(target)]) == 2
    assert "--force" in capsys.readouterr().err and target.read_bytes() == b"precious"
    assert cli.main(["run", "ramp_up", "--export", str(target), "--force"]) == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf") or b"Ramp" in target.read_bytes()
    capsys.readouterr()


def test_the_workbook_command_refuses_an_existing_file_unless_forced(tmp_path, capsys):
    target = tmp_path / "savings.xlsx"
    target.write_bytes(b"precious")
    assert cli.main(["workbook", "cashable_savings", str(target)]) == 2
    err = capsys.readouterr().err
    assert "--force" in err and err.count("\n") == 1 and target.read_bytes() == b"precious"


def test_export_replaces_a_link_never_its_target(tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep me")
    link = tmp_path / "out.csv"
    link.symlink_to(victim)
    assert cli.main(["run", "ramp_up", "--export", str(link)]) == 2
    assert cli.main(["run", "ramp_up", "--export", str(link), "--force"]) == 0
    assert victim.read_bytes() == b"keep me" and not link.is_symlink()
    capsys.readouterr()


def test_a_write_that_fails_half_way_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")

    def broken(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safe_files.os, "fsync", broken)
    with pytest.raises(OSError):
        safe_files.write_bytes(target, b"new" * 1000, replace=True)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left


def test_trainer_exports_never_write_over_a_file(tmp_path):
    report = exports.Report.of("ramp_up")
    first = exports.export(report, "csv", tmp_path)
    second = exports.export(report, "csv", tmp_path)
    assert first != second and first.exists() and second.exists()


# -- case 9: lone surrogates and invalid text --------------------------------------------------
SURROGATE = chr(0xD800)


def test_a_scenario_with_a_lone_surrogate_is_refused_naming_the_field():
    data = scenarios.defaults_scenario("ramp_up").to_dict()
    text = json.dumps(data | {"title": "Secret \\ud800 bid"}).replace("\\\\ud800", "\\ud800")
    with pytest.raises(scenarios.ScenarioError, match="'title' holds a character"):
        scenarios.loads(text)


def test_a_scenario_text_input_with_a_lone_surrogate_is_refused_naming_the_input():
    data = scenarios.defaults_scenario("readiness_self_assessment").to_dict()
    data["inputs"]["evidence_plan"] = "notes " + SURROGATE
    with pytest.raises(scenarios.ScenarioError, match=r"\(evidence_plan\).*cannot be saved"):
        scenarios.from_dict(data)


def test_a_lone_surrogate_typed_into_a_text_input_gets_a_message_there():
    calc = Calculator("readiness_self_assessment")
    calc.type_value("evidence_plan", "notes " + SURROGATE)
    assert "holds a character that cannot be saved" in calc.input_messages["evidence_plan"]
    assert calc.input_messages["evidence_plan"].startswith(
        get("readiness_self_assessment").input("evidence_plan").label
    )


def test_a_title_that_is_not_utf8_is_refused_on_one_line(capsys, tmp_path):
    title = b"Bid \xff".decode(sys.getfilesystemencoding(), "surrogateescape")
    code = cli.main(["run", "ramp_up", "--title", title, "--export", str(tmp_path / "a.docx")])
    _, err = capsys.readouterr()
    assert (
        code == 2 and err.startswith("Problem: --title: The title holds") and err.count("\n") == 1
    )
    assert not (tmp_path / "a.docx").exists()


def test_saving_names_the_field_that_cannot_be_saved():
    scenario = scenarios.defaults_scenario("ramp_up")
    bad = scenarios.Scenario(
        calculator="ramp_up", title="ok", inputs=scenario.inputs, description="x" + SURROGATE
    )
    with pytest.raises(scenarios.ScenarioError, match="The description holds"):
        scenarios.dumps(bad)


# -- case 10: links ------------------------------------------------------------------------------
def test_a_text_too_long_for_a_link_is_named_never_cut():
    query = urlencode({"contract_start": "2024-04" + "x" * MAX_TEXT})
    values, problems = applink.parse_values(query, get("monitoring_dashboard"))
    assert values == {}
    label = get("monitoring_dashboard").input("contract_start").label
    assert problems == [
        f"{label} must be at most {MAX_TEXT} characters; this text has {MAX_TEXT + 7:,}. "
        "Shorten it (nothing was cut)."
    ]


def test_every_character_a_url_encoder_produces_survives_a_link():
    text = string.printable.strip() + " £€ – ü 漢 🙂 +:/?#[]@!$&'()*,;=%"
    d = get("readiness_self_assessment")
    link = applink.app_link(d.name, {"evidence_plan": text}, base="https://app.example/r/")
    values, problems = applink.parse_values(urlsplit(link).query, d)
    assert problems == [] and values["evidence_plan"] == text


@pytest.mark.parametrize(
    "base",
    [
        "javascript:alert(1)//",
        "ftp://files.example/",
        "//evil.example/render/",
        "data:text/html,<script>",
        "file:///etc/passwd",
        "https:/missing-host",
    ],
)
def test_links_to_other_schemes_are_refused(base):
    assert applink.app_link("ramp_up", {}, base=base) is None


# -- the reader's own guard rails ----------------------------------------------------------------
def test_the_reader_refuses_what_is_not_text():
    item = get("ramp_up").input("contract_months")
    with pytest.raises(TypeError):
        read(item, 12)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        read("contract_months", "12")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="you typed '1111111111"):
        read(item, "1" * 200)
