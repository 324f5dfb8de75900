"""Provenance computed from the data: how a quotation travelled from source to source.

For each quote of a claim: its appearances in date order, the lineage of the sources involved
(their `derived_from` relations, drawn by `lineage.py`) and plain sentences the data supports.
Nothing here is typed in by an editor; the editors' own notes stay in `provenance:`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..i18n import ENGLISH, N_, Language
from ..link import ClaimView, QuoteView, SpanView
from ..model import FIDELITY, WORST_FIRST, Fidelity, Source
from .lineage import draw, lineage


@dataclass(frozen=True, slots=True)
class Appearance:
    """One stored or cited source that prints a quote, with how faithfully it does."""

    span: SpanView

    @property
    def source(self) -> Source:
        """The source this appearance is in."""
        return self.span.source

    @property
    def fidelity(self) -> Fidelity:
        """How faithfully it prints the quote."""
        return self.span.fidelity


@dataclass(frozen=True, slots=True)
class QuoteProvenance:
    """How one quote travelled: its timeline, the facts the data supports, its lineage."""

    quote: QuoteView
    timeline: tuple[Appearance, ...]  # by the sources' published dates, undated last
    facts: tuple[str, ...]
    diagram: Markup  # the lineage drawn as inline SVG, wide and narrow


_ONE_SOURCE: Mapping[Fidelity, str] = {
    "verbatim": N_("The one stored source prints the words verbatim."),
    "trimmed": N_("The one stored source trims them, marking what it leaves out."),
    "altered": N_("The one stored source alters them."),
    "translated": N_("The one stored source prints them in another language."),
}


def fidelity_sentence(spans: Sequence[SpanView], language: Language = ENGLISH) -> str:
    """One sentence on how the stored sources reproduce a claim's words, for example "2 of 3
    stored sources print the words verbatim; 1 alters them." Each source counts once, with its
    least faithful span; sources without a stored text are counted as not checked."""
    per_source: dict[str, set[Fidelity]] = defaultdict(set)
    for span in spans:
        per_source[span.source.id].add(span.fidelity)
    stored: Counter[Fidelity] = Counter()
    cited = 0
    for fidelities in per_source.values():
        checked = fidelities - {"unchecked"}
        if checked:
            stored[next(f for f in WORST_FIRST if f in checked)] += 1  # its least faithful
        else:
            cited += 1
    _, ngettext, number = language.gettext, language.ngettext, language.number
    total = sum(stored.values())
    clauses: list[str] = []
    if total == 1:
        (only,) = stored
        clauses.append(_(_ONE_SOURCE[only]))
    elif total:
        verbatim = stored["verbatim"]
        if verbatim:
            sentence = ngettext(
                "%(count)s of %(total)s stored sources prints the words verbatim",
                "%(count)s of %(total)s stored sources print the words verbatim",
                verbatim,
            ) % {"count": number(verbatim), "total": number(total)}
        else:
            sentence = ngettext(
                "None of the %(total)s stored sources prints the words verbatim",
                "None of the %(total)s stored sources prints the words verbatim",
                total,
            ) % {"total": number(total)}
        if stored["trimmed"]:
            n = stored["trimmed"]
            trimmed = ngettext(
                "%(count)s trims them, marking what it leaves out",
                "%(count)s trim them, marking what they leave out",
                n,
            ) % {"count": number(n)}
            sentence = _("%(clause)s; %(next)s") % {"clause": sentence, "next": trimmed}
        if stored["altered"]:
            n = stored["altered"]
            altered = ngettext("%(count)s alters them", "%(count)s alter them", n) % {
                "count": number(n)
            }
            sentence = _("%(clause)s; %(next)s") % {"clause": sentence, "next": altered}
        if stored["translated"]:
            n = stored["translated"]
            translated = ngettext(
                "%(count)s prints them in another language",
                "%(count)s print them in another language",
                n,
            ) % {"count": number(n)}
            sentence = _("%(clause)s; %(next)s") % {"clause": sentence, "next": translated}
        clauses.append(_("%(sentence)s.") % {"sentence": sentence})
    if cited and not total:
        clauses.append(_("No source of these words is stored here, so none could be checked."))
    elif cited:
        clauses.append(
            ngettext(
                "%(count)s cited source is not stored here, so it was not checked.",
                "%(count)s cited sources are not stored here, so they were not checked.",
                cited,
            )
            % {"count": number(cited)}
        )
    return " ".join(clauses)


def timeline(quote: QuoteView) -> tuple[Appearance, ...]:
    """Appearances by the sources' publication dates; undated ones last, in the claim's order."""
    dated = sorted(
        (s for s in quote.spans if s.source.published),
        key=lambda s: (s.source.published, s.source.title),
    )
    undated = [s for s in quote.spans if not s.source.published]
    return tuple(Appearance(span) for span in [*dated, *undated])


def facts(
    quote: QuoteView, sources: Mapping[str, Source], language: Language = ENGLISH
) -> tuple[str, ...]:
    """Sentences the data supports, and nothing more, in the site's language."""
    _, ngettext, number = language.gettext, language.ngettext, language.number
    out: list[str] = []

    def isolated(source: Source) -> Markup:  # a title in a sentence keeps its own language
        return Markup('<bdi lang="{}">{}</bdi>').format(source.language, source.title)

    def said(text: str) -> Markup:  # the site's words, escaped, to put isolated titles in
        return Markup(escape(text))

    stored = [s for s in quote.spans if s.fidelity != "unchecked"]
    stored_sources = {s.source.id for s in stored}
    by_fidelity: dict[str, set[str]] = {}
    for span in stored:
        by_fidelity.setdefault(span.fidelity, set()).add(span.source.id)
    if stored_sources:
        total = len(stored_sources)
        counts = [
            (len(by_fidelity[f]), f)
            for f in WORST_FIRST[::-1]  # the most faithful first
            if f in by_fidelity
        ]
        label = {f: _(FIDELITY[f].label).lower() for _n, f in counts}
        if total == 1:
            out.append(
                _("The one stored source prints these words: %(fidelity)s.")
                % {"fidelity": label[counts[0][1]]}
            )
        else:
            parts = [f"{number(n)} {label[f]}" for n, f in counts]
            out.append(
                ngettext(
                    "Of %(total)s stored sources: %(counts)s.",
                    "Of %(total)s stored sources: %(counts)s.",
                    total,
                )
                % {"total": number(total), "counts": language.list(parts)}
            )
    unchecked = sorted(
        {s.source.id: s.source for s in quote.spans if s.fidelity == "unchecked"}.values(),
        key=lambda source: source.title,
    )
    if unchecked:
        listed = Markup(escape(language.list(["\x00"] * len(unchecked))))
        for source in unchecked:  # the language's way of listing, each title isolated
            listed = Markup(str(listed).replace("\x00", str(isolated(source)), 1))
        out.append(said(_("Not stored, so not checked: %(sources)s.")) % {"sources": listed})
    dated = [a for a in timeline(quote) if a.source.published and a.fidelity != "unchecked"]
    if dated:
        first = dated[0]
        assert first.source.published is not None
        out.append(
            said(_("First stored appearance: %(source)s, %(date)s."))
            % {"source": isolated(first.source), "date": language.date(first.source.published)}
        )
    elif stored:
        out.append(
            _(
                "No stored source has a publication date, so the order in which they "
                "printed the words is not known."
            )
        )
    involved = {span.source.id for span in quote.spans}
    seen: set[tuple[str, str, str]] = set()
    for span in quote.spans:
        for derivation in span.source.derived_from:
            target = sources.get(derivation.source)
            key = (span.source.id, derivation.relation, derivation.source)
            # A citation matters here only when the cited document is one of this quote's.
            if (
                target is None
                or key in seen
                or (derivation.relation == "cites" and derivation.source not in involved)
            ):
                continue
            seen.add(key)
            out.append(
                said(_(DECLARES[derivation.relation]))
                % {"source": isolated(span.source), "target": isolated(target)}
            )
    return tuple(out)


#: What a source's `derived_from` says of it, as a sentence.
DECLARES = {
    "copy": N_("%(source)s declares it is a copy of %(target)s."),
    "reworded": N_("%(source)s declares it is a reworded version of %(target)s."),
    "excerpt": N_("%(source)s declares it is an excerpt of %(target)s."),
    "cites": N_("%(source)s names %(target)s as its source."),
    "translation": N_("%(source)s declares it is a translation of %(target)s."),
}


def claim_provenance(
    view: ClaimView, sources: Mapping[str, Source], language: Language = ENGLISH
) -> Sequence[QuoteProvenance]:
    """The provenance of each quote of a claim."""
    return [
        QuoteProvenance(
            quote,
            timeline(quote),
            facts(quote, sources, language),
            Markup(draw(lineage(quote, sources), f"lin-{view.id}-q{quote.quote.index}", language)),
        )
        for quote in view.quotes
    ]
