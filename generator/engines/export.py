"""Export: the whole site as a plain MkDocs + Material project that builds without the plugin.

`python -m generator export DIR` writes what the outputs decide (outputs.py) as files: the
hand-written `docs/` (placeholders filled in), every generated page as Markdown whose body is
the page's HTML and whose front matter carries its title, its exclusion from the engine's own
search (the site searches with the Pagefind index the export carries) and ClaimReview, the
data files and assets, a theme override folder that puts the ClaimReview in the page head, and
an `mkdocs.yml` without the factcheck plugin. `mkdocs build` and Zensical both build it: a site
whose engine drops plugins still builds.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from ..check import Layout
from ..config import SiteConfig
from ..editor.authoring import Outcome
from ..files import FileRefusal, read_file
from ..i18n import theme_messages
from ..outputs.pipeline import build_site
from ..outputs.plan import OUT_OF_NAV, exported_path
from ..outputs.search import SearchIndexError
from ..outputs.siteoutputs import SCRIPT, STYLE, THEME, SiteOutputs
from ..report import problem_lines, summary

#: Marks a folder as an export, which `--force` may replace (and no other folder).
MARKER = ".factcheck-export"
OVERRIDES = "overrides"
#: The theme override that puts a claim page's ClaimReview in its head, from the front matter.

#: Material's page actions, reading a generated page's edit address from its front matter: its
#: source is a claim or source YAML file (or nothing, for an index), not the exported Markdown
#: the engine would name.
ACTIONS_HTML = """\
{#- Written by `python -m generator export`: a generated page is edited in its YAML file. -#}
{%- if page.meta and page.meta.factcheck_generated %}
  {%- set edit_url = page.meta.factcheck_edit_url %}
{%- else %}
  {%- set edit_url = page.edit_url %}
{%- endif %}
{%- if edit_url and "content.action.edit" in features %}
<a href="{{ edit_url }}" title="{{ lang.t('action.edit') }}" class="md-content__button md-icon" \
rel="edit">
  {%- set icon = config.theme.icon.edit or "material/file-edit-outline" %}
  {% include ".icons/" ~ icon ~ ".svg" %}
</a>
{%- endif %}
{%- if edit_url and "content.action.view" in features %}
<a href="{{ edit_url | replace('/edit/', '/raw/') | replace('/blob/', '/raw/') }}" \
title="{{ lang.t('action.view') }}" class="md-content__button md-icon">
  {%- set icon = config.theme.icon.view or "material/file-eye-outline" %}
  {% include ".icons/" ~ icon ~ ".svg" %}
</a>
{%- endif %}
"""
#: The theme templates the export writes, and what is lost when the site has its own.
TEMPLATES = {
    "main.html": (
        (THEME / "main.html").read_text(encoding="utf-8"),
        "the ClaimReview, link previews and feed link are not added to pages' heads",
    ),
    "partials/header.html": (
        (THEME / "partials/header.html").read_text(encoding="utf-8"),
        "the header has no search field",
    ),
    "partials/fc-search-form.html": (
        (THEME / "partials/fc-search-form.html").read_text(encoding="utf-8"),
        "the header has no search field",
    ),
    "partials/actions.html": (ACTIONS_HTML, "generated pages' edit buttons name exported files"),
}


def export_site(layout: Layout, config: SiteConfig, dest: Path, *, force: bool) -> Outcome:
    """Write the export into `dest` (new, empty, or an earlier export with `force`)."""
    dest = dest.resolve()
    occupied = dest.exists() and (not dest.is_dir() or any(dest.iterdir()))
    if occupied and (not force or not (dest / MARKER).is_file()):
        why = "is not an earlier export" if force else "is not empty"
        return Outcome(
            f"error: {dest} {why}; nothing was written\n  hint: give a new folder"
            + ("" if force else ", or --force to replace an earlier export"),
            2,
        )
    if dest == layout.root or (layout.root in dest.parents and dest.name == config.docs_dir):
        return Outcome(f"error: {dest} is part of the site itself; give another folder", 2)
    docs = layout.root / config.docs_dir
    built = build_site(
        layout,
        config,
        template_dirs=(layout.root / config.custom_dir,) if config.custom_dir else (),
        hand_written=[p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
        if docs.is_dir()
        else [],
    )
    result, outputs = built.result, built.outputs
    lines = [line for problem in result.problems for line in problem_lines(problem)]
    dest.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}."))
    try:
        _write_project(outputs, layout.root, config, building, lines.append)
        _move_into_place(building, dest)
    except (ValueError, SearchIndexError) as error:
        shutil.rmtree(building, ignore_errors=True)
        return Outcome(f"error: {error}; nothing was exported", 1)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    pages = sum(1 for _ in outputs.pages())
    lines += [line.removeprefix("factcheck: ") for line in outputs.card_report()]
    checked = len(result.claims) + len(result.broken_claims - set(result.claims))
    lines.append(summary(result, checked))
    lines.append(
        f"exported {pages} generated pages into {dest}: build it there with `mkdocs build` "
        "(no plugin needed) or `zensical build`"
    )
    return Outcome("\n".join(lines), 1 if result.errors else 0)


def _write_project(
    outputs: SiteOutputs, root: Path, config: SiteConfig, into: Path, warn: Callable[[str], None]
) -> None:
    docs = into / "docs"
    moved = {
        page.src_uri: exported_path(page.src_uri, config.use_directory_urls)
        for page in outputs.pages()
    }
    _copy_docs(
        outputs, root / config.docs_dir, docs, moved, warn, site=root, limit=config.limits.snapshot
    )
    bodies = outputs.bodies()
    for page in outputs.pages():
        meta: dict[str, Any] = {"title": page.title, "factcheck_generated": True}
        # The site's search is Pagefind's index, written into docs/pagefind/ below. An engine's
        # own search (Zensical's is always on) indexes the hand-written pages only: a generated
        # page is one record of Pagefind's, and a claimant's page of a few hundred claims passes
        # Zensical's limit of 16,384 words a field (issue 23).
        meta["search"] = {"exclude": True}
        if page.edit_url:
            meta["factcheck_edit_url"] = page.edit_url
        description = outputs.description(page.src_uri)
        if description:  # printed unescaped by the theme, like the title
            meta["description"] = html.escape(description, quote=True)
        meta["factcheck_head"] = outputs.head(page.src_uri)
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000)
        body = bodies.pop(page.src_uri, None)
        if body is None:
            body = outputs.body(page.src_uri)
        # One raw HTML block: Markdown passes it through as it is.
        page_text = f'---\n{front}---\n\n<div class="fc-generated">\n{body}\n</div>\n'
        _write(docs / moved[page.src_uri], page_text)
    for uri, content in outputs.files():
        target = docs / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_bytes(content)
    outputs.write_search_index(docs)  # docs/pagefind/: the engines copy it as it is
    overrides = into / OVERRIDES
    if config.custom_dir and (root / config.custom_dir).is_dir():
        shutil.copytree(root / config.custom_dir, overrides, symlinks=False)
    overrides.mkdir(exist_ok=True)
    for name, (template, lost) in TEMPLATES.items():
        if (overrides / name).exists():
            warn(
                f"export: {config.custom_dir}/{name} exists, so {lost}; merge it with "
                f"generator/engines/export.py's template for {name}"
            )
        else:
            _write(overrides / name, template)
    # (pages in the claims, sources and claimants folders are left out by a pattern each)
    outside_nav = [
        moved[p.src_uri] for p in outputs.pages() if not p.in_nav and "/" not in p.src_uri
    ]
    messages = theme_messages(outputs.settings.render.language)
    _write(into / "mkdocs.yml", _mkdocs_yml(config, moved, outside_nav, messages))
    _write(into / MARKER, "Written by `python -m generator export`; --force may replace it.\n")


_MARKDOWN_LINK = re.compile(r"(\]\()([^)\s#]+\.md)(#[^)\s]*)?(\))")


def _relinked(text: str, uri: str, moved: Mapping[str, str]) -> str:
    """Markdown links of the hand-written page `uri` to a generated page that moved."""
    folder = posixpath.dirname(uri)

    def relink(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(folder, match.group(2)))
        if target not in moved or moved[target] == target:
            return match.group(0)
        new = posixpath.relpath(moved[target], folder or ".")
        return f"{match.group(1)}{new}{match.group(3) or ''}{match.group(4)}"

    return _MARKDOWN_LINK.sub(relink, text)


def _copy_docs(
    outputs: SiteOutputs,
    source: Path,
    docs: Path,
    moved: Mapping[str, str],
    warn: Callable[[str], None],
    *,
    site: Path,
    limit: int,
) -> None:
    """The hand-written pages and files, with the placeholders of Markdown pages filled in and
    their links to generated pages following where the export put them."""
    generated = set(moved) | set(moved.values())
    docs.mkdir(parents=True)
    if not source.is_dir():
        return
    for folder, _, names in os.walk(source):
        for name in names:
            path = Path(folder) / name
            uri = path.relative_to(source).as_posix()
            if uri in generated:
                raise ValueError(f"docs/{uri} would hide the generated page at the same address")
            try:  # like every file of the site: regular, inside it, within the limit
                data = read_file(path, inside=site, limit=limit, shown=f"docs/{uri}")
            except FileRefusal as refusal:
                warn(f"export: {refusal.message}; left out")
                continue
            target = docs / uri
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                text = data.decode("utf-8") if path.suffix == ".md" else None
            except UnicodeDecodeError:
                warn(f"export: docs/{uri} is not UTF-8; copied as it is, placeholders unfilled")
                text = None
            if text is None:
                target.write_bytes(data)
            else:
                filled = outputs.fill(_relinked(text, uri, moved), _noting(warn, uri), uri)
                _write(target, filled)


def _noting(warn: Callable[[str], None], uri: str) -> Callable[[str], None]:
    return lambda note: warn(f"{uri}: {note}")


def _renavigated(nav: Any, moved: Mapping[str, str]) -> Any:
    """The nav with each generated page's file where the export put it."""
    if isinstance(nav, str):
        return moved.get(nav, nav)
    if isinstance(nav, list):
        return [_renavigated(item, moved) for item in nav]
    if isinstance(nav, dict):
        return {key: _renavigated(value, moved) for key, value in nav.items()}
    return nav


def _mkdocs_yml(
    config: SiteConfig,
    moved: Mapping[str, str],
    outside_nav: Sequence[str] = (),
    messages: Mapping[str, str] | None = None,
) -> str:
    data = dict(config.raw)
    if messages:  # the words of the header's search field and the feed link (theme/)
        extra = data.get("extra")
        data["extra"] = {
            **(extra if isinstance(extra, dict) else {}),
            "factcheck_messages": dict(messages),
        }
    if "nav" in data:
        data["nav"] = _renavigated(data["nav"], moved)
    plugins = data.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: value} for name, value in plugins.items()]

    # Neither ours nor Material's search: the export carries its Pagefind index in docs/.
    def dropped(name: object) -> bool:
        return (isinstance(name, str) and name in ("factcheck", "search")) or str(name).endswith(
            "/search"
        )

    data["plugins"] = [
        p
        for p in plugins
        if not dropped(p) and not (isinstance(p, dict) and any(dropped(k) for k in p))
    ]
    theme = data.get("theme")
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme or "material"}
    theme["custom_dir"] = OVERRIDES
    data["theme"] = theme
    data["docs_dir"] = "docs"
    data["extra_css"] = [*(data.get("extra_css") or []), STYLE]
    data["extra_javascript"] = [*(data.get("extra_javascript") or []), SCRIPT]
    # Claim, source and claimant pages and the search page stay out of the navigation, as in
    # the plugin's build.
    kept = str(data.get("not_in_nav") or "")
    hidden = "".join(OUT_OF_NAV)  # every generated page (plan.py)
    data["not_in_nav"] = kept + hidden + "".join(f"/{path}\n" for path in outside_nav)
    header = "# Written by `python -m generator export`: the site without the factcheck plugin.\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _move_into_place(built: Path, dest: Path) -> None:
    """Rename the finished export over `dest`; an earlier export is removed only after."""
    if not dest.exists():
        os.replace(built, dest)
        return
    old = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.old."))
    os.replace(dest, old / "export")
    os.replace(built, dest)
    shutil.rmtree(old)
