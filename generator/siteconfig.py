"""What the command line needs from mkdocs.yml: the factcheck plugin's folders and scale.

mkdocs.yml often carries tags such as `!!python/name:...` or `!ENV`; they are read as nothing
here, safely, since only the plugin's own options matter. Without a mkdocs.yml (or without the
plugin in it) the defaults hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .files import DEFAULT_LIMITS, Limits
from .model import Verdict
from .scale import DEFAULT_SCALE


class _TolerantLoader(yaml.SafeLoader):
    pass


def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("", _ignore)  # any unknown tag: no value


class SiteConfigError(ValueError):
    """mkdocs.yml cannot be read, or the factcheck options in it are malformed."""

    pass


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """The factcheck plugin's options and the few settings of mkdocs.yml the outputs need."""

    claims_dir: str = "claims"
    sources_dir: str = "sources"
    scale: tuple[Verdict, ...] = DEFAULT_SCALE
    limits: Limits = DEFAULT_LIMITS
    context: int = 160
    edit_url: str | None = None
    publisher: str | None = None
    publisher_url: str | None = None
    site_name: str = "Fact checks"
    site_url: str | None = None
    repo_url: str | None = None
    use_directory_urls: bool = True
    docs_dir: str = "docs"
    custom_dir: str | None = None
    #: mkdocs.yml as read (unknown tags read as nothing), for the export to rewrite.
    raw: dict[str, Any] = field(default_factory=dict, compare=False)


def read_site_config(root: Path) -> SiteConfig:
    """The factcheck options and site settings of `root`'s mkdocs.yml (defaults without one)."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return SiteConfig()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as error:
        raise SiteConfigError(f"mkdocs.yml cannot be read: {error}") from None
    except RecursionError:
        raise SiteConfigError("mkdocs.yml cannot be read: it nests too deeply") from None
    options = _plugin_options(data)
    site = _site_settings(data)
    if options is None:
        return SiteConfig(**site)
    scale = DEFAULT_SCALE
    if options.get("scale"):
        try:
            scale = tuple(
                Verdict(
                    str(v["key"]).lower() if isinstance(v["key"], bool) else str(v["key"]),
                    str(v["label"]),
                    str(v.get("description", "")),
                    int(v["rating"]),
                )
                for v in options["scale"]
            )
        except (KeyError, TypeError, ValueError) as error:
            message = f"mkdocs.yml: the factcheck scale is malformed: {error}"
            raise SiteConfigError(message) from None
    limits = Limits(
        _positive(options, "max_yaml_bytes", DEFAULT_LIMITS.yaml),
        _positive(options, "max_snapshot_bytes", DEFAULT_LIMITS.snapshot),
    )
    return SiteConfig(
        claims_dir=str(options.get("claims_dir") or "claims"),
        sources_dir=str(options.get("sources_dir") or "sources"),
        scale=scale,
        limits=limits,
        context=_positive(options, "context", 160),
        edit_url=_text(options.get("edit_url")),
        publisher=_text(options.get("publisher")),
        publisher_url=_text(options.get("publisher_url")),
        **site,
    )


def _text(value: Any) -> str | None:
    return str(value) if value is not None and value != "" else None


def _site_settings(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        return {}
    theme = data.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    return {
        "site_name": str(data.get("site_name") or "Fact checks"),
        "site_url": _text(data.get("site_url")),
        "repo_url": _text(data.get("repo_url")),
        "use_directory_urls": data.get("use_directory_urls", True) is not False,
        "docs_dir": str(data.get("docs_dir") or "docs"),
        "custom_dir": _text(custom_dir),
        "raw": data,
    }


def _positive(options: dict[str, Any], name: str, default: int) -> int:
    value = options.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SiteConfigError(f"mkdocs.yml: the factcheck option {name} must be a positive number")
    return value


def _plugin_options(data: Any) -> dict[str, Any] | None:
    plugins = data.get("plugins") if isinstance(data, dict) else None
    if isinstance(plugins, dict):
        plugins = [{name: value} for name, value in plugins.items()]
    for entry in plugins or []:
        if entry == "factcheck":
            return {}
        if isinstance(entry, dict) and "factcheck" in entry:
            options = entry["factcheck"]
            return options if isinstance(options, dict) else {}
    return None
