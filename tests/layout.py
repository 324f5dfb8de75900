"""What a page looks like once Chromium has laid it out, measured from its boxes: words broken
across lines, and the lineage diagram (its fit, its text boxes, the direction of each line)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

#: Tokens that must stay on one line: names, dates and numbers (a token is what lies between
#: spaces; a longer one, an address say, may wrap where it must).
WHOLE = 30
#: Where the text is a name, a date or a number: the columns of a table after its first (which
#: holds titles, wrapped as text is), dates, the names `m.name` writes.
NAMES = "time, td:not(:first-child), .fc-name, .fc-nowrap, .fc-count"
#: (A verdict is a name too, but a newsroom's own label may be a sentence, which wraps as text.)


def broken_words(page: Page, scope: str = "article") -> list[str]:
    """Text that wraps inside a word (letters and digits), anywhere in `scope`; and, where the
    text is a name, a date or a number (`NAMES`), inside a token of up to `WHOLE` characters
    ("Kim Yo-jong", "2021-02-19", "(2021-02-19)"): each is measured from its line boxes. (A
    title may wrap after a hyphen, as text does.)"""
    return list(
        page.evaluate(
            """([scope, whole, names]) => {
              const broken = [];
              const root = document.querySelector(scope);
              const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
              const range = document.createRange();
              const lines = (node, start, end) => {
                range.setStart(node, start); range.setEnd(node, end);
                return new Set([...range.getClientRects()].filter(r => r.width > 0)
                  .map(r => Math.round(r.top))).size;
              };
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const parent = node.parentElement;
                if (parent.closest('svg, pre, code, .fc-sha')) continue;
                const name = parent.closest(names) && !parent.closest(".fc-verdict");
                const pattern = name ? /\\S+/gu : /[\\p{L}\\p{N}]{2,}/gu;
                for (const m of node.textContent.matchAll(pattern)) {
                  if (m[0].length < 2 || m[0].length > whole) continue;
                  if (lines(node, m.index, m.index + m[0].length) > 1) broken.push(m[0]);
                }
              }
              return broken;
            }""",
            [scope, WHOLE, NAMES],
        )
    )


def lineage_problems(page: Page) -> list[Any]:
    """What is wrong with the lineage drawing the page shows: wider than its figure, two of
    its texts overlapping, a text outside its box, or a line of a source's words whose
    characters are not laid out in the direction of their language (punctuation at the wrong
    end, as an English title drawn right to left had it)."""
    return list(
        page.evaluate(
            """() => {
              const out = [];
              const svg = [...document.querySelectorAll('svg.fc-lineage')]
                .find(s => s.getBoundingClientRect().width > 0);
              if (!svg) return ['no drawing shown'];
              const figure = svg.closest('figure');
              if (figure.scrollWidth > figure.clientWidth + 1)
                out.push(['wider than its figure', figure.scrollWidth, figure.clientWidth]);
              const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
              const boxes = texts.map(t => t.getBoundingClientRect());
              for (let i = 0; i < boxes.length; i++) {
                for (let j = i + 1; j < boxes.length; j++) {
                  const a = boxes[i], b = boxes[j];
                  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                  if (w > 1 && h > 1)
                    out.push(['overlap', texts[i].textContent, texts[j].textContent]);
                }
              }
              texts.forEach((t, i) => {
                const rect = t.closest('g').querySelector('rect').getBoundingClientRect();
                const b = boxes[i];
                if (b.left < rect.left - 1 || b.right > rect.right + 1)
                  out.push(['outside its box', t.textContent]);
                if (!t.hasAttribute('lang')) return;
                const n = t.getNumberOfChars();
                const xs = [...Array(n).keys()].map(k => t.getStartPositionOfChar(k).x);
                const ltr = t.getAttribute('direction') !== 'rtl';
                for (let k = 1; k < n; k++) {
                  if (ltr ? xs[k] < xs[k - 1] : xs[k] > xs[k - 1]) {
                    out.push(['read out of order', t.textContent]);
                    break;
                  }
                }
              });
              return out;
            }"""
        )
    )
