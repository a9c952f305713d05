"""A saved web page is not an instrument's text.

Some files of the mirror are a website's page saved as Markdown: the navigation, menus
and link lists of an agency's or foundation's site around a paragraph about the
instrument (the AI Verify Foundation's home page, a city department's page on a local
law, a ministry's page on a national plan). Read as provisions, "[Skip to content]"
becomes a unit that crosswalks align and reports cite. Such a page is recognised by how
much of it is Markdown links and images: in the shared corpus's ``laws/`` folder the
three saved pages are 58–78% link markup and every text of an instrument at most 9%
(a security memorandum that cites many sources). A page is kept as the instrument's
source record, never stored as a version of its text, so the instrument stays
"metadata only" and its concepts "not assessed" rather than read from a menu.
"""

from __future__ import annotations

import re

LINK = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)")
# share of a text's characters in Markdown links and images from which it is a web page
WEB_PAGE_LINK_SHARE = 0.3
MIN_CHARS = 200  # a short note with one link is not a page


def link_share(text: str) -> float:
    """The share of ``text``'s characters that are Markdown link or image markup."""
    if not text:
        return 0.0
    return sum(len(m.group(0)) for m in LINK.finditer(text)) / len(text)


def is_web_page(text: str) -> bool:
    """Whether ``text`` is a saved web page (navigation and links) rather than a text."""
    return len(text) >= MIN_CHARS and link_share(text) >= WEB_PAGE_LINK_SHARE
