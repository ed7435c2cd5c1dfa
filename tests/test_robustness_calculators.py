"""Every calculator survives every bad value typed into its fields, with a message.

Runs over :func:`guidance.frontends.widgets.all_calculators`, so new calculators are covered
automatically. A value typed into a field must never raise out of the widget: the result
either updates or a message appears, and the value typed stays in the field.
"""

from __future__ import annotations

import math

import pytest

from guidance.frontends.widgets import all_calculators

BAD_NUMBERS = [-1.0, -1e12, 0.0, 1e12, 1e-12, math.nan, math.inf, -math.inf]
BAD_INTEGERS = [-1, 0, 10**12, -(10**12)]
BAD_PERCENTS = [-5.0, 0.0, 100.0, 150.0, 1e9, math.nan]
BAD_TYPED = ["", "abc", "12.5", "1e400", "=1+1", "1,2,3", "\x00", "-0"]
"""What a person can type into a number box of a definition's calculator (text boxes)."""

CALCULATORS = all_calculators()


@pytest.mark.slow  # a sweep over every calculator's live widget: the full run
@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_calculator_survives_bad_values_in_every_field(name):
    calc = CALCULATORS[name]()
    assert calc.result is not None, f"{name} has no default result: {calc.message}"
    tried = 0
    for field in calc.fields.values():
        if field.kind == "number":
            values = BAD_NUMBERS
        elif field.kind == "integer":
            values = BAD_INTEGERS
        elif field.kind == "percent":
            values = BAD_PERCENTS
        elif field.kind == "choice":
            values = [value for _, value in field.options]  # every option, in turn
        else:
            continue
        control = calc.controls[field.name]
        original = control.value
        boxes = hasattr(calc, "type_value") and field.kind != "choice"  # text boxes
        if boxes:
            values = [str(x) for x in values] + BAD_TYPED
        for value in values:
            before = calc.result
            if boxes:
                calc.type_value(field.name, value)  # must not raise
            else:
                control.value = value  # must not raise
            tried += 1
            typed = control.value
            assert typed == value or (
                isinstance(value, float) and math.isnan(value) and math.isnan(typed)
            )
            if field.kind == "choice" and value == original:
                continue
            assert calc.message or calc.result is not before, (
                f"{name}.{field.name}={value!r}: neither a new result nor a message"
            )
            assert "Traceback" not in calc._message.value
        if boxes:
            calc.type_value(field.name, original)
        else:
            control.value = original
        assert calc.message == "", f"{name} did not recover after {field.name}: {calc.message}"
    assert tried > 0
