"""The editor's commands that write into the site: `ingest` (a saved page as a source),
`locate`, `new` and `pin` (in `authoring.py`). Each writes through `files.write_atomic` and
never over a file without `--force`."""
