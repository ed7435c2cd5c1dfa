"""Front ends: the notebook widgets, the web pages and the command line.

The top layer, and the only one that may import ipywidgets or a web framework.
"""
