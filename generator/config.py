"""The site's configuration, read and validated in one place for the command line, the MkDocs
plugin and the export: the factcheck plugin's options and the few settings of mkdocs.yml that
the outputs need.

mkdocs.yml is composed, not constructed, so that tags such as `!ENV` or `!!python/name:` cost
nothing (they are read as no value) and every option keeps its line and column: each mistake is
a Problem at `mkdocs.yml:line:column`. Without a mkdocs.yml, or without the plugin in it, the
defaults hold.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .fields import ID_PATTERN
from .files import DEFAULT_LIMITS, Limits
from .model import Pos, Problem, Verdict
from .ratings import DEFAULT_SCALE
from .report import problem_lines
from .weburls import url_problem

CONFIG_FILE = "mkdocs.yml"
#: The configuration files of a site, in the order ProperDocs looks for them; MkDocs reads the
#: last two. Every command reads the first that exists, as the engine would.
CONFIG_FILES = ("properdocs.yml", "properdocs.yaml", "mkdocs.yml", "mkdocs.yaml")


def find_config(root: Path) -> Path:
    """The site's configuration file: the first of `CONFIG_FILES` in `root` (or mkdocs.yml,
    which need not exist)."""
    for name in CONFIG_FILES:
        if (root / name).is_file():
            return root / name
    return root / CONFIG_FILE


#: Every option of the plugin, with its default (docs/reference.md describes each).
OPTIONS: Mapping[str, Any] = {
    "claims_dir": "claims",
    "sources_dir": "sources",
    "scale": None,
    "context": 160,
    "claims_per_page": 200,
    "search_recent": 8000,
    "edit_url": None,
    "publisher": None,
    "publisher_url": None,
    "max_yaml_bytes": DEFAULT_LIMITS.yaml,
    "max_snapshot_bytes": DEFAULT_LIMITS.snapshot,
    "problem_pages": "serve",
    "locale_dir": "locale",
}
#: When a claim or source that does not check out gets a page listing its problems at its
#: address: while previewing (`mkdocs serve`, `python -m generator preview`), in every build,
#: or never. A published build leaves broken claims out either way.
PROBLEM_PAGES = ("serve", "always", "never")


class SiteConfigError(ValueError):
    """mkdocs.yml cannot be read, or the factcheck options in it are wrong; `problems` says
    where (the message holds their lines)."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """The factcheck plugin's options and the few settings of mkdocs.yml the outputs need."""

    claims_dir: str = "claims"
    sources_dir: str = "sources"
    scale: tuple[Verdict, ...] = DEFAULT_SCALE
    limits: Limits = DEFAULT_LIMITS
    context: int = 160
    #: The most claims a page of the claims index lists (archive.py).
    claims_per_page: int = 200
    #: How many of the newest claims and sources a first search covers (search.py).
    search_recent: int = 8000
    edit_url: str | None = None
    publisher: str | None = None
    publisher_url: str | None = None
    problem_pages: str = "serve"
    site_name: str = "Fact checks"
    site_url: str | None = None
    repo_url: str | None = None
    use_directory_urls: bool = True
    docs_dir: str = "docs"
    custom_dir: str | None = None
    #: The theme's language: the search index treats every record as written in it.
    language: str = "en"
    #: The theme's language as written (BCP 47, `pt-BR`): the pages' words, dates and direction.
    locale: str = "en"
    #: The site's own catalogs (`<language>.po`), relative to the config file.
    locale_dir: str = "locale"
    #: mkdocs.yml as read (tagged values read as None), for the export to rewrite.
    raw: dict[str, Any] = field(default_factory=dict, compare=False)


class _Composer(yaml.SafeLoader):
    """Builds plain values from composed nodes; any tag is read as no value."""


def _value(node: yaml.Node) -> Any:
    """The plain value of a node: mappings, lists, and scalars typed as YAML 1.1 does."""
    if node.tag == "!ENV":
        return _environment(node)
    if isinstance(node, yaml.MappingNode):
        return {_value(k): _value(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_value(item) for item in node.value]
    if not str(node.tag).startswith("tag:yaml.org,2002:"):
        return None  # !!python/name:... and the like: not ours, and never run
    loader = _Composer("")
    return loader.construct_object(node, deep=True)


def _environment(node: yaml.Node) -> Any:
    """An `!ENV` value as MkDocs reads it (pyyaml-env-tag): the first of the named variables
    that is set, else the last item of a list as the default, else no value."""
    names = [node] if isinstance(node, yaml.ScalarNode) else list(getattr(node, "value", []))
    if not all(isinstance(n, yaml.ScalarNode) for n in names):
        return None
    default = None if isinstance(node, yaml.ScalarNode) or len(names) < 2 else names.pop()
    for name in names:
        if str(name.value) in os.environ:
            return os.environ[str(name.value)]
    return _value(default) if default is not None else None


def read_site_config(root: Path) -> SiteConfig:
    """The configuration of the site at `root`; `SiteConfigError` with every problem."""
    path = find_config(root)
    if not path.is_file():
        return SiteConfig()
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as error:
        raise SiteConfigError(f"{path.name} cannot be read: {error}") from None
    except RecursionError:
        raise SiteConfigError(f"{path.name} cannot be read: it nests too deeply") from None
    if not isinstance(node, yaml.MappingNode):
        return SiteConfig()
    data = _value(node)
    options_node = _plugin_options_node(node)
    config, problems = config_from(
        data,
        _value(options_node) if options_node is not None else None,
        _Positions(options_node),
        path.name,
    )
    if problems:
        raise SiteConfigError(_problem_text(problems), tuple(problems))
    return config


def options_config(options: Mapping[str, Any], config_file: str | None) -> SiteConfig:
    """The plugin's options as MkDocs read them, validated as `read_site_config` validates
    them, with positions from `config_file`; `SiteConfigError` with every problem."""
    positions = _Positions(None)
    if config_file and Path(config_file).is_file():
        try:
            node = yaml.compose(
                Path(config_file).read_text(encoding="utf-8"), Loader=yaml.SafeLoader
            )
            if isinstance(node, yaml.MappingNode):
                positions = _Positions(_plugin_options_node(node))
        except (yaml.YAMLError, UnicodeDecodeError, OSError, RecursionError):
            pass  # MkDocs read it; without positions, problems are placed at 1:1
    given = {k: v for k, v in options.items() if v is not None}
    shown = Path(config_file).name if config_file else CONFIG_FILE
    config, problems = config_from({}, given, positions, shown)
    if problems:
        raise SiteConfigError(_problem_text(problems), tuple(problems))
    return config


def _problem_text(problems: list[Problem]) -> str:
    return "\n".join(line for p in problems for line in problem_lines(p))


class _Positions:
    """Where each factcheck option (and each step of its scale) is written in mkdocs.yml."""

    def __init__(self, options: yaml.Node | None) -> None:
        self.node = options

    def key(self, name: str) -> Pos:
        """Where the option `name` itself is written."""
        if isinstance(self.node, yaml.MappingNode):
            for key, _ in self.node.value:
                if key.value == name:
                    return _pos(key)
        return self.of(name)

    def node_at(self, name: str, item: int, field: str) -> yaml.Node | None:
        """The node of `field` in item number `item` of the option `name` (a step of the
        scale), to read a value as written; None when it is not there."""
        if not isinstance(self.node, yaml.MappingNode):
            return None
        steps = next((v for k, v in self.node.value if k.value == name), None)
        if not isinstance(steps, yaml.SequenceNode) or item >= len(steps.value):
            return None
        step = steps.value[item]
        if isinstance(step, yaml.MappingNode):
            for key, value in step.value:
                if key.value == field:
                    found: yaml.Node = value
                    return found
        return None

    def of(self, name: str = "", item: int | None = None) -> Pos:
        """Where the value of option `name` (or its item number `item`) is written."""
        node = self.node
        if node is None:
            return Pos(1, 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value != name:
                    continue
                items = value.value if isinstance(value, yaml.SequenceNode) else []
                return _pos(items[item] if item is not None and item < len(items) else value)
        return _pos(node)


def _pos(node: yaml.Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


def _plugin_options_node(root: yaml.MappingNode) -> yaml.Node | None:
    plugins = next((v for k, v in root.value if k.value == "plugins"), None)
    entries: list[yaml.Node] = []
    if isinstance(plugins, yaml.SequenceNode):
        entries = list(plugins.value)
    elif isinstance(plugins, yaml.MappingNode):
        entries = [plugins]
    for entry in entries:
        if isinstance(entry, yaml.ScalarNode) and entry.value == "factcheck":
            return yaml.MappingNode("tag:yaml.org,2002:map", [], entry.start_mark, entry.end_mark)
        if isinstance(entry, yaml.MappingNode):
            for key, value in entry.value:
                if key.value == "factcheck":
                    found: yaml.Node = value
                    return found
    return None


def config_from(
    data: Any, options: Any, positions: _Positions | None = None, shown: str = CONFIG_FILE
) -> tuple[SiteConfig, list[Problem]]:
    """The configuration from mkdocs.yml's values (`data`) and the plugin's options (None when
    the plugin is not configured), and every problem with the options."""
    problems: list[Problem] = []
    where = positions or _Positions(None)

    def problem(name: str, message: str, hint: str | None = None, item: int | None = None) -> None:
        pos = where.of(name, item)
        problems.append(Problem(shown, pos.line, pos.column, "error", "bad-value", message, hint))

    site = _site_settings(data)
    if options is None:
        return SiteConfig(**site), problems
    if not isinstance(options, dict):
        options = {}
    for name in options:
        if name not in OPTIONS:
            pos = where.key(str(name))
            problems.append(
                Problem(
                    shown,
                    pos.line,
                    pos.column,
                    "error",
                    "unknown-field",
                    f"the factcheck plugin has no option '{name}'",
                    "the options are: " + ", ".join(OPTIONS),
                )
            )

    def text(name: str) -> str | None:
        value = options.get(name, OPTIONS[name])
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            problem(name, f"the factcheck option {name} must be text")
            return None
        return value

    def positive(name: str) -> int:
        value = options.get(name, OPTIONS[name])
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            problem(name, f"the factcheck option {name} must be a positive whole number")
            return int(OPTIONS[name])
        return value

    publisher_url = text("publisher_url")
    if publisher_url is not None and url_problem(publisher_url):
        problem("publisher_url", f"publisher_url {url_problem(publisher_url)}")
    edit_url = text("edit_url")
    if edit_url is not None and "{path}" not in edit_url:
        problem(
            "edit_url",
            "edit_url must hold {path}, where the file's path goes",
            "for example: https://github.com/org/repo/edit/main/{path}",
        )
    problem_pages = options.get("problem_pages", OPTIONS["problem_pages"])
    if problem_pages not in PROBLEM_PAGES:
        problem(
            "problem_pages",
            f"problem_pages must be one of: {', '.join(PROBLEM_PAGES)}",
            "serve (the default) shows them only while previewing",
        )
        problem_pages = OPTIONS["problem_pages"]
    config = SiteConfig(
        claims_dir=text("claims_dir") or "claims",
        sources_dir=text("sources_dir") or "sources",
        scale=_scale(options.get("scale"), problem, where, site.get("locale", "en")),
        limits=Limits(positive("max_yaml_bytes"), positive("max_snapshot_bytes")),
        context=positive("context"),
        claims_per_page=positive("claims_per_page"),
        search_recent=positive("search_recent"),
        edit_url=edit_url,
        publisher=text("publisher"),
        publisher_url=publisher_url,
        problem_pages=str(problem_pages),
        locale_dir=text("locale_dir") or "locale",
        **site,
    )
    return config, sorted(problems, key=Problem.sort_key)


def _scale(entries: Any, problem: Any, where: _Positions, language: str) -> tuple[Verdict, ...]:
    if entries is None:
        return DEFAULT_SCALE
    if not isinstance(entries, list) or not entries:
        problem("scale", "scale must be a list of {key, label, description, rating}")
        return DEFAULT_SCALE
    scale: list[Verdict] = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not {"key", "label", "rating"} <= set(entry):
            problem("scale", "each step of the scale needs key, label and rating", item=i)
            continue
        key = entry["key"]
        key = str(key).lower() if isinstance(key, bool) else str(key)  # `key: false` is YAML's
        rating = entry["rating"]
        words = {
            name: _words(entry.get(name), where.node_at("scale", i, name), language)
            for name in ("label", "description")
        }
        if not ID_PATTERN.fullmatch(key):
            problem(
                "scale", f"the scale key '{key}' must be lowercase letters, digits and '-'", item=i
            )
        elif any(v.key == key for v in scale):
            problem("scale", f"the scale lists the key '{key}' twice", item=i)
        elif isinstance(rating, bool) or not isinstance(rating, int):
            problem("scale", f"the rating of '{key}' must be a whole number", item=i)
        elif words["label"] is None or not words["label"].strip():
            problem(
                "scale",
                f"the label of '{key}' must be text, or a mapping of languages to text",
                "for example: label: {en: False, ar: زائف}",
                item=i,
            )
        else:
            scale.append(Verdict(key, words["label"], words["description"] or "", rating))
    return tuple(scale) or DEFAULT_SCALE


def _words(value: Any, node: yaml.Node | None, language: str) -> str | None:
    """A label or description of a site's scale as the site wrote it (SPEC §6): a scalar as
    written in the file (`label: No` is the word No, not YAML's false; `90%` stays `90%`), or
    from a mapping of languages to text the one for the site's `language` (its exact tag, its
    language, English, else the first)."""
    if isinstance(value, dict):
        written = node.value if isinstance(node, yaml.MappingNode) else None
        texts = (
            {str(k.value): _scalar(v, None) for k, v in written}
            if written is not None
            else {str(k): _scalar(None, v) for k, v in value.items()}
        )
        given = {k: v for k, v in texts.items() if v is not None}
        return _in_language(given, language) if given else None
    return _scalar(node, value)


def _scalar(node: yaml.Node | None, value: Any) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).lower() if isinstance(value, bool) else str(value)


def _in_language(texts: Mapping[str, str], tag: str) -> str:
    """The text of `texts` (language tag -> text) for the site's language `tag`."""
    by_tag = {k.lower().replace("_", "-"): v for k, v in texts.items()}
    wanted = tag.lower().replace("_", "-")
    primary = wanted.split("-")[0]
    for candidate in (wanted, primary):
        if candidate in by_tag:
            return by_tag[candidate]
    for known, text in by_tag.items():
        if known.split("-")[0] == primary:
            return text
    return by_tag.get("en") or next(iter(texts.values()))


def _text(value: Any) -> str | None:
    return str(value) if value is not None and value != "" else None


def index_language(theme_language: Any) -> str:
    """The ISO 639-1 code Pagefind indexes in, from the theme's language (pt-BR: pt)."""
    code = re.split(r"[-_]", str(theme_language or "en"))[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else "en"


def locale_tag(theme_language: Any) -> str:
    """The theme's language as a BCP 47 tag for the pages (`pt-BR`), `en` when unset or not
    a tag."""
    tag = str(theme_language or "en").replace("_", "-")
    return tag if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag) else "en"


def _site_settings(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        return {}
    theme = data.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    language = theme.get("language") if isinstance(theme, dict) else None
    return {
        "site_name": str(data.get("site_name") or "Fact checks"),
        "site_url": _text(data.get("site_url")),
        "repo_url": _text(data.get("repo_url")),
        "use_directory_urls": data.get("use_directory_urls", True) is not False,
        "docs_dir": str(data.get("docs_dir") or "docs"),
        "custom_dir": _text(custom_dir),
        "language": index_language(language),
        "locale": locale_tag(language),
        "raw": data,
    }
