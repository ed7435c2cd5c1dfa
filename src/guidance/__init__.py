"""Calculations behind the executable guide to commissioning Supported Employment services."""

__version__ = "0.1.0"
