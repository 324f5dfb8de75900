"""A large site stays light (issue 22): the claims index cut into pages by year said, every page
filterable without JavaScript by its own filters; the search page's long facets in files of
their own; the sitemap an index of shards. Checked on the plan itself (properties), on the
sharding of a sitemap, and on the example site built with four claims to a page."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sitebuild import (
    MKDOCS_YML,
    PROJECT,
    copy_example_site,
    mkdocs_build,
    page,
    run_generator,
    with_options,
)

from generator.check import Layout, check_site
from generator.link import link_site
from generator.outputs import bodies
from generator.outputs.archive import by_year
from generator.outputs.plan import INITIAL, YEAR, page_url, part_uri, relative_url, src_uri
from generator.outputs.render import Renderer, RenderOptions
from generator.outputs.sitemaps import NS, shard
from generator.ratings import DEFAULT_SCALE

# -- the plan --------------------------------------------------------------------------------


def _claims(dates: list[dt.date | None]) -> list[Any]:
    """Stand-ins for ClaimViews (the plan reads only `id` and `claim.date`), newest first."""
    views = [
        SimpleNamespace(id=f"c{n:03d}", claim=SimpleNamespace(date=d)) for n, d in enumerate(dates)
    ]
    return sorted(views, key=lambda v: (-(v.claim.date.toordinal() if v.claim.date else 0), v.id))


def _plan(claims: list[Any], size: int) -> Any:
    return by_year(
        claims,
        size,
        landing=src_uri("claims"),
        part_uri=lambda year, part: part_uri("claims", YEAR, year, part),
    )


DATES = st.lists(
    st.one_of(st.none(), st.dates(dt.date(2019, 1, 1), dt.date(2023, 12, 31))), max_size=60
)


@settings(max_examples=200, deadline=None)
@given(DATES, st.integers(1, 12))
def test_every_claim_is_listed_once_on_the_page_of_its_year(dates: list[Any], size: int) -> None:
    claims = _claims(dates)
    archive = _plan(claims, size)
    landing, *years = archive.pages
    assert landing.src_uri == src_uri("claims")
    assert list(landing.items) == claims[:size]
    assert archive.paged == (len(claims) > size)
    if not archive.paged:
        assert years == []
        return
    listed = [view.id for p in years for view in p.items]
    assert sorted(listed) == sorted(v.id for v in claims)  # each once
    order = {v.id: n for n, v in enumerate(claims)}
    for p in years:
        assert 1 <= len(p.items) <= size
        assert [order[v.id] for v in p.items] == sorted(order[v.id] for v in p.items)
        for view in p.items:
            assert p.year == (str(view.claim.date.year) if view.claim.date else "undated")
    for year, pages in archive.years():
        assert [p.part for p in pages] == list(range(1, len(pages) + 1))
        assert all(p.parts == len(pages) for p in pages)
        assert pages[0].src_uri == f"claims/year/{year}/index.md"
        assert all(p.src_uri == f"claims/year/{year}/{p.part}.md" for p in pages[1:])
    shown = [year for year, _ in archive.years()]
    dated = [y for y in shown if y != "undated"]
    assert dated == sorted(dated, reverse=True) and shown[len(dated) :] in ([], ["undated"])


@settings(max_examples=100, deadline=None)
@given(DATES, st.integers(1, 6), st.integers(0, 10))
def test_a_claim_said_later_in_the_year_moves_only_its_last_part(
    dates: list[Any], size: int, day: int
) -> None:
    """Stable addresses: a part keeps its claims when its year grows at its end."""
    before = _plan(_claims(dates), size)
    last = max((d for d in dates if d is not None and d.year == 2023), default=None)
    new = (last or dt.date(2023, 1, 1)) + dt.timedelta(days=day)
    if new.year != 2023:
        return
    after = _plan(_claims([*dates, new]), size)
    if not before.paged or not after.paged:
        return
    old = {p.src_uri: {v.id for v in p.items} for p in before.pages[1:]}
    now = {p.src_uri: {v.id for v in p.items} for p in after.pages[1:]}
    changed = {uri for uri in old.keys() | now.keys() if old.get(uri) != now.get(uri)}
    parts = [p.src_uri for p in after.pages[1:] if p.year == "2023"]
    # Only the year's last part (or the part before a new last one, when it was full) changes.
    assert changed <= set(parts[-2:])
    for uri in changed - {parts[-1]}:
        assert old[uri] <= now[uri]


# -- the sitemap -----------------------------------------------------------------------------


def _urlset(locs: list[str]) -> str:
    urls = "".join(
        f"<url><loc>{loc}</loc><lastmod>2024-0{1 + n % 9}-01</lastmod></url>"
        for n, loc in enumerate(locs)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{NS}">{urls}</urlset>'


def _locs(path: Path, tag: str) -> list[str]:
    root = ElementTree.parse(path).getroot()
    assert root.tag == f"{{{NS}}}{tag}"
    return [loc.text or "" for loc in root.iter(f"{{{NS}}}loc")]


def test_a_sitemap_becomes_an_index_of_shards_holding_every_address(tmp_path: Path) -> None:
    locs = [f"https://x.example/claims/c{n}/?a=1&amp;b=2" for n in range(7)]
    (tmp_path / "sitemap.xml").write_text(_urlset(locs), encoding="utf-8")
    (tmp_path / "sitemaps").mkdir()
    (tmp_path / "sitemaps/9.xml").write_text("left by a larger build")
    (tmp_path / "sitemaps/notes.txt").write_text("not ours")
    done = shard(tmp_path, "https://x.example/", size=3)
    assert done is not None and (done.addresses, done.shards) == (7, 3)
    shards = _locs(tmp_path / "sitemap.xml", "sitemapindex")
    assert shards == [f"https://x.example/sitemaps/{n}.xml" for n in (1, 2, 3)]
    found = [loc for n in (1, 2, 3) for loc in _locs(tmp_path / f"sitemaps/{n}.xml", "urlset")]
    assert found == [loc.replace("&amp;", "&") for loc in locs]
    assert (
        gzip.decompress((tmp_path / "sitemap.xml.gz").read_bytes())
        == (tmp_path / "sitemap.xml").read_bytes()
    )
    assert not (tmp_path / "sitemaps/9.xml").exists()
    assert (tmp_path / "sitemaps/notes.txt").exists()
    # newest lastmod of each shard
    index = (tmp_path / "sitemap.xml").read_text()
    assert "<lastmod>2024-03-01</lastmod>" in index and "<lastmod>2024-07-01</lastmod>" in index


def test_no_site_url_or_no_urlset_leaves_the_sitemap_alone(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_text(_urlset(["/a/"]), encoding="utf-8")
    assert shard(tmp_path, None) is None
    assert shard(tmp_path / "missing", "https://x.example/") is None
    (tmp_path / "sitemap.xml").write_text("<not-a-sitemap/>")
    assert shard(tmp_path, "https://x.example/") is None
    assert (tmp_path / "sitemap.xml").read_text() == "<not-a-sitemap/>"


# -- a built site ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example_site(tmp_path_factory.mktemp("paged"))
    with_options(root, "claims_per_page: 4")
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    return root / "site"


def _rows(site: Path, url: str) -> list[Any]:
    return page(site, url).select(".fc-table .fc-row")


def test_each_claim_is_on_one_year_page_and_the_newest_on_the_index(paged_site: Path) -> None:
    claims = sorted(p.parent.name for p in (paged_site / "claims").glob("*/index.html"))
    landing = page(paged_site, "claims/")
    assert len(_rows(paged_site, "claims/")) == 4
    links = [a["href"] for a in landing.select(".fc-archive a")]
    assert links and all(re.fullmatch(r"year/(\d{4}|undated)/(\d+/)?", h) for h in links)
    listed: list[str] = []
    for href in links:
        rows = _rows(paged_site, "claims/" + href)
        assert 1 <= len(rows) <= 4
        listed += [row.select_one("td a")["href"].split("/")[-2] for row in rows]
    assert sorted(listed) == claims
    # each page names itself in the archive list, and links its neighbours
    second = page(paged_site, "claims/year/2023/2/")
    assert second.select_one(".fc-archive strong[aria-current=page]").get_text() == "2"
    assert second.select_one(".fc-pager a[rel=prev]")["href"] == "../"
    assert second.select_one(".fc-pager a[rel=next]")["href"] == "../3/"
    assert "part 2 of" in second.select_one("h1").get_text()


def test_every_page_filters_its_own_rows_without_javascript(paged_site: Path) -> None:
    css = (paged_site / "assets/factcheck/claims-filters.css").read_text(encoding="utf-8")
    for index in [paged_site / "claims/index.html", *(paged_site / "claims/year").rglob("*.html")]:
        soup = page(paged_site, str(index.relative_to(paged_site)))
        for fieldset in soup.select("fieldset[data-filter]"):
            key = fieldset["data-filter"]
            labels = {
                radio["id"].rsplit("--", 1)[1]: radio["value"]
                for radio in fieldset.select("input[type=radio]")
                if radio["value"]
            }
            for place in labels:  # a rule for every place a page uses
                rule = f"#fc-{key}--{place}:checked) ~ .fc-table .fc-row"
                rule += f':not([data-{key}*="|{place}|"])'
                assert rule in css
            for row in soup.select(".fc-row"):
                places = [p for p in row.get(f"data-{key}", "").split("|") if p]
                assert all(p in labels for p in places), (index, key, places)
                if key == "verdict":  # the place names the row's own verdict
                    shown = row.select_one('td[data-label="Verdict"]').get_text()
                    assert labels[places[0]] in shown


def test_long_facets_of_the_search_page_are_files_of_their_own(paged_site: Path) -> None:
    search = page(paged_site, "search/")
    lazy = search.select("fieldset[data-fc-values]")
    for fieldset in search.select("fieldset[data-facet]"):
        boxes = fieldset.select("input[type=checkbox]")
        assert bool(boxes) != (fieldset in lazy)
    for fieldset in lazy:
        path = paged_site / "search" / fieldset["data-fc-values"]
        values = json.loads(path.resolve().read_text(encoding="utf-8"))
        assert len(values) > 12 and all(count >= 1 for _, count in values)


def test_the_sitemap_is_an_index_of_every_page(paged_site: Path) -> None:
    shards = _locs(paged_site / "sitemap.xml", "sitemapindex")
    assert shards == ["https://factcheck.example.org/sitemaps/1.xml"]
    found = set(_locs(paged_site / "sitemaps/1.xml", "urlset"))
    pages = {
        "https://factcheck.example.org/" + str(p.relative_to(paged_site).parent) + "/"
        for p in paged_site.rglob("index.html")
        if p.parent.name != "embed"  # a claim's embeddable card: not a page of the site
    }
    pages = {p.replace("/./", "/") for p in pages}
    assert {p for p in pages if "/claims/" in p} <= found
    assert "https://factcheck.example.org/claims/year/2023/2/" in found


# -- bodies on every core --------------------------------------------------------------------


def test_bodies_rendered_by_forked_workers_are_the_ones_rendered_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = link_site(check_site(Layout.at(PROJECT)), DEFAULT_SCALE)
    renderer = Renderer(model, RenderOptions(claims_per_page=4))
    uris = list(renderer.pages)
    assert bodies.render_all(renderer, uris, processes=2) == {}  # too few to pay
    monkeypatch.setattr(bodies, "MINIMUM", 1)
    monkeypatch.setattr(bodies, "CHUNK", 3)
    rendered = bodies.render_all(renderer, uris, processes=2)
    assert rendered.keys() == set(uris)
    assert all(rendered[uri] == renderer.render(uri) for uri in uris)
    assert bodies.render_all(renderer, uris, processes=1) == {}
    monkeypatch.setenv(bodies.ENVIRONMENT, "1")
    assert bodies.cores() == 1


def test_each_source_is_on_one_year_page_and_the_newest_on_the_index(paged_site: Path) -> None:
    sources = json.loads((paged_site / "data/claims.json").read_text(encoding="utf-8"))
    published = {s["id"] for s in sources["sources"]}
    landing = page(paged_site, "sources/")
    assert len(landing.select(".fc-source-item")) == 4
    links = [a["href"] for a in landing.select(".fc-archive a")]
    assert links and all(re.fullmatch(r"year/(\d{4}|undated)/(\d+/)?", h) for h in links)
    listed = [
        item["data-source"]
        for href in links
        for item in page(paged_site, "sources/" + href).select(".fc-source-item")
    ]
    assert sorted(listed) == sorted(published)
    for href in links:  # every source on a year page was published that year (or has no date)
        year = href.split("/")[1]
        for item in page(paged_site, "sources/" + href).select(".fc-source-item"):
            meta = item.select_one(".fc-source-item__meta").get_text()
            assert (year in meta) if year != "undated" else not re.search(r"\b\d{4}\b", meta)


@pytest.mark.slow
def test_the_export_of_a_paged_site_builds_with_plain_mkdocs(paged_site: Path) -> None:
    root = paged_site.parent
    exported = run_generator(root, "export", "out")
    assert exported.returncode == 0, exported.stdout + exported.stderr
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
        cwd=root / "out",
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert plain.returncode == 0, plain.stderr  # year pages are out of the nav, as in the plugin's
    built = root / "out/site"
    for year_page in (paged_site / "claims/year").rglob("index.html"):
        assert (built / year_page.relative_to(paged_site)).is_file()


def test_a_hand_written_file_where_the_shards_go_stops_the_build(tmp_path: Path) -> None:
    root = copy_example_site(tmp_path)
    mine = root / "docs/sitemaps/1.xml"
    mine.parent.mkdir()
    mine.write_text("<mine/>", encoding="utf-8")
    built = mkdocs_build(root)
    assert built.returncode != 0
    assert "docs/sitemaps/1.xml would be replaced by the sitemap's shards" in built.stderr
    assert "Traceback" not in built.stderr
    assert mine.read_text(encoding="utf-8") == "<mine/>"


def test_a_claimant_with_many_claims_has_a_page_a_year(tmp_path: Path) -> None:
    """A claimant's page is cut like the claims index: the newest on their page, each claim on
    the page of the year it was said, with the list of the claimant's pages on each."""
    from bs4 import BeautifulSoup

    model = link_site(check_site(Layout.at(PROJECT)), DEFAULT_SCALE)
    renderer = Renderer(model, RenderOptions(claims_per_page=2))
    assert sum(renderer.plan.claimant_indexes[c.slug].paged for c in model.claimants) >= 3
    for claimant in model.claimants:
        archive = renderer.plan.claimant_indexes[claimant.slug]
        home = f"claimants/{claimant.slug}.md"
        assert archive.pages[0].src_uri == home
        assert archive.paged == (len(claimant.claims) > 2)
        landing = BeautifulSoup(renderer.render(home), "html.parser")
        shown = [a["href"] for a in landing.select(".fc-claim-list a")]
        assert len(shown) == min(2, len(claimant.claims))
        if not archive.paged:
            assert landing.select_one(".fc-archive") is None
            continue
        listed: list[str] = []
        for href in (a["href"] for a in landing.select(".fc-archive a")):
            assert re.fullmatch(
                r"year/(\d{4}|undated)/(\d+/)?", href.removeprefix(claimant.slug + "/")
            )
            target = next(
                uri for uri in renderer.pages if relative_url(page_url(uri), page_url(home)) == href
            )
            spec = renderer.pages[target]
            assert spec.template == "claimant.html" and not spec.searchable
            assert spec.title.startswith(f"{claimant.name}: claims ")
            body = BeautifulSoup(renderer.render(target), "html.parser")
            assert body.h1 is not None and body.h1.get_text() == spec.title
            year = target.split("/")[3]
            for a in body.select(".fc-claim-list a"):
                claim_id = a["href"].rstrip("/").split("/")[-1]
                said = model.by_claim[claim_id].claim.date
                assert year == (str(said.year) if said else "undated")
                listed.append(claim_id)
        assert sorted(listed) == sorted(c.id for c in claimant.claims)


NAMES = st.lists(
    st.text(alphabet=st.characters(whitelist_categories=("L",)), min_size=1, max_size=8),
    max_size=40,
    unique=True,
)


@settings(max_examples=200, deadline=None)
@given(NAMES, st.integers(1, 8))
def test_every_claimant_is_on_the_page_of_their_initial(names: list[str], size: int) -> None:
    from generator.addresses import claimant_address
    from generator.outputs.archive import by_initial

    people = [
        SimpleNamespace(slug=claimant_address(n), claims=(n,) * (len(n) % 3 + 1)) for n in names
    ]
    first = sorted(people, key=lambda p: -len(p.claims))
    archive = by_initial(
        people,
        size,
        initial=lambda p: p.slug[:1],
        first=first,
        landing=src_uri("claimants"),
        part_uri=lambda letter, part: part_uri("claimants", INITIAL, letter, part),
    )
    landing, *parts = archive.pages
    assert landing.src_uri == "claimants/index.md" and landing.year == ""
    assert archive.paged == (len(people) > size)
    if not archive.paged:
        assert list(landing.items) == people
        return
    assert list(landing.items) == first[:size]
    listed = [p for part in parts for p in part.items]
    assert sorted(id(p) for p in listed) == sorted(id(p) for p in people)  # each once
    for part in parts:
        assert 0 < len(part.items) <= size and part.year
        assert all(p.slug.startswith(part.year) for p in part.items)
        assert part.src_uri.startswith(f"claimants/initial/{part.year}/")
        assert len(part.year) == 1  # one character: never a claimant's own address


def test_a_site_of_many_claimants_lists_them_by_initial(make_site: Any) -> None:
    from bs4 import BeautifulSoup
    from sitebuild import MKDOCS_YML

    names = ["Ana Pérez", "Anton Berg", "Bo Li", "Мария Захарова", "Михаил", "محمد", "Zed", "Zoe"]
    files = {"mkdocs.yml": MKDOCS_YML, "docs/index.md": "# Home\n", "sources/s.yml": "title: S\n"}
    for n, name in enumerate(names):
        files[f"claims/c{n}.yml"] = (
            f"title: Claim {n}\nclaim: Claim {n}.\nclaimant: {name}\nverdict: accurate\n"
            f"summary: S.\nquotes:\n  - text: words {n}\n    spans:\n      - source: s\n"
        )
    model = link_site(check_site(Layout.at(make_site(files))), DEFAULT_SCALE)
    renderer = Renderer(model, RenderOptions(claims_per_page=1))  # five claimants a page
    archive = renderer.plan.claimants_index
    assert archive.paged
    landing = BeautifulSoup(renderer.render("claimants/index.md"), "html.parser")
    assert len(landing.select(".fc-claimants > li")) == 5
    listed: list[str] = []
    for href in (a["href"] for a in landing.select(".fc-archive a")):
        target = next(
            uri
            for uri in renderer.pages
            if relative_url(page_url(uri), page_url("claimants/index.md")) == unquote(href)
        )
        assert renderer.pages[target].template == "claimants.html"
        body = BeautifulSoup(renderer.render(target), "html.parser")
        assert body.h1 is not None and body.h1.get_text().startswith("Claimants: ")
        listed += [li.bdi.get_text() for li in body.select(".fc-claimants > li")]
    assert sorted(listed) == sorted(names)


@pytest.mark.slow
def test_a_site_cut_by_initial_builds_and_exports(make_site: Any) -> None:
    """The initial pages are out of the navigation in the plugin's build and in the export's
    (a strict build would warn of a page left out otherwise)."""
    names = ["Ana", "Anton", "Bo", "Мария", "Михаил", "محمد", "Zed", "Zoe"]
    files = {
        "mkdocs.yml": MKDOCS_YML.replace(
            "  - factcheck\n", "  - factcheck:\n      claims_per_page: 1\n"
        ),
        "docs/index.md": "# Home\n",
        "sources/s.yml": "title: S\n",
    }
    for n, name in enumerate(names):
        files[f"claims/c{n}.yml"] = (
            f"title: Claim {n}\nclaim: Claim {n}.\nclaimant: {name}\nverdict: accurate\n"
            f"summary: S.\nquotes:\n  - text: words {n}\n    spans:\n      - source: s\n"
        )
    root = make_site(files)
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    pages = sorted(p.parent.name for p in (root / "site/claimants/initial").rglob("index.html"))
    assert pages == sorted({"a", "b", "м", "م", "z"})
    exported = run_generator(root, "export", "out")
    assert exported.returncode == 0, exported.stdout + exported.stderr
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
        cwd=root / "out",
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert plain.returncode == 0, plain.stderr
    exported_pages = (root / "out/site/claimants/initial").rglob("index.html")
    assert sorted(p.parent.name for p in exported_pages) == pages
