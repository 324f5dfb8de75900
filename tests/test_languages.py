"""Every language (SPEC §10): the shipped catalogs are complete and keep every placeholder, the
template of messages is what the code says, a site's own catalog wins, dates and numbers follow
CLDR; translated quotes (SPEC §3, §5) are compared with the words of their source's language."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import SiteMaker
from sitebuild import PROJECT

from generator.check import Layout, check_site
from generator.i18n import LOCALE_DIR, SHIPPED, Language
from generator.link import link_site
from generator.outputs.provenance import fidelity_sentence
from generator.outputs.publish import claims_data
from generator.ratings import DEFAULT_SCALE
from generator.verify import same_language

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _catalog(name: str):  # type: ignore[no-untyped-def]
    with (LOCALE_DIR / name).open("rb") as stream:
        return read_po(stream)


@pytest.mark.slow
def test_the_template_is_what_the_code_and_templates_say(tmp_path: Path) -> None:
    """A word added to a page without `make messages` would reach readers in English."""
    out = tmp_path / "messages.pot"
    subprocess.run(
        [
            *(sys.executable, "-c", "from babel.messages.frontend import main; main()"),
            *("extract", "-F", "generator/locale/babel.cfg", "-k", "N_", "--no-location"),
            *("-o", str(out), "."),
        ],
        cwd=PROJECT,
        check=True,
        capture_output=True,
    )
    with out.open("rb") as stream:
        fresh = {m.id for m in read_po(stream) if m.id}
    shipped = {m.id for m in _catalog("messages.pot") if m.id}
    assert fresh == shipped, (sorted(map(str, fresh - shipped)), sorted(map(str, shipped - fresh)))


@pytest.mark.parametrize("language", SHIPPED)
def test_every_message_is_translated_and_keeps_its_placeholders(language: str) -> None:
    template = {m.id for m in _catalog("messages.pot") if m.id}
    catalog = _catalog(f"{language}.po")
    translated = {m.id: m for m in catalog if m.id}
    assert set(translated) == template, "run make messages, then translate what is new"
    for msgid, message in translated.items():
        assert not message.fuzzy, msgid
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        wanted = {name for text in ids for name in PLACEHOLDER.findall(text)}
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert len(forms) == catalog.num_plurals or not isinstance(msgid, tuple), msgid
        for form in forms:
            assert form.strip(), (language, msgid)
            assert set(PLACEHOLDER.findall(form)) == wanted, (language, msgid, form)
            assert form.count("%") == len(PLACEHOLDER.findall(form)), (language, form)  # no stray %


@pytest.mark.parametrize("language", [lang for lang in SHIPPED if lang != "en"])
def test_a_shipped_language_speaks_a_fact_checkers_words(language: str) -> None:
    """The reviewed terms: the fidelities and the default verdicts are not left in English."""
    words = Language(language)
    assert words.has_catalog
    for term in ("Verbatim", "Trimmed", "Altered", "Claimant", "Accurate", "Misquoted"):
        assert words.gettext(term) != term, (language, term)


def test_plural_forms_follow_the_language() -> None:
    arabic = Language("ar")
    forms = {
        n: arabic.ngettext("%(num)s claim", "%(num)s claims", n) for n in (0, 1, 2, 5, 11, 100)
    }
    assert len(set(forms.values())) >= 4  # zero/one/two/few/many/other are not one form
    french = Language("fr")
    assert french.ngettext("%(num)s claim", "%(num)s claims", 0) == "%(num)s déclaration"
    assert french.ngettext("%(num)s claim", "%(num)s claims", 2) == "%(num)s déclarations"


def test_dates_numbers_and_direction_follow_cldr() -> None:
    day = dt.date(2020, 9, 30)
    assert Language("en").date(day) == "30 September 2020"
    assert Language("fr").date(day) == "30 septembre 2020"
    assert Language("de").date(day) == "30. September 2020"
    assert "سبتمبر" in Language("ar").date(day)
    assert Language("fr").number(12345) == "12\u202f345"
    assert Language("ar").rtl and Language("he").rtl and Language("fa").rtl
    assert not Language("hi").rtl
    assert Language("pt-BR").gettext("Verbatim") == Language("pt").gettext("Verbatim")


def test_a_sites_own_catalog_wins_and_falls_back_to_the_shipped_one(tmp_path: Path) -> None:
    (tmp_path / "fr.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Verbatim"\nmsgstr "Mot pour mot"\n',
        encoding="utf-8",
    )
    (tmp_path / "ru.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Altered"\nmsgstr "Изменено"\n',
        encoding="utf-8",
    )
    french = Language("fr", tmp_path)
    assert french.gettext("Verbatim") == "Mot pour mot"
    assert french.gettext("Altered") == "Modifié"  # the shipped catalog
    russian = Language("ru", tmp_path)
    assert russian.has_catalog and russian.gettext("Altered") == "Изменено"
    assert Language("ru").gettext("Altered") == "Altered" and not Language("ru").has_catalog


def test_same_language_narrows_but_never_crosses_scripts() -> None:
    assert same_language("pt", "pt-BR") and same_language("EN", "en")
    assert not same_language("zh-Hans", "zh-Hant") and not same_language("en", "es")


# -- translated quotes ------------------------------------------------------------------------

KO = "중국은 우리의 가치에 도전이 된다"
SITE = {
    "sources/ko.yml": "title: Korean transcript\nlanguage: ko\nsnapshot: ko.txt\n",
    "sources/ko.txt": f"그는 말했다: {KO}.\n",
    "sources/en.yml": "title: English report\nlanguage: en\nsnapshot: en.txt\n",
    "sources/en.txt": "He said China poses a challenge to our values.\n",
    "sources/fr.yml": "title: Dépêche\nlanguage: fr\nsnapshot: fr.txt\n",
    "sources/fr.txt": "Il a dit que la Chine pose un défi à nos valeurs.\n",
}
CLAIM = f"""
title: A translated quote
claim: He said China poses a challenge to our values.
claimant: An official
language: en
verdict: accurate
summary: Checked in three languages.
quotes:
  - text: China poses a challenge to our values
    original:
      language: ko
      text: {KO}
    spans:
      - source: ko
      - source: en
      - source: fr
        exact: la Chine pose un défi à nos valeurs
"""


def test_a_translated_quote_is_compared_with_the_words_of_each_sources_language(
    make_site: SiteMaker,
) -> None:
    root = make_site({**SITE, "claims/t.yml": CLAIM})
    result = check_site(Layout.at(root))
    assert [p.code for p in result.problems if p.severity == "error"] == []
    fidelity = {s.source: s.fidelity for s in result.spans}
    assert fidelity == {"ko": "verbatim", "en": "verbatim", "fr": "translated"}
    french = next(s for s in result.spans if s.source == "fr")
    text = result.snapshots["fr"].canonical
    assert [text[a:b] for a, b in french.ranges] == ["la Chine pose un défi à nos valeurs"]
    model = link_site(result, DEFAULT_SCALE)
    data = claims_data(model, lambda kind, key="": f"{kind}/{key}")
    (claim,) = data["claims"]
    (quote,) = claim["quotes"]
    assert claim["language"] == "en" and quote["language"] == "en"
    assert quote["original"] == {"language": "ko", "text": KO}
    assert [s["language"] for s in quote["spans"]] == ["ko", "en", "fr"]
    sentence = fidelity_sentence([s for q in model.claims[0].quotes for s in q.spans])
    assert sentence == (
        "2 of 3 stored sources print the words verbatim; 1 prints them in another language."
    )


def test_a_span_in_a_third_language_needs_its_exact_words(make_site: SiteMaker) -> None:
    claim = CLAIM.replace("        exact: la Chine pose un défi à nos valeurs\n", "")
    root = make_site({**SITE, "claims/t.yml": claim})
    result = check_site(Layout.at(root))
    (problem,) = [p for p in result.problems if p.severity == "error"]
    assert (problem.code, problem.line) == ("missing-field", 15)
    assert "fr is in fr, the quote in en and its original in ko" in problem.message
    assert problem.hint is not None and "exact:" in problem.hint
    assert "t" in result.broken_claims


def test_a_source_in_the_originals_language_is_compared_with_the_original(
    make_site: SiteMaker,
) -> None:
    """A source in the original's language is compared with the original's words, never with
    the translation: a wrong original makes the Korean span altered, not verbatim."""
    wrong = CLAIM.replace(f"text: {KO}", "text: 중국은 우리의 가치에 문제가 된다")
    root = make_site(
        {
            **SITE,
            "claims/t.yml": wrong.replace(
                "      - source: ko\n",
                "      - source: ko\n        exact: 중국은 우리의 가치에 도전이 된다\n",
            ),
        }
    )
    result = check_site(Layout.at(root))
    fidelity = {s.source: s.fidelity for s in result.spans}
    assert fidelity["ko"] == "altered"


def test_claims_json_names_every_language_of_the_example(tmp_path: Path) -> None:
    from sitebuild import copy_example_site

    root = copy_example_site(tmp_path)
    data = claims_data(
        link_site(check_site(Layout.at(root)), DEFAULT_SCALE), lambda kind, key="": key
    )
    assert all(c["language"] for c in data["claims"])
    originals = [q for c in data["claims"] for q in c["quotes"] if "original" in q]
    assert originals, "the example shows a translated quote"
    assert all(json.dumps(q["original"]["language"]) for q in originals)
