"""The rating scale that ships with the generator (SPEC §6). A site may configure its own."""

from __future__ import annotations

from .i18n import N_
from .model import Verdict

DEFAULT_SCALE: tuple[Verdict, ...] = (
    Verdict(
        "accurate",
        N_("Accurate"),
        N_("The claimant said these words, and the sources reproduce them faithfully."),
        6,
    ),
    Verdict(
        "mostly-accurate",
        N_("Mostly accurate"),
        N_("The words are the claimant's, with small differences that do not change the meaning."),
        5,
    ),
    Verdict(
        "misleading",
        N_("Misleading"),
        N_("The words are real but quoted so as to suggest something the claimant did not mean."),
        4,
    ),
    Verdict(
        "misquoted",
        N_("Misquoted"),
        N_("Words attributed to the claimant were changed: the quotation is not what was said."),
        3,
    ),
    Verdict(
        "misattributed",
        N_("Misattributed"),
        N_("The words were said or written, but by someone other than the claimant named."),
        2,
    ),
    Verdict(
        "false",
        N_("False"),
        N_("No stored source supports that the claimant said this."),
        1,
    ),
    Verdict(
        "unverifiable",
        N_("Unverifiable"),
        N_("No primary source for the words could be found or stored, so they cannot be checked."),
        0,
    ),
)
