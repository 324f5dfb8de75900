"""Fact-check microsite generator: claims linked to verified spans of stored source snapshots."""

__version__ = "0.1.0"
