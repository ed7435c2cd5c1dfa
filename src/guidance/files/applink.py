"""Links from the published book to the live app: "use your own numbers".

When the book is built with the address of a served app (``$GUIDANCE_APP_URL``, for
example ``https://mybinder.org/v2/gh/OWNER/REPO/main?urlpath=voila/render/`` or a
trainer's ``http://host:8866/voila/render/``), every calculator box links to that
calculator in the app with the page's inputs as URL parameters. Built without one, the
box says how to run the app locally. The link is plain navigation: nothing is fetched
until the reader clicks it.

The app reads the parameters back with :func:`parse_values`, which reads every value with
the one reader of typed values (:mod:`guidance.calculators.typed`) and names what is
allowed when one is wrong. A link writes each value as a person would type it (a
percentage as ``25``, not the share 0.25).

This module is pure: no widgets, no formatting.

Example
-------
>>> app_link("ramp_up", {"months": 6}, base="https://app.example/voila/render/")
'https://app.example/voila/render/calculator.ipynb?name=ramp_up&months=6'
>>> app_link("ramp_up", {"months": 6}, base="") is None
True
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from ..calculators import DEFINITIONS
from ..calculators.spec import Definition, Input, InputError
from ..calculators.typed import read, shown

__all__ = ["ENV_APP_URL", "LOCAL_HINT", "app_base", "app_link", "encode_value", "parse_values"]

ENV_APP_URL = "GUIDANCE_APP_URL"
"""Environment variable holding the served app's render address (ends with ``render/``)."""

LOCAL_HINT = (
    "To use your own numbers, run the trainer app on your computer: "
    "bash scripts/trainer-app (see the README)."
)
"""What a calculator box says when the book was built without an app address."""

_RESERVED = {"name", "token", "code"}


def app_base(base: str | None = None) -> str | None:
    """The app's render address: ``base`` if given, else ``$GUIDANCE_APP_URL``; None if unset.

    Only ``http`` and ``https`` addresses are accepted.

    >>> app_base("ftp://x/") is None
    True
    >>> app_base("https://hub.example/user/me/voila/render")
    'https://hub.example/user/me/voila/render/'
    """
    text = os.environ.get(ENV_APP_URL, "") if base is None else base
    text = text.strip()
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return text if text.endswith("/") else text + "/"


def encode_value(value: Any, item: Input | None = None) -> str:
    """One input as URL text, as a person would type it for ``item``.

    With its input, a value is written by :func:`guidance.calculators.typed.shown` (a
    percentage as a percentage, ``25`` for 0.25), so the link reads back through the same
    reader as a typed box. Without one: numbers as plain decimals, text as is.

    >>> encode_value(0.25), encode_value(12), encode_value(True), encode_value("a b")
    ('0.25', '12', 'true', 'a b')
    >>> from guidance.calculators import get
    >>> encode_value(0.25, get("service_sizing").input("reach_per_year"))
    '25'
    """
    if item is not None:
        return shown(item, value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


def app_link(name: str, values: Mapping[str, Any], base: str | None = None) -> str | None:
    """The address that opens calculator ``name`` in the app with ``values`` loaded.

    Parameters
    ----------
    name : str
        The calculator's name (``Calculator.name``).
    values : mapping
        The inputs in package units (``Calculator.values()``).
    base : str, optional
        The app's render address; default ``$GUIDANCE_APP_URL``. Empty: no link.

    Returns
    -------
    str or None
        ``base + "calculator.ipynb?name=<name>&<input>=<value>..."``, or None without an
        app address (the box then shows :data:`LOCAL_HINT`).

    Examples
    --------
    >>> app_link("service_sizing", {"reach_per_year": 0.25}, base="http://h:1/voila/render/")
    'http://h:1/voila/render/calculator.ipynb?name=service_sizing&reach_per_year=25'
    >>> b = "https://mybinder.org/v2/gh/o/r/main?urlpath=voila/render/"
    >>> app_link("ramp_up", {"months": 6}, base=b)
    'https://mybinder.org/v2/gh/o/r/main?urlpath=voila/render/calculator.ipynb%3Fname%3Dramp_up%26months%3D6'
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a calculator's name (text); got {name!r}")
    if not isinstance(values, Mapping):
        raise TypeError(f"values must be a mapping of input name to value; got {values!r}")
    root = app_base(base)
    if root is None:
        return None
    inputs = {i.name: i for i in DEFINITIONS[name].inputs} if name in DEFINITIONS else {}
    query = urlencode(
        [("name", name)] + [(k, encode_value(v, inputs.get(k))) for k, v in values.items()]
    )
    target = f"calculator.ipynb?{query}"
    if "?" in root:  # Binder: the app address travels inside urlpath=, encoded once more
        return root + quote(target, safe="")
    return root + target


def parse_values(
    query: str, fields: Definition | Mapping[str, Input]
) -> tuple[dict[str, Any], list[str]]:
    """Read inputs from an address's query text, each by the one reader of typed values.

    Every value is read by :func:`guidance.calculators.typed.read`, exactly as the same
    text typed in a box or after ``--set`` (a percentage as ``25`` or ``25%``).

    Parameters
    ----------
    query : str
        The query text (``name=ramp_up&contract_months=24``), percent-encoded as browsers
        and :func:`urllib.parse.urlencode` write it (``+`` is a space, ``%2B`` a plus).
    fields : Definition or mapping
        The calculator's definition, or its inputs by name (``Calculator.fields``).

    Returns
    -------
    (values, problems)
        The inputs that passed (package units) and one plain-English line per input that
        did not (an unknown name, or the reader's message naming the input and what is
        allowed; a text longer than the limit is named, never cut). Inputs with a problem
        keep their defaults.

    Examples
    --------
    >>> from guidance.calculators import get
    >>> parse_values("name=ramp_up&contract_months=24&job_entry_rate=30", get("ramp_up"))
    ({'contract_months': 24, 'job_entry_rate': 0.3}, [])
    >>> for problem in parse_values("contract_months=1.5&zz=3", get("ramp_up"))[1]:
    ...     print(problem)
    Contract length must be a whole number; you typed '1.5'.
    zz is not an input of this calculator
    """
    if isinstance(fields, Definition):
        fields = {i.name: i for i in fields.inputs}
    if not isinstance(fields, Mapping):
        raise TypeError(f"fields must be a definition or its inputs by name; got {fields!r}")
    if not isinstance(query, str):
        raise TypeError(f"query must be text; got {type(query).__name__}")
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, texts in parse_qs(query, keep_blank_values=True).items():
        if key in _RESERVED:
            continue
        item = fields.get(key)
        if item is None:
            problems.append(f"{key[:40]} is not an input of this calculator")
            continue
        try:
            values[key] = read(item, texts[-1])
        except InputError as error:
            problems.append(str(error))
    return values, problems
