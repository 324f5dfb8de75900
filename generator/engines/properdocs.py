"""The plugin for ProperDocs 1.6 (entry point `properdocs.plugins`): the classes of `plugin.py`
made from ProperDocs' own modules, so that it loads whether ProperDocs runs from its command
line or is used as a library, where `mkdocs.*` imports are not mapped to ProperDocs'."""

from __future__ import annotations

from .plugin import plugin_classes

FactcheckConfig, FactcheckPlugin = plugin_classes("properdocs")

__all__ = ["FactcheckConfig", "FactcheckPlugin"]
