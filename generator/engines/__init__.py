"""Engines: what turns the site's outputs into a built site.

`plugin.py` is the plugin for MkDocs and ProperDocs, its classes made from the running engine's
own modules (the only module that imports an engine, and that only for its types);
`mkdocs.py` and `properdocs.py` bind it to each engine's entry point. `export.py` writes the
site as a plain project that MkDocs without the plugin, or Zensical, builds, and `preview.py`
serves one claim through the installed engine's live reload.
"""
