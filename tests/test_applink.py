"""Book boxes link to the served app with their inputs; the app reads them back exactly."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pytest

from guidance.files import applink
from guidance.frontends.widgets import all_calculators
from guidance.frontends.widgets import app as trainer

BASE = "https://app.example/voila/render/"


@pytest.mark.parametrize("name", list(all_calculators()))
def test_every_calculator_round_trips_its_inputs_through_a_link(name):
    calc = all_calculators()[name]()
    link = applink.app_link(name, calc.values(), base=BASE)
    query = urlsplit(link).query
    values, problems = applink.parse_values(query, calc.fields)
    assert problems == []
    assert values == calc.values()
    for key, value in values.items():
        assert type(value) is type(calc.values()[key]) or isinstance(value, float)


def test_the_box_links_to_the_app_when_built_with_an_address(monkeypatch):
    monkeypatch.setenv(applink.ENV_APP_URL, BASE)
    calc = all_calculators()["service_sizing"]()
    page = calc._repr_mimebundle_()["text/html"]
    hrefs = re.findall(r'class="guidance-app-link"><a href="([^"]+)"', page)
    assert len(hrefs) == 1
    link = html.unescape(hrefs[0])
    assert link == applink.app_link("service_sizing", calc.values(), base=BASE)
    assert "reach_per_year=" in link
    assert "<script" not in page.split("guidance-app-link")[1]  # plain navigation only


def test_the_box_says_how_to_run_locally_without_an_address(monkeypatch):
    monkeypatch.delenv(applink.ENV_APP_URL, raising=False)
    page = all_calculators()["ramp_up"]()._repr_mimebundle_()["text/html"]
    assert html.escape(applink.LOCAL_HINT) in page
    assert 'class="guidance-app-link"><a' not in page


@pytest.mark.parametrize("base", ["", "  ", "javascript:alert(1)//", "ftp://x/y", "/relative/"])
def test_no_link_for_a_missing_or_unsafe_address(base):
    assert applink.app_link("ramp_up", {}, base=base) is None


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
def test_bad_link_values_are_named_and_never_loaded(query, words, tmp_path):
    calc = all_calculators()["service_sizing"]()
    before = calc.values()
    panel = trainer.TrainerPanel(calc, folder=tmp_path)
    panel.load_query("name=service_sizing&" + query)
    assert words in panel.status_text
    assert panel.status_text.startswith("Some inputs in the address were not used")
    assert calc.values() == before


def test_a_good_link_loads_and_says_so(tmp_path):
    calc = all_calculators()["service_sizing"]()
    panel = trainer.TrainerPanel(calc, folder=tmp_path)
    panel.load_query("name=service_sizing&reach_per_year=30&in_contact=20000")
    assert calc.values()["reach_per_year"] == 0.3 and calc.values()["in_contact"] == 20000
    assert panel.status_text == "Loaded the inputs from the link."


def test_participant_folders_are_separate_and_ids_are_checked(tmp_path, monkeypatch):
    monkeypatch.setenv(trainer.ENV_ROOM_FILES, str(tmp_path))
    monkeypatch.setenv(trainer.ENV_PARTICIPANT, "b" * 32)
    assert trainer.trainer_folder() == (tmp_path / ("b" * 32)).resolve()
    for hostile in ("../../etc", "B" * 32, "", "a" * 31):
        monkeypatch.setenv(trainer.ENV_PARTICIPANT, hostile)
        folder = trainer.trainer_folder()
        assert folder.parent == tmp_path.resolve() and folder.name.startswith("session-")
