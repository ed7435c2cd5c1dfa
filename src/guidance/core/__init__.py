"""Calculations: pure functions over values, with the evidence register that sources them.

The lowest layer. Modules here import only each other, numpy, pandas and the standard
library: no definitions, no words for a screen, no figures, no files for people, no front
end (``tests/test_layers.py`` checks this).
"""
