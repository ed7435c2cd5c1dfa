"""The web pages' Save, Load, Export, Compare and uploads, over HTTP (no browser).

Save downloads today's scenario file and Load reads one back and redirects to its address;
exports are today's CSV, XLSX and DOCX for the inputs in the address; Compare shows two
scenarios on the same scales with what differs; a calculator that reads a file takes it as
an upload, read in memory only, with the loaders' limits and messages.
"""

from __future__ import annotations

import html
import io
import json
import re
import tempfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from starlette.testclient import TestClient

from guidance.calculators import get
from guidance.core.evidence import load_register
from guidance.files import scenarios
from guidance.frontends.web import Settings, create_app
from guidance.frontends.web import pages as web_pages
from guidance.presentation.render import text

PORT = 8711
BASE = f"http://127.0.0.1:{PORT}"
DATA = Path(__file__).resolve().parents[1] / "src" / "guidance" / "data"
RETURN = (DATA / "example_monthly_return_SYNTHETIC.csv").read_bytes()
HALF = "service_sizing-nhs-england-50-reach"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(port=PORT)), base_url=BASE) as c:
        yield c


def summary(page: str) -> str:
    found = re.search(r'<p class="guidance-summary"><strong>(.*?)</strong></p>', page, re.S)
    assert found, "no summary on the page"
    return html.unescape(found.group(1))


def error_at(page: str, target: str) -> str:
    """The message at a control (its error message paragraph), in plain text."""
    found = re.search(
        rf'<p id="{target}-error" class="govuk-error-message[^"]*">(.*?)</p>', page, re.S
    )
    assert found, f"no error message at {target}"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).replace("Error:", "", 1).strip()


def title(page: str) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1))


# -- Save and Load -------------------------------------------------------------------------------
def test_save_downloads_a_scenario_that_loads_back_to_the_same_address(client):
    d = get("service_sizing")
    values = d.check({"reach_per_year": 0.5, "in_contact": 5000})
    query = web_pages.address(d, values).split("?", 1)[1]
    response = client.get(f"/calculators/service_sizing/scenario.json?{query}&title=Our+area")
    assert response.status_code == 200
    assert (
        response.headers["content-disposition"]
        == 'attachment; filename="service_sizing-our-area.json"'
    )
    scenario = scenarios.loads(response.content, expected="service_sizing")  # today's format
    assert scenario.title == "Our area"
    assert scenario.inputs == values
    loaded = client.post(
        "/calculators/service_sizing/load",
        files={"scenario": ("our-area.json", response.content, "application/json")},
        follow_redirects=False,
    )
    assert loaded.status_code == 303
    assert loaded.headers["location"] == web_pages.address(d, scenario.inputs)
    page = client.get(loaded.headers["location"]).text
    assert summary(page) == text(d.run(scenario.inputs).summary)


def test_the_page_shows_its_address_and_a_save_form(client):
    d = get("ramp_up")
    page = client.get("/calculators/ramp_up?annual_starters=400").text
    where = web_pages.address(d, d.check({"annual_starters": 400}))
    assert html.escape(f"{BASE}{where}") in page
    assert 'action="/calculators/ramp_up/scenario.json"' in page


def test_saving_a_worked_example_keeps_its_name_and_evidence_while_its_inputs_stand(client):
    d = get("service_sizing")
    example = web_pages.examples(d)[HALF]
    link = web_pages.example_address(d, HALF, example)
    saved = client.get(link.replace("/service_sizing?", "/service_sizing/scenario.json?"))
    scenario = scenarios.loads(saved.content)
    assert scenario.title == "NHS England reach target"
    assert scenario.evidence == {"reach_per_year": "nhse.reach_per_year"}
    # once an input changes the example's name is not carried by a save or an export
    changed = link.replace("in_contact=60424", "in_contact=50000")
    saved = client.get(changed.replace("/service_sizing?", "/service_sizing/scenario.json?"))
    assert "NHS England" not in scenarios.loads(saved.content).title
    export = client.get(changed.replace("/service_sizing?", "/service_sizing/export.csv?"))
    assert "NHS England" not in export.content.decode("utf-8")
    assert "service_sizing-results.csv" in export.headers["content-disposition"]
    export = client.get(link.replace("/service_sizing?", "/service_sizing/export.csv?"))
    assert "NHS England reach target" in export.content.decode("utf-8")


def test_saving_with_a_bad_value_is_refused_with_the_error_pattern(client):
    response = client.get("/calculators/ramp_up/scenario.json?annual_starters=lots")
    assert response.status_code == 400
    assert title(response.text).startswith("Error: ")
    assert "a scenario holds valid inputs only" in error_at(response.text, "scenario-title")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"not json", "This file is not a scenario: it is not valid JSON"),
        (b"\xff\xfe", "it is not UTF-8 text"),
        (b"", "Choose a scenario file (.json) to load."),
    ],
)
def test_a_bad_scenario_file_gets_its_message_and_keeps_the_inputs(client, content, words):
    filename = "s.json" if content else ""
    response = client.post(
        "/calculators/ramp_up/load",
        files={"scenario": (filename, content, "application/json")},
        data={"back": "annual_starters=400&v=1"},
    )
    assert response.status_code == 400
    assert words in error_at(response.text, "scenario-file")
    assert title(response.text).startswith("Error: ")
    assert 'value="400"' in response.text  # the inputs on screen are kept
    assert "Traceback" not in response.text


def test_a_scenario_for_another_calculator_is_refused(client):
    content = scenarios.dumps(scenarios.defaults_scenario("service_sizing")).encode()
    response = client.post(
        "/calculators/ramp_up/load", files={"scenario": ("s.json", content, "application/json")}
    )
    assert response.status_code == 400
    assert "This scenario is for the service_sizing calculator" in error_at(
        response.text, "scenario-file"
    )


def test_a_scenario_file_over_the_limit_is_refused_with_the_loaders_message(client):
    big = b" " * (scenarios.MAX_BYTES + 70_000)
    response = client.post(
        "/calculators/ramp_up/load", files={"scenario": ("big.json", big, "application/json")}
    )
    assert response.status_code == 400
    assert error_at(response.text, "scenario-file").endswith(
        "This file is too large to be a scenario (over 1 MB)."
    )


def test_a_scenario_saved_by_an_older_calculator_opens_with_new_inputs_at_defaults(client):
    d = get("service_sizing")
    data = scenarios.defaults_scenario("service_sizing").to_dict()
    data["calculator_version"] = 1
    for item in d.inputs:
        if item.added_in > 1:
            del data["inputs"][item.name]
    data["inputs"]["reach_per_year"] = 0.5
    response = client.post(
        "/calculators/service_sizing/load",
        files={"scenario": ("old.json", json.dumps(data).encode(), "application/json")},
    )
    assert response.status_code == 200  # followed the redirect
    assert "v=1" in str(response.url)
    page = html.unescape(response.text)
    assert "was added to Service sizing after this address was made" in page
    assert summary(response.text) == text(d.run({"reach_per_year": 0.5}).summary)


# -- exports -------------------------------------------------------------------------------------
def test_exports_are_todays_files_for_the_inputs_in_the_address(client):
    register = load_register()
    d = get("service_sizing")
    query = web_pages.address(d, d.defaults({"reach_per_year": 0.5})).split("?", 1)[1]
    csv = client.get(f"/calculators/service_sizing/export.csv?{query}")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert str(register.value("fss.total.in_contact_published")) in csv.content.decode()
    xlsx = client.get(f"/calculators/service_sizing/export.xlsx?{query}")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    numbers = [c for row in workbook["Results"].iter_rows(values_only=True) for c in row]
    assert register.value("fss.total.in_contact_published") in numbers  # numbers stay numbers
    docx = client.get(f"/calculators/service_sizing/export.docx?{query}")
    document = Document(io.BytesIO(docx.content))
    assert any("Service sizing" in p.text for p in document.paragraphs)
    assert "attachment" in docx.headers["content-disposition"]
    assert docx.headers["cache-control"] == "no-store"


def test_an_export_with_a_bad_value_is_refused_with_the_error_pattern(client):
    response = client.get("/calculators/ramp_up/export.xlsx?annual_starters=lots")
    assert response.status_code == 400
    assert title(response.text).startswith("Error: ")
    assert "exports hold the results of valid inputs only" in html.unescape(response.text)
    assert client.get("/calculators/ramp_up/export.pdf").status_code == 404


def test_an_export_title_cannot_become_a_formula(client):
    response = client.get("/calculators/ramp_up/export.csv?title=%3DHYPERLINK(%22x%22)")
    assert response.status_code == 200
    assert "'=HYPERLINK" in response.content.decode()


# -- compare -------------------------------------------------------------------------------------
def test_compare_shows_two_scenarios_on_the_same_scales_with_what_differs(client):
    d = get("service_sizing")
    example = web_pages.examples(d)[HALF]
    where = web_pages.compare_address(
        d, web_pages.address(d, d.defaults()), web_pages.example_address(d, HALF, example)
    )
    assert html.escape(where) in client.get("/calculators/service_sizing").text  # linked
    response = client.get(where)
    assert response.status_code == 200
    page = response.text
    assert "Evidence defaults" in page and "NHS England reach target" in page
    differs = re.search(
        r'<table class="govuk-table app-differences">(.*?)</table>', page, re.S
    ).group(1)
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>(.*?)</td><td>(.*?)</td></tr>", differs)
    assert [(html.unescape(a), b, c) for a, b, c in rows] == [
        (web_pages.field_label(d.input("reach_per_year")), "25%", "50%")
    ]
    summaries = re.findall(r'<p class="guidance-summary"><strong>(.*?)</strong></p>', page)
    assert [html.unescape(s) for s in summaries] == [
        text(d.run().summary),
        text(d.run(example.inputs).summary),
    ]
    assert len(re.findall(r"<svg.*?</svg>", page, re.S)) == 2


def _axis_ticks(svg: str) -> list[str]:
    """The centred number labels of a figure (its x-axis ticks)."""
    return re.findall(r'<text style="[^"]*text-anchor: middle"[^>]*>([\d,.]+)</text>', svg)


def test_compare_draws_both_figures_on_the_same_scales(client):
    d = get("service_sizing")
    small = web_pages.address(d, d.defaults({"in_contact": 5000}))
    alone = re.findall(r"<svg.*?</svg>", client.get(small).text, re.S)[0]
    page = client.get(web_pages.compare_address(d, small, web_pages.address(d, {}))).text
    a, b = re.findall(r"<svg.*?</svg>", page, re.S)
    assert _axis_ticks(a) == _axis_ticks(b)  # the same scale
    assert _axis_ticks(alone) != _axis_ticks(a)  # not the scale it has alone
    assert "60,000" in _axis_ticks(a)


def test_compare_reports_bad_values_per_side(client):
    response = client.get("/calculators/ramp_up/compare?a.annual_starters=lots&b.ramp_months=6")
    assert response.status_code == 200
    assert title(response.text).startswith("Error: ")
    assert '<a href="#a-in-annual_starters">Scenario A:' in response.text


# -- uploads -------------------------------------------------------------------------------------
def test_an_uploaded_return_is_shown_and_kept_while_inputs_change(client):
    d = get("monitoring_dashboard")
    response = client.post(
        "/calculators/monitoring_dashboard",
        files={"file": ("our-return.csv", RETURN, "text/csv")},
        data={"model": "SEQF", "v": "1"},
    )
    assert response.status_code == 200
    page = response.text
    data = d.upload.loader(RETURN, name="'our-return.csv'")
    follow = d.upload.on_load(data)  # inputs that follow a newly loaded file
    expected = d.run({"model": "SEQF", **follow}, data)
    assert summary(page) == text(expected.summary)
    assert "Data shown: <strong>our-return.csv</strong> (the file you uploaded)" in page
    assert "It is not saved on the server or written to its log" in page
    carried = re.search(r'name="file_b64" value="([^"]+)"', page).group(1)
    # the page sends the file back with a change of input (no file chosen again)
    again = client.post(
        "/calculators/monitoring_dashboard",
        files={"file": ("", b"", "application/octet-stream")},
        data={
            "file_b64": carried,
            "file_name": "our-return.csv",
            "model": "IPS",
            **{k: str(v) for k, v in follow.items()},
        },
    )
    assert again.status_code == 200
    assert summary(again.text) == text(d.run({"model": "IPS", **follow}, data).summary)
    # exports of an uploaded file post it too
    export = client.post(
        "/calculators/monitoring_dashboard/export.csv",
        data={"file_b64": carried, "file_name": "our-return.csv", "model": "IPS"},
    )
    assert export.status_code == 200 and "our-return.csv" in export.content.decode()


def test_nothing_uploaded_touches_the_disk(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("an upload reached a temporary file")

    for name in ("SpooledTemporaryFile", "NamedTemporaryFile", "TemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, refuse)
    response = client.post(
        "/calculators/swemwbs_change",
        files={
            "file": (
                "scores.csv",
                (DATA / "example_swemwbs_SYNTHETIC.csv").read_bytes(),
                "text/csv",
            )
        },
    )
    assert response.status_code == 200
    assert "scores.csv" in response.text


@pytest.mark.parametrize("name", ["monitoring_dashboard", "swemwbs_change"])
@pytest.mark.parametrize("size", [5_000_001, 12_000_001])
def test_an_upload_over_the_limit_is_refused_with_the_loaders_message(client, name, size):
    d = get(name)
    response = client.post(
        f"/calculators/{name}", files={"file": ("big.csv", b"a" * size, "text/csv")}
    )
    assert response.status_code == 400
    assert title(response.text).startswith("Error: ")
    message = error_at(response.text, "upload-file")
    try:
        d.upload.loader(b"a" * 5_000_001, name="'big.csv'")
    except ValueError as error:
        expected = str(error).splitlines()[-1]
    assert "reads files up to 5.0 MB" in expected
    assert message.splitlines()[-1].endswith(expected.split(";", 1)[1])
    assert '<a href="#upload-file">' in response.text
    assert summary(response.text) == text(d.run().summary)  # the example is still shown


def test_a_file_that_is_not_a_return_gets_the_loaders_message(client):
    response = client.post(
        "/calculators/monitoring_dashboard",
        files={"file": ("notes.csv", b"hello,world\n1,2\n", "text/csv")},
    )
    assert response.status_code == 400
    message = error_at(response.text, "upload-file")
    assert message.startswith("'notes.csv' could not be used")
    assert "row 1, column 'month': this required column is missing" in message


def test_posting_to_a_calculator_that_reads_no_file_is_refused(client):
    assert client.post("/calculators/ramp_up", data={"a": "1"}).status_code == 405


def test_the_files_the_guide_ships_download_from_the_page(client):
    page = client.get("/calculators/monitoring_dashboard").text
    assert 'href="/calculators/monitoring_dashboard/files/monthly_return_template.csv"' in page
    response = client.get("/calculators/monitoring_dashboard/files/monthly_return_template.csv")
    assert response.status_code == 200 and response.text.startswith("month,")
    assert (
        client.get("/calculators/monitoring_dashboard/files/..%2Fevidence.csv").status_code == 404
    )


def test_a_scenario_made_with_a_persons_file_asks_for_that_file(client):
    d = get("monitoring_dashboard")
    saved = client.post(
        "/calculators/monitoring_dashboard",
        files={"file": ("our-return.csv", RETURN + b"\n", "text/csv")},
    )
    form = re.search(
        r'<form method="get" action="/calculators/monitoring_dashboard/scenario.json".*?</form>',
        saved.text,
        re.S,
    ).group(0)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    assert fields["file"].endswith(":our-return.csv")
    scenario = scenarios.loads(
        client.get(
            "/calculators/monitoring_dashboard/scenario.json",
            params={k: html.unescape(v) for k, v in fields.items()},
        ).content
    )
    assert scenario.data["name"] == "our-return.csv"
    loaded = client.post(
        "/calculators/monitoring_dashboard/load",
        files={"scenario": ("s.json", scenarios.dumps(scenario).encode(), "application/json")},
    )
    assert loaded.status_code == 200
    assert "This scenario was made with the file 'our-return.csv'" in html.unescape(loaded.text)
    assert 'class="guidance-summary"' not in loaded.text  # no results over other data
    assert d.name in str(loaded.url)


def test_a_shipped_file_is_chosen_by_name_and_an_unknown_name_is_an_error(client):
    d = get("swemwbs_change")
    page = client.get("/calculators/swemwbs_change?data=swemwbs_conversion_table_points.csv").text
    assert "Data shown: <strong>swemwbs_conversion_table_points.csv</strong>" in page
    response = client.get("/calculators/swemwbs_change?data=..%2F..%2Fevidence.csv")
    assert title(response.text).startswith("Error: ")
    assert "The guide ships no file called '../../evidence.csv'" in error_at(
        response.text, "upload-file"
    )
    assert summary(response.text) == text(d.run().summary)  # the example instead, said so
