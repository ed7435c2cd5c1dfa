"""Presentation: a calculator's output in words, tables and figures (no front end here).

:mod:`.render` turns outputs into text and HTML; :mod:`.figures` draws figures from a
definition's figure kinds. Number formatting is :mod:`.formatting`, HTML for figures and
tables :mod:`.display`, chart helpers :mod:`.plots` and in-place redrawing
:mod:`.livefigure`.
"""
