"""The site's configuration, read and checked in one place for the command line, the MkDocs
plugin and the export: the factcheck plugin's options and the few settings of mkdocs.yml that
the outputs need.

Each option is declared once, as a field of `SiteConfig` made by `option`: its name, type,
default, one line of documentation, an example, and how it is read. `OPTIONS` lists them for
the plugin's own options class, the docs' table (tested against it) and the hints. The options
are read from mkdocs.yml's nodes as claims and sources are read from theirs (`yamlnodes`,
`fields`): every mistake is a Problem at `mkdocs.yml:line:column`, with the same words; the
engine's tags (`!ENV`, `!!python/name:`) cost nothing (`!ENV` is read as MkDocs reads it, any
other as no value). Without a mkdocs.yml, or without the plugin in it, the defaults hold.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .fields import ID_PATTERN, Fields
from .files import DEFAULT_LIMITS, FileRefusal, Limits, read_file
from .model import Pos, Problem, Verdict
from .ratings import DEFAULT_SCALE
from .report import problem_lines
from .yamlnodes import YamlError, YNode, build_config, compose_config, parse_yaml

CONFIG_FILE = "mkdocs.yml"
#: The configuration files of a site, in the order ProperDocs looks for them; MkDocs reads the
#: last two. Every command reads the first that exists, as the engine would.
CONFIG_FILES = ("properdocs.yml", "properdocs.yaml", "mkdocs.yml", "mkdocs.yaml")
#: When a claim or source that does not check out gets a page listing its problems at its
#: address: while previewing (`mkdocs serve`, `python -m generator preview`), in every build,
#: or never. A published build leaves broken claims out either way.
PROBLEM_PAGES = ("serve", "always", "never")


def find_config(root: Path) -> Path:
    """The site's configuration file: the first of `CONFIG_FILES` in `root` (or mkdocs.yml,
    which need not exist)."""
    for name in CONFIG_FILES:
        if (root / name).is_file():
            return root / name
    return root / CONFIG_FILE


#: How an option's value is read from its mapping (`Fields`), knowing the site's settings;
#: None (a problem reported, or no value) keeps the default.
Reader = Callable[[Fields, str, Mapping[str, Any]], Any]


@dataclass(frozen=True, slots=True)
class Option:
    """One option of the factcheck plugin, as declared on `SiteConfig`."""

    name: str
    default: Any
    doc: str
    example: str
    read: Reader


def option(default: Any, doc: str, example: str, read: Reader) -> Any:
    """Declare an option: a field of `SiteConfig` with its default, its line of documentation,
    an example line of mkdocs.yml (shown in hints), and its reader."""
    return field(default=default, metadata={"option": (doc, example, read)})


# -- readers -------------------------------------------------------------------------------------


def _text(f: Fields, name: str, site: Mapping[str, Any]) -> str | None:
    text = f.text(name)
    return text if text and text.strip() else None


def _positive(f: Fields, name: str, site: Mapping[str, Any]) -> int | None:
    return f.integer(name, minimum=1)


def _address(f: Fields, name: str, site: Mapping[str, Any]) -> str | None:
    return f.url(name)


def _edit_url(f: Fields, name: str, site: Mapping[str, Any]) -> str | None:
    text = _text(f, name, site)
    if text is not None and "{path}" not in text:
        f.report(
            "bad-value",
            f.pos(name),
            "edit_url must hold {path}, where the file's path goes",
            "for example: https://github.com/org/repo/edit/main/{path}",
        )
        return None
    return text


def _boolean(f: Fields, name: str, site: Mapping[str, Any]) -> bool | None:
    text = (f.text(name) or "").strip()
    if text.lower() in ("true", "yes", "on"):
        return True
    if text.lower() in ("false", "no", "off"):
        return False
    if text:
        f.report("bad-value", f.pos(name), f"'{name}' must be true or false, not '{text}'")
    return None


def _with_site_url(f: Fields, name: str, site: Mapping[str, Any]) -> bool | None:
    """A switch of what needs the site's absolute address (share cards, embeds): on is refused
    without `site_url`, since a link preview or an embed elsewhere cannot follow a relative
    address."""
    value = _boolean(f, name, site)
    if value and not site.get("site_url"):
        f.report(
            "bad-value",
            f.pos(name),
            f"'{name}' needs the site's address: a link preview and an embed on another site "
            "follow only absolute addresses",
            "add site_url: https://your.site/ to mkdocs.yml, or remove this option",
        )
        return None
    return value


def _threshold(f: Fields, name: str, site: Mapping[str, Any]) -> float | None:
    """A score from 0 to 1, or `off` (then -1: never)."""
    text = (f.text(name) or "").strip()
    if text.lower() in ("off", "false", "no"):
        return -1.0
    try:
        value = float(text)
    except ValueError:
        value = -2.0
    if not 0 <= value <= 1:
        f.report(
            "bad-value",
            f.pos(name),
            f"'{name}' must be a score from 0 to 1, or off, not '{text}'",
            f"for example: {name}: 0.75",
        )
        return None
    return value


def _problem_pages(f: Fields, name: str, site: Mapping[str, Any]) -> str | None:
    return f.choice(name, PROBLEM_PAGES, None)


#: The fields of a step of the rating scale, with an example line each.
SCALE_STEP = {
    "key": "key: misquoted",
    "label": "label: Misquoted   (or {en: Misquoted, fr: Citation déformée})",
    "description": "description: Words attributed to the claimant were changed.",
    "rating": "rating: 3",
}
#: YAML 1.1's booleans: `key: false`, written unquoted, is the key "false".
_BOOLEANS = frozenset(
    f(word)
    for word in ("y", "yes", "n", "no", "true", "false", "on", "off")
    for f in (str.lower, str.capitalize, str.upper)
)


def _scale(f: Fields, name: str, site: Mapping[str, Any]) -> tuple[Verdict, ...] | None:
    items = f.items(name, required=True)
    scale: list[Verdict] = []
    for item in items:
        step = f.sub(item, SCALE_STEP, "a step of the scale")
        if step is None:
            continue
        key_node = step.values.get("key")
        key = step.text("key", required=True)
        rating = step.integer("rating", minimum=-(10**9))
        if "rating" not in step.values:
            step.text("rating", required=True)  # reported: missing
        label = _words(step, "label", site, required=True)
        description = _words(step, "description", site) or ""
        if key is None or label is None or rating is None:
            continue
        if key_node is not None and key_node.plain and key in _BOOLEANS:
            key = key.lower()
        if not ID_PATTERN.fullmatch(key):
            step.report(
                "bad-value",
                step.pos("key"),
                f"the scale key '{key}' must be lowercase letters, digits and '-'",
                f"for example: {SCALE_STEP['key']}",
            )
        elif any(v.key == key for v in scale):
            step.report("bad-value", step.pos("key"), f"the scale lists the key '{key}' twice")
        else:
            scale.append(Verdict(key, label, description, rating))
    return tuple(scale) or None


def _words(f: Fields, name: str, site: Mapping[str, Any], required: bool = False) -> str | None:
    """A label or description of a site's scale as the site wrote it (SPEC §6): the text as
    written in the file (`label: No` is the word No; `90%` stays `90%`), or from a mapping of
    languages to text the one for the site's language (its exact tag, its language, English,
    else the first)."""
    node = f.values.get(name)
    if node is not None and node.kind == "map":
        texts = {k: v.raw for k, v in node.value.items() if v.kind in ("str", "int")}
        if texts:
            return _in_language(texts, str(site.get("locale", "en")))
        f.report("bad-value", node.pos, f"'{name}' must be text, or a mapping of languages to text")
        return None
    return f.text(name, required)


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


# -- the configuration -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """The factcheck plugin's options (each declared here, once) and the few settings of
    mkdocs.yml the outputs need."""

    claims_dir: str = option(
        "claims", "folder of claim files, relative to `mkdocs.yml`", "claims_dir: claims", _text
    )
    sources_dir: str = option(
        "sources",
        "folder of source files and snapshots, relative to `mkdocs.yml`",
        "sources_dir: sources",
        _text,
    )
    context: int = option(
        160,
        "code points of source text shown on either side of a quote on claim pages",
        "context: 160",
        _positive,
    )
    claims_per_page: int = option(
        200,
        "the most claims a page of the claims index lists: a larger site gets a page per year "
        "said (about 700 bytes a row, so that a page stays under 300 KB on a phone); a page "
        "of the claimants index lists five times as many claimants",
        "claims_per_page: 200",
        _positive,
    )
    search_recent: int = option(
        8000,
        "how many of the newest claims and sources a first search covers; a larger site's "
        "others are a second index, searched when the reader asks or when the newest have no "
        "match ([Search](#search))",
        "search_recent: 8000",
        _positive,
    )
    edit_url: str | None = option(
        None,
        "the address to edit a claim or source file, with `{path}`; without one, pages name "
        "the file (default: from `repo_url` on GitHub)",
        "edit_url: https://github.com/org/repo/edit/main/{path}",
        _edit_url,
    )
    publisher: str | None = option(
        None,
        "the organisation that publishes the fact-checks: the `author` of every ClaimReview "
        "and of the feed (default: `site_name`)",
        "publisher: The Fact Desk",
        _text,
    )
    publisher_url: str | None = option(
        None,
        "that organisation's address (default: `site_url`)",
        "publisher_url: https://factdesk.example.org/",
        _address,
    )
    max_yaml_bytes: int = option(
        DEFAULT_LIMITS.yaml,
        "the largest claim or source file that is read, in bytes; a larger one is a "
        "`too-large` error and nothing of it is read",
        "max_yaml_bytes: 1000000",
        _positive,
    )
    max_snapshot_bytes: int = option(
        DEFAULT_LIMITS.snapshot,
        "the largest snapshot that is read, in bytes",
        "max_snapshot_bytes: 50000000",
        _positive,
    )
    problem_pages: str = option(
        "serve",
        "when a claim or source that does not check out gets a page listing its problems at "
        "its address: `serve` while previewing (`mkdocs serve`, `python -m generator "
        "preview`), `always` (a preview deployment of a pull request), `never`",
        "problem_pages: serve",
        _problem_pages,
    )
    locale_dir: str = option(
        "locale",
        "the site's own message catalogs, `<language>.po` (see [Languages](#languages)), "
        "relative to the config file",
        "locale_dir: locale",
        _text,
    )
    publish_captures: bool = option(
        False,
        "whether the web archives sources were taken from (`capture: file`) are published "
        "beside them, at `/captures/<source>/<file>`: an archive may hold a whole page with its "
        "images, which the site may have no right to publish; their digests are shown either way",
        "publish_captures: true",
        _boolean,
    )
    social_cards: bool | None = option(
        None,
        "whether each claim page gets a share card, a PNG of 1200 by 630 pixels with the "
        "verdict, the claim, the claimant and the date that link previews show (`og:image`); "
        "default: on when "
        "`site_url` is set, which it needs ([Sharing and embedding](#sharing-and-embedding))",
        "social_cards: true",
        _with_site_url,
    )
    embeds: bool | None = option(
        None,
        "whether each claim gets an embeddable card, `/claims/<id>/embed/`, and an oEmbed "
        "document; default: on when `site_url` is set, which it needs",
        "embeds: true",
        _with_site_url,
    )
    scale_file: str = option(
        "ratings.yml",
        "a file of more verdicts, relative to the config file: a list of steps written as "
        "`scale`'s, added after it (`import` adds there the ratings of records the scale "
        "lacks); read when it exists",
        "scale_file: ratings.yml",
        _text,
    )
    possibly_checked: float = option(
        0.7,
        "the score (0 to 1, words and meaning alone: [Similar claims](#similar-claims)) from "
        "which `check` warns `possibly-checked`: a claim looks like another one it does not "
        "name in `related`; `off` never warns",
        "possibly_checked: 0.7",
        _threshold,
    )
    scale: tuple[Verdict, ...] = option(
        DEFAULT_SCALE,
        "the rating scale: `key`, `label`, `description`, `rating` (an integer, higher is "
        "better); `key: false` may be written unquoted. A label or description is the site's "
        "own words, shown as written in every language (`label: No` is the word No, `90%` "
        "and braces are text); one site in several languages may give either as a mapping of "
        "language to text (`label: {en: False, ar: زائف}`): the site's language is shown (its "
        "exact tag, else its language, else `en`, else the first)",
        "scale: [{key: accurate, label: Accurate, description: …, rating: 6}]",
        _scale,
    )
    # -- mkdocs.yml's own settings, as the outputs need them
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
    #: mkdocs.yml as read (tagged values read as None), for the export to rewrite.
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def limits(self) -> Limits:
        """The largest claim, source and snapshot files that are read."""
        return Limits(self.max_yaml_bytes, self.max_snapshot_bytes)


#: Every option of the plugin, in the order `SiteConfig` declares them.
OPTIONS: tuple[Option, ...] = tuple(
    Option(f.name, f.default, *f.metadata["option"])
    for f in dataclasses.fields(SiteConfig)
    if "option" in f.metadata
)
#: The defaults, for the commands that need one without a site (a test, a benchmark).
DEFAULTS = SiteConfig()


class SiteConfigError(ValueError):
    """mkdocs.yml cannot be read, or the factcheck options in it are wrong; `problems` says
    where (the message holds their lines)."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


# -- reading mkdocs.yml --------------------------------------------------------------------------


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
    loader = yaml.SafeLoader("")
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


def _foreign(node: yaml.Node, pos: Pos) -> YNode:
    """A tagged value of mkdocs.yml as an option reads it: `!ENV` as MkDocs resolves it,
    anything else as no value."""
    value = _environment(node) if node.tag == "!ENV" else None
    return located(value, pos)


_START = Pos(1, 1)


def located(value: Any, pos: Pos = _START) -> YNode:
    """A plain value (as MkDocs hands the options over) as located values, all at `pos`."""
    if isinstance(value, Mapping):
        items = {str(k): located(v, pos) for k, v in value.items()}
        return YNode("map", items, pos, keys=dict.fromkeys(items, pos))
    if isinstance(value, list | tuple):
        return YNode("seq", [located(v, pos) for v in value], pos)
    if value is None:
        return YNode("null", None, pos)
    if isinstance(value, bool):
        return YNode("str", str(value).lower(), pos, str(value).lower(), plain=True)
    if isinstance(value, int):
        return YNode("int", value, pos, str(value), plain=True)
    return YNode("str", str(value), pos, str(value), plain=True)


def read_site_config(root: Path) -> SiteConfig:
    """The configuration of the site at `root`; `SiteConfigError` with every problem."""
    path = find_config(root)
    if not path.is_file():
        return SiteConfig()
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        written = _options_node(compose_config(text))
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as error:
        raise SiteConfigError(f"{path.name} cannot be read: {error}") from None
    except YamlError as error:
        raise SiteConfigError(f"{path.name} cannot be read: {error.message}") from None
    except RecursionError:
        raise SiteConfigError(f"{path.name} cannot be read: it nests too deeply") from None
    if not isinstance(node, yaml.MappingNode):
        return SiteConfig()
    options = build_config(written, _foreign) if written is not None else None
    config, problems = config_from(_value(node), options, path.name)
    if not problems:
        config = with_scale_file(config, path.parent, problems)
    if problems:
        raise SiteConfigError(_problem_text(problems), tuple(problems))
    return config


def options_config(options: Mapping[str, Any], config_file: str | None) -> SiteConfig:
    """The plugin's options as MkDocs read them, validated as `read_site_config` validates
    them, with their places in `config_file` (as written there; else at 1:1);
    `SiteConfigError` with every problem."""
    given = located({k: v for k, v in options.items() if v is not None})
    if config_file and Path(config_file).is_file():
        try:
            written = _options_node(compose_config(Path(config_file).read_text(encoding="utf-8")))
            if written is not None:
                given = build_config(written, _foreign)
        except (YamlError, UnicodeDecodeError, OSError):
            pass  # MkDocs read it; without positions, problems are placed at 1:1
    shown = Path(config_file).name if config_file else CONFIG_FILE
    config, problems = config_from({}, given, shown)
    if not problems and config_file:
        config = with_scale_file(config, Path(config_file).parent, problems)
    if problems:
        raise SiteConfigError(_problem_text(problems), tuple(problems))
    return config


def with_scale_file(config: SiteConfig, root: Path, problems: list[Problem]) -> SiteConfig:
    """`config` with the verdicts of its scale file (`scale_file`) after its scale, when the
    file exists; its problems, placed in it, added to `problems`."""
    path = root / config.scale_file
    if not os.path.lexists(path):
        return config
    shown = config.scale_file
    try:
        text = read_file(path, inside=root, limit=config.max_yaml_bytes, shown=shown).decode(
            "utf-8"
        )
        node = parse_yaml(text)
    except FileRefusal as refusal:
        problems.append(Problem(shown, 1, 1, "error", refusal.code, refusal.message))
        return config
    except UnicodeDecodeError:
        problems.append(Problem(shown, 1, 1, "error", "bad-value", f"{shown} is not UTF-8"))
        return config
    except YamlError as error:
        problems.append(
            Problem(shown, error.pos.line, error.pos.column, "error", error.code, error.message)
        )
        return config
    more = scale_steps(node, shown, config.locale, problems)
    known = {v.key for v in config.scale}
    for verdict in more:
        if verdict.key in known:
            problems.append(
                Problem(
                    shown,
                    node.pos.line,
                    node.pos.column,
                    "error",
                    "bad-value",
                    f"the scale file gives the key '{verdict.key}', which the scale has already",
                    "remove it from one of the two",
                )
            )
    if problems:
        return config
    return dataclasses.replace(config, scale=(*config.scale, *more))


def scale_steps(
    node: YNode, shown: str, locale: str, problems: list[Problem]
) -> tuple[Verdict, ...]:
    """The verdicts of a scale file's list (`node`, parsed), read as `scale`'s steps are; its
    problems, placed in `shown`, added to `problems`."""
    if node.kind == "null":
        return ()
    wrapper = YNode("map", {"scale": node}, node.pos, keys={"scale": node.pos})
    fields = Fields(wrapper, shown, problems, {"scale": SCALE_STEP["key"]}, "the scale file")
    return _scale(fields, "scale", {"locale": locale}) or ()


def _problem_text(problems: list[Problem]) -> str:
    return "\n".join(line for p in problems for line in problem_lines(p))


def _options_node(root: yaml.Node | None) -> yaml.Node | None:
    """The node of the factcheck plugin's options in a composed mkdocs.yml (an empty mapping
    for `- factcheck` alone), or None when the plugin is not configured."""
    if not isinstance(root, yaml.MappingNode):
        return None
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
    data: Any, options: YNode | Mapping[str, Any] | None, shown: str = CONFIG_FILE
) -> tuple[SiteConfig, list[Problem]]:
    """The configuration from mkdocs.yml's values (`data`) and the plugin's options (located
    values, or plain ones; None when the plugin is not configured), and every problem with the
    options, placed in `shown`."""
    site = _site_settings(data)
    if options is None:
        return SiteConfig(**site), []
    node = options if isinstance(options, YNode) else located(options)
    if node.kind == "null":
        node = located({}, node.pos)
    problems: list[Problem] = []
    examples = {o.name: o.example for o in OPTIONS}
    fields = Fields(node, shown, problems, examples, "the factcheck plugin")
    chosen: dict[str, Any] = {}
    for declared in OPTIONS:
        if declared.name in fields.values:
            value = declared.read(fields, declared.name, site)
            if value is not None:
                chosen[declared.name] = value
    return SiteConfig(**chosen, **site), sorted(problems, key=Problem.sort_key)


def _text_value(value: Any) -> str | None:
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
        "site_url": _text_value(data.get("site_url")),
        "repo_url": _text_value(data.get("repo_url")),
        "use_directory_urls": data.get("use_directory_urls", True) is not False,
        "docs_dir": str(data.get("docs_dir") or "docs"),
        "custom_dir": _text_value(custom_dir),
        "language": index_language(language),
        "locale": locale_tag(language),
        "raw": data,
    }
