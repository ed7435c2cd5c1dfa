"""The book's app address: set in ``_config.yml`` or ``$GUIDANCE_APP_URL`` (which wins).

``book/_ext/guidance_applink.py`` reads ``sphinx.config.guidance_app_url`` and hands it to
the chapters' kernels in the environment; the calculator boxes then link to the app
(``guidance.files.applink``). These tests drive the extension's functions as Sphinx calls them,
without building the book.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest
import yaml

from guidance.files import applink
from guidance.frontends.widgets import all_calculators

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import guidance_applink  # noqa: E402
import guidance_cache  # noqa: E402

CONFIGURED = "https://guide.example.org/"
ENVIRONMENT = "http://127.0.0.1:8733/"


def box_link(name: str = "service_sizing") -> str | None:
    """Where the box's form goes (its action), or None when the box has no form."""
    page = all_calculators()[name]()._repr_mimebundle_()["text/html"]
    actions = re.findall(r'<form class="guidance-app-form" method="get" action="([^"]+)"', page)
    return html.unescape(actions[0]) if actions else None


def test_the_config_names_the_setting_and_registers_the_extension():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert "guidance_applink" in config["sphinx"]["local_extensions"]
    assert config["sphinx"]["config"]["guidance_app_url"] == ""  # default: no links


def test_an_address_in_the_config_reaches_the_calculator_boxes(monkeypatch):
    monkeypatch.delenv(applink.ENV_APP_URL, raising=False)
    environ: dict[str, str] = {}
    assert guidance_applink.apply(CONFIGURED, environ) == CONFIGURED
    monkeypatch.setenv(applink.ENV_APP_URL, environ[applink.ENV_APP_URL])  # the kernel's
    assert box_link() == CONFIGURED + "calculators/service_sizing"


def test_the_environment_variable_wins_over_the_config(monkeypatch):
    environ = {applink.ENV_APP_URL: ENVIRONMENT}
    assert guidance_applink.apply(CONFIGURED, environ) == ENVIRONMENT
    monkeypatch.setenv(applink.ENV_APP_URL, environ[applink.ENV_APP_URL])
    assert box_link("ramp_up") == ENVIRONMENT + "calculators/ramp_up"


def test_no_address_anywhere_leaves_the_local_hint(monkeypatch):
    monkeypatch.delenv(applink.ENV_APP_URL, raising=False)
    environ: dict[str, str] = {}
    assert guidance_applink.apply("", environ) == ""
    assert applink.ENV_APP_URL not in environ
    assert box_link() is None


@pytest.mark.parametrize("bad", ["javascript:alert(1)//", "ftp://x/", "guide.example.org/"])
def test_a_bad_address_is_named_with_what_is_allowed(bad):
    with pytest.raises(ValueError, match="must be an http:// or https:// address") as error:
        guidance_applink.apply(bad, {})
    assert repr(bad) in str(error.value)


def test_a_new_address_re_executes_the_chapters(monkeypatch):
    monkeypatch.delenv(applink.ENV_APP_URL, raising=False)
    without = guidance_cache.package_fingerprint()
    monkeypatch.setenv(applink.ENV_APP_URL, CONFIGURED)
    assert guidance_cache.package_fingerprint() != without
