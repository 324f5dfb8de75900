"""From a site's files to its outputs, for every engine: check every claim and source, link
what checked out, and plan and describe every page and file (`SiteOutputs`). The plugin (and,
through it, the preview) and the export each take a site through this one function, and then
hand its outputs to their engine."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..check import CheckResult, Layout, check_site
from ..config import SiteConfig
from ..link import SiteModel, link_site
from .problempages import ProblemReport, problem_report
from .siteoutputs import SiteOutputs, site_settings


@dataclass(frozen=True, slots=True)
class SiteBuild:
    """One build's checked site, its linked model, and its outputs."""

    result: CheckResult
    model: SiteModel
    outputs: SiteOutputs
    problems: ProblemReport | None


def build_site(
    layout: Layout,
    config: SiteConfig,
    *,
    preview: Sequence[Path] = (),
    template_dirs: tuple[Path, ...] = (),
    hand_written: Iterable[str] = (),
    show_problems: bool = False,
) -> SiteBuild:
    """The site at `layout` (or only the claims and sources `preview` names, and what they
    need) checked, linked and given its outputs; with `show_problems`, claims and sources that
    do not check out get pages of their problems. `SelectionError` names a `preview` path that
    is not a claim or source of the site."""
    # Every claim compared with the others for its related fact-checks, but not while
    # previewing a few (that would read them all on every save). A build never warns
    # `possibly-checked`: that is advice for the editor's `check`, not a defect to publish.
    similarity = None if preview else -1.0
    result = check_site(layout, preview, scale=config.scale, similarity=similarity)
    problems = problem_report(result, layout) if show_problems else None
    model = link_site(result, config.scale)
    settings = site_settings(
        config, template_dirs, hand_written, root=layout.root, whole=not preview
    )
    return SiteBuild(result, model, SiteOutputs(model, settings, problems), problems)
