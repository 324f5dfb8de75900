"""The rating scale that ships with the generator (SPEC §6). A site may configure its own.

The default scale's words are the generator's, translated through its catalogs; a site's own
labels and descriptions are data, shown exactly as written in every language (a label such as
"90% true" is never a catalog message id, nor a format string).
"""

from __future__ import annotations

from .i18n import N_, Language
from .model import Verdict


def label(verdict: Verdict, language: Language) -> str:
    """The verdict's label as pages show it: translated for the default scale, else as the
    site wrote it."""
    return language.gettext(verdict.label) if verdict.from_catalog else verdict.label


def description(verdict: Verdict, language: Language) -> str:
    """The verdict's description as pages show it (see `label`)."""
    if verdict.from_catalog and verdict.description:
        return language.gettext(verdict.description)
    return verdict.description


DEFAULT_SCALE: tuple[Verdict, ...] = (
    Verdict(
        "accurate",
        N_("Accurate"),
        N_("The claimant said these words, and the sources reproduce them faithfully."),
        6,
        from_catalog=True,
    ),
    Verdict(
        "mostly-accurate",
        N_("Mostly accurate"),
        N_("The words are the claimant's, with small differences that do not change the meaning."),
        5,
        from_catalog=True,
    ),
    Verdict(
        "misleading",
        N_("Misleading"),
        N_("The words are real but quoted so as to suggest something the claimant did not mean."),
        4,
        from_catalog=True,
    ),
    Verdict(
        "misquoted",
        N_("Misquoted"),
        N_("Words attributed to the claimant were changed: the quotation is not what was said."),
        3,
        from_catalog=True,
    ),
    Verdict(
        "misattributed",
        N_("Misattributed"),
        N_("The words were said or written, but by someone other than the claimant named."),
        2,
        from_catalog=True,
    ),
    Verdict(
        "false",
        N_("False"),
        N_("No stored source supports that the claimant said this."),
        1,
        from_catalog=True,
    ),
    Verdict(
        "unverifiable",
        N_("Unverifiable"),
        N_("No primary source for the words could be found or stored, so they cannot be checked."),
        0,
        from_catalog=True,
    ),
)


#: The colour of each tone of verdict, as the style sheet's `--fc-good`, `--fc-mid`, `--fc-bad`
#: and `--fc-none` give them (a test holds the two together): white text reads on each.
TONES = {"good": "#1b7f3b", "mid": "#8a5a00", "bad": "#b3261e", "none": "#5f6368"}
#: The default scale's verdicts by tone, as the style sheet colours their badges.
_DEFAULT_TONES = {
    "accurate": "good",
    "mostly-accurate": "good",
    "misleading": "mid",
    "unverifiable": "mid",
    "misquoted": "bad",
    "misattributed": "bad",
    "false": "bad",
}


def tone(verdict: Verdict, scale: tuple[Verdict, ...]) -> str:
    """`good`, `mid` or `bad`: the default scale's verdicts as the pages colour them; a site's
    own by where the rating stands on its scale (the top third good, the bottom third bad)."""
    if verdict.from_catalog and verdict.key in _DEFAULT_TONES:
        return _DEFAULT_TONES[verdict.key]
    ratings = [v.rating for v in scale] or [verdict.rating]
    low, high = min(ratings), max(ratings)
    if high == low:
        return "none"
    place = (verdict.rating - low) / (high - low)
    return "good" if place > 2 / 3 else "bad" if place < 1 / 3 else "mid"
