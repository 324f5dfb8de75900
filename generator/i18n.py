"""The site's language (SPEC §10): every word the generator writes on a page, through gettext
catalogs, and dates, numbers and lists through Babel's CLDR data.

The catalogs ship in the package as `locale/<language>.po` and are compiled in memory when
first used (a catalog is text a reviewer can read and diff; nothing binary is committed). A
site adds a language, or changes the words of one, with its own `locale/<language>.po` beside
its config file (the plugin option `locale_dir`): its messages win, and what it leaves out
comes from the shipped catalog. A language without a catalog gets English words, with its own
dates, numbers and direction. The command line stays in English.

`N_` marks a message that is translated where it is shown, not where it is written (module
constants); `pybabel extract` (`make messages`) finds `_`, `N_` and `ngettext` in the code and
`_`/`ngettext` in the templates.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import babel
from babel.support import NullTranslations, Translations

#: The catalogs the package ships, reviewed for a fact-checker's terms.
SHIPPED = ("en", "fr", "es", "pt", "de", "ar", "hi")
LOCALE_DIR = Path(__file__).parent / "locale"
_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def N_(message: str) -> str:
    """Mark `message` for extraction; it is translated where it is shown."""
    return message


@functools.cache
def _compiled(path: Path, mtime: float) -> Translations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as stream:
        catalog = read_po(stream)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def _catalog_path(folder: Path, tag: str) -> Path | None:
    """The catalog file for `tag` in `folder`: `pt-BR.po`, then `pt.po`."""
    primary = re.split(r"[-_]", tag)[0].lower()
    for name in (tag, tag.replace("_", "-"), primary):
        path = folder / f"{name}.po"
        if path.is_file():
            return path
    return None


def _catalog(folder: Path, tag: str, *, cached: bool = True) -> Translations | None:
    """The catalog for `tag` in `folder`, compiled (a fresh copy unless `cached`: a site's
    catalog gets the shipped one as its fallback, which must not stick to a shared copy)."""
    path = _catalog_path(folder, tag)
    if path is None:
        return None
    mtime = path.stat().st_mtime
    return _compiled(path, mtime) if cached else _compiled.__wrapped__(path, mtime)


# Babel formats a date in about 40 µs: a site of 10,000 claims prints the same few thousand
# dates and numbers over and over, so each is formatted once.
@functools.lru_cache(maxsize=65536)
def _date(locale: babel.Locale, value: dt.date) -> str:
    from babel.dates import format_date

    return format_date(value, "long", locale=locale)


@functools.lru_cache(maxsize=65536)
def _number(locale: babel.Locale, value: int) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale)


def _locale(tag: str) -> babel.Locale:
    """Babel's locale for `tag`, or for its language alone, or English."""
    for candidate in (tag.replace("-", "_"), re.split(r"[-_]", tag)[0].lower()):
        try:
            return babel.Locale.parse(candidate)
        except (ValueError, babel.UnknownLocaleError):
            continue
    return babel.Locale("en")


@functools.lru_cache(maxsize=1024)
def direction_of(tag: str) -> str:
    """`rtl` or `ltr`: the direction the language `tag` (BCP 47) is written in, for text from
    a claim or source in a drawing, which has no `dir="auto"` (English when CLDR does not know
    the tag)."""
    return "rtl" if _locale(tag).character_order == "right-to-left" else "ltr"


@dataclass(frozen=True)
class Language:
    """A site's language: `tag` as configured (`theme.language`, BCP 47), and the site's own
    catalogs. Catalogs and CLDR data are loaded when first needed; plain English (`en`, no site
    catalog) needs neither, and costs a build nothing (measured: 75 ms a build otherwise)."""

    tag: str = "en"
    site_catalogs: Path | None = None

    @functools.cached_property
    def _tag(self) -> str:
        return self.tag if _TAG.fullmatch(self.tag or "") else "en"

    @functools.cached_property
    def _plain_english(self) -> bool:
        """English as this site has always written it, with no catalog of the site's own."""
        own = self.site_catalogs is not None and _catalog_path(self.site_catalogs, self._tag)
        return self._tag == "en" and not own

    @functools.cached_property
    def locale(self) -> babel.Locale:
        """Babel's locale for the language (CLDR's data)."""
        return _locale(self._tag)

    @functools.cached_property
    def translations(self) -> NullTranslations:
        """The site's catalog over the shipped one, or none (English words)."""
        if self._plain_english:
            return NullTranslations()
        shipped = _catalog(LOCALE_DIR, self._tag)
        own = _catalog(self.site_catalogs, self._tag, cached=False) if self.site_catalogs else None
        if own is not None:
            if shipped is not None:
                own.add_fallback(shipped)  # what the site's catalog leaves out
            return own
        return shipped if shipped is not None else NullTranslations()

    @property
    def has_catalog(self) -> bool:
        """Whether the package or the site has a catalog for this language (else: English)."""
        return self._plain_english or type(self.translations) is not NullTranslations

    # -- words ----------------------------------------------------------------------------

    def gettext(self, message: str) -> str:
        """`message` in the site's language."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of `singular`/`plural` for `n` in the site's language (not yet formatted)."""
        return self.translations.ngettext(singular, plural, n)

    # -- CLDR -----------------------------------------------------------------------------

    def plural_examples(self) -> dict[str, int]:
        """A number of each of the language's CLDR plural categories (`one`: 1, `other`: 0),
        for a script that chooses among forms with the browser's `Intl.PluralRules`."""
        if self._plain_english:
            return {"other": 0, "one": 1}
        examples: dict[str, int] = {}
        for n in range(0, 1001):
            examples.setdefault(self.locale.plural_form(n), n)
        return examples

    @property
    def code(self) -> str:
        """The tag for `lang` attributes (`pt-BR`)."""
        return "en" if self._plain_english else str(self.locale).replace("_", "-")

    @property
    def rtl(self) -> bool:
        """Whether the language is written right to left."""
        return not self._plain_english and self.locale.character_order == "right-to-left"

    @property
    def direction(self) -> str:
        """`rtl` or `ltr`, for `dir` attributes."""
        return "rtl" if self.rtl else "ltr"

    def date(self, value: dt.date) -> str:
        """A date as the language writes it in full (30 September 2020; 30 سبتمبر 2020)."""
        if self._tag == "en":
            return f"{value.day} {value.strftime('%B %Y')}"  # this site's established English
        return _date(self.locale, value)

    def number(self, value: int) -> str:
        """An integer grouped as the language groups digits (1,234 in English, 1 234 in French)."""
        if self._tag == "en":
            return f"{value:,}"
        return _number(self.locale, value)

    def list(self, items: Sequence[str]) -> str:
        """Items joined as the language lists them (a, b and c)."""
        if self._tag == "en":  # the site's established English
            return (
                items[0]
                if len(items) == 1
                else ", ".join(items[:-1]) + " and " + items[-1]
                if items
                else ""
            )
        from babel.lists import format_list

        return format_list(list(items), locale=self.locale) if items else ""


#: How the language separates the parts of one statement (a title, its publisher, its date)
#: and its clauses: the catalog's words, never a hard-coded ", " (Arabic writes "،" and "؛").
PARTS = N_("%(item)s, %(next)s")
CLAUSES = N_("%(clause)s; %(next)s")


def joined(language: Language, items: Sequence[str], clauses: bool = False) -> str:
    """`items`, plain text, joined as `language` separates parts (or clauses)."""
    template = language.gettext(CLAUSES if clauses else PARTS)
    out = ""
    for i, item in enumerate(i for i in items if i):
        out = item if i == 0 else template % ({"clause" if clauses else "item": out, "next": item})
    return out


ENGLISH = Language("en")


def theme_messages(language: Language) -> dict[str, str]:
    """The words of the theme templates the generator adds (the header's search field, the
    feed's link), for `config.extra.factcheck_messages`: the theme's Jinja is the engine's,
    not ours, so they reach it as data, from the plugin and from the export alike."""
    _ = language.gettext
    return {
        "search_label": _("Search claims and sources"),
        "search": _("Search"),
        "feed": _("fact-checks"),
    }
