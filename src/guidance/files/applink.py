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

The pages read the values back with :func:`parse_values`, which checks every value
against the calculator's fields and names what is allowed when one is wrong.

This module is pure: no widgets, no figures.

Example
-------
>>> app_link("ramp_up", {"months": 6}, base="https://guide.example.org/")
'https://guide.example.org/calculators/ramp_up?months=6'
>>> app_link("ramp_up", {"months": 6}, base="") is None
True
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

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


def encode_value(value: Any) -> str:
    """One input as URL text: numbers as plain decimals (shares stay 0-1), text as is.

    >>> encode_value(0.25), encode_value(12), encode_value(True), encode_value("a b")
    ('0.25', '12', 'true', 'a b')
    """
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
    'http://h:1/calculators/service_sizing?reach_per_year=0.25'
    """
    if not isinstance(values, Mapping):
        raise TypeError(f"values must be a mapping of input name to value; got {values!r}")
    action = app_action(name, base)
    if action is None:
        return None
    return f"{action}?{urlencode([(k, encode_value(v)) for k, v in values.items()])}"


def _number(label: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{label} must be a number; got {text!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{label} must be a finite number; got {text!r}")
    return value


def parse_values(query: str, fields: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Read inputs from an address's query text, checking each against its field.

    Parameters
    ----------
    query : str
        The query text (``name=ramp_up&months=6``).
    fields : mapping
        ``Calculator.fields``: name -> field with ``kind``, ``label`` and ``options``.

    Returns
    -------
    (values, problems)
        The inputs that passed (package units) and one plain-English line per input that
        did not (unknown name, not a number, a decimal for a whole number, a share outside
        0-1, a choice not offered). Inputs with a problem keep their defaults.

    Examples
    --------
    >>> from types import SimpleNamespace as F
    >>> fields = {"n": F(kind="integer", label="People", options=())}
    >>> parse_values("name=x&n=12", fields)
    ({'n': 12}, [])
    >>> parse_values("n=1.5&zz=3", fields)[1]
    ['People must be a whole number; got 1.5', 'zz is not an input of this calculator']
    """
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, texts in parse_qs(query, keep_blank_values=True).items():
        if key in _RESERVED:
            continue
        text = texts[-1].strip()
        f = fields.get(key)
        if f is None:
            problems.append(f"{key[:40]} is not an input of this calculator")
            continue
        label = getattr(f, "label", key)
        try:
            if f.kind == "integer":
                number = _number(label, text)
                if not number.is_integer():
                    raise ValueError(f"{label} must be a whole number; got {text}")
                values[key] = int(number)
            elif f.kind == "number":
                values[key] = _number(label, text)
            elif f.kind == "percent":
                number = _number(label, text)
                if not 0 <= number <= 1:
                    raise ValueError(f"{label} must be a share between 0 and 1; got {text}")
                values[key] = number
            elif f.kind == "choice":
                allowed = [v for _, v in f.options]
                match = [v for v in allowed if str(v) == text]
                if not match:
                    shown = ", ".join(str(v) for v in allowed)
                    raise ValueError(f"{label} must be one of {shown}; got {text[:40]!r}")
                values[key] = match[0]
            else:
                values[key] = text[:500]
        except ValueError as error:
            problems.append(str(error))
    return values, problems
