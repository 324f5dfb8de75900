"""The plugin, for MkDocs and for ProperDocs: a thin adapter from the engine's events to the
core pipeline.

    plugins:
      - factcheck:
          claims_dir: claims      # folders, relative to the config file
          sources_dir: sources
          context: 160            # code points of source text shown around a quote
          edit_url: https://github.com/org/repo/edit/main/{path}
          scale:                  # the rating scale (SPEC §6); the default has seven verdicts
            - {key: accurate, label: Accurate, description: ..., rating: 6}

On `files` the whole site is checked (claims, sources, every span), problems are logged with the
SPEC's text, and every generated page is added as a virtual file kept out of the navigation; on
`page_content` each generated page gets its rendered HTML. Nothing is written into `docs/`.

The classes are made for one engine at a time by `plugin_classes`, from that engine's own
modules: ProperDocs, the maintained fork of MkDocs 1.6, loads only plugins derived from its own
`BasePlugin` and catches only its own `PluginError`, and maps `mkdocs.*` imports to its own only
when its command line runs, so a plugin written against `mkdocs.*` fails when ProperDocs is used
as a library. `mkdocs.py` and `properdocs.py` each bind the classes to their engine.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import html
import importlib
import importlib.metadata
import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from ..check import CheckResult, Layout, SelectionError
from ..config import (
    OPTIONS,
    SiteConfig,
    SiteConfigError,
    index_language,
    locale_tag,
    options_config,
)
from ..guard import internal_error_line
from ..i18n import Language, theme_messages
from ..link import SiteModel
from ..model import Verdict
from ..outputs import sitemaps
from ..outputs.bodies import cores
from ..outputs.pipeline import SiteBuild, build_site
from ..outputs.render import TEMPLATE_CACHE
from ..outputs.search import IndexJob, SearchIndexError
from ..outputs.siteoutputs import (
    SCRIPT,
    STYLE,
    THEME,
    SiteOutputs,
)
from ..ratings import DEFAULT_SCALE
from ..report import annotation, problem_lines
from .preview import PREVIEW_ENV, Watcher, preview_paths

if TYPE_CHECKING:  # the types MkDocs and ProperDocs share; only for the type checker
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.factcheck")

__all__ = ["ENGINES", "THEMES", "installed_themes", "plugin_classes"]

#: The engines the plugin runs on, by the name of their Python package.
ENGINES = ("mkdocs", "properdocs")
#: The themes the generated pages are made for (their templates extend Material's).
THEMES = frozenset({"material", "materialx"})


def installed_themes() -> set[str]:
    """The names of the themes MkDocs or ProperDocs can find."""
    groups = ("mkdocs.themes", "properdocs.themes")
    return {
        entry.name for group in groups for entry in importlib.metadata.entry_points(group=group)
    }


@functools.cache
def plugin_classes(engine: str) -> tuple[type, type]:
    """The plugin's options class and plugin class, made from `engine`'s own modules."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}")
    base: Any = importlib.import_module(f"{engine}.config.base")
    c: Any = importlib.import_module(f"{engine}.config.config_options")
    PluginError: Any = importlib.import_module(f"{engine}.exceptions").PluginError
    BasePlugin: Any = importlib.import_module(f"{engine}.plugins").BasePlugin
    structure: Any = importlib.import_module(f"{engine}.structure.files")
    File, InclusionLevel = structure.File, structure.InclusionLevel

    def _option() -> Any:
        # MkDocs must accept each option; what it may hold is checked by config.py, the one
        # validator the command line and the export use too (with line and column).
        return c.Optional(c.Type(object))

    # The options class, from the declarations of config.py (each option declared once there).
    FactcheckConfig = type(
        "FactcheckConfig",
        (base.Config,),
        {
            "__doc__": "The factcheck plugin's options (config.OPTIONS; docs/reference.md).",
            **{declared.name: _option() for declared in OPTIONS},
        },
    )

    class FactcheckPlugin(BasePlugin[FactcheckConfig]):
        """The engine adapter: hands the outputs that `SiteOutputs` decides to the engine."""

        def __init__(self) -> None:
            if not THEMES & installed_themes():
                log.error(
                    "factcheck: neither Material nor MaterialX is installed, and the pages need "
                    "one: pip install 'factcheck-generator[material]' (MkDocs with Material for "
                    "MkDocs) or 'factcheck-generator[materialx]' (ProperDocs with MaterialX, "
                    "theme name materialx)"
                )
            self.command = "build"  # or "serve", from on_startup
            self.preview: tuple[Path, ...] = ()  # the files a preview covers (none: the whole site)
            self.watcher: Watcher | None = None  # a preview's files, under `mkdocs serve`
            self._preview_files: set[str] = set()
            self.outputs: SiteOutputs | None = None
            self._bodies: dict[str, str] = {}  # generated pages' bodies, rendered on every core
            self._index: IndexJob | None = None  # the search index, made while pages render
            self._froze = False  # whether this build froze the collector's objects
            self.model: SiteModel | None = None
            self.layout: Layout | None = None
            self.scale: tuple[Verdict, ...] = DEFAULT_SCALE
            self.options = SiteConfig()

        def on_startup(self, *, command: str, dirty: bool) -> None:
            """Remember whether this is a preview (`mkdocs serve`). Having this hook also keeps one
            plugin object across the rebuilds of `mkdocs serve`, which the watching needs."""
            self.command = command

        def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
            """Read the options, find the site's folders and add the style sheet and script."""
            root = Path(config.config_file_path or ".").resolve().parent
            try:
                self.options = options_config(dict(self.config), config.config_file_path)
            except SiteConfigError as error:
                raise PluginError(str(error)) from None
            options = self.options
            locale = locale_tag(config.theme.get("language"))
            self.layout = Layout.at(
                root, options.claims_dir, options.sources_dir, options.limits, locale
            )
            self.preview = preview_paths(os.environ.get(PREVIEW_ENV, ""))
            self.scale = options.scale
            config.extra_css.append(STYLE)
            config.extra_javascript.append(SCRIPT)
            catalogs = root / options.locale_dir
            language = Language(locale_tag(config.theme.get("language")), catalogs)
            config.extra["factcheck_messages"] = theme_messages(language)
            # The header with the site's search form: after the site's overrides, before the theme.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
            custom = config.theme.custom_dir
            if custom and (Path(custom) / "main.html").is_file():
                log.warning(
                    "factcheck: %s/main.html replaces the plugin's, which puts the ClaimReview, "
                    "link previews and the feed link in each page's head: extend it from "
                    "generator/theme/main.html",
                    custom,
                )
            for name in config.plugins:
                if name == "search" or name.endswith("/search"):
                    log.warning(
                        "factcheck: the site searches with Pagefind; the %s plugin would also "
                        "write a search index of its own (Material's: one of the whole site that "
                        "every reader downloads; MaterialX's: a second Pagefind index in "
                        "site/search/): remove '- %s' from the plugins in %s",
                        name,
                        name,
                        Path(config.config_file_path or "mkdocs.yml").name,
                    )
            if not config.site_url:
                log.warning(
                    "factcheck: site_url is not set in mkdocs.yml; claim pages' ClaimReview "
                    "data, claims.json and the feed need the site's absolute address"
                )
            return config

        def on_files(self, files: Files, config: MkDocsConfig) -> Files:
            """Check the site, log every problem, and add every generated page and file."""
            try:
                return self._files(files, config)
            except PluginError:
                raise
            except Exception as error:  # the last resort: one line, the traceback in a file
                raise PluginError(
                    internal_error_line("building the fact-check pages", error)
                ) from None

        def on_post_build(self, *, config: MkDocsConfig) -> None:
            """Write the search index into the built site and cut its sitemap into shards; give
            back to the cycle collector what the build froze."""
            self._thaw()  # what the build froze is garbage now; `mkdocs serve` builds again
            assert self.outputs is not None and self._index is not None
            started = time.perf_counter()
            job, self._index = self._index, None
            try:
                stats = job.finish()
            except (SearchIndexError, OSError) as error:
                raise PluginError(
                    f"factcheck: the search index could not be written: {error}"
                ) from None
            log.info(
                "factcheck: search index of %d records, %d files, %.1f MB (waited %.1f s for it)",
                stats.records,
                stats.files,
                stats.bytes / 1e6,
                time.perf_counter() - started,
            )
            try:  # what Material fetches on every page: an index of shards, not every address
                sitemaps.shard(Path(config.site_dir), config.site_url)
            except OSError as error:
                raise PluginError(f"factcheck: the sitemap could not be written: {error}") from None
            try:
                self.outputs.place_cards(Path(config.site_dir))
            except OSError as error:
                raise PluginError(
                    f"factcheck: the share cards could not be written: {error}"
                ) from None
            # (What the cards leave out is said, not warned: a strict build must not fail for
            # a script no font here draws, which no edit of the site can mend.)
            for line in self.outputs.card_report():
                log.info(line)
            self._release()

        def on_build_error(self, *, error: Exception) -> None:
            """Give back to the cycle collector what a failed build froze; throw away the search
            index under way."""
            self._thaw()
            if self._index is not None:
                self._index.cancel()
                self._index = None
            self._release()

        def _release(self) -> None:
            # The plugin object lives on across the rebuilds of `mkdocs serve`: the site it built
            # is not kept while the next one is built.
            self.outputs = None
            self.model = None
            self._bodies = {}

        def _thaw(self) -> None:
            if self._froze:
                gc.unfreeze()
                self._froze = False

        @property
        def shows_problems(self) -> bool:
            """Whether broken claims and sources get pages listing their problems (previewing)."""
            when = self.options.problem_pages
            return when == "always" or (when == "serve" and self.command == "serve")

        def _files(self, files: Files, config: MkDocsConfig) -> Files:
            assert self.layout is not None
            try:
                built = build_site(
                    self.layout,
                    self._site(config),
                    preview=self.preview,
                    template_dirs=tuple(Path(d) for d in config.theme.dirs),
                    hand_written=[f.src_uri for f in files.documentation_pages()],
                    show_problems=self.shows_problems,
                )
            except SelectionError as error:
                raise PluginError(f"factcheck: cannot preview {error}") from None
            self._report(built)
            self.model, self.outputs = built.model, built.outputs
            if self.preview:
                self._watch(built.result)
            for collision in self.outputs.collisions(f.src_uri for f in files):
                raise PluginError(f"factcheck: {collision}")
            for page in self.outputs.pages():
                inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
                files.append(File.generated(config, page.src_uri, content="", inclusion=inclusion))
            for uri, content in self.outputs.files(cards=False):  # placed after the build
                if isinstance(content, Path):
                    files.append(File.generated(config, uri, abs_src_path=str(content)))
                else:
                    files.append(File.generated(config, uri, content=content))
            self._freeze()
            started = time.perf_counter()
            self._bodies = self.outputs.bodies()  # forked after the freeze: shared, not copied
            if self._bodies:
                log.info(
                    "factcheck: %d page bodies rendered on %d cores in %.1f s",
                    len(self._bodies),
                    cores(),
                    time.perf_counter() - started,
                )
            # After the fork: Pagefind indexes on another core while the engine writes pages.
            if self._index is not None:  # a build that ended without on_post_build
                self._index.cancel()
            self._index = self.outputs.start_search_index(Path(config.site_dir))
            return files

        def _report(self, built: SiteBuild) -> None:
            """Every problem as `check` prints it (and as a workflow annotation on GitHub), and
            which claims the build leaves out or shows as their problems."""
            annotate = os.environ.get("GITHUB_ACTIONS") == "true"
            for problem in built.result.problems:
                level = logging.ERROR if problem.severity == "error" else logging.WARNING
                log.log(level, "\n".join(problem_lines(problem)))
                if annotate:  # a workflow command must start its own line: not through the log
                    print(annotation(problem), flush=True)
            if built.result.broken_claims:
                log.warning(
                    "factcheck: %d claim(s) %s because of the errors above: %s",
                    len(built.result.broken_claims),
                    "shown as their problems" if built.problems else "left out of the site",
                    ", ".join(sorted(built.result.broken_claims)),
                )

        def _freeze(self) -> None:
            # The checked site stays in memory for the whole build: move it out of the cycle
            # collector's sight, or every full collection while pages render walks all of it.
            # on_post_build and on_build_error unfreeze it, so no rebuild pins the last one. A
            # host that froze objects of its own is left as it is.
            self._froze = gc.get_freeze_count() == 0
            if self._froze:
                gc.collect()
                gc.freeze()

        def _site(self, config: MkDocsConfig) -> SiteConfig:
            """The options with MkDocs' own reading of mkdocs.yml (with !ENV resolved) for
            the site's settings."""
            return dataclasses.replace(
                self.options,
                site_name=config.site_name,
                site_url=config.site_url,
                repo_url=config.repo_url,
                use_directory_urls=config.use_directory_urls,
                language=index_language(config.theme.get("language")),
                locale=locale_tag(config.theme.get("language")),
            )

        def on_env(
            self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
        ) -> jinja2.Environment:
            """Keep the theme's compiled templates across the rebuilds of `mkdocs serve`."""
            if env.bytecode_cache is None:
                env.bytecode_cache = TEMPLATE_CACHE
            return env

        def on_page_markdown(
            self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
        ) -> str:
            """Fill the placeholders of a hand-written page; give a generated page its title,
            description, head tags, search setting and edit address (its Markdown is empty: its
            body comes at `on_page_content`)."""
            assert self.outputs is not None
            generated = self.outputs.page_at(page.file.src_uri)
            if generated is None:
                where = page.file.src_uri
                return self.outputs.fill(
                    markdown, lambda message: log.warning("%s: %s", where, message), where
                )
            # Material prints meta titles unescaped (in <title> and the header): they come escaped.
            page.meta["title"] = generated.title
            description = self.outputs.description(page.file.src_uri)
            if description:  # printed unescaped by the theme, like the title
                page.meta["description"] = html.escape(description, quote=True)
            page.meta["factcheck_head"] = self.outputs.head(page.file.src_uri)
            if not generated.searchable:
                page.meta["search"] = {"exclude": True}
            page.edit_url = generated.edit_url
            return ""

        def on_page_content(
            self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
        ) -> str | None:
            """The rendered body of a generated page; a hand-written page as MkDocs made it."""
            assert self.outputs is not None
            if page.file.src_uri in self.outputs.plan.pages:
                body = self._bodies.pop(page.file.src_uri, None)
                if body is not None:
                    return body
                try:
                    return self.outputs.body(page.file.src_uri)
                except Exception as error:  # the last resort: one line, the traceback in a file
                    doing = f"rendering {page.file.src_uri}"
                    raise PluginError(internal_error_line(doing, error)) from None
            return html

        def on_serve(
            self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
        ) -> LiveReloadServer:
            """Rebuild when a claim or source changes, not only the docs; a preview follows only
            the files it shows, with a watcher of its own (see preview.Watcher)."""
            assert self.layout is not None
            if self.preview:
                if self.watcher is None:
                    self.watcher = Watcher()
                    self.watcher.follow(self._preview_files)
                server.watch(str(self.watcher.folder))
                return server
            for folder in (self.layout.claims_dir, self.layout.sources_dir):
                if folder.is_dir():
                    server.watch(str(folder))
            return server

        def _watch(self, result: CheckResult) -> None:
            """After a preview's check: the claims shown, their sources and snapshots."""
            assert self.layout is not None
            root = self.layout.root
            files = {str(p.resolve()) for p in self.preview}
            files |= {str(root / path) for path in result.claim_files.values()}
            files |= {str(root / path) for path in result.source_files.values()}
            files |= {  # a snapshot not there yet too: the editor may be about to save it
                str((root / result.source_files[sid]).parent / source.snapshot)
                for sid, source in result.sources.items()
                if source.snapshot is not None and sid in result.source_files
            }
            self._preview_files = files
            if self.watcher is not None:
                self.watcher.follow(files)

        def on_shutdown(self) -> None:
            """Stop watching the preview's files."""
            if self.watcher is not None:
                self.watcher.close()
                self.watcher = None

    return FactcheckConfig, FactcheckPlugin
