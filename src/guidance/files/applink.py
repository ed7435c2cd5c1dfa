"""Links from the published book to the calculators' web pages: "use your own numbers".

When the book is built with the address of a served copy of the calculators' web pages
(``$GUIDANCE_APP_URL``, for example ``https://guide.example.org/`` or a room's
``http://192.168.1.20:8866/``), every calculator box holds the calculator's inputs as a
plain HTML form (:func:`guidance.frontends.web.bookform.app_form_html`), with the page's
values filled in; "Calculate with
your numbers" submits it (GET) to that calculator's page, whose address then holds the
inputs (:func:`app_link` gives the same address). Nothing leaves the book's page until the
reader submits. Built without an address, the box says how to get one's own numbers
(:data:`LOCAL_HINT`).

The pages read the values back with :func:`parse_values`, which reads every value with
the one reader of typed values (:mod:`guidance.calculators.typed`) and names what is
allowed when one is wrong. A link writes each value as a person would type it (a
percentage as ``25``, not the share 0.25).

This module is pure: no widgets, no figures.

Example
-------
>>> app_link("ramp_up", {"months": 6}, base="https://guide.example.org/")
'https://guide.example.org/calculators/ramp_up?months=6'
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

__all__ = [
    "ENV_APP_URL",
    "LOCAL_HINT",
    "app_action",
    "app_base",
    "app_link",
    "encode_value",
    "parse_values",
]

ENV_APP_URL = "GUIDANCE_APP_URL"
"""Environment variable holding the address of the served calculators' web pages."""

LOCAL_HINT = (
    "To use your own numbers, open this calculator in the guide's calculator pages: your "
    "trainer, analyst or web team can run them on a laptop or publish them for everyone "
    "(see How to use this book)."
)
"""What a calculator box says when the book was built without an app address."""

_RESERVED = {"name", "token", "code"}


def app_base(base: str | None = None) -> str | None:
    """The pages' address: ``base`` if given, else ``$GUIDANCE_APP_URL``; None if unset.

    Only ``http`` and ``https`` addresses are accepted; a query or fragment is dropped
    (a form's own inputs replace the query).

    >>> app_base("ftp://x/") is None
    True
    >>> app_base("https://guide.example.org/calculators?x=1")
    'https://guide.example.org/calculators/'
    """
    text = os.environ.get(ENV_APP_URL, "") if base is None else base
    text = text.strip()
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    root = f"{parts.scheme}://{parts.netloc}{parts.path}"
    return root if root.endswith("/") else root + "/"


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


def app_action(name: str, base: str | None = None) -> str | None:
    """The address of calculator ``name``'s page (a box's form submits there); None
    without an address.

    >>> app_action("ramp_up", "https://guide.example.org")
    'https://guide.example.org/calculators/ramp_up'
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a calculator's name (text); got {name!r}")
    root = app_base(base)
    return None if root is None else f"{root}calculators/{quote(name)}"


def app_link(name: str, values: Mapping[str, Any], base: str | None = None) -> str | None:
    """The address of calculator ``name``'s page with ``values`` as its inputs.

    Parameters
    ----------
    name : str
        The calculator's name (``Definition.name``).
    values : mapping
        The inputs in package units.
    base : str, optional
        The pages' address; default ``$GUIDANCE_APP_URL``. Empty: no link.

    Returns
    -------
    str or None
        ``base + "calculators/<name>?<input>=<value>..."`` (what the box's form submits),
        or None without an address.

    Examples
    --------
    >>> app_link("service_sizing", {"reach_per_year": 0.25}, base="http://h:1/")
    'http://h:1/calculators/service_sizing?reach_per_year=25'
    """
    if not isinstance(values, Mapping):
        raise TypeError(f"values must be a mapping of input name to value; got {values!r}")
    action = app_action(name, base)
    if action is None:
        return None
    inputs = {i.name: i for i in DEFINITIONS[name].inputs} if name in DEFINITIONS else {}
    query = urlencode([(k, encode_value(v, inputs.get(k))) for k, v in values.items()])
    return f"{action}?{query}"


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
