"""Data is shown as written (issue 28): no title, claim, name, note, label or description goes
through the interface catalog or a format operation, in any shipped language. A real rating
label, "Non, on ne peut pas dire que 90% des positifs…", once stopped a build with
`TypeError: %d format: a real number is required`.

One site whose every data field holds `%`, `%d`, `%(x)s`, `{}`, `{{ x }}`, `{% if %}` and
`<b>x</b>` is built in every shipped language, and each page is read back: the words are there
as text (in Markdown fields the markup is Markdown's, so only the tags differ).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sitebuild import article, mkdocs_build, page

from generator.config import config_from
from generator.i18n import SHIPPED

#: What each field holds after its own name: every character a catalog or a format string
#: would read as syntax, and markup that must stay text.
TRICKS = "90% %d %(x)s {} {{ x }} {% if %} <b>x</b>"


def data(field: str) -> str:
    return f"{field} {TRICKS}"


def _yaml(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON is YAML, and quotes every string


MKDOCS = f"""
site_name: Data as written
site_url: https://example.org/
theme:
  name: material
  font: false
  language: LANGUAGE
plugins:
  - factcheck:
      scale:
        - key: false
          label: {_yaml(data("label"))}
          description: {_yaml(data("description"))}
          rating: 1
        - key: "yes"
          label: False
          rating: 2
nav:
  - Home: index.md
  - Claims: claims/index.md
  - Sources: sources/index.md
  - Claimants: claimants/index.md
  - Rating scale: ratings.md
  - Corrections: corrections.md
"""
QUOTE = data("quote")
SOURCE = {
    "title": data("source title"),
    "publisher": data("publisher"),
    "author": [data("author")],
    "url": "https://example.org/a",
    "published": "2024-01-02",
    "notes": data("source notes"),
    "language": "en",
    "snapshot": "s.txt",
}
CLAIM = {
    "title": data("claim title"),
    "claim": data("claim text"),
    "claimant": data("claimant"),
    "claimant_role": data("role"),
    "date": "2024-01-01",
    "language": "en",
    "verdict": "false",
    "summary": data("summary"),
    "analysis": data("analysis"),
    "provenance": data("provenance"),
    "tags": [data("tag")],
    "corrections": [{"date": "2024-02-01", "note": data("correction")}],
    "quotes": [{"text": QUOTE, "spans": [{"source": "s", "note": data("span note")}]}],
}
#: Fields shown as plain text (the rest are Markdown: their `<b>x</b>` becomes bold x).
MARKDOWN = {"summary", "analysis", "provenance", "source notes", "correction", "span note"}
#: The pages, and the fields each shows.
SHOWN = {
    "claims/c/": [
        "claim title",
        "claim text",
        "claimant",
        "role",
        "summary",
        "analysis",
        "provenance",
        "tag",
        "correction",
        "quote",
        "span note",
        "source title",
        "publisher",
        "label",
    ],
    "sources/s/": ["source title", "publisher", "author", "source notes", "quote"],
    "claimants/": ["claimant", "role"],
    "claims/": ["claim title", "claimant", "label", "tag", "source title"],
    "sources/": ["source title", "publisher"],
    "ratings/": ["label", "description"],
    "corrections/": ["claim title", "correction"],
    "": ["label", "claim title"],
}


def _expected(field: str) -> str:
    text = data(field)
    return text.replace("<b>x</b>", "x") if field in MARKDOWN else text


@pytest.fixture(scope="module", params=SHIPPED)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp(f"data-{request.param}")
    files = {
        "mkdocs.yml": MKDOCS.replace("LANGUAGE", str(request.param)),
        "docs/index.md": "# Home\n\n{{ factcheck.verdict_counts }}\n\n{{ factcheck.latest }}\n",
        "sources/s.yml": "\n".join(f"{k}: {_yaml(v)}" for k, v in SOURCE.items()),
        "sources/s.txt": f"Before the words. {QUOTE} After the words.\n",
        "claims/c.yml": "\n".join(f"{k}: {_yaml(v)}" for k, v in CLAIM.items()),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.mark.slow
@pytest.mark.parametrize("address", sorted(SHOWN))
def test_every_field_is_on_its_pages_as_written(built: Path, address: str) -> None:
    text = " ".join(article(page(built, address)).get_text(" ").split())
    for field in SHOWN[address]:
        assert _expected(field) in text, (address, field)


@pytest.mark.slow
def test_markup_in_plain_fields_is_text_and_in_markdown_fields_is_sanitised(built: Path) -> None:
    body = article(page(built, "claims/c/"))
    markdown = ".fc-summary, .fc-analysis, .fc-provenance, .fc-correction-note, .fc-span__note"
    bold = body.select("b")
    assert len(bold) == len(body.select(markdown)) == 5  # Markdown's own markup, once a field
    assert all(b.find_parent(class_=lambda c: c and c.split()[0] in markdown) for b in bold)


@pytest.mark.slow
def test_a_sites_own_label_is_never_translated(built: Path) -> None:
    """ "False" is a message of the catalog (the default scale's label), and YAML's false: a
    site's own label of that spelling is still the word written, in every language."""
    ratings = article(page(built, "ratings/"))
    labels = [badge.get_text() for badge in ratings.select(".fc-verdict")]
    assert labels == [data("label"), "False"]
    # and isolated where the site's sentences count them (the home page's verdict counts)
    home = article(page(built, ""))
    assert data("label") in [bdi.get_text() for bdi in home.select("p > bdi")]


@pytest.mark.slow
def test_the_search_page_and_the_data_name_the_label_as_written(built: Path) -> None:
    facets = article(page(built, "search/")).select("fieldset[data-facet=verdict] bdi")
    assert [f.get_text() for f in facets] == [data("label")]
    claims = json.loads((built / "data/claims.json").read_text(encoding="utf-8"))
    assert claims["claims"][0]["verdict"]["label"] == data("label")
    feed = (built / "feed.xml").read_text(encoding="utf-8")
    assert data("label").replace("<", "&lt;").replace(">", "&gt;") in feed


def test_a_label_yaml_would_read_as_a_boolean_is_the_word_written() -> None:
    config, problems = config_from(
        {}, {"scale": [{"key": "yes", "label": False, "rating": 1}]}, None
    )
    assert not problems
    assert config.scale[0].label == "false"  # without the file: Python's value, lowercased


def test_a_label_per_language_gives_the_sites(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "theme: {name: material, language: ar}\n"
        "plugins:\n"
        "  - factcheck:\n"
        "      scale:\n"
        "        - {key: f, label: {en: False, ar: زائف}, description: {en: Not so}, rating: 1}\n"
        "        - {key: t, label: {en: True, fr: Vrai}, rating: 2}\n"
        "        - {key: n, label: No, rating: 3}\n",
        encoding="utf-8",
    )
    from generator.config import read_site_config

    scale = read_site_config(tmp_path).scale
    assert [(v.key, v.label, v.description) for v in scale] == [
        ("f", "زائف", "Not so"),
        ("t", "True", ""),
        ("n", "No", ""),
    ]
    assert not any(v.from_catalog for v in scale)
