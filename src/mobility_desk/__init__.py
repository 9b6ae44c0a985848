"""Mobility Desk: coordinate pupil and staff mobilities abroad for a secondary school."""

__version__ = "0.1.0"
