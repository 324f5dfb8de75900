"""Engines: what turns the site's outputs into a built site.

`mkdocs.py` is the plugin for MkDocs and ProperDocs (the only modules that import an engine),
`export.py` writes the site as a plain project that MkDocs without the plugin, or Zensical,
builds, and `preview.py` serves one claim through the installed engine's live reload.
"""
