"""The plugin for MkDocs 1.6 (entry point `mkdocs.plugins`): the classes of `plugin.py` made
from MkDocs' own modules."""

from __future__ import annotations

from ..outputs.siteoutputs import site_numbers
from .plugin import plugin_classes

FactcheckConfig, FactcheckPlugin = plugin_classes("mkdocs")

__all__ = ["FactcheckConfig", "FactcheckPlugin", "site_numbers"]
