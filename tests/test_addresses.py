"""Claimant addresses (SPEC §10): readable in every script, a function of the name alone, never
an index page's address; and a built site whose claimants are named in many scripts."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import SiteMaker
from hypothesis import given
from hypothesis import strategies as st
from sitebuild import MKDOCS_YML, article, mkdocs_build, page, resolve_link

from generator.addresses import MAX_BYTES, RESERVED, claimant_address, readable
from generator.check import Layout, check_site
from generator.link import link_site
from generator.ratings import DEFAULT_SCALE

NAMES = {
    "Jens Stoltenberg": "jens-stoltenberg",
    "Kim Yo-jong": "kim-yo-jong",
    "José Pérez": "jose-perez",
    "Łukasz Wałęsa": "lukasz-walesa",
    "Владимир Путин": "владимир-путин",
    "محمد بن سلمان": "محمد-بن-سلمان",
    "नरेंद्र मोदी": "नरेंद्र-मोदी",
    "হিমন্ত বিশ্ব শৰ্মা": "হিমন্ত-বিশ্ব-শৰ্মা",
    "עמנואל מקרון": "עמנואל-מקרון",
    "習近平": "習近平",
    "\uff2d\uff41\uff4f\u3000\uff2e\uff49\uff4e\uff47": "mao-ning",  # full-width forms
    "Γιάννης Ζ.": "γιάννης-ζ",  # noqa: RUF001 - a Greek name
}


@pytest.mark.parametrize(("name", "address"), NAMES.items())
def test_every_script_has_a_readable_address(name: str, address: str) -> None:
    assert claimant_address(name) == address


@pytest.mark.parametrize("reserved", sorted(RESERVED))
def test_a_reserved_address_is_never_a_claimants(reserved: str) -> None:
    for name in (reserved, reserved.upper(), f" {reserved.title()}. "):
        address = claimant_address(name)
        assert address != reserved and address.startswith(f"{reserved}-")
        assert address == claimant_address(reserved)  # one person, however written


def test_names_without_letters_and_very_long_names_get_distinct_addresses() -> None:
    assert claimant_address("🙂") != claimant_address("🙃")
    assert claimant_address("🙂").startswith("claimant-")
    long_a, long_b = "क" * 200, "क" * 199 + "ख"
    assert claimant_address(long_a) != claimant_address(long_b)
    for name in (long_a, long_b, "a" * 1000):
        assert len(claimant_address(name).encode()) <= MAX_BYTES


@given(st.text(max_size=60), st.lists(st.text(max_size=30), max_size=5))
def test_an_address_depends_on_the_name_alone(name: str, others: list[str]) -> None:
    """However the site's other names are chosen, a name's address is the same, and it is
    made of what a file name and an address can hold."""
    address = claimant_address(name)
    assert address
    assert address == claimant_address(name)
    assert "/" not in address and not address.startswith(("-", ".")) and "\x00" not in address
    assert address not in RESERVED
    assert len(address.encode()) <= MAX_BYTES
    assert all(claimant_address(n) not in RESERVED for n in others)


def test_case_and_accents_alone_give_one_address() -> None:
    assert readable("Jens Stoltenberg") == readable("jens  STOLTENBERG.")
    assert claimant_address("José Pérez") == claimant_address("Jose Perez")


def _claim(claimant: str, n: int) -> str:
    return (
        f"title: Claim {n}\nclaim: Said {n}.\nclaimant: {json.dumps(claimant, ensure_ascii=False)}"
        "\nverdict: accurate\nsummary: S.\nquotes:\n  - text: the words\n    spans:\n"
        "      - source: s\n"
    )


def _site(make_site: SiteMaker, claimants: list[str]) -> Path:
    files: dict[str, str] = {
        "mkdocs.yml": MKDOCS_YML,
        "docs/index.md": "# Home\n",
        "sources/s.yml": "title: S\nsnapshot: s.txt\n",
        "sources/s.txt": "He said the words.\n",
    }
    files.update({f"claims/c{n}.yml": _claim(c, n) for n, c in enumerate(claimants)})
    return make_site(files)


def _addresses(root: Path) -> dict[str, str]:
    model = link_site(check_site(Layout.at(root)), DEFAULT_SCALE)
    return {c.name: c.slug for c in model.claimants}


def test_adding_claimants_moves_no_page(make_site: SiteMaker) -> None:
    names = list(NAMES)[4:8]
    before = _addresses(_site(make_site, names))
    after = _addresses(_site(make_site, ["Алексей Навальный", "أحمد", *names, "Борис"]))
    assert {n: after[n] for n in before} == before


def test_two_spellings_share_one_page_and_are_warned_about(make_site: SiteMaker) -> None:
    root = _site(make_site, ["Jens Stoltenberg", "Jens Stoltenberg", "jens stoltenberg"])
    result = check_site(Layout.at(root))
    warnings = [p for p in result.problems if p.code == "claimant-spelling"]
    assert [(w.path, w.line, w.severity) for w in warnings] == [("claims/c2.yml", 3, "warning")]
    assert (
        "claims/c0.yml" in warnings[0].hint
        and "/claimants/jens-stoltenberg/" in warnings[0].message
    )
    (view,) = link_site(result, DEFAULT_SCALE).claimants
    assert (view.name, view.slug, view.also_written) == (
        "Jens Stoltenberg",
        "jens-stoltenberg",
        (("jens stoltenberg", "en"),),
    )
    assert len(view.claims) == 3


def test_a_built_site_links_every_claimant_in_any_script(make_site: SiteMaker) -> None:
    """The claimants index stays the index whatever a claimant is called; every claimant's page
    is at its readable address, and every link to it from a claim page and the index leads
    there."""
    names = ["Index", *NAMES]
    root = _site(make_site, names)
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    site = root / "site"
    index = article(page(site, "claimants/"))
    assert index.select_one("h1") is not None and "Claimants" in index.select_one("h1").get_text()
    listed = {a.get_text(): a["href"] for a in index.select("li a")}
    assert set(listed) == set(names)
    for n, name in enumerate(names):
        address = claimant_address(name)
        target = site / "claimants" / address / "index.html"
        assert target.is_file(), name
        claim = article(page(site, f"claims/c{n}/"))
        link = next(a["href"] for a in claim.select("a") if a.get_text() == name)
        assert resolve_link(site, f"claims/c{n}/", str(link))[0] == target
        assert unquote(str(link)).endswith(f"/{address}/")
        assert resolve_link(site, "claimants/", str(listed[name]))[0] == target
        heading = article(page(site, f"claimants/{address}/")).select_one("h1")
        assert heading is not None and heading.get_text() == name
