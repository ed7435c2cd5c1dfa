"""The workbooks and the package agree: LibreOffice recalculates every workbook for the
defaults, each worked example and 50 seeded random input sets per calculator (in one
batch), and every result cell equals the package's value within 1e-9 relative (whole
counts and words exactly). No valid input gives an error value; the data validation
refuses what the app refuses, in the app's words."""

from __future__ import annotations

import html
import io
import math
import random
import re
import zipfile

import openpyxl
import pytest
from openpyxl import Workbook

from guidance.calculators.spec import InputError
from guidance.core.wellbeing import wellbeing_change
from guidance.files.scenarios import shipped_file, shipped_scenarios
from guidance.files.workbooks import SPECS, write_workbooks
from guidance.files.workbooks._builder import add_case, sources_sheet
from guidance.files.workbooks.recalc import recalculate

RANDOM_SETS = 20  # seeded random input sets per calculator, besides the refused ones
# one worker runs this file (``--dist loadgroup``): its tests share one LibreOffice run
pytestmark = pytest.mark.xdist_group("workbooks")
ERRORS = ("#REF!", "#NAME?", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")
VOLATILE = ("NOW(", "TODAY(", "RAND(", "RANDBETWEEN(", "OFFSET(", "INDIRECT(", "CELL(", "INFO(")


def _draw(rng: random.Random, low: float, high: float) -> float:
    """Anywhere in [low, high]: the ends, uniform, and crowded towards the low end (so
    small values of wide ranges are drawn too)."""
    u = rng.random()
    if u < 0.08:
        return low
    if u < 0.16:
        return high
    if u < 0.58:
        return rng.uniform(low, high)
    return low + (high - low) * rng.random() ** 6


def random_values(definition, rng: random.Random) -> dict:
    """A random set of values every input allows."""
    values = {}
    for item in definition.inputs:
        if item.kind == "choice":
            values[item.name] = rng.choice(item.options)[1]
        elif item.kind == "integer":
            values[item.name] = round(_draw(rng, item.minimum, item.maximum))
        elif item.kind in ("number", "percent"):
            values[item.name] = _draw(rng, item.minimum, item.maximum)
    return definition.check(values)


def random_scores(rng: random.Random):
    """A random group's SWEMWBS raw scores: 1 to 200 people, some without an end score."""
    n = rng.choice((1, 2, 3, rng.randint(4, 60), rng.randint(4, 200), 200))
    missing = rng.choice((0.0, 0.3, 1.0, rng.random()))
    starts = [rng.randint(7, 35) for _ in range(n)]
    ends = [None if rng.random() < missing else rng.randint(7, 35) for _ in range(n)]
    return wellbeing_change(starts, ends, [f"C{i:03d}" for i in range(n)])


def cases(name: str) -> list[tuple[str, dict, object]]:
    """(what, values, data): the defaults, the worked examples, seeded random sets."""
    spec = SPECS[name]
    d = spec.definition
    example = d.upload.example()[0] if d.upload else None
    out = [("defaults", d.check({}), example)]
    for file, scenario in shipped_scenarios(name).items():
        data = example
        if d.upload is not None and (shipped := shipped_file(scenario)) is not None:
            data = d.upload.loader(shipped[0], name=shipped[1])
        out.append((file, d.check(scenario.inputs), data))
    rng = random.Random(f"workbook-{name}")
    accepted = refused = 0
    while accepted < RANDOM_SETS:
        values = random_values(d, rng)
        data = random_scores(rng) if d.upload is not None else None
        if isinstance(_run(spec, values, data), ValueError):
            refused += 1
            if refused > 10:
                continue
            out.append((f"random refused {refused}", values, data))
        else:
            accepted += 1
            out.append((f"random {accepted}", values, data))
    return out


def _run(spec, values, data):
    try:
        return (
            spec.definition.run(values, data)
            if spec.definition.upload
            else spec.definition.run(values)
        )
    except ValueError as error:  # the package refuses this combination (an InputError too)
        return error


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory, request) -> dict:
    """Every calculator's cases in one file each and the shipped workbooks, recalculated by
    one LibreOffice run (only the calculators whose tests were selected, e.g. with -k)."""
    selected = {
        item.callspec.params["name"]
        for item in request.session.items
        if hasattr(item, "callspec") and "name" in item.callspec.params
    }
    names = [name for name in SPECS if name in selected]
    folder = tmp_path_factory.mktemp("workbooks")
    shipped = write_workbooks(
        [(name, None, folder / f"{name}.xlsx") for name in names], recalc=False
    )
    built = {}
    files = list(shipped)
    for name in names:
        spec = SPECS[name]
        wb = Workbook()
        wb.remove(wb.active)
        entries = []
        for k, (what, values, data) in enumerate(cases(name), start=1):
            addresses = add_case(wb, spec, values, f" {k}", data)
            entries.append((what, values, data, f"Results {k}", addresses))
        sources_sheet(wb, spec)
        path = folder / f"cases-{name}.xlsx"
        wb.save(path)
        files.append(path)
        built[name] = (path, entries)
    recalculate(files, processes=2)
    return {"shipped": {p.stem: p for p in shipped}, "cases": built}


def _same(got, want) -> bool:
    if isinstance(want, float) and math.isnan(want):
        return got == "not computed"
    if isinstance(want, str):
        return (got or "") == want
    if not isinstance(got, (int, float)) or isinstance(got, bool):
        return False
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("name", list(SPECS))
def test_every_result_cell_equals_the_package(recalculated, name):
    path, entries = recalculated["cases"][name]
    spec = SPECS[name]
    wb = openpyxl.load_workbook(path, data_only=True)
    problems = []
    checked = 0
    for what, values, data, sheet, addresses in entries:
        ws = wb[sheet]
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str) and value.startswith(ERRORS):
                    problems.append(f"{what}: error value {value}")
        result = _run(spec, values, data)
        message = ws[addresses["Message"]].value if "Message" in addresses else None
        if isinstance(result, ValueError):
            if not message:
                problems.append(
                    f"{what}: the package refuses ({result}) but the workbook is silent"
                )
            continue
        if message:
            problems.append(f"{what}: the workbook says {message!r} but the package accepts")
        for c in spec.cells():
            if c.expected is None:
                continue
            want = c.expected(result, values)
            got = ws[addresses[c.name]].value
            if c.exact and isinstance(want, float) and not math.isnan(want):
                ok = got == want
            else:
                ok = _same(got, want)
            checked += 1
            if not ok:
                problems.append(f"{what}: {c.name} is {got!r}, the package says {want!r}")
    assert not problems, "\n".join(problems[:20])
    assert checked >= (RANDOM_SETS // 2) * len([c for c in spec.cells() if c.expected])
    assert len(entries) >= RANDOM_SETS + 1


@pytest.mark.parametrize("name", list(SPECS))
def test_shipped_workbook_shows_its_numbers_and_is_safe(recalculated, name):
    path = recalculated["shipped"][name]
    assert path.stat().st_size < 200_000
    spec = SPECS[name]
    values = spec.definition.check({})
    data = spec.definition.upload.example()[0] if spec.definition.upload else None
    result = _run(spec, values, data)
    formulas = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    results = formulas["Results"]
    addresses = add_case(Workbook(), spec, values, "", data)
    for c in spec.cells():
        address = addresses[c.name]
        assert str(results[address].value).startswith("="), c.name
        if c.expected is None:
            continue
        if c.named:
            assert formulas.defined_names[c.name].attr_text.endswith(
                "!$"
                + address.rstrip("0123456789")
                + "$"
                + address.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            ), c.name
        assert str(results[address].value).startswith("="), c.name
        assert results[address].protection.locked
        assert _same(cached["Results"][address].value, c.expected(result, values)) or (
            c.exact and cached["Results"][address].value == c.expected(result, values)
        ), c.name
        assert not any(f in results[address].value.upper() for f in VOLATILE), c.name
    assert results.protection.sheet and formulas["Inputs"].protection.sheet
    assert formulas["Results"].protection.password is None
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
    assert not any("vbaProject" in n or "externalLink" in n for n in names)


@pytest.mark.parametrize("name", list(SPECS))
def test_inputs_refuse_what_the_app_refuses_in_its_words(recalculated, name):
    path = recalculated["shipped"][name]
    d = SPECS[name].definition
    ws = openpyxl.load_workbook(path)["Inputs"]
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    for i, item in enumerate(d.inputs):
        address = f"B{5 + i}"
        cell = ws[address]
        assert not cell.protection.locked, item.name
        dv = rules[address]
        assert dv.showErrorMessage and dv.errorStyle in (None, "stop")
        assert dv.prompt and (item.allowed in dv.prompt or "Allowed column" in dv.prompt)
        if item.kind == "choice":
            assert dv.type == "list"
            with pytest.raises(InputError) as refused:
                item.check("none of these")
        else:
            assert dv.type == ("whole" if item.kind == "integer" else "decimal")
            low, high = float(dv.formula1), float(dv.formula2)
            assert (low, high) == (item.minimum, item.maximum)
            outside = item.maximum + max(1.0, abs(item.maximum))
            assert not low <= outside <= high
            with pytest.raises(InputError) as refused:
                item.check(outside)
        app = str(refused.value)
        assert dv.error.endswith(".") and len(dv.error) <= 255
        if len(app.split("; got")[0]) < 255:
            assert app.startswith(dv.error[:-1]), (app, dv.error)
        else:  # too long for Excel: the list itself and the Allowed column say it
            assert dv.error.startswith(item.label + " must be one of the choices")
            assert ws[f"D{5 + i}"].value == item.allowed


def test_command_line_writes_a_recalculated_workbook(libreoffice, tmp_path, capsys):
    from guidance.frontends.cli import main

    target = tmp_path / "savings.xlsx"
    args = ["workbook", "cashable_savings", "--set", "budget=1,000", "--set", "pence_high=50"]
    assert main([*args, str(target)]) == 0
    assert "Wrote" in capsys.readouterr().out
    wb = openpyxl.load_workbook(target, data_only=True)
    assert wb["Inputs"]["B5"].value == 1000
    values = {row[0]: row[1:4] for row in wb["Results"].iter_rows(values_only=True)}
    assert values["low"] == (9, 90, 910)
    assert values["high"] == (50, 500, 500)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["workbook", "payment_simulator", "x.xlsx"], "simulation"),
        (["workbook", "cashable_savings", "--set", "budget=-1", "x.xlsx"], "Programme budget"),
        (["workbook", "cashable_savings", "x.csv"], ".xlsx"),
    ],
)
def test_command_line_refuses_in_words(tmp_path, capsys, args, words):
    from guidance.frontends.cli import main

    assert main([a if a[0] != "x" else str(tmp_path / a) for a in args]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_web_page_offers_the_workbook_for_the_inputs_on_screen(libreoffice):
    from starlette.testclient import TestClient

    from guidance.frontends.web import Settings, create_app

    base = "http://127.0.0.1:8713"  # the test client's address; no socket is opened
    with TestClient(create_app(Settings(port=8713)), base_url=base) as client:
        page = client.get("/calculators/cashable_savings?budget=1000&pence_high=50").text
        href = re.search(r'href="([^"]*workbook\.xlsx[^"]*)"', page).group(1)
        got = client.get(html.unescape(href))
        assert got.status_code == 200
        assert got.headers["content-disposition"].endswith('filename="cashable_savings.xlsx"')
        wb = openpyxl.load_workbook(io.BytesIO(got.content), data_only=True)
        values = {row[0]: row[1:4] for row in wb["Results"].iter_rows(values_only=True)}
        assert values["high"] == (50, 500, 500)
        refused = client.get("/calculators/cashable_savings/workbook.xlsx?budget=-5")
        assert refused.status_code == 400 and "Programme budget" in refused.text
        assert client.get("/calculators/payment_simulator/workbook.xlsx").status_code == 404
        assert "workbook.xlsx" not in client.get("/calculators/payment_simulator").text
