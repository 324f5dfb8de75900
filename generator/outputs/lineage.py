"""The lineage diagram of a quote, laid out and drawn at build time as inline SVG.

The nodes are the sources that print the quote and the documents they declare they derive
from; an arrow goes from the earlier document to the one made from it, labelled so that it
reads in the arrow's direction ("Newsweek report — reworded as → reworded copy"). Each node
shows the whole title (wrapped, never cut), the publisher and the fidelity in words, so colour
is never the only cue.

Two drawings of the same graph: a wide one, in columns by generation (a document's column is
one more than the furthest of the documents it derives from), and a narrow one for phones,
one node per row in the same order, with the arrows along the left edge and each relation
written in the node it leads to. The page shows one or the other by its width (CSS).
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..i18n import ENGLISH, N_, Language
from ..model import Source
from ..site import FIDELITY_LABELS, QuoteView

#: How an arrow from a document to one made from it reads.
RELATION_LABELS = {
    "copy": N_("copied as"),
    "reworded": N_("reworded as"),
    "excerpt": N_("excerpted in"),
    "cites": N_("cited by"),
    "translation": N_("translated as"),
}
#: Each arrow as a sentence, the diagram's text equivalent.
RELATION_SENTENCES = {
    "copy": N_("%(origin)s is copied as %(derived)s."),
    "reworded": N_("%(origin)s is reworded as %(derived)s."),
    "excerpt": N_("%(origin)s is excerpted in %(derived)s."),
    "cites": N_("%(origin)s is cited by %(derived)s."),
    "translation": N_("%(origin)s is translated as %(derived)s."),
}
#: When a source prints a quote several times, the node shows its least faithful appearance.
_SEVERITY = {"unchecked": 0, "verbatim": 1, "translated": 2, "trimmed": 3, "altered": 4}

_LINE = 17  # px between text lines (font size 13)
_PAD = 10
_CHARS = 30  # characters per line of a wide node (about 7 px each at 13 px)


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
        titles = {n.source.id: n.source.title for n in self.nodes}
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
        if previous is None or _SEVERITY[span.fidelity] > _SEVERITY[previous]:
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


#: How a document names what it is made from ("a reworded version of 1", in the narrow drawing).
RELATION_PHRASES = {
    "copy": N_("a copy of %(number)s"),
    "reworded": N_("a reworded version of %(number)s"),
    "excerpt": N_("an excerpt of %(number)s"),
    "cites": N_("citing %(number)s"),
    "translation": N_("a translation of %(number)s"),
}
_WIDE_NODE = 230
_WIDE_GAP = 120
_NARROW_NODE = 262
_NARROW_LEFT = 36
_ROW_GAP = 22


def _lines(node: Node, number: int, chars: int, language: Language) -> list[tuple[str, str]]:
    """(class, text) of each line of a node's box."""
    title = textwrap.wrap(f"{number}. {node.source.title}", chars) or [f"{number}."]
    lines = [("fc-lin-title", line) for line in title]
    if node.source.publisher:
        lines += [("fc-lin-publisher", p) for p in textwrap.wrap(node.source.publisher, chars)]
    verdict = FIDELITY_LABELS[node.fidelity] if node.fidelity else N_("Does not print the words")
    lines.append(("fc-lin-fidelity", language.gettext(verdict)))
    return lines


def _box(
    x: float, y: float, width: float, node: Node, lines: list[tuple[str, str]], rtl: bool
) -> str:
    kind = node.fidelity or "not-quoted"
    height = 2 * _PAD + len(lines) * _LINE
    out = [
        f'<g class="fc-lin-node fc-lin-node--{kind}">'
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{width:.0f}" height="{height}" rx="6"/>'
    ]
    # Right to left, each line starts at the box's right edge and reads from there.
    # (The direction is set on each line: an inline drawing inherits the page's.)
    start, anchor = (
        (x + width - _PAD, ' direction="rtl"') if rtl else (x + _PAD, ' direction="ltr"')
    )
    for i, (css, text) in enumerate(lines):
        baseline = y + _PAD + (i + 1) * _LINE - 4
        out.append(
            f'<text x="{start:.0f}" y="{baseline:.0f}" class="{css}"{anchor}>'
            f"{html.escape(text)}</text>"
        )
    out.append("</g>")
    return "".join(out)


def _height(lines: list[tuple[str, str]]) -> int:
    return 2 * _PAD + len(lines) * _LINE


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
    In a language written right to left the drawing is mirrored: the first document on the
    right, arrows pointing left."""
    _ = language.gettext
    number = {n.source.id: i for i, n in enumerate(lineage.nodes, start=1)}
    title = _("How the words travelled between these documents")
    desc = " ".join(lineage.sentences(language)) or _(
        "No document here declares what it is made from."
    )
    return _wide(lineage, number, title, desc, key, language) + _narrow(
        lineage, number, title, desc, key, language
    )


def _wide(
    lin: Lineage,
    number: Mapping[str, int],
    title: str,
    desc: str,
    key: str,
    language: Language,
) -> str:
    columns: dict[int, list[Node]] = {}
    for node in lin.nodes:
        columns.setdefault(node.generation, []).append(node)
    lines = {n.source.id: _lines(n, number[n.source.id], _CHARS, language) for n in lin.nodes}
    heights = {
        g: sum(_height(lines[n.source.id]) for n in col) + _ROW_GAP * (len(col) - 1)
        for g, col in columns.items()
    }
    total_h = max(heights.values()) + 8
    place: dict[str, tuple[float, float, float]] = {}  # id -> x, y, height
    for g, col in sorted(columns.items()):
        y = 4 + (total_h - 8 - heights[g]) / 2
        for node in col:
            h = _height(lines[node.source.id])
            place[node.source.id] = (4 + g * (_WIDE_NODE + _WIDE_GAP), y, h)
            y += h + _ROW_GAP
    width = 8 + len(columns) * _WIDE_NODE + (len(columns) - 1) * _WIDE_GAP
    rtl = language.rtl

    def mx(x: float) -> float:  # laid out left to right, then mirrored for a right-to-left page
        return width - x if rtl else x

    body: list[str] = []
    for edge in lin.edges:
        ox, oy, oh = place[edge.origin]
        dx, dy, dh = place[edge.derived]
        x1, y1 = ox + _WIDE_NODE, oy + oh / 2
        x2, y2 = dx, dy + dh / 2
        if x2 <= x1:  # same generation (a cycle cut): leave from the bottom, come in on top
            x1, y1, x2, y2 = ox + _WIDE_NODE / 2, oy + oh, dx + _WIDE_NODE / 2, dy
        mid = (x1 + x2) / 2
        end = x2 - 2
        label = language.gettext(RELATION_LABELS[edge.relation])
        body.append(
            f'<path class="fc-lin-edge" d="M{mx(x1):.0f},{y1:.0f} C{mx(mid):.0f},{y1:.0f} '
            f'{mx(mid):.0f},{y2:.0f} {mx(end):.0f},{y2:.0f}" marker-end="url(#{key}-wide-arrow)"/>'
            f'<text class="fc-lin-label" x="{mx(mid):.0f}" y="{(y1 + y2) / 2 - 5:.0f}" '
            f'text-anchor="middle">{html.escape(label)}</text>'
        )
    body += [
        _box(
            mx(place[n.source.id][0] + _WIDE_NODE) if rtl else place[n.source.id][0],
            place[n.source.id][1],
            _WIDE_NODE,
            n,
            lines[n.source.id],
            rtl,
        )
        for n in lin.nodes
    ]
    return _svg("wide", width, total_h, body, title, desc, key)


def _narrow(
    lin: Lineage,
    number: Mapping[str, int],
    title: str,
    desc: str,
    key: str,
    language: Language,
) -> str:
    chars = 34
    rtl = language.rtl
    width = _NARROW_LEFT + _NARROW_NODE + 4

    def mx(x: float) -> float:  # mirrored for a right-to-left page
        return width - x if rtl else x

    incoming: dict[str, list[Edge]] = {}
    for edge in lin.edges:
        incoming.setdefault(edge.derived, []).append(edge)
    body: list[str] = []
    place: dict[str, tuple[float, float]] = {}
    boxes: list[str] = []
    y = 4.0
    for node in lin.nodes:
        lines = _lines(node, number[node.source.id], chars, language)
        lines[-1:-1] = [
            (
                "fc-lin-relation",
                language.gettext(RELATION_PHRASES[e.relation]) % {"number": number[e.origin]},
            )
            for e in incoming.get(node.source.id, [])
        ]
        h = _height(lines)
        left = mx(_NARROW_LEFT + _NARROW_NODE) if rtl else _NARROW_LEFT
        boxes.append(_box(left, y, _NARROW_NODE, node, lines, rtl))
        place[node.source.id] = (y, h)
        y += h + _ROW_GAP
    for lane, edge in enumerate(lin.edges):
        oy, oh = place[edge.origin]
        dy, dh = place[edge.derived]
        x = _NARROW_LEFT - 8 - 7 * (lane % 4)
        y1, y2 = oy + min(oh / 2, 20), dy + min(dh / 2, 20)
        body.append(
            f'<path class="fc-lin-edge" d="M{mx(_NARROW_LEFT):.0f},{y1:.0f} H{mx(x):.0f} '
            f'V{y2:.0f} H{mx(_NARROW_LEFT - 2):.0f}" marker-end="url(#{key}-narrow-arrow)"/>'
        )
    return _svg("narrow", width, y - _ROW_GAP + 4, body + boxes, title, desc, key)
