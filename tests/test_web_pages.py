"""The calculators as web pages, over HTTP (Starlette's test client; no browser).

Every calculator's default page, each worked example's address reproducing its chapter's
published figures, bad values giving the GOV.UK error pattern (never a traceback), the
same page for the same address whoever asks (no state), the ``Host`` check of local mode,
and the real local server started as a trainer starts it, refusing a forged ``Host``.
"""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from starlette.testclient import TestClient
from support import free_port

from guidance.calculators import DEFINITIONS, get
from guidance.core.evidence import load_register
from guidance.files import scenarios
from guidance.files.applink import encode_value
from guidance.frontends.web import Settings, create_app
from guidance.frontends.web import pages as web_pages
from guidance.presentation.citations import cite_text
from guidance.presentation.formatting import whole
from guidance.presentation.render import text

ROOT = Path(__file__).resolve().parents[1]
PORT = 8711  # the test client's address (no socket is opened)
BASE = f"http://127.0.0.1:{PORT}"
NUMBER_KINDS = ("number", "integer", "percent")
EV = load_register()


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(port=PORT)), base_url=BASE) as c:
        yield c


def words(page: str) -> str:
    """The page's text, tags removed and entities read, white space collapsed."""
    body = re.sub(r"<svg.*?</svg>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def no_traceback(page: str) -> None:
    assert "Traceback" not in page and 'File "' not in page


def title(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    assert found, "no title on the page"
    return html.unescape(found.group(1))


def summary(page: str) -> str:
    found = re.search(r'<p class="guidance-summary"><strong>(.*?)</strong></p>', page, re.S)
    assert found, "no summary on the page"
    return html.unescape(found.group(1))


# -- every calculator's default page -----------------------------------------------------------
def test_the_start_page_lists_every_calculator_by_chapter(client):
    page = client.get("/")
    assert page.status_code == 200
    for name, d in DEFINITIONS.items():
        assert f'href="/calculators/{name}"' in page.text
        assert f"Chapter {d.chapter}: {web_pages.CHAPTERS[d.chapter][0]}" in words(page.text)


@pytest.mark.parametrize("name", list(DEFINITIONS))
def test_every_calculator_default_page(client, name):
    d = get(name)
    response = client.get(f"/calculators/{name}")
    assert response.status_code == 200
    page = response.text
    no_traceback(page)
    assert title(page).startswith(f"{d.title} - ")  # no "Error: " prefix
    assert "novalidate" in page and 'method="get"' in page
    shown = words(page)
    for item in d.inputs:  # every input: label, allowed range, source of the default
        assert f'name="{item.name}"' in page
        assert f'for="in-{item.name}"' in page
        assert html.unescape(html.escape(item.label)) in shown
        assert f"Allowed: {item.allowed}." in shown
        assert cite_text(d.source(item.name)) in shown  # author-year, never a raw key
    output = d.run()
    assert summary(page) == text(output.summary)
    for figure in output.figures:  # each figure with its alt text
        assert f'aria-label="{html.escape(text(figure.alt))}"' in page
    for table in output.tables:
        assert html.escape(text(table.caption)) in page
    assert "Inputs used and their sources" in page
    assert f"Chapter {d.chapter}: {web_pages.CHAPTERS[d.chapter][0]}" in shown
    assert "govuk-error-summary" not in page


def test_a_chapter_links_to_the_book_when_its_address_is_known():
    app = create_app(Settings(port=PORT, book_url="https://book.example/guide/"))
    with TestClient(app, base_url=BASE) as c:
        page = c.get("/calculators/ramp_up").text
    assert 'href="https://book.example/guide/book/ch3-contract-parameters.html"' in page


def test_an_unknown_calculator_is_a_plain_404(client):
    response = client.get("/calculators/teleporter")
    assert response.status_code == 404
    assert "There is no calculator called 'teleporter'" in html.unescape(response.text)
    assert client.get("/nowhere").status_code == 404


# -- the address is the scenario -----------------------------------------------------------------
def test_the_address_is_the_scenario(client):
    d = get("service_sizing")
    page = client.get("/calculators/service_sizing?reach_per_year=50&in_contact=5000").text
    values = d.check({"reach_per_year": 0.5, "in_contact": 5000})
    assert summary(page) == text(d.run(values).summary)
    assert 'value="5000"' in page and 'value="50"' in page  # a percentage as typed
    canonical = web_pages.address(d, values)
    assert html.escape(canonical) in page  # the address to bookmark, every input in it
    again = client.get(canonical).text
    assert summary(again) == summary(page)


def test_two_clients_asking_the_same_address_get_the_same_page():
    address = "/calculators/payment_simulator?cost_per_month=30000"
    first = TestClient(create_app(Settings(port=PORT)), base_url=BASE)
    second = TestClient(create_app(Settings(port=PORT)), base_url=BASE)
    with first, second:
        a = first.get(address)
        first.get("/calculators/payment_simulator?cost_per_month=12345")  # no effect on b
        b = second.get(address)
    assert a.status_code == b.status_code == 200
    assert a.text == b.text
    assert "set-cookie" not in a.headers


def test_a_default_that_follows_the_model_follows_it_unless_changed(client):
    d = get("service_sizing")
    ips = d.defaults()
    seqf = d.defaults({"model": "SEQF"})
    assert ips["unit_cost"] != seqf["unit_cost"]
    # the form sends every box: the unit cost still at the IPS default follows the model
    form = web_pages.address(d, ips | {"model": "SEQF"}).split("?", 1)[1]
    page = client.get(f"/calculators/service_sizing?{form}").text
    assert summary(page) == text(d.run({"model": "SEQF"}).summary)
    # a unit cost the person typed stays
    own = web_pages.address(d, ips | {"model": "SEQF", "unit_cost": 2100.0}).split("?", 1)[1]
    page = client.get(f"/calculators/service_sizing?{own}").text
    assert summary(page) == text(d.run({"model": "SEQF", "unit_cost": 2100.0}).summary)


def test_an_address_from_an_older_calculator_version_opens_and_says_so(client):
    d = get("service_sizing")
    newer = [i for i in d.inputs if i.added_in > 1]
    assert newer and d.version == 2
    old = {i.name: v for i, v in zip(d.inputs, d.defaults().values(), strict=True)}
    old = {k: v for k, v in old.items() if k not in {i.name for i in newer}}
    old["reach_per_year"] = 0.5
    query = urlencode([(k, encode_value(v, d.input(k))) for k, v in old.items()] + [("v", "1")])
    response = client.get(f"/calculators/service_sizing?{query}")
    assert response.status_code == 200
    shown = words(response.text)
    for item in newer:
        assert f"'{item.label}' was added to Service sizing after this address was made" in shown
    assert summary(response.text) == text(d.run({"reach_per_year": 0.5}).summary)
    assert "govuk-error-summary" not in response.text


# -- worked examples -------------------------------------------------------------------------------
def _example_cases():
    for file, s in scenarios.shipped_scenarios().items():
        yield pytest.param(s.calculator, file.removesuffix(".json"), id=file.removesuffix(".json"))


@pytest.mark.parametrize(("name", "example"), list(_example_cases()))
def test_every_worked_example_is_a_link_that_reproduces_it(client, name, example):
    d = get(name)
    scenario = web_pages.examples(d)[example]
    calculator_page = client.get(f"/calculators/{name}").text
    link = web_pages.example_address(d, example, scenario)
    assert html.escape(link) in calculator_page  # listed as a link on the calculator's page
    page = client.get(link).text
    no_traceback(page)
    shipped = scenarios.shipped_file(scenario)
    data = d.upload.loader(shipped[0], name=shipped[1]) if shipped else None
    expected = d.run(scenario.inputs, data)
    assert summary(page) == text(expected.summary)
    assert f"Worked example: {scenario.title}" in words(page)
    assert title(page).startswith(f"{scenario.title}: {d.title} - ")


def _example_page(client, name: str, example: str) -> str:
    d = get(name)
    return client.get(web_pages.example_address(d, example, web_pages.examples(d)[example])).text


def test_chapter_3_fair_start_scotland_defaults_reproduce_the_review(client):
    shown = words(client.get("/calculators/service_sizing").text)
    assert whole(EV.value("fss.total.in_contact_published")) in shown
    assert whole(EV.value("fss.total.eligible_published")) in shown  # 16,314 eligible
    assert "About 102 employment specialists" in shown


def test_chapter_3_worked_examples_reproduce_the_published_figures(client):
    half = _example_page(client, "service_sizing", "service_sizing-nhs-england-50-reach")
    assert "About 203.9 employment specialists" in summary(half)
    glasgow = words(_example_page(client, "service_sizing", "service_sizing-fss-glasgow-and-clyde"))
    assert whole(EV.value("fss.region.glasgow_and_clyde.eligible_published")) in glasgow


def test_chapter_2_ndti_right_model_example_gives_the_published_choice(client):
    page = _example_page(client, "model_chooser", "model_chooser-ndti-right-model")
    assert summary(page).startswith("Mixed cohort: IPS for Severe mental illness, and SEQF")


def test_chapter_1_ndti_right_conditions_example_has_every_condition_in_place(client):
    page = _example_page(
        client, "readiness_self_assessment", "readiness_self_assessment-ndti-right-conditions"
    )
    assert summary(page) == (
        "Readiness 20 of 20 (100%): every condition is in place. Keep checking it stays so."
    )


def test_chapter_6_swemwbs_example_shows_the_conversion_tables_metric_scores(client):
    page = _example_page(client, "swemwbs_change", "swemwbs_change-warwick-conversion-table")
    assert "Data shown: swemwbs_conversion_table_points.csv" in words(page)
    published = {raw: EV.value(f"swemwbs.metric.r{raw:02d}") for raw in range(7, 36)}
    pairs = [(7, 14), (14, 21), (21, 28), (28, 35), (21, 14)]  # the file's raw scores
    mean = sum(published[b] - published[a] for a, b in pairs) / len(pairs)
    assert summary(page).startswith(f"Average change {mean:+.2f} metric points")


def test_a_worked_example_loses_its_name_once_an_input_changes(client):
    d = get("service_sizing")
    example = "service_sizing-nhs-england-50-reach"
    scenario = web_pages.examples(d)[example]
    link = web_pages.example_address(d, example, scenario)
    assert "NHS England reach target" in client.get(link).text
    changed = link.replace("in_contact=60424", "in_contact=50000")
    assert changed != link
    page = client.get(changed).text
    assert "NHS England reach target" not in title(page)
    assert "Worked example:" not in words(page)
    assert 'name="example"' not in page  # the next address does not carry it
    assert "example=" not in page.split('rel="canonical"')[1].split(">")[0]


# -- errors the GOV.UK way -------------------------------------------------------------------------
def _first_number(name: str):
    return next((i for i in get(name).inputs if i.kind in NUMBER_KINDS), None)


@pytest.mark.parametrize("name", [n for n in DEFINITIONS if _first_number(n) is not None])
def test_a_bad_value_gives_the_error_pattern_and_no_traceback(client, name):
    item = _first_number(name)
    response = client.get(f"/calculators/{name}?{item.name}=lots")
    assert response.status_code == 200
    page = response.text
    no_traceback(page)
    assert title(page).startswith("Error: ")
    assert 'class="govuk-error-summary"' in page
    assert f'<a href="#in-{item.name}">' in page  # the summary links to the input
    assert f'id="in-{item.name}-error"' in page  # the message at the input
    assert f'aria-describedby="in-{item.name}-hint in-{item.name}-error"' in page
    assert 'value="lots"' in page  # what was typed is kept
    # the result is the one for the last valid inputs, said so
    assert "The results below are for the last valid inputs" in page
    assert summary(page) == text(get(name).run().summary)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("contract_months=12.5", "Contract length must be a whole number; you typed '12.5'"),
        ("contract_months=", "please enter a whole number"),
        ("job_entry_rate=140", "must be a number between 0% and 100%; you typed '140'"),
        ("job_entry_rate=0.4", "could mean 0.4% or 40% (as a share of 1)"),
        ("annual_starters=12,5", "could mean 12.5 (a decimal comma) or 125"),
        ("annual_starters=-5", "must be a number between"),
        ("annual_starters=1e999", "must be a number between"),
        ("speed=3", "speed is not an input of Ramp-up"),
    ],
)
def test_each_kind_of_bad_value_gets_a_message_naming_what_is_allowed(client, query, message):
    page = client.get(f"/calculators/ramp_up?{query}").text
    no_traceback(page)
    assert title(page).startswith("Error: ")
    assert message in html.unescape(page)


def test_a_bad_value_keeps_the_result_for_the_last_valid_inputs(client):
    d = get("ramp_up")
    page = client.get("/calculators/ramp_up?annual_starters=lots&last=annual_starters%3D400").text
    assert summary(page) == text(d.run({"annual_starters": 400}).summary)
    assert "The results below are for the last valid inputs" in page
    assert 'name="last" value="annual_starters=400' in page


def test_a_choice_not_offered_is_an_error_not_a_different_number(client):
    page = client.get("/calculators/service_sizing?model=XYZ").text
    assert title(page).startswith("Error: ")
    assert "must be one of IPS, SEQF" in html.unescape(page)


# -- local mode answers only to its own Host -----------------------------------------------------
@pytest.mark.parametrize(
    ("host", "status"),
    [
        (f"127.0.0.1:{PORT}", 200),
        (f"localhost:{PORT}", 200),
        (f"LOCALHOST:{PORT}", 200),
        (f"[::1]:{PORT}", 200),
        ("evil.example", 400),
        (f"evil.example:{PORT}", 400),
        (f"127.0.0.1:{PORT + 1}", 400),
        ("127.0.0.1", 400),
        ("[::1]", 400),
        ("", 400),
    ],
)
def test_only_its_own_host_is_answered(client, host, status):
    response = client.get("/calculators/ramp_up", headers={"host": host})
    assert response.status_code == status
    if status == 400:
        assert "Ramp-up" not in response.text


def test_settings_refuse_what_they_cannot_mean():
    with pytest.raises(ValueError, match="mode must be one of local"):
        Settings(mode="everywhere")
    with pytest.raises(ValueError, match="port must be between 1 and 65535"):
        Settings(port=0)
    with pytest.raises(TypeError, match="port must be a whole number"):
        Settings(port="8866")


# -- the real local server -------------------------------------------------------------------------
def _get(url: str, host: str | None = None) -> tuple[int, str]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


class LocalServer:
    """``guidance serve`` started as a trainer starts it (``scripts/trainer-app`` runs the
    same command), stopped with Ctrl+C."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.output = ""
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "guidance", "serve", "--port", str(port), "--no-browser"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )

    def __enter__(self) -> LocalServer:
        deadline = time.monotonic() + 120
        while True:
            assert self.proc.poll() is None, self.proc.stdout.read()
            try:
                _get(f"{self.base}/")
                return self
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)

    def __exit__(self, *exc) -> None:
        self.proc.send_signal(signal.SIGINT)  # Ctrl+C
        try:
            self.output, _ = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the session this test started
            self.output, _ = self.proc.communicate()


def test_the_local_server_serves_loopback_only_and_refuses_a_forged_host():
    port = free_port()
    with LocalServer(port) as server:
        status, page = _get(f"{server.base}/")
        assert status == 200 and "/calculators/service_sizing" in page
        # a DNS-rebinding page reaches 127.0.0.1 under its own name: refused
        status, page = _get(f"{server.base}/calculators/service_sizing", host="attacker.example")
        assert status == 400 and "Service sizing" not in page
        status, page = _get(f"{server.base}/calculators/ramp_up?annual_starters=400")
        assert status == 200 and "Year 1 target: 144 starters and 58 job entries" in page
        here = socket.gethostbyname(socket.gethostname())  # listening on loopback only
        if not here.startswith("127."):
            with socket.socket() as s, pytest.raises(OSError):
                s.settimeout(2)
                s.connect((here, port))
    assert f"http://127.0.0.1:{port}/" in server.output  # the address was printed
    assert "Stopped." in server.output and "Traceback" not in server.output
    assert server.proc.returncode == 0
    # started again at once on the same port (its closed connections still linger)
    with LocalServer(port) as again:
        assert _get(f"{again.base}/")[0] == 200
    assert again.proc.returncode == 0, again.output


def test_serve_refuses_a_busy_port(capsys):
    from guidance.frontends.web.serve import serve

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))  # a port the system picks, held busy here
        s.listen()
        assert serve(s.getsockname()[1], open_browser=False) == 2
    assert "is in use" in capsys.readouterr().err


def test_an_unexpected_failure_is_a_plain_page_without_a_traceback(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(web_pages, "calculator_page", fail)
    app = create_app(Settings(port=PORT))
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        response = c.get("/calculators/ramp_up?annual_starters=400")
    assert response.status_code == 500
    assert "Sorry, there is a problem" in response.text
    assert "secret detail" not in response.text and "Traceback" not in response.text
