"""Outputs: every page and file of the site, decided once for any engine (`siteoutputs.py`),
from the linked model (`site.py`): excerpts and provenance derived once (`derive.py`,
`provenance.py`, `lineage.py`, `textviews.py`), pages through Jinja templates (`render.py`),
open data and structured data (`publish.py`), the search index (`search.py`), and a broken
claim's problems while previewing (`problempages.py`)."""
