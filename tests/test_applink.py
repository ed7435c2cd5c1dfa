"""Book boxes hold a form for the served pages with their inputs; the pages read them back."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest

from guidance.calculators import DEFINITIONS
from guidance.files import applink
from guidance.frontends.web.bookform import app_form_html
from guidance.frontends.widgets import all_calculators

BASE = "https://guide.example.org/"


class _Form(HTMLParser):
    """The fields a browser would submit from the first form in some HTML."""

    def __init__(self):
        super().__init__()
        self.action = self.method = None
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.action is None:
            self.action, self.method = a.get("action"), a.get("method")
        elif tag == "input" and "name" in a:
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a["value"]))
        elif tag == "script":
            self.scripts += 1

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def submitted(page: str) -> tuple[str, str, list[tuple[str, str]]]:
    form = _Form()
    form.feed(page)
    return form.action, form.method, form.fields


@pytest.mark.parametrize("name", list(DEFINITIONS))
def test_every_box_form_submits_the_page_inputs_and_they_read_back_exactly(name, monkeypatch):
    monkeypatch.setenv(applink.ENV_APP_URL, BASE)
    calc = all_calculators()[name]()
    page = calc._repr_mimebundle_()["text/html"]
    box = page[page.index('class="guidance-app-link"') :]
    action, method, fields = submitted(box)
    assert action == f"{BASE}calculators/{name}" and method == "get"
    names = [k for k, _ in fields]
    assert names == [i.name for i in DEFINITIONS[name].inputs] + ["v"]
    values, problems = applink.parse_values(urlencode(fields[:-1]), calc.fields)
    assert problems == []
    assert values == calc.values()
    assert applink.app_link(name, calc.values(), base=BASE) == f"{action}?{urlencode(fields[:-1])}"


def test_every_input_has_a_label_and_its_allowed_values(monkeypatch):
    monkeypatch.setenv(applink.ENV_APP_URL, BASE)
    page = all_calculators()["service_sizing"]()._repr_mimebundle_()["text/html"]
    for item in DEFINITIONS["service_sizing"].inputs:
        field = f"guidance-service_sizing-{item.name}"
        assert f'<label for="{field}">' in page
        assert f'id="{field}-hint"' in page and f'aria-describedby="{field}-hint"' in page
    assert "Allowed: a number between 0% and 100%." in page  # a percentage, as typed
    assert "Calculate with your numbers" in page
    assert "Nothing is sent until you press the button" in page


def test_the_form_has_no_script_and_loads_nothing(monkeypatch):
    monkeypatch.setenv(applink.ENV_APP_URL, BASE)
    for name in DEFINITIONS:
        page = all_calculators()[name]()._repr_mimebundle_()["text/html"]
        box = page[page.index('class="guidance-app-link"') :]
        form = _Form()
        form.feed(box)
        assert form.scripts == 0
        assert not re.search(r"\b(src|srcset|formaction)=", box)


def test_without_an_address_the_box_says_how_to_get_own_numbers(monkeypatch):
    monkeypatch.delenv(applink.ENV_APP_URL, raising=False)
    page = all_calculators()["ramp_up"]()._repr_mimebundle_()["text/html"]
    assert html.escape(applink.LOCAL_HINT) in page
    assert "<form" not in page
    assert "bash" not in applink.LOCAL_HINT and "scripts/" not in applink.LOCAL_HINT


def test_the_link_is_the_forms_address():
    link = applink.app_link("ramp_up", {"months": 6}, base="http://127.0.0.1:8733")
    assert link == "http://127.0.0.1:8733/calculators/ramp_up?months=6"
    assert urlsplit(link).path == "/calculators/ramp_up"


@pytest.mark.parametrize("base", ["", "  ", "javascript:alert(1)//", "ftp://x/y", "/relative/"])
def test_no_form_for_a_missing_or_unsafe_address(base):
    assert applink.app_link("ramp_up", {}, base=base) is None
    assert app_form_html(DEFINITIONS["ramp_up"], {}, base=base) == ""


@pytest.mark.parametrize(
    "query, words",
    [
        ("reach_per_year=140", "must be a number between 0% and 100%; you typed '140'"),
        ("reach_per_year=0.3", "could mean 0.3% or 30% (as a share of 1)"),
        ("reach_per_year=abc", "must be a number between 0% and 100%; you typed 'abc'"),
        ("reach_per_year=nan", "must be a number between 0% and 100%."),
        ("in_contact=12.5", "must be a whole number; you typed '12.5'"),
        ("in_contact=12,5", "could mean 12.5 (a decimal comma) or 125 (a thousands comma)"),
        ("=cmd|calc", "is not an input of this calculator"),
        ("zz=1", "zz is not an input of this calculator"),
    ],
)
def test_bad_values_in_an_address_are_named_and_never_loaded(query, words):
    calc = all_calculators()["service_sizing"]()
    values, problems = applink.parse_values(query, calc.fields)
    assert any(words in p for p in problems)
    assert values == {}
