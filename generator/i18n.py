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
from dataclasses import dataclass, field
from pathlib import Path

import babel
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
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
    with path.open("rb") as stream:
        catalog = read_po(stream)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def _catalog(folder: Path, tag: str, *, cached: bool = True) -> Translations | None:
    """The catalog for `tag` in `folder` (`pt-BR.po`, then `pt.po`), compiled."""
    primary = re.split(r"[-_]", tag)[0].lower()
    for name in (tag, tag.replace("_", "-"), primary):
        path = folder / f"{name}.po"
        if path.is_file():
            mtime = path.stat().st_mtime
            return _compiled(path, mtime) if cached else _compiled.__wrapped__(path, mtime)
    return None


# Babel formats a date in about 40 µs: a site of 10,000 claims prints the same few thousand
# dates and numbers over and over, so each is formatted once.
@functools.lru_cache(maxsize=65536)
def _date(locale: babel.Locale, value: dt.date) -> str:
    if locale.language == "en" and not locale.territory:
        return f"{value.day} {value.strftime('%B %Y')}"  # this site's established English
    return format_date(value, "long", locale=locale)


@functools.lru_cache(maxsize=65536)
def _number(locale: babel.Locale, value: int) -> str:
    return format_decimal(value, locale=locale)


def _locale(tag: str) -> babel.Locale:
    """Babel's locale for `tag`, or for its language alone, or English."""
    for candidate in (tag.replace("-", "_"), re.split(r"[-_]", tag)[0].lower()):
        try:
            return babel.Locale.parse(candidate)
        except (ValueError, babel.UnknownLocaleError):
            continue
    return babel.Locale("en")


@dataclass(frozen=True)
class Language:
    """A site's language: `tag` as configured (`theme.language`, BCP 47)."""

    tag: str = "en"
    site_catalogs: Path | None = None
    locale: babel.Locale = field(init=False, repr=False, compare=False)
    translations: NullTranslations = field(init=False, repr=False, compare=False)
    #: Whether the package or the site has a catalog for this language (else: English words).
    has_catalog: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        tag = self.tag if _TAG.fullmatch(self.tag or "") else "en"
        shipped = _catalog(LOCALE_DIR, tag)
        own = _catalog(self.site_catalogs, tag, cached=False) if self.site_catalogs else None
        translations: NullTranslations = NullTranslations()
        if own is not None:
            if shipped is not None:
                own.add_fallback(shipped)  # what the site's catalog leaves out
            translations = own
        elif shipped is not None:
            translations = shipped
        object.__setattr__(self, "locale", _locale(tag))
        object.__setattr__(self, "translations", translations)
        object.__setattr__(self, "has_catalog", shipped is not None or own is not None)

    # -- words ----------------------------------------------------------------------------

    def gettext(self, message: str) -> str:
        """`message` in the site's language."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of `singular`/`plural` for `n` in the site's language (not yet formatted)."""
        return self.translations.ngettext(singular, plural, n)

    # -- CLDR -----------------------------------------------------------------------------

    @property
    def code(self) -> str:
        """The tag for `lang` attributes (`pt-BR`)."""
        return str(self.locale).replace("_", "-")

    @property
    def rtl(self) -> bool:
        """Whether the language is written right to left."""
        return self.locale.character_order == "right-to-left"

    @property
    def direction(self) -> str:
        """`rtl` or `ltr`, for `dir` attributes."""
        return "rtl" if self.rtl else "ltr"

    def date(self, value: dt.date) -> str:
        """A date as the language writes it in full (30 September 2020; 30 سبتمبر 2020)."""
        return _date(self.locale, value)

    def number(self, value: int) -> str:
        """An integer grouped as the language groups digits (1,234 in English, 1 234 in French)."""
        return _number(self.locale, value)

    def list(self, items: Sequence[str]) -> str:
        """Items joined as the language lists them (a, b and c)."""
        if self.locale.language == "en" and not self.locale.territory and len(items) > 2:
            return ", ".join(items[:-1]) + " and " + items[-1]  # the site's established English
        return format_list(list(items), locale=self.locale) if items else ""


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
