"""Scenarios: saved as readable JSON, loaded back exactly, bad files refused clearly."""

from __future__ import annotations

import ast
import builtins
import codecs
import dataclasses
import json
import math
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidance.calculators import DEFINITIONS, get
from guidance.calculators.payment_simulator import COST_REIMBURSED, to_nearest_100
from guidance.calculators.spec import Output, Text
from guidance.core.evidence import load_register
from guidance.files import scenarios as sc
from guidance.files.scenarios import Scenario, ScenarioError
from guidance.frontends.widgets import calculator
from guidance.frontends.widgets.base import Calculator

BAD = Path(__file__).parent / "data" / "bad_scenarios"
SOURCE = Path(sc.__file__)

# every file in tests/data/bad_scenarios and the words its message must contain
BAD_MESSAGES = {
    "truncated.json": "it is not valid JSON",
    "empty.json": "it is not valid JSON (Expecting value at line 1, column 1)",
    "a_list.json": "it holds a list",
    "no_format.json": "it has no 'format' (expected 'guidance-scenario')",
    "wrong_format.json": "its 'format' is \"excel-workbook\"; expected 'guidance-scenario'",
    "newer_version.json": "saved by a newer version of the guide (scenario format version 3); "
    "this app reads version 2",
    "version_as_text.json": "'version' must be a whole number such as 2; got \"1\"",
    "version_zero.json": "'version' must be 1 or more; got 0",
    "huge_integer.json": "holds a number with more than 30 digits",
    "huge_integer_past_python_limit.json": "holds a number with more than 30 digits",
    "deep_nesting.json": "nested too deeply",
    "newer_calculator.json": "saved by a newer version of the guide, whose Service sizing "
    "calculator has inputs this one does not know (calculator version 99",
    "out_of_range_money.json": "(unit_cost) must be a number between £0 and £100,000; got £1e+300.",
    "unknown_calculator.json": 'a calculator called "teleporter", which this app does not have',
    "unexpected_input.json": "input(s) that Service sizing does not use: bogus",
    "missing_input.json": "missing input(s) of Service sizing: caseload",
    "number_as_text.json": "Input 'Active caseload per specialist' (caseload) must be a number; "
    'got "ten" (text)',
    "true_as_number.json": "Input 'People in contact with services' (in_contact) must be a "
    "number; got true (true/false)",
    "null_value.json": "(unit_cost) must be a number; got null (nothing (null))",
    "percent_as_0_to_100.json": "(reach_per_year) is a percentage, saved as a share between 0 "
    "and 1 (0.3 means 30%); got 50",
    "fraction_for_whole_number.json": "(in_contact) must be a whole number; got 100.5",
    "choice_not_allowed.json": '(model) must be one of "IPS", "SEQF"; got "XYZ"',
    "nan_value.json": "it contains NaN, which is not a number JSON allows",
    "infinity_value.json": "it contains Infinity, which is not a number JSON allows",
    "unexpected_field.json": "unexpected field(s): macro",
    "missing_title.json": "missing field(s): title",
    "empty_title.json": "'title' is empty",
    "title_not_text.json": "'title' must be text; got 42 (int)",
    "inputs_not_object.json": "'inputs' must be an object of input names and values; got a list",
    "duplicate_key.json": "gives 'reach_per_year' twice",
    "bad_saved_date.json": "'saved' must be a date and time",
    "evidence_for_unknown_input.json": "'evidence' names input(s) it does not have: magic",
    "evidence_not_text.json": "'evidence' must be an object of input names and",
    "pickle.json": "it is not UTF-8 text",
    "yaml_python_tag.json": "it is not valid JSON",
    "calculator_not_text.json": "'calculator' must be a calculator's name (text)",
}


def test_catalogue_of_bad_files_is_complete():
    assert sorted(p.name for p in BAD.glob("*.json")) == sorted(BAD_MESSAGES)


@pytest.mark.parametrize("name", sorted(BAD_MESSAGES))
def test_bad_scenario_file_gives_its_message(name):
    with pytest.raises(ScenarioError) as error:
        sc.load_file(BAD / name)
    message = str(error.value)
    assert message.startswith(f"{name}: ")
    assert BAD_MESSAGES[name] in message
    assert "Traceback" not in message


def test_loading_never_runs_code(monkeypatch):
    """Every file, good or bad, loads with eval/exec/pickle unavailable."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("loading a scenario must never execute code")

    # Python imports a text codec the first time it is used, and importing runs the codec
    # module's code with exec: do that now, so the test sees only what loading itself does.
    codecs.lookup("utf-8-sig")

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "load", refuse)
    for path in BAD.glob("*.json"):
        with pytest.raises(ScenarioError):
            sc.load_file(path)
    assert sc.shipped_scenarios()
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    imported |= {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not imported & {"pickle", "yaml", "marshal", "shelve", "dill", "runpy"}
    called = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert not called & {"eval", "exec", "compile", "__import__"}


def test_code_in_a_text_value_stays_text(tmp_path):
    calc = calculator("service_sizing")
    scenario = calc.scenario("__import__('os').system('touch HACKED')")
    path = sc.save_file(scenario, tmp_path)
    loaded = sc.load_file(path)
    assert loaded.title == "__import__('os').system('touch HACKED')"
    assert not (tmp_path / "HACKED").exists() and not Path("HACKED").exists()


def test_file_format_is_readable_json_with_version(tmp_path):
    calc = calculator("service_sizing")
    calc.set_values({"reach_per_year": 0.5})
    path = sc.save_file(calc.scenario("Half reached", "A test."), tmp_path)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data)[:5] == ["format", "version", "calculator", "calculator_version", "title"]
    assert data["format"] == "guidance-scenario" and data["version"] == sc.VERSION == 2
    assert data["calculator_version"] == get("service_sizing").version
    assert data["calculator"] == "service_sizing"
    assert data["inputs"]["reach_per_year"] == 0.5
    assert data["inputs"]["in_contact"] == 60424 and isinstance(data["inputs"]["in_contact"], int)
    assert '\n  "inputs": {\n    "model": "IPS",' in text  # indented, one input a line
    assert data["saved"][:4].isdigit() and "T" in data["saved"]
    assert path.name == "service_sizing-half-reached.json"


def test_save_never_overwrites(tmp_path):
    calc = calculator("ramp_up")
    first = sc.save_file(calc.scenario("Same name"), tmp_path)
    second = sc.save_file(calc.scenario("Same name"), tmp_path)
    third = sc.save_file(calc.scenario("Same name"), tmp_path)
    assert [first.name, second.name, third.name] == [
        "ramp_up-same-name.json",
        "ramp_up-same-name-2.json",
        "ramp_up-same-name-3.json",
    ]


def test_load_restores_inputs_and_results_exactly(tmp_path):
    calc = calculator("service_sizing")
    calc.set_values(
        {
            "reach_per_year": 0.5,
            "staffing_method": "caseload",
            "caseload": 20.0,
            "model": "SEQF",
            "in_contact": 12345,
        }
    )
    saved_values, saved_summary = calc.values(), calc.result.summary
    path = sc.save_file(calc.scenario("Mixed"), tmp_path)
    fresh = calculator("service_sizing")
    assert fresh.result.summary != saved_summary
    fresh.apply(sc.load_file(path, expected="service_sizing"))
    assert fresh.values() == saved_values
    assert fresh.result.summary == saved_summary
    assert repr(fresh) == repr(calc)


def test_wrong_calculator_message():
    text = sc.dumps(calculator("ramp_up").scenario("Ramp"))
    with pytest.raises(
        ScenarioError, match="This scenario is for the ramp_up calculator, not Service sizing"
    ):
        sc.loads(text, expected="service_sizing")
    with pytest.raises(ScenarioError, match="not Service sizing"):
        calculator("service_sizing").apply(sc.loads(text))


def test_loads_accepts_bytes_with_bom_and_refuses_huge_files():
    text = sc.dumps(sc.defaults_scenario("ramp_up"))
    assert sc.loads(b"\xef\xbb\xbf" + text.encode("utf-8")).calculator == "ramp_up"
    with pytest.raises(ScenarioError, match="too large"):
        sc.loads(b" " * (sc.MAX_BYTES + 1))
    with pytest.raises(TypeError, match="text must be str or bytes"):
        sc.loads(12)


def test_whole_number_as_float_is_accepted():
    data = json.loads(sc.dumps(sc.defaults_scenario("service_sizing")))
    data["inputs"]["in_contact"] = 1000.0
    loaded = sc.loads(json.dumps(data))
    assert loaded.inputs["in_contact"] == 1000 and isinstance(loaded.inputs["in_contact"], int)


def test_unreadable_file_message(tmp_path):
    with pytest.raises(ScenarioError, match="missing.json: cannot read the file"):
        sc.load_file(tmp_path / "missing.json")


def test_from_calculator_needs_a_title():
    with pytest.raises(ScenarioError, match="needs a title"):
        calculator("service_sizing").scenario("  ")


def test_dumps_type_check():
    with pytest.raises(TypeError, match="scenario must be a Scenario"):
        sc.dumps({"inputs": {}})


def test_slug():
    assert sc.slug("  ") == "scenario"
    assert sc.slug("Ünïcode & Co: 50%") == "n-code-co-50"
    assert len(sc.slug("x" * 200)) == 60


def test_changed_inputs():
    calc = calculator("service_sizing")
    assert sc.changed_inputs("service_sizing", calc.values()) == []
    calc.set_values({"model": "SEQF", "in_contact": 100})
    # the SEQF defaults that follow the model are not changes of the person's
    assert [f.name for f, _, _ in sc.changed_inputs("service_sizing", calc.values())] == [
        "model",
        "in_contact",
    ]


def test_saved_scenarios_lists_good_and_reports_bad(tmp_path):
    good = sc.save_file(calculator("service_sizing").scenario("Good one"), tmp_path)
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    found, bad = sc.saved_scenarios(tmp_path, "service_sizing")
    assert list(found) == [good]
    assert "not valid JSON" in bad[tmp_path / "broken.json"]
    assert sc.saved_scenarios(tmp_path, "ramp_up")[0] == {}
    assert sc.saved_scenarios(tmp_path / "nowhere") == ({}, {})


# -- shipped scenarios -----------------------------------------------------------------------
def test_shipped_scenarios_load_and_include_the_fss_sizing_and_a_variant():
    shipped = sc.shipped_scenarios()
    sizing = sc.shipped_scenarios("service_sizing")
    assert "service_sizing-fss-glasgow-and-clyde.json" in sizing
    assert len(sizing) >= 2
    assert set(sizing) <= set(shipped)
    for s in shipped.values():
        assert s.calculator in DEFINITIONS
        assert s.title and s.description


FSS_EXAMPLE = "service_sizing-fair-start-scotland.json"


def test_every_calculator_has_a_worked_example_unlike_its_defaults():
    shipped = sc.shipped_scenarios()
    have = {s.calculator for s in shipped.values()}
    assert have == set(DEFINITIONS)
    for file, s in shipped.items():
        if sc.shipped_file(s) is not None:
            # made with a file the guide ships: unlike the defaults in its data, which is
            # not the example shown by default (the published figures are checked in its
            # own test)
            example = get(s.calculator).upload.example()[1]
            assert s.data["name"] != example, file
            continue
        if s.inputs == sc.defaults_scenario(s.calculator).inputs:
            # the published case the defaults are drawn from (the Fair Start Scotland review
            # for service sizing), shipped so a trainer can choose it by name
            assert (file, s.title) == (FSS_EXAMPLE, "Fair Start Scotland review estimate")
            continue
        assert s.evidence, file  # named after the published case: its figures cited


def test_the_seqf_worked_example_is_marked_illustrative_everywhere():
    """No SEQF assessment profile is published (BASE publishes no element scores, scale or
    thresholds), so its worked example is made up and says so in its name, its
    description and the register."""
    register = load_register()
    (name, s), *others = sc.shipped_scenarios("seqf_profile").items()
    assert not others
    assert "illustrative" in name and "ILLUSTRATIVE" in s.title
    assert "ILLUSTRATIVE" in s.description and "not an assessment" in s.description
    assert set(s.evidence) == set(s.inputs)
    for key in s.evidence.values():
        entry = register[key]
        assert entry.description.startswith("Illustrative") and entry.derived
    out = get("seqf_profile").run(s.inputs)
    weakest_first = [row[1] for row in out.tables[0].rows]
    # Strong on engagement, weak on in-work support: the profile runs the stages in reverse.
    assert weakest_first[0] == "On and off the job support"
    assert weakest_first[-1] == "Client engagement"


def test_a_scenario_names_a_shipped_file_only_by_its_exact_content():
    s = sc.shipped_scenarios("swemwbs_change")["swemwbs_change-warwick-conversion-table.json"]
    content, name = sc.shipped_file(s)
    assert name == s.data["name"] == "swemwbs_conversion_table_points.csv"
    # another file of the same name (a person's own edit) is not the shipped one
    edited = dataclasses.replace(s, data={"name": name, "sha256": "0" * 64})
    assert sc.shipped_file(edited) is None
    assert sc.shipped_file(sc.defaults_scenario("ramp_up")) is None  # reads no file
    with pytest.raises(TypeError, match="must be a Scenario"):
        sc.shipped_file(s.to_dict())
    # the widget asks for an edited file rather than showing other data
    calc = calculator("swemwbs_change")
    calc.apply(edited)
    assert calc.data_name == "example_swemwbs_SYNTHETIC.csv"
    assert "No results are shown" in calc._wanted_message()


def test_swemwbs_conversion_table_example_reproduces_the_published_metric_scores():
    """Warwick's raw-to-metric table: each person's start and end scores are table points,
    and the calculator's averages are those of the table's published metric values."""
    s = sc.shipped_scenarios("swemwbs_change")["swemwbs_change-warwick-conversion-table.json"]
    register = load_register()
    content, name = sc.shipped_file(s)
    d = get("swemwbs_change")
    data = d.upload.loader(content, name=name)
    people = data.people
    published = {raw: register.value(f"swemwbs.metric.r{raw:02d}") for raw in range(7, 36)}
    # the examples the evidence leads quote from the table
    assert (published[14], published[21]) == (15.32, 19.25)
    for column in ("start", "end"):
        expected = [published[int(raw)] for raw in people[f"{column}_raw"]]
        assert people[f"{column}_metric"].tolist() == expected
    # equal raw changes, unequal metric changes: the table is not a straight line
    assert set((people["end_raw"] - people["start_raw"]).abs()) == {7}
    pairs = zip(people.start_raw, people.end_raw, strict=True)
    changes = [published[b] - published[a] for a, b in pairs]
    mean_change = sum(changes) / len(changes)
    assert len({round(abs(c), 2) for c in changes}) == 4
    out = d.run(s.inputs, data)
    rows = {row[0]: row[1].value for row in out.tables[0].rows}
    assert math.isclose(rows["Average change (metric points)"], mean_change)
    assert math.isclose(
        rows["Average start score, everyone (metric)"],
        sum(published[int(r)] for r in people.start_raw) / len(people),
    )
    raw_mean = (people.end_raw - people.start_raw).mean()
    assert not math.isclose(mean_change, raw_mean)  # averaging raw totals would differ
    assert out.summary.plain().startswith(f"Average change {mean_change:+.2f} metric points")
    # unlike the defaults, which show the SYNTHETIC example
    assert out.summary != d.run(s.inputs).summary
    # the widget loads the shipped file with the worked example and shows the same result
    calc = calculator("swemwbs_change")
    calc.apply(s)
    assert calc.data_name == name
    assert calc.result.summary == out.summary


def test_fss_defaults_reproduce_the_published_example():
    fss = sc.defaults_scenario("service_sizing")
    calc = calculator("service_sizing")
    assert fss.inputs == calc.values()
    calc.apply(fss)
    assert calc.result.summary == get("service_sizing").run().summary
    register = load_register()
    published = register.value("fss.total.eligible_published")
    assert round(calc.result.tables[0].cell(1, 1).value) == published


def test_a_regional_worked_example_uses_the_review_region():
    s = sc.shipped_scenarios("service_sizing")["service_sizing-fss-glasgow-and-clyde.json"]
    register = load_register()
    assert s.inputs["in_contact"] == register.value("fss.region.glasgow_and_clyde.in_contact")
    out = get("service_sizing").run(s.inputs)
    published = register.value("fss.region.glasgow_and_clyde.eligible_published")
    assert round(out.tables[0].cell(1, 1).value) == published


def test_fifty_percent_reach_variant_uses_the_registered_target():
    s = sc.shipped_scenarios("service_sizing")["service_sizing-nhs-england-50-reach.json"]
    assert s.inputs["reach_per_year"] == load_register().value("nhse.reach_per_year")
    calc = calculator("service_sizing")
    calc.apply(s)
    expected = get("service_sizing").run({"reach_per_year": s.inputs["reach_per_year"]})
    assert calc.result.summary == expected.summary


def test_connect_to_work_sizing_scenario_prices_places_at_the_published_unit_cost():
    s = sc.shipped_scenarios("service_sizing")["service_sizing-connect-to-work.json"]
    unit_cost = load_register().value("ctw.unit_cost_average")
    assert s.inputs["unit_cost"] == unit_cost and s.evidence == {
        "unit_cost": "ctw.unit_cost_average"
    }
    assert "to confirm against the current grant guidance" in s.description
    calc = calculator("service_sizing")
    calc.apply(s)
    assert calc.result.summary == get("service_sizing").run({"unit_cost": unit_cost}).summary


def test_connect_to_work_simulator_scenario_shows_the_grant_beside_outcome_payments():
    s = sc.shipped_scenarios("payment_simulator")["payment_simulator-connect-to-work.json"]
    assert "to confirm against the current grant guidance" in s.description
    out = get("payment_simulator").run(s.inputs)
    grant = {r[0]: r for r in out.tables[0].rows}[COST_REIMBURSED]
    # a quarter's costs are out before each claim is paid, a month after the quarter ends
    cost = s.inputs["cost_per_month"]
    assert grant[4] == to_nearest_100(3 * cost)  # cash it must find, 95th percentile
    assert grant[1] == 0  # chance of a loss


def test_ndti_right_model_example_reproduces_the_published_choice():
    """NDTi (2014) concluded IPS for mental health services and Supported Employment (now
    the SEQF) for learning disability services: the chooser gives the same for that cohort."""
    s = sc.shipped_scenarios("model_chooser")["model_chooser-ndti-right-model.json"]
    register = load_register()
    published = {
        "Severe mental illness": ("IPS", "ndti.right_model.mental_health_ips"),
        "Learning disabilities and/or autism": (
            "SEQF",
            "ndti.right_model.learning_disability_supported_employment",
        ),
    }
    assert all(register.value(key) == 1 for _, key in published.values())
    assert register.value("ndti.right_model.other_groups") == 0
    yes = {k for k, v in s.inputs.items() if k.startswith("group_") and v == "yes"}
    assert yes == {"group_smi", "group_ld_autism"}
    out = get("model_chooser").run(s.inputs)
    table = out.tables[0]
    labels = [c.label for c in table.columns]
    group, model, fit = (labels.index(name) for name in ("group", "model", "fit"))
    rows = {row[group]: (row[model], row[fit]) for row in table.rows}
    assert rows == {label: (m, "clear fit") for label, (m, _) in published.items()}
    assert out.summary.plain().startswith("Mixed cohort: IPS for Severe mental illness, and SEQF")
    # the widget shows the same result once the worked example is chosen
    calc = calculator("model_chooser")
    calc.apply(s)
    assert calc.result.summary == out.summary


def test_ndti_right_conditions_example_shows_the_conclusions_target():
    """NDTi (2014) concluded that its five right conditions need to be in place: rated
    'in place', the self-assessment has nothing left to start and asks for the evidence."""
    from guidance.core.conditions import CONDITIONS, MAX_RATING, SCALE
    from guidance.presentation.render import text

    s = sc.shipped_scenarios("readiness_self_assessment")[
        "readiness_self_assessment-ndti-right-conditions.json"
    ]
    register = load_register()
    for c in CONDITIONS:
        entry = register[s.evidence[f"rating_{c.key}"]]
        assert (entry.unit, entry.value, entry.source) == ("yes or no", 1, "ndti2014")
        assert f"condition {c.number} ({c.name};" in entry.description
        assert s.inputs[f"rating_{c.key}"] == MAX_RATING and SCALE[MAX_RATING] == "in place"
        assert s.inputs[f"evidence_{c.key}"] == ""  # no evidence is invented
    out = get("readiness_self_assessment").run(s.inputs)
    top = MAX_RATING * len(CONDITIONS)
    assert text(out.summary) == (
        f"Readiness {top} of {top} (100%): every condition is in place. Keep checking it stays so."
    )
    plan = out.tables[0]
    assert [row[1] for row in plan.rows] == ["all five"]  # no condition left to start
    (note,) = out.notes
    assert note.heading == "Ratings to back with evidence" and len(note.items) == len(CONDITIONS)
    # unlike the defaults, which start with the weakest condition
    assert get("readiness_self_assessment").run().summary.plain().startswith("Readiness 8 of 20")
    calc = calculator("readiness_self_assessment")
    calc.apply(s)
    assert calc.result.summary == out.summary


def test_every_shipped_input_is_a_default_or_cites_the_register():
    """Evidence integrity: a shipped scenario holds no hand-typed figure."""
    register = load_register()
    for file, s in sc.shipped_scenarios().items():
        d = get(s.calculator)
        for name, value in s.inputs.items():
            # the default this input would have beside the scenario's other inputs
            default = d.default(d.input(name), s.inputs)
            if name in s.evidence:
                entry = register[s.evidence[name]]
                if entry.unit == "yes or no":  # a published choice: 1 is yes, 0 is no
                    assert d.input(name).kind == "choice", (file, name)
                    options = [v for _, v in d.input(name).options]
                    if "yes" in options:
                        assert value == ("yes" if entry.value == 1 else "no"), (file, name)
                    else:  # a rating scale: a published "in place" is its top rating
                        assert (entry.value, value) == (1, max(options)), (file, name)
                else:
                    assert math.isclose(value, entry.value), (file, name)
                assert value != default, (file, name, "cites evidence but equals the default")
            else:
                same = value == default or (
                    isinstance(value, float) and math.isclose(value, default)
                )
                assert same, (file, name, value, default)


# -- round trip (property) -------------------------------------------------------------------
def _value_strategy(f):
    if f.kind in ("percent", "number"):
        return st.floats(f.minimum, f.maximum, allow_nan=False)
    if f.kind == "integer":
        return st.integers(int(f.minimum), int(f.maximum))
    if f.kind == "choice":
        return st.sampled_from([v for _, v in f.options])
    return st.text(max_size=80)


def _inputs_strategy(definition):
    return st.fixed_dictionaries({f.name: _value_strategy(f) for f in definition.inputs})


CALCS = DEFINITIONS


@pytest.mark.parametrize("name", sorted(CALCS))
def test_round_trip_through_json_is_exact_for_every_calculator(name):
    @given(
        inputs=_inputs_strategy(CALCS[name]),
        title=st.text(min_size=1, max_size=40).filter(lambda t: t.strip()),
    )
    def check(inputs, title):
        scenario = Scenario(
            calculator=name,
            title=title.strip(),
            inputs=inputs,
            saved="2026-05-01T14:05:00+00:00",
            calculator_version=get(name).version,
        )
        loaded = sc.loads(sc.dumps(scenario))
        assert loaded == scenario
        assert json.loads(sc.dumps(loaded)) == json.loads(sc.dumps(scenario))

    check()


def _echo(*data, **values) -> Output:
    """A stand-in for a calculator's compute: shows exactly the values it was given."""
    return Output(summary=Text(repr(sorted(values.items(), key=lambda kv: kv[0]))))


@pytest.mark.parametrize("name", sorted(CALCS))
def test_save_then_load_into_a_fresh_calculator_gives_identical_inputs(name, tmp_path_factory):
    """Random valid inputs set on screen; saved; loaded into a new calculator: identical.

    The calculators' own computations are replaced by an echo of their inputs, so this
    checks the path screen -> file -> screen, quickly, for every calculator.
    """
    echo = dataclasses.replace(get(name), compute=_echo)
    source, target = Calculator(echo), Calculator(echo)
    folder = tmp_path_factory.mktemp("round")

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(inputs=_inputs_strategy(get(name)))
    def check(inputs):
        source.set_values(inputs)
        on_screen = source.values()
        path = sc.save_file(source.scenario("Random"), folder)
        target.apply(sc.load_file(path, expected=name))
        assert target.values() == on_screen
        assert target.result.summary == source.result.summary

    check()


def test_shipped_files_are_named_after_their_calculator():
    for file, s in sc.shipped_scenarios().items():
        assert file.startswith(f"{s.calculator}-"), file


def test_a_broken_shipped_file_is_reported_not_fatal(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "scenarios"
    folder.mkdir(parents=True)
    good = sc.defaults_scenario("service_sizing")
    (folder / "service_sizing-good.json").write_text(sc.dumps(good), encoding="utf-8")
    (folder / "service_sizing-stale.json").write_text("{}", encoding="utf-8")

    class Files:
        @staticmethod
        def files(_package):
            return tmp_path

    monkeypatch.setattr(sc, "resources", Files)
    problems: list[str] = []
    found = sc.shipped_scenarios("service_sizing", problems)
    assert list(found) == ["service_sizing-good.json"]
    assert problems == [
        "shipped scenario service_sizing-stale.json: This file is not a "
        "scenario: it has no 'format' (expected 'guidance-scenario')."
    ]
    with pytest.raises(ScenarioError, match="shipped scenario service_sizing-stale.json"):
        sc.shipped_scenarios()
