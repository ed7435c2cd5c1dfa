"""Scenario files across versions of a calculator, and files a hostile tester would make."""

import dataclasses
import json
import os
import re
from pathlib import Path

import pytest

from guidance.calculators import DEFINITIONS, get
from guidance.calculators.spec import Default, Input
from guidance.files import scenarios
from guidance.files.scenarios import ScenarioError


def _with_vacancy_rate():
    """Service sizing as it would be after a contributor added an input (version 2)."""
    d = get("service_sizing")
    added = Input(
        "vacancy_rate",
        "Posts vacant at any time",
        "percent",
        Default.illustrative(0.1, "a test of a new input"),
        added_in=2,
    )

    def compute(vacancy_rate, **values):
        return d.compute(**values)

    new = dataclasses.replace(d, inputs=d.inputs + (added,), compute=compute)
    return {**DEFINITIONS, "service_sizing": new}


def _old_file(**changes) -> str:
    """A service-sizing scenario as version 1 of the format wrote it."""
    data = {
        "format": "guidance-scenario",
        "version": 1,
        "calculator": "service_sizing",
        "title": "Saved last year",
        "inputs": get("service_sizing").defaults() | {"reach_per_year": 0.5},
    }
    data.update(changes)
    return json.dumps(data)


def test_a_file_saved_before_an_input_was_added_loads_with_a_notice():
    calculators = _with_vacancy_rate()
    scenario = scenarios.loads(_old_file(), calculators=calculators)
    assert scenario.inputs["vacancy_rate"] == 0.1
    assert scenario.inputs["reach_per_year"] == 0.5
    assert scenario.calculator_version == 2
    (notice,) = scenario.notices
    assert "'Posts vacant at any time' was added to Service sizing after this scenario" in notice
    assert "illustrative: a test of a new input" in notice


def test_a_file_missing_an_input_it_should_have_is_refused():
    calculators = _with_vacancy_rate()
    data = json.loads(_old_file())
    data["version"], data["calculator_version"] = 2, 2
    with pytest.raises(ScenarioError, match="missing input.*vacancy_rate"):
        scenarios.loads(json.dumps(data), calculators=calculators)


def test_a_file_from_a_newer_calculator_says_so():
    data = json.loads(_old_file())
    data["version"], data["calculator_version"] = 2, 7
    with pytest.raises(ScenarioError, match="newer version of the guide.*calculator version 7"):
        scenarios.loads(json.dumps(data))


def test_every_shipped_scenario_still_loads():
    problems = []
    shipped = scenarios.shipped_scenarios(problems=problems)
    assert not problems
    assert {s.calculator for s in shipped.values()} <= set(DEFINITIONS)
    assert len(shipped) >= 5


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"x": ' + "9" * 400 + "}", "more than 30 digits"),
        ('{"x": ' + "9" * 5000 + "}", "more than 30 digits"),
        ("[" * 990 + "]" * 990, "nested too deeply|it holds a list"),
        ('{"a":' * 990 + "1" + "}" * 990, "not a scenario"),
        ('{"x": 1e999}', "too large"),
        ('{"x": 1' + "0" * 400 + ".5}", "more than 30 digits"),
    ],
)
def test_hostile_numbers_and_nesting_get_the_scenario_message(text, words):
    with pytest.raises(ScenarioError, match=words):
        scenarios.loads(text)


def test_deep_nesting_in_the_inputs_is_a_scenario_error():
    deep = "[" * 900 + "1" + "]" * 900
    text = _old_file().replace('"model": "IPS"', f'"model": {deep}')
    with pytest.raises(ScenarioError):
        scenarios.loads(text)


def test_a_title_that_cannot_be_saved_leaves_no_file(tmp_path):
    scenario = scenarios.Scenario("ramp_up", "bad \ud800 title", get("ramp_up").defaults())
    with pytest.raises(ScenarioError, match="cannot be saved"):
        scenarios.save_file(scenario, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_saving_is_atomic_and_never_overwrites(tmp_path, monkeypatch):
    scenario = scenarios.defaults_scenario("ramp_up")
    first = scenarios.save_file(scenario, tmp_path)

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError):
        scenarios.save_file(scenario, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.name]  # nothing half-written
    monkeypatch.undo()
    second = scenarios.save_file(scenario, tmp_path)
    assert second != first and scenarios.load_file(first) == scenarios.load_file(second)


def test_a_broken_saved_file_is_listed_as_broken(tmp_path):
    good = scenarios.save_file(scenarios.defaults_scenario("ramp_up"), tmp_path)
    broken = tmp_path / "ramp_up-broken.json"
    broken.write_text(_old_file().replace("service_sizing", "ramp_up"), "utf-8")
    loaded, bad = scenarios.saved_scenarios(tmp_path, "ramp_up")
    assert list(loaded) == [good]
    assert "ramp_up-broken.json" in bad[broken] and "does not use" in bad[broken]


def test_checking_a_file_builds_no_widget(monkeypatch):
    import sys

    monkeypatch.delitem(sys.modules, "ipywidgets", raising=False)
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # importing it would now fail
    text = scenarios.dumps(scenarios.defaults_scenario("service_sizing"))
    assert scenarios.loads(text).inputs["in_contact"] == 60424


def test_a_real_added_input_old_sizing_files_still_load():
    """Service sizing gained 'Employer pension contribution' in version 2 (one Input in
    calculators/service_sizing.py): a file saved by version 1 loads, at the default."""
    from guidance.core.evidence import load_register

    old = (
        Path(__file__).parent / "data" / "scenarios_v1" / "service_sizing-fair-start-scotland.json"
    )
    assert "pension_rate" not in json.loads(old.read_text("utf-8"))["inputs"]
    scenario = scenarios.load_file(old)
    assert scenario.inputs["pension_rate"] == load_register().value("ipsgrow.pension.rate")
    (notice,) = scenario.notices
    assert notice.startswith("'Employer pension contribution' was added to Service sizing")
    assert "14.3%, ipsgrow2026workforce" in notice
    assert get("service_sizing").input("pension_rate").added_in == 2


SHIPPED = Path(scenarios.__file__).resolve().parents[1] / "data" / "scenarios"


def _contributing_example() -> tuple[str, str, int]:
    """What CONTRIBUTING.md's worked example of adding an input says to write: the
    calculator, the evidence key of the default and the ``added_in`` rule."""
    text = (Path(__file__).resolve().parents[1] / "CONTRIBUTING.md").read_text("utf-8")
    example = text[text.index("A worked example of adding an input") :]
    assert "`added_in` is one more than the definition's version" in example
    assert 'get("service_sizing").version' in example
    key = re.search(r"Default.evidence\(\"([\w.]+)\"\)", example).group(1)
    return "service_sizing", key, get("service_sizing").version + 1


def _with_added_input(added_in: int):
    """The calculator as it is after following CONTRIBUTING.md's example: one more Input,
    its default from the register, ``added_in`` as the example says."""
    name, key, _ = _contributing_example()
    d = get(name)
    added = Input(
        "new_rate",
        "A rate added by a contributor",
        "percent",
        Default.evidence(key),
        added_in=added_in,
    )

    def compute(new_rate, **values):
        return d.compute(**values)

    new = dataclasses.replace(d, inputs=d.inputs + (added,), compute=compute)
    return {**DEFINITIONS, name: new}


def test_following_the_contributing_example_keeps_every_saved_scenario_loading():
    """CONTRIBUTING.md followed literally: every shipped scenario and a version-1 file
    load with the new input at its register default and a notice naming it."""
    from guidance.core.evidence import load_register

    name, key, added_in = _contributing_example()
    calculators = _with_added_input(added_in)
    assert calculators[name].version == added_in
    files = sorted(SHIPPED.glob(f"{name}-*.json"))
    files.append(
        Path(__file__).parent / "data" / "scenarios_v1" / f"{name}-fair-start-scotland.json"
    )
    assert len(files) >= 4
    for path in files:
        scenario = scenarios.loads(path.read_bytes(), calculators=calculators)
        assert scenario.inputs["new_rate"] == load_register().value(key), path.name
        assert any(
            n.startswith("'A rate added by a contributor' was added to Service sizing")
            for n in scenario.notices
        ), (path.name, scenario.notices)
        saved = scenarios.dumps(scenario)  # saved again: at the new version, with the input
        assert json.loads(saved)["calculator_version"] == added_in
        assert scenarios.loads(saved, calculators=calculators).inputs == scenario.inputs


def test_reusing_the_current_version_number_would_break_the_shipped_scenarios():
    """Why the example says "one more": with ``added_in`` equal to today's version, the
    scenarios saved at that version lack the input and are refused."""
    name, _, added_in = _contributing_example()
    calculators = _with_added_input(added_in - 1)
    path = sorted(SHIPPED.glob(f"{name}-*.json"))[0]
    with pytest.raises(ScenarioError, match="missing input.*new_rate"):
        scenarios.loads(path.read_bytes(), calculators=calculators)
