"""What the load test's simulated people change: one input per calculator and its values.

Shared by ``locustfile.py`` (HTTP) and ``room_load.py`` (Chromium), without locust's
gevent patching in the Chromium process.
"""

from __future__ import annotations

from urllib.parse import urlencode

from guidance.calculators import DEFINITIONS
from guidance.files.applink import encode_value

NAMES = [n for n, d in DEFINITIONS.items() if d.upload is None] + [
    n for n, d in DEFINITIONS.items() if d.upload is not None
]


def changing(name: str) -> tuple[str, list[str]]:
    """The input a person changes on calculator ``name`` and the values they try."""
    d = DEFINITIONS[name]
    defaults = d.defaults()
    for item in d.inputs:
        if item.kind in ("number", "integer", "percent") and defaults[item.name]:
            low, high, base = item.minimum, item.maximum, defaults[item.name]
            values = []
            for step in (0.9, 1.1, 0.8, 1.2, 0.95, 1.05, 0.85, 1.15, 0.7, 1.3):
                value = min(high, max(low, base * step))
                values.append(encode_value(round(value) if item.kind == "integer" else value))
            return item.name, values
    item = next(i for i in d.inputs if i.kind == "choice")
    return item.name, [encode_value(v) for _, v in item.options]


def address(name: str, field: str, value: str, page: str = "") -> str:
    version = DEFINITIONS[name].version
    suffix = f"/{page}" if page else ""
    return f"/calculators/{name}{suffix}?{urlencode([(field, value), ('v', version)])}"
