"""What the command line needs from mkdocs.yml: the factcheck plugin's folders and scale.

mkdocs.yml often carries tags such as `!!python/name:...` or `!ENV`; they are read as nothing
here, safely, since only the plugin's own options matter. Without a mkdocs.yml (or without the
plugin in it) the defaults hold.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    pass


@dataclass(frozen=True, slots=True)
class SiteConfig:
    claims_dir: str = "claims"
    sources_dir: str = "sources"
    scale: tuple[Verdict, ...] = DEFAULT_SCALE
    limits: Limits = DEFAULT_LIMITS


def read_site_config(root: Path) -> SiteConfig:
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
    if options is None:
        return SiteConfig()
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
    )


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
