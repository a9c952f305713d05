"""Which stage of a bill a legislature's text URL holds.

A law's text must be the text enacted. Legislatures publish every stage of a bill at
its own address, and the address says which: Texas ends the file name with a letter
(``HB00149I.htm``: I introduced, H or S reported by a committee of the House or the
Senate, E engrossed, F enrolled), congress.gov names the version in the path
(``/text/ih``: introduced in the House; ``rs``: reported in the Senate; ``eh``: engrossed;
``enr``: enrolled; ``pl``: public law). A document recorded as enacted whose only text is
an earlier stage (AGORA holds Texas's TRAIGA as the bill introduced in March 2025, not
the Act signed in June) is kept without that text: quoting the draft as the law in force
would put words in the law it may not have.
"""

from __future__ import annotations

import re

TEXAS = re.compile(r"/billtext/(?:html|pdf|docs?)/[A-Z]{2,3}\d+([IEHSF])\.\w+$", re.IGNORECASE)
TEXAS_STAGES = {
    "I": "introduced",
    "H": "reported",
    "S": "reported",
    "E": "engrossed",
    "F": "enrolled",
}
CONGRESS = re.compile(r"/text/(ih|is|rh|rs|rfh|rfs|eh|es|eah|eas|enr|pl)\b", re.IGNORECASE)
CONGRESS_STAGES = {
    "ih": "introduced",
    "is": "introduced",
    "rh": "reported",
    "rs": "reported",
    "rfh": "referred",
    "rfs": "referred",
    "eh": "engrossed",
    "es": "engrossed",
    "eah": "engrossed",
    "eas": "engrossed",
    "enr": "enrolled",
    "pl": "public law",
}
FINAL = frozenset({"enrolled", "public law"})


def bill_stage(url: str | None) -> str | None:
    """The stage of the bill text at ``url``, when the address says it; else None."""
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    found = TEXAS.search(path)
    if found:
        return TEXAS_STAGES[found.group(1).upper()]
    found = CONGRESS.search(path)
    if found:
        return CONGRESS_STAGES[found.group(1).lower()]
    return None


def draft_of_enacted(url: str | None, enacted: bool) -> bool:
    """Whether the text at ``url`` is an earlier stage of a bill that was enacted."""
    stage = bill_stage(url)
    return enacted and stage is not None and stage not in FINAL
