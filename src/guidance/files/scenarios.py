"""Scenarios: a calculator's inputs saved as readable JSON, and loaded back exactly.

A scenario file is plain JSON that a person can read and edit::

    {
      "format": "guidance-scenario",
      "version": 2,
      "calculator": "service_sizing",
      "calculator_version": 1,
      "title": "Fair Start Scotland, 50% reach",
      "description": "...",
      "inputs": {"in_contact": 60424, "reach_per_year": 0.5, ...},
      "evidence": {"reach_per_year": "nhse.reach_per_year"},
      "saved": "2026-05-01T14:05:00+00:00"
    }

``inputs`` are in package units, as the calculator definitions
(:mod:`guidance.calculators`) hold them: a percent input is a share between 0 and 1 (0.3
means 30%). ``evidence`` is optional and names the evidence-register key a changed input
comes from, so exports can cite it. ``calculator_version`` is the definition's version
when the file was saved: an input added since then (``Input.added_in``) takes its default
and the loaded scenario's ``notices`` say so. Files of format version 1 (before
``calculator_version`` existed) load as calculator version 1. ``data`` (optional) names
the file a calculator that reads one was showing, with its SHA-256 hash.

Everything here works from the definitions: no widget is ever built to check a file.

Loading only ever parses JSON (no pickle, no ``eval``, no YAML): a file is data, never
code. Every problem - not JSON, not a scenario, a newer format version, an unknown
calculator, an unexpected or missing input, a value of the wrong type - raises
:class:`ScenarioError` with a message written for the person who chose the file.

Example
-------
>>> scenario = defaults_scenario("service_sizing")
>>> loads(dumps(scenario)).inputs == scenario.inputs
True
>>> loads('{"format": "guidance-scenario", "version": 99}')
Traceback (most recent call last):
...
guidance.files.scenarios.ScenarioError: This scenario was saved by a newer version of the guide \
(scenario format version 99); this app reads version 2. Update the guide to load it.
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from ..calculators import DEFINITIONS
from ..calculators.spec import Definition, Input, InputError, text_problem
from ..core import safe_files

__all__ = [
    "FORMAT",
    "VERSION",
    "MAX_BYTES",
    "MAX_DIGITS",
    "definition_of",
    "from_dict",
    "Scenario",
    "ScenarioError",
    "from_values",
    "defaults_scenario",
    "dumps",
    "loads",
    "load_file",
    "save_file",
    "check_inputs",
    "shipped_file",
    "shipped_scenarios",
    "saved_scenarios",
    "changed_inputs",
    "calculator_fields",
    "slug",
]

FORMAT = "guidance-scenario"
"""The value of ``format`` in every scenario file."""

VERSION = 2
"""The scenario format version this package writes and the newest it reads."""

MAX_DIGITS = 30
"""A number in a scenario file may have at most this many digits (a hostile file's
400-digit integer is refused before Python tries to convert it)."""

MAX_BYTES = 1_000_000
"""Files larger than this are refused before parsing (a scenario is a few kilobytes)."""

REQUIRED = ("format", "version", "calculator", "title", "inputs")
OPTIONAL = ("calculator_version", "description", "evidence", "saved", "data")


class ScenarioError(ValueError):
    """A scenario file or value that cannot be loaded; the message says why in plain words."""


@dataclass(frozen=True)
class Scenario:
    """A calculator's inputs with a title.

    Parameters
    ----------
    calculator : str
        The calculator's name (a key of :data:`guidance.calculators.DEFINITIONS`).
    title : str
        What the scenario is called on screen.
    inputs : dict
        Input name -> value in package units (percent fields as 0-1 shares).
    description : str, optional
        A sentence or two on what the scenario shows.
    evidence : dict, optional
        Input name -> evidence-register key the value comes from.
    saved : str, optional
        When it was saved (ISO 8601).
    calculator_version : int, optional
        The calculator definition's version the inputs were saved with.
    data : dict, optional
        The file a calculator that reads one was showing: ``{"name": ..., "sha256": ...}``.
    notices : tuple of str
        What loading had to do (an input added since the file was saved, at its default);
        never written to a file.
    """

    calculator: str
    title: str
    inputs: dict[str, Any]
    description: str = ""
    evidence: dict[str, str] = field(default_factory=dict)
    saved: str = ""
    calculator_version: int = 1
    data: dict[str, str] = field(default_factory=dict)
    notices: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        for name in ("calculator", "title"):
            value = getattr(self, name)
            _need_text(name, value)
            if not value.strip():
                raise ValueError(f"{name} must not be empty")
        if not isinstance(self.inputs, Mapping):
            raise TypeError(
                f"inputs must map input names to values; got {type(self.inputs).__name__}"
            )
        _need_text("description", self.description)
        _need_text("saved", self.saved)
        _need_evidence(self.evidence)
        version = self.calculator_version
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise TypeError(
                f"calculator_version must be a whole number of 1 or more; got {version!r}"
            )
        if not (
            isinstance(self.data, Mapping)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in self.data.items())
        ):
            raise TypeError("data must map 'name' and 'sha256' to text")
        if not isinstance(self.notices, tuple) or not all(isinstance(n, str) for n in self.notices):
            raise TypeError(f"notices must be a tuple of text; got {self.notices!r}")

    def to_dict(self) -> dict[str, Any]:
        """The scenario as the JSON object written to a file."""
        out: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "calculator": self.calculator,
            "calculator_version": self.calculator_version,
            "title": self.title,
        }
        if self.description:
            out["description"] = self.description
        out["inputs"] = dict(self.inputs)
        if self.evidence:
            out["evidence"] = dict(self.evidence)
        if self.saved:
            out["saved"] = self.saved
        if self.data:
            out["data"] = dict(self.data)
        return out


# -- helpers ---------------------------------------------------------------------------------
def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, float) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _need_text(name: str, value: Any, optional: bool = False) -> None:
    if optional and value is None:
        return
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text; got {type(value).__name__}")


def _need_evidence(evidence: Any) -> None:
    """Raise a TypeError unless ``evidence`` maps input names to register keys (text)."""
    if not (
        isinstance(evidence, Mapping)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in evidence.items())
    ):
        raise TypeError("evidence must map input names to evidence-register keys (text)")


def _need_name(name: Any) -> None:
    """Raise unless ``name`` (a calculator's name) is non-empty text."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a calculator's name (text); got {type(name).__name__}")
    if not name.strip():
        raise ScenarioError("name must be a calculator's name; got empty text")


def _need_path(name: str, value: Any) -> Path:
    if isinstance(value, bool) or not isinstance(value, (str, Path)) or not str(value).strip():
        raise TypeError(f"{name} must be a file or folder path; got {value!r}")
    return Path(value)


def slug(text: str) -> str:
    """A file-name-safe version of a title.

    Examples
    --------
    >>> slug("Fair Start Scotland: 50% reach!")
    'fair-start-scotland-50-reach'
    """
    _need_text("text", text)
    out = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return out[:60].strip("-") or "scenario"


def definition_of(name: str, calculators: Mapping[str, Definition] | None = None) -> Definition:
    """The calculator definition called ``name``.

    Raises
    ------
    ScenarioError
        If no calculator has that name.
    """
    _need_name(name)
    calculators = DEFINITIONS if calculators is None else calculators
    if not isinstance(calculators, Mapping):
        raise TypeError(f"calculators must map names to definitions; got {calculators!r}")
    if name not in calculators:
        known = ", ".join(sorted(calculators)) or "none"
        raise ScenarioError(
            f"This scenario is for a calculator called {_show(name)}, which this app does "
            f"not have. The calculators are: {known}."
        )
    return calculators[name]


def calculator_fields(name: str, calculators: Mapping[str, Definition] | None = None):
    """The title and inputs (name -> :class:`~guidance.calculators.spec.Input`) of a calculator.

    Raises
    ------
    ScenarioError
        If no calculator has that name.

    Examples
    --------
    >>> title, fields = calculator_fields("service_sizing")
    >>> title, fields["reach_per_year"].kind
    ('Service sizing', 'percent')
    """
    d = definition_of(name, calculators)
    return d.title, {i.name: i for i in d.inputs}


# -- checking values -------------------------------------------------------------------------
def _check_value(f, value: Any) -> Any:
    """Check one input's type (and a percent's 0-1 range); return it in canonical form."""
    where = f"Input '{f.label}' ({f.name})"
    if f.kind in ("number", "percent", "integer"):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ScenarioError(
                f"{where} must be a number; got {_show(value)} ({_type_name(value)})."
            )
        if not math.isfinite(value):
            raise ScenarioError(f"{where} must be a finite number; got {_show(value)}.")
        if f.kind == "percent" and not 0 <= value <= 1:
            raise ScenarioError(
                f"{where} is a percentage, saved as a share between 0 and 1 "
                f"(0.3 means 30%); got {_show(value)}."
            )
        try:
            return f.check(value)
        except InputError as error:
            message = str(error)
            if message.startswith(f.label):
                message = message[len(f.label) :]
            raise ScenarioError(f"{where}{message}") from None
    if f.kind == "choice":
        allowed = [v for _, v in f.options]
        if isinstance(value, bool) or value not in allowed:
            raise ScenarioError(
                f"{where} must be one of {', '.join(_show(v) for v in allowed)}; "
                f"got {_show(value)}."
            )
        return value
    if not isinstance(value, str):
        raise ScenarioError(f"{where} must be text; got {_show(value)} ({_type_name(value)}).")
    try:  # no lone surrogate, at most MAX_TEXT characters
        return f.check(value)
    except InputError as error:
        raise ScenarioError(f"{where}: {error}") from None


def _shown_default(f: Input, value: Any) -> str:
    if f.kind == "percent":
        return f"{value * 100:.10g}%"
    return _show(value)


def check_inputs(
    name: str,
    inputs: Any,
    calculators: Mapping[str, Definition] | None = None,
    version: int | None = None,
    notices: list[str] | None = None,
) -> dict[str, Any]:
    """Check a scenario's inputs against the calculator's definition.

    Every input must be given, except one added to the calculator after ``version`` (the
    definition version the file was saved with), which takes its default with a line in
    ``notices``. No other names are allowed, and each value must have the input's type and
    lie in its range (a percent as a share between 0 and 1).

    Parameters
    ----------
    name : str
        The calculator's name.
    inputs : object
        The ``inputs`` object read from the file.
    calculators : mapping, optional
        Calculator name -> definition; every calculator of the package by default.
    version : int, optional
        The definition version the inputs were saved with (the current one by default).
    notices : list, optional
        Where to add a line for each input that took its default.

    Returns
    -------
    dict
        The inputs in field order, integers as ``int`` and numbers as ``float``.

    Raises
    ------
    ScenarioError

    Examples
    --------
    >>> check_inputs("ramp_up", {"annual_starters": 400, "contract_months": 36,
    ...     "ramp_months": 18, "job_entry_rate": 0.4})["annual_starters"]
    400.0
    """
    d = definition_of(name, calculators)
    title, fields = d.title, {i.name: i for i in d.inputs}
    version = d.version if version is None else version
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise TypeError(f"version must be a whole number of 1 or more; got {version!r}")
    if notices is not None and not isinstance(notices, list):
        raise TypeError(f"notices must be a list; got {type(notices).__name__}")
    if not isinstance(inputs, dict):
        raise ScenarioError(
            f"'inputs' must be an object of input names and values; got {_type_name(inputs)}."
        )
    unexpected = [k for k in inputs if k not in fields]
    if unexpected:
        raise ScenarioError(
            f"The scenario has input(s) that {title} does not use: {', '.join(unexpected)}. "
            f"Its inputs are: {', '.join(fields)}."
        )
    missing = [k for k in fields if k not in inputs and fields[k].added_in <= version]
    if missing:
        raise ScenarioError(
            f"The scenario is missing input(s) of {title}: {', '.join(missing)}. "
            "A scenario must give every input."
        )
    checked = {k: _check_value(f, inputs[k]) for k, f in fields.items() if k in inputs}
    values = d.defaults(checked)
    for k, f in fields.items():
        if k not in inputs and notices is not None:
            notices.append(
                f"'{f.label}' was added to {title} after this scenario was saved; it is set "
                f"to its default ({_shown_default(f, values[k])}, {d.source(k, values)})."
            )
    return values


# -- building, writing, reading --------------------------------------------------------------
def from_values(
    name: str,
    values: Mapping[str, Any],
    title: str,
    description: str = "",
    evidence: Mapping[str, str] | None = None,
    data: Mapping[str, str] | None = None,
) -> Scenario:
    """A scenario holding calculator ``name``'s input ``values`` (checked first).

    ``data`` names the file the calculator was showing (``{"name": ..., "sha256": ...}``),
    for a calculator that reads one.

    Examples
    --------
    >>> values = defaults_scenario("ramp_up").inputs
    >>> from_values("ramp_up", values, "Ramp").inputs["contract_months"]
    36
    """
    _need_name(name)
    _need_text("title", title)
    _need_text("description", description)
    if evidence is not None:
        _need_evidence(evidence)
    if data is not None and not (
        isinstance(data, Mapping) and all(isinstance(v, str) for v in data.values())
    ):
        raise TypeError(f"data must map 'name' and 'sha256' to text; got {data!r}")
    if not title.strip():
        raise ScenarioError("A scenario needs a title (a few words saying what it shows).")
    checked = check_inputs(name, values)
    return Scenario(
        calculator=name,
        title=title.strip(),
        inputs=checked,
        description=description,
        evidence=dict(evidence or {}),
        saved=_now(),
        calculator_version=definition_of(name).version,
        data=dict(data) if data else {},
    )


def defaults_scenario(name: str) -> Scenario:
    """A calculator's default inputs (the evidence register's values) as a scenario.

    Examples
    --------
    >>> defaults_scenario("service_sizing").inputs["in_contact"]
    60424
    """
    d = definition_of(name)
    return Scenario(
        calculator=d.name,
        title=f"{d.title}: evidence defaults",
        inputs=d.defaults(),
        description="Every input at its default from the evidence register.",
        calculator_version=d.version,
    )


def dumps(scenario: Scenario) -> str:
    """The scenario as indented, readable JSON text (UTF-8, pound signs kept as they are).

    Raises
    ------
    ScenarioError
        If a text holds a character that cannot be saved as UTF-8 (a lone surrogate a
        broken paste can bring).
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario; got {type(scenario).__name__}")
    for key in ("title", "description"):
        problem = text_problem(getattr(scenario, key))
        if problem:
            raise ScenarioError(f"The {key} holds {problem}. Retype it and save again.")
    for key, value in scenario.inputs.items():
        problem = text_problem(value) if isinstance(value, str) else ""
        if problem:
            raise ScenarioError(f"The input '{key}' holds {problem}. Retype it and save again.")
    text = json.dumps(scenario.to_dict(), indent=2, ensure_ascii=False) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ScenarioError(
            "The scenario holds a character that cannot be saved (often a broken emoji from "
            "a paste). Retype it and save again."
        ) from None
    return text


def _no_long_numbers(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ScenarioError(
            f"This file is not a valid scenario: it holds a number with more than "
            f"{MAX_DIGITS} digits."
        )
    return int(text)


def _no_constants(token: str):
    raise ScenarioError(
        f"This file is not a valid scenario: it contains {token}, which is not a number "
        "JSON allows."
    )


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise ScenarioError(f"This file gives '{key}' twice; each name may appear once.")
        out[key] = value
    return out


def loads(
    text: str | bytes,
    expected: str | None = None,
    calculators: Mapping[str, Definition] | None = None,
) -> Scenario:
    """Parse and check scenario JSON text.

    Parameters
    ----------
    text : str or bytes
        The file's contents (bytes must be UTF-8).
    expected : str, optional
        The calculator the scenario must be for (when loading into one calculator).
    calculators : mapping, optional
        Calculator name -> definition; every calculator of the package by default.

    Raises
    ------
    ScenarioError
        With a message saying what is wrong, in words for the person loading the file.
    """
    _need_text("expected", expected, optional=True)
    if isinstance(text, (bytes, bytearray, memoryview)):
        raw = bytes(text)
        if len(raw) > MAX_BYTES:
            raise ScenarioError("This file is too large to be a scenario (over 1 MB).")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ScenarioError(
                "This file is not a scenario: it is not UTF-8 text (is it a spreadsheet or "
                "a document?). Choose a .json file saved by the app."
            ) from None
    if not isinstance(text, str):
        raise TypeError(f"text must be str or bytes; got {type(text).__name__}")
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ScenarioError("This file is too large to be a scenario (over 1 MB).")
    try:
        data = json.loads(
            text.lstrip("\ufeff"),
            parse_constant=_no_constants,
            parse_int=_no_long_numbers,
            parse_float=_float,
            object_pairs_hook=_no_duplicates,
        )
    except json.JSONDecodeError as error:
        raise ScenarioError(
            f"This file is not a scenario: it is not valid JSON ({error.msg} at line "
            f"{error.lineno}, column {error.colno})."
        ) from None
    except RecursionError:
        raise ScenarioError("This file is not a scenario: it is nested too deeply.") from None
    try:
        return from_dict(data, expected=expected, calculators=calculators)
    except RecursionError:
        raise ScenarioError("This file is not a scenario: it is nested too deeply.") from None


def _float(text: str) -> float:
    if len(text) > 4 * MAX_DIGITS:
        raise ScenarioError(
            f"This file is not a valid scenario: it holds a number with more than "
            f"{MAX_DIGITS} digits."
        )
    value = float(text)
    if not math.isfinite(value):
        raise ScenarioError(
            f"This file is not a valid scenario: the number {text[:20]} is too large."
        )
    return value


def from_dict(
    data: Any, expected: str | None = None, calculators: Mapping[str, Definition] | None = None
) -> Scenario:
    """Check a parsed JSON object and build the :class:`Scenario` (see :func:`loads`)."""
    _need_text("expected", expected, optional=True)
    if not isinstance(data, dict):
        raise ScenarioError(
            "This file is not a scenario: it should hold one JSON object with format, "
            f"version, calculator, title and inputs; it holds {_type_name(data)}."
        )
    if data.get("format") != FORMAT:
        if "format" not in data:
            raise ScenarioError(
                f"This file is not a scenario: it has no 'format' (expected {FORMAT!r})."
            )
        raise ScenarioError(
            f"This file is not a scenario: its 'format' is {_show(data['format'])}; "
            f"expected {FORMAT!r}."
        )
    version = data.get("version")
    if "version" not in data:
        raise ScenarioError(f"The scenario has no 'version' (this app reads version {VERSION}).")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ScenarioError(
            f"The scenario's 'version' must be a whole number such as {VERSION}; "
            f"got {_show(version)}."
        )
    if version > VERSION:
        raise ScenarioError(
            "This scenario was saved by a newer version of the guide (scenario format "
            f"version {version}); this app reads version {VERSION}. Update the guide to load it."
        )
    if version < 1:
        raise ScenarioError(f"The scenario's 'version' must be 1 or more; got {version}.")
    unexpected = [k for k in data if k not in REQUIRED + OPTIONAL]
    if unexpected:
        raise ScenarioError(
            f"The scenario has unexpected field(s): {', '.join(unexpected)}. "
            f"Allowed: {', '.join(REQUIRED + OPTIONAL)}."
        )
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise ScenarioError(f"The scenario is missing field(s): {', '.join(missing)}.")
    name = data["calculator"]
    if not isinstance(name, str) or not name.strip():
        raise ScenarioError(
            f"The scenario's 'calculator' must be a calculator's name (text); got {_show(name)}."
        )
    if expected is not None and name != expected:
        title, _ = calculator_fields(expected, calculators)
        raise ScenarioError(
            f"This scenario is for the {name} calculator, not {title} ({expected}). "
            "Open that calculator to load it."
        )
    for key in ("title", "description", "saved"):
        if key in data and not isinstance(data[key], str):
            raise ScenarioError(
                f"The scenario's '{key}' must be text; got {_show(data[key])} "
                f"({_type_name(data[key])})."
            )
        problem = text_problem(data.get(key, ""))
        if problem:
            raise ScenarioError(f"The scenario's '{key}' holds {problem}; retype it.")
    if not data["title"].strip():
        raise ScenarioError("The scenario's 'title' is empty; give it a few words.")
    if data.get("saved"):
        try:
            datetime.fromisoformat(data["saved"])
        except ValueError:
            raise ScenarioError(
                "The scenario's 'saved' must be a date and time such as "
                f"2026-05-01T14:05:00+00:00; got {_show(data['saved'])}."
            ) from None
    definition = definition_of(name, calculators)
    version = data.get("calculator_version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ScenarioError(
            "The scenario's 'calculator_version' must be a whole number of 1 or more; "
            f"got {_show(version)}."
        )
    if version > definition.version:
        raise ScenarioError(
            f"This scenario was saved by a newer version of the guide, whose {definition.title} "
            f"calculator has inputs this one does not know (calculator version {version}; "
            f"this app has version {definition.version}). Update the guide to load it."
        )
    notices: list[str] = []
    inputs = check_inputs(name, data["inputs"], calculators, version=version, notices=notices)
    file_data = data.get("data", {})
    if not (
        isinstance(file_data, dict)
        and set(file_data) <= {"name", "sha256"}
        and all(isinstance(v, str) and len(v) <= 300 for v in file_data.values())
    ):
        raise ScenarioError(
            "The scenario's 'data' must be an object with the file's 'name' and 'sha256' (text)."
        )
    evidence = data.get("evidence", {})
    if not isinstance(evidence, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in evidence.items()
    ):
        raise ScenarioError(
            "The scenario's 'evidence' must be an object of input names and "
            "evidence-register keys (text)."
        )
    stray = [k for k in evidence if k not in inputs]
    if stray:
        raise ScenarioError(
            f"The scenario's 'evidence' names input(s) it does not have: {', '.join(stray)}."
        )
    return Scenario(
        calculator=name,
        title=data["title"].strip(),
        inputs=inputs,
        description=data.get("description", ""),
        evidence=dict(evidence),
        saved=data.get("saved", ""),
        calculator_version=definition.version,
        data=dict(file_data),
        notices=tuple(notices),
    )


def load_file(path: str | Path, expected: str | None = None) -> Scenario:
    """Read a scenario file; messages start with the file's name.

    Raises
    ------
    ScenarioError
    """
    path = _need_path("path", path)
    _need_text("expected", expected, optional=True)
    try:
        raw = safe_files.read_bytes(path, MAX_BYTES)
    except safe_files.FileRefused as error:
        if error.too_large:
            raise ScenarioError(f"{path.name}: this file is too large to be a scenario.") from None
        raise ScenarioError(str(error)) from None
    try:
        return loads(raw, expected=expected)
    except ScenarioError as error:
        raise ScenarioError(f"{path.name}: {error}") from None


def save_file(scenario: Scenario, folder: str | Path) -> Path:
    """Write the scenario to ``folder`` as ``<calculator>-<title>.json``; never overwrite.

    A second save with the same title gets ``-2``, ``-3``... so nothing saved is lost.
    The file appears whole or not at all: it is written to a temporary file first and
    linked into place.
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario; got {type(scenario).__name__}")
    folder = _need_path("folder", folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{scenario.calculator}-{slug(scenario.title)}"
    path = folder / f"{stem}.json"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.json"
        n += 1
    raw = dumps(scenario).encode("utf-8")  # fails before any file exists
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".saving-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(raw)
            out.flush()
            os.fsync(out.fileno())
        while True:  # a hard link never overwrites: a name taken meanwhile gets the next number
            try:
                os.link(temporary, path)
                break
            except FileExistsError:
                path = folder / f"{stem}-{n}.json"
                n += 1
    finally:
        os.unlink(temporary)
    return path


def shipped_file(scenario: Scenario) -> tuple[bytes, str] | None:
    """The file a scenario was made with, when the guide ships it: ``(bytes, name)``.

    A worked example can be made with a file the guide ships beside its calculator (one of
    the upload's downloads, such as a worked score file). When the scenario's ``data``
    names such a file by name and SHA-256, it can be shown at once instead of asking for
    it. Any other file (a person's own return) gives ``None``: only the person has it.

    Examples
    --------
    >>> shipped_file(defaults_scenario("swemwbs_change")) is None
    True
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario; got {type(scenario).__name__}")
    upload = DEFINITIONS[scenario.calculator].upload
    wanted = scenario.data
    if upload is None or not wanted.get("sha256"):
        return None
    for name, make, _label in upload.downloads:
        content = make().encode("utf-8")
        if name == wanted.get("name") and hashlib.sha256(content).hexdigest() == wanted["sha256"]:
            return content, name
    return None


# -- collections -----------------------------------------------------------------------------
def shipped_scenarios(
    calculator: str | None = None, problems: list[str] | None = None
) -> dict[str, Scenario]:
    """The worked scenarios shipped in ``guidance/data/scenarios``, by file name.

    Parameters
    ----------
    calculator : str, optional
        Only the scenarios for this calculator.
    problems : list, optional
        If given, a shipped file that does not load (for example after a calculator gained
        an input) is skipped and its message appended here; otherwise it raises.

    Examples
    --------
    >>> "service_sizing-fss-glasgow-and-clyde.json" in shipped_scenarios("service_sizing")
    True
    """
    _need_text("calculator", calculator, optional=True)
    if problems is not None and not isinstance(problems, list):
        raise TypeError(f"problems must be a list; got {type(problems).__name__}")
    folder = resources.files("guidance").joinpath("data/scenarios")
    out: dict[str, Scenario] = {}
    if not folder.is_dir():
        return out
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        if calculator is not None and not entry.name.startswith(f"{calculator}-"):
            continue
        try:
            scenario = loads(entry.read_bytes())
        except ScenarioError as error:
            message = f"shipped scenario {entry.name}: {error}"
            if problems is None:
                raise ScenarioError(message) from None
            problems.append(message)
            continue
        if calculator is None or scenario.calculator == calculator:
            out[entry.name] = scenario
    return out


def saved_scenarios(folder: str | Path, calculator: str | None = None):
    """Scenarios saved in ``folder`` that load cleanly, by path, newest first.

    Files that do not load are listed with their message instead of a scenario, so a
    broken file is reported, not hidden; so are entries that are not ordinary files (a
    broken link, a pipe, a device), which are never opened.

    Returns
    -------
    tuple of (dict[Path, Scenario], dict[Path, str])
    """
    folder = _need_path("folder", folder)
    _need_text("calculator", calculator, optional=True)
    good: dict[Path, Scenario] = {}
    bad: dict[Path, str] = {}
    if not folder.is_dir():
        return good, bad
    when: dict[Path, float] = {}
    for path in folder.glob("*.json"):
        problem = safe_files.entry_problem(path)
        if problem:  # a broken link, a pipe, a folder: listed, never opened
            bad[path] = f"{path.name}: cannot be read: {problem}."
            continue
        try:
            when[path] = path.stat().st_mtime
        except OSError as error:
            bad[path] = f"{path.name}: cannot be read ({error.strerror or error})."
    for path in sorted(when, key=lambda p: (-when[p], p.name)):
        try:
            scenario = load_file(path)
        except ScenarioError as error:
            bad[path] = str(error)
            continue
        if calculator is None or scenario.calculator == calculator:
            good[path] = scenario
    return good, bad


def changed_inputs(name: str, values: Mapping[str, Any]) -> list[tuple[Input, Any, Any]]:
    """The inputs that differ from the calculator's defaults, as (input, default, value).

    A default that follows another input is the one for that input's value.

    Examples
    --------
    >>> values = defaults_scenario("service_sizing").inputs | {"reach_per_year": 0.5}
    >>> [(i.name, d, v) for i, d, v in changed_inputs("service_sizing", values)]
    [('reach_per_year', 0.25, 0.5)]
    """
    d = definition_of(name)
    if not isinstance(values, Mapping):
        raise TypeError(f"values must be a mapping of input names to values; got {values!r}")
    missing = [i.name for i in d.inputs if i.name not in values]
    if missing:
        raise ValueError(f"values is missing input(s): {', '.join(missing)}")
    out = []
    for f in d.inputs:
        value = values[f.name]
        default = d.default(f, values)
        same = (
            math.isclose(value, default, rel_tol=1e-12, abs_tol=1e-12)
            if isinstance(value, numbers.Real)
            and isinstance(default, numbers.Real)
            and not isinstance(value, bool)
            else value == default
        )
        if not same:
            out.append((f, default, value))
    return out
