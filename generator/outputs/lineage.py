"""The lineage diagram of a quote, laid out and drawn at build time as inline SVG.

The nodes are the sources that print the quote and the documents they declare they derive
from; an arrow goes from the earlier document to the one made from it, and the node it leads to
says how it was made ("a reworded version of 1"), so no label sits on an arrow where it could
cover another. Each node shows its number, the whole title (wrapped, never cut), the publisher,
how it was made and the fidelity in words, so colour is never the only cue.

Two drawings of the same graph: a wide one, a row per generation (a document's generation is
one more than the furthest of the documents it derives from), at most `PER_ROW` documents side
by side so that it fits the page's column at a desktop's width (656 px), and a narrow one for
phones, one node per row in the same order, with the arrows along the start edge. The page
shows one or the other by its width (CSS). Right to left, both are mirrored; each line of text
keeps the direction of its own language (an English title in an Arabic diagram reads left to
right, its punctuation where its words put it), and text from a source carries its `lang`.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import regex

from ..i18n import ENGLISH, N_, Language, direction_of
from ..link import QuoteView
from ..model import FIDELITY, Source

#: Each arrow as a sentence, the diagram's text equivalent.
RELATION_SENTENCES = {
    "copy": N_("%(origin)s is copied as %(derived)s."),
    "reworded": N_("%(origin)s is reworded as %(derived)s."),
    "excerpt": N_("%(origin)s is excerpted in %(derived)s."),
    "cites": N_("%(origin)s is cited by %(derived)s."),
    "translation": N_("%(origin)s is translated as %(derived)s."),
}


@dataclass(frozen=True, slots=True)
class Node:
    """A document of the lineage: its source, and how it prints the quote (None when it does
    not print it and is only a document another one derives from)."""

    source: Source
    fidelity: str | None
    generation: int


@dataclass(frozen=True, slots=True)
class Edge:
    """`derived` declares it is made from `origin`, by `relation`."""

    origin: str
    derived: str
    relation: str


@dataclass(frozen=True, slots=True)
class Lineage:
    """The graph of one quote's lineage, in drawing order."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def sentences(self, language: Language = ENGLISH) -> tuple[str, ...]:
        """Each arrow as a sentence: the diagram's text equivalent."""
        # First-strong isolates: a title keeps its own direction inside the sentence, which is
        # plain text (the drawing's description), where no <bdi> can go.
        titles = {n.source.id: f"\u2068{n.source.title}\u2069" for n in self.nodes}
        return tuple(
            language.gettext(RELATION_SENTENCES[e.relation])
            % {"origin": titles[e.origin], "derived": titles[e.derived]}
            for e in self.edges
        )


def lineage(quote: QuoteView, sources: Mapping[str, Source]) -> Lineage:
    """The sources that print `quote`, what they derive from, and how."""
    fidelity: dict[str, str] = {}
    for span in quote.spans:
        previous = fidelity.get(span.source.id)
        if previous is None or FIDELITY[span.fidelity].severity > FIDELITY[previous].severity:
            fidelity[span.source.id] = span.fidelity
    ids: dict[str, None] = dict.fromkeys(fidelity)
    edges: list[Edge] = []
    for source_id in list(ids):
        for derivation in sources[source_id].derived_from:
            cited_elsewhere = derivation.relation == "cites" and derivation.source not in fidelity
            if derivation.source in sources and not cited_elsewhere:
                ids.setdefault(derivation.source)
                edges.append(Edge(derivation.source, source_id, derivation.relation))
    generation = _generations(list(ids), edges)
    order = sorted(ids, key=lambda i: (generation[i], list(ids).index(i)))
    nodes = tuple(Node(sources[i], fidelity.get(i), generation[i]) for i in order)
    return Lineage(nodes, tuple(edges))


def _generations(ids: Sequence[str], edges: Sequence[Edge]) -> dict[str, int]:
    """Longest path from a document that derives from none here; a cycle is cut where it is
    met (each node is placed once)."""
    parents: dict[str, list[str]] = {i: [] for i in ids}
    for edge in edges:
        if edge.origin != edge.derived:
            parents[edge.derived].append(edge.origin)
    generation: dict[str, int] = {}
    for start in ids:
        stack = [(start, False)]
        visiting: set[str] = set()
        while stack:
            node, ready = stack.pop()
            if node in generation:
                continue
            if ready:
                visiting.discard(node)
                known = [generation[p] for p in parents[node] if p in generation]
                generation[node] = 1 + max(known) if known else 0
                continue
            visiting.add(node)
            stack.append((node, True))
            stack.extend(
                (p, False) for p in parents[node] if p not in generation and p not in visiting
            )
    return generation


#: How a document names what it is made from ("a reworded version of 1").
RELATION_PHRASES = {
    "copy": N_("a copy of %(number)s"),
    "reworded": N_("a reworded version of %(number)s"),
    "excerpt": N_("an excerpt of %(number)s"),
    "cites": N_("citing %(number)s"),
    "translation": N_("a translation of %(number)s"),
}
_LINE = 17  # px between text lines (font size 13)
_PAD = 10
_NUMBER = 24  # px of a node's start kept for its number
_MARGIN = 4
#: The wide drawing: nodes side by side in a row, at most `PER_ROW` (3 x 200 + 2 x 24 + 8 =
#: 656 px, inside Material's 688 px column at 1280 px).
PER_ROW = 3
_WIDE_NODE = 200
_WIDE_GAP = 24
_ROW_GAP = 34
_LANE = 7  # px between the lanes of arrows that pass rows by
#: The narrow drawing: one node per row, arrows along the start edge.
_NARROW_NODE = 262
_NARROW_LEFT = 36
_NARROW_GAP = 22
_GRAPHEME = regex.compile(r"\X")


@dataclass(frozen=True, slots=True)
class _Line:
    """A line of a node: its class, its text, and the language of its words when they are a
    source's (None: the site's own words)."""

    css: str
    text: str
    lang: str | None = None


def _advance(text: str) -> float:
    """About how wide `text` is drawn at 13 px, bold: wide East Asian characters take a full
    em, marks nothing, the rest about 7.3 px."""
    width = 0.0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 13.0 if unicodedata.east_asian_width(char) in ("W", "F") else 7.3
    return width


def _wrap(text: str, width: float) -> list[str]:
    """`text` in lines of at most `width` px, broken between words; a word wider than a line
    (or a run of a script written without spaces) between its user-perceived characters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        pieces = [word]
        if _advance(word) > width:
            pieces, piece = [], ""
            for cluster in _GRAPHEME.findall(word):
                if piece and _advance(piece + cluster) > width:
                    pieces.append(piece)
                    piece = ""
                piece += cluster
            pieces.append(piece)
        for piece in pieces:
            candidate = f"{line} {piece}" if line else piece
            if line and _advance(candidate) > width:
                lines.append(line)
                line = piece
            else:
                line = candidate
    if line:
        lines.append(line)
    return lines


def _lines(node: Node, relations: Sequence[str], width: float, language: Language) -> list[_Line]:
    """The lines of a node's box: title and publisher in the source's language, then how it
    was made and how it prints the words, in the site's."""
    inner = width - 2 * _PAD - _NUMBER
    source = node.source
    lines = [_Line("fc-lin-title", t, source.language) for t in _wrap(source.title, inner)]
    if not lines:
        lines = [_Line("fc-lin-title", "", source.language)]
    if source.publisher:
        lines += [
            _Line("fc-lin-publisher", p, source.language) for p in _wrap(source.publisher, inner)
        ]
    lines += [_Line("fc-lin-relation", r) for r in relations]
    verdict = FIDELITY[node.fidelity].label if node.fidelity else N_("Does not print the words")
    lines.append(_Line("fc-lin-fidelity", language.gettext(verdict)))
    return lines


def _height(lines: Sequence[_Line]) -> int:
    return 2 * _PAD + len(lines) * _LINE


def _box(
    x: float, y: float, width: float, node: Node, number: str, lines: Sequence[_Line], rtl: bool
) -> str:
    """A node at (`x`, `y`) (its left edge on the page, mirrored or not), `width` wide: its
    number at the start edge, each line after it in the direction of its own words, aligned
    to the start edge of the drawing's direction."""
    kind = node.fidelity or "not-quoted"
    site = "rtl" if rtl else "ltr"
    out = [
        f'<g class="fc-lin-node fc-lin-node--{kind}">'
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{width:.0f}" height="{_height(lines)}" rx="6"/>'
    ]
    edge = x + width - _PAD if rtl else x + _PAD
    start = edge - _NUMBER if rtl else edge + _NUMBER
    out.append(
        f'<text x="{edge:.0f}" y="{y + _PAD + _LINE - 4:.0f}" class="fc-lin-number" '
        f'direction="{site}">{html.escape(number)}</text>'
    )
    for i, line in enumerate(lines):
        own = direction_of(line.lang) if line.lang else site
        lang = f' lang="{html.escape(line.lang)}"' if line.lang else ""
        anchor = "start" if own == site else "end"  # the drawing's start edge, either way
        out.append(
            f'<text x="{start:.0f}" y="{y + _PAD + (i + 1) * _LINE - 4:.0f}" class="{line.css}"'
            f'{lang} direction="{own}" text-anchor="{anchor}">{html.escape(line.text)}</text>'
        )
    out.append("</g>")
    return "".join(out)


def _svg(
    kind: str, width: float, height: float, body: list[str], title: str, desc: str, key: str
) -> str:
    return (
        f'<svg class="fc-lineage fc-lineage--{kind}" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'aria-labelledby="{key}-{kind}-t {key}-{kind}-d">'
        f'<title id="{key}-{kind}-t">{html.escape(title)}</title>'
        f'<desc id="{key}-{kind}-d">{html.escape(desc)}</desc>'
        f'<defs><marker id="{key}-{kind}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0L10,5L0,10z" class="fc-lin-arrowhead"/></marker></defs>'
        + "".join(body)
        + "</svg>"
    )


def draw(lineage: Lineage, key: str, language: Language = ENGLISH) -> str:
    """The wide and the narrow drawing of a lineage, as inline SVG (`key` makes ids unique).
    In a language written right to left the drawings are mirrored: the first document on the
    right, the arrows along the right edge."""
    _ = language.gettext
    number = {n.source.id: i for i, n in enumerate(lineage.nodes, start=1)}
    title = _("How the words travelled between these documents")
    desc = " ".join(lineage.sentences(language)) or _(
        "No document here declares what it is made from."
    )
    relations: dict[str, list[str]] = {n.source.id: [] for n in lineage.nodes}
    for edge in lineage.edges:
        relations[edge.derived].append(
            _(RELATION_PHRASES[edge.relation]) % {"number": language.number(number[edge.origin])}
        )
    shown = {i: language.number(n) for i, n in number.items()}
    return _wide(lineage, shown, relations, title, desc, key, language) + _narrow(
        lineage, shown, relations, title, desc, key, language
    )


def _wide(
    lin: Lineage,
    number: Mapping[str, str],
    relations: Mapping[str, Sequence[str]],
    title: str,
    desc: str,
    key: str,
    language: Language,
) -> str:
    """Top to bottom, a row per generation (a generation wider than `PER_ROW` takes several),
    each row centred; an arrow from a document's bottom to the top of one made from it, or,
    when rows lie between them, along a lane at the start edge."""
    lines = {
        n.source.id: _lines(n, relations[n.source.id], _WIDE_NODE, language) for n in lin.nodes
    }
    rows: list[list[Node]] = []
    for node in lin.nodes:  # ordered by generation
        if not rows or rows[-1][0].generation != node.generation or len(rows[-1]) == PER_ROW:
            rows.append([])
        rows[-1].append(node)
    row_of = {n.source.id: r for r, row in enumerate(rows) for n in row}
    passing = [e for e in lin.edges if row_of[e.derived] > row_of[e.origin] + 1]
    lanes = (len(passing) + 1) * _LANE if passing else 0
    across = max(len(row) for row in rows)
    inner = across * _WIDE_NODE + (across - 1) * _WIDE_GAP
    width = 2 * _MARGIN + lanes + inner
    place: dict[str, tuple[float, float, float]] = {}  # id -> x, y, height (left to right)
    tops: list[float] = []
    bottoms: list[float] = []
    y = float(_MARGIN)
    for row in rows:
        row_width = len(row) * _WIDE_NODE + (len(row) - 1) * _WIDE_GAP
        x = _MARGIN + lanes + (inner - row_width) / 2
        tallest = max(_height(lines[n.source.id]) for n in row)
        for node in row:
            place[node.source.id] = (x, y, _height(lines[node.source.id]))
            x += _WIDE_NODE + _WIDE_GAP
        tops.append(y)
        bottoms.append(y + tallest)
        y += tallest + _ROW_GAP
    height = y - _ROW_GAP + _MARGIN
    rtl = language.rtl

    def mx(x: float) -> float:  # laid out left to right, then mirrored for a right-to-left page
        return width - x if rtl else x

    body: list[str] = []
    for edge in lin.edges:
        ox, oy, oh = place[edge.origin]
        dx, dy, _dh = place[edge.derived]
        ro, rd = row_of[edge.origin], row_of[edge.derived]
        x1, x2 = ox + _WIDE_NODE / 2, dx + _WIDE_NODE / 2
        if rd == ro + 1:
            y1, y2 = oy + oh, dy - 2
            mid = (bottoms[ro] + tops[rd]) / 2
            d = (
                f"M{mx(x1):.0f},{y1:.0f} C{mx(x1):.0f},{mid:.0f} "
                f"{mx(x2):.0f},{mid:.0f} {mx(x2):.0f},{y2:.0f}"
            )
        elif rd > ro:  # rows between: down into the gap, along a lane, and back
            lane = passing.index(edge)
            lx = _MARGIN + (lane + 1) * _LANE
            below = bottoms[ro] + _ROW_GAP / 3 + 3 * lane
            above = tops[rd] - _ROW_GAP / 3 - 3 * lane
            d = (
                f"M{mx(x1):.0f},{oy + oh:.0f} V{below:.0f} H{mx(lx):.0f} V{above:.0f} "
                f"H{mx(x2):.0f} V{dy - 2:.0f}"
            )
        else:  # the same row (a cycle, cut where it was met): side to side
            rightward = dx > ox
            sx = ox + _WIDE_NODE if rightward else ox
            ex = dx - 2 if rightward else dx + _WIDE_NODE + 2
            sy, ey = oy + 2 * _LINE, dy + 2 * _LINE
            d = f"M{mx(sx):.0f},{sy:.0f} L{mx(ex):.0f},{ey:.0f}"
        body.append(f'<path class="fc-lin-edge" d="{d}" marker-end="url(#{key}-wide-arrow)"/>')
    for node in lin.nodes:
        x, y0, _h = place[node.source.id]
        left = mx(x + _WIDE_NODE) if rtl else x
        body.append(
            _box(left, y0, _WIDE_NODE, node, number[node.source.id], lines[node.source.id], rtl)
        )
    return _svg("wide", width, height, body, title, desc, key)


def _narrow(
    lin: Lineage,
    number: Mapping[str, str],
    relations: Mapping[str, Sequence[str]],
    title: str,
    desc: str,
    key: str,
    language: Language,
) -> str:
    rtl = language.rtl
    width = _NARROW_LEFT + _NARROW_NODE + 4

    def mx(x: float) -> float:  # mirrored for a right-to-left page
        return width - x if rtl else x

    place: dict[str, tuple[float, float]] = {}
    boxes: list[str] = []
    y = float(_MARGIN)
    for node in lin.nodes:
        lines = _lines(node, relations[node.source.id], _NARROW_NODE, language)
        h = _height(lines)
        left = mx(_NARROW_LEFT + _NARROW_NODE) if rtl else _NARROW_LEFT
        boxes.append(_box(left, y, _NARROW_NODE, node, number[node.source.id], lines, rtl))
        place[node.source.id] = (y, h)
        y += h + _NARROW_GAP
    body: list[str] = []
    for lane, edge in enumerate(lin.edges):
        oy, oh = place[edge.origin]
        dy, dh = place[edge.derived]
        x = _NARROW_LEFT - 8 - 7 * (lane % 4)
        y1, y2 = oy + min(oh / 2, 20), dy + min(dh / 2, 20)
        body.append(
            f'<path class="fc-lin-edge" d="M{mx(_NARROW_LEFT):.0f},{y1:.0f} H{mx(x):.0f} '
            f'V{y2:.0f} H{mx(_NARROW_LEFT - 2):.0f}" marker-end="url(#{key}-narrow-arrow)"/>'
        )
    return _svg("narrow", width, y - _NARROW_GAP + _MARGIN, body + boxes, title, desc, key)
