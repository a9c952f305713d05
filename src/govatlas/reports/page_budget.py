"""Whether a white paper keeps to a delegate's page budget, read from its PDF.

A paper a delegation circulates has at most ``BODY_PAGES`` pages of body (after the title
page, before the annexes) and an executive summary of at most ``SUMMARY_PAGES``. The
body grows with the store, so the budget is checked on the PDF actually written:
``govatlas report interoperability`` says how many pages of body it wrote, and
``python -m govatlas.reports.page_budget PAPER.pdf`` exits 1 (with the reason) when a
paper is over budget, for a CI job that builds the full corpus.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

from govatlas.i18n import gettext, speaking
from govatlas.i18n.languages import CODES

WORD = re.compile(r"\w+")
BODY_PAGES = 30
SUMMARY_PAGES = 2
SUMMARY = "1. Executive summary"
AFTER_SUMMARY = "2. The landscape"
ANNEXES = "Annexes"


@dataclass(frozen=True)
class PageBudget:
    body: int | None  # pages after the title page and before the annexes
    summary: int | None  # pages the executive summary spans

    @property
    def problems(self) -> list[str]:
        found = []
        if self.body is None or self.summary is None:
            found.append("the sections were not found (is this the interoperability paper?)")
        if self.body is not None and self.body > BODY_PAGES:
            found.append(f"{self.body} pages of body, over the budget of {BODY_PAGES}")
        if self.summary is not None and self.summary > SUMMARY_PAGES:
            found.append(
                f"an executive summary of {self.summary} pages, over the budget of {SUMMARY_PAGES}"
            )
        return found


def _key(line: str) -> tuple[str, ...]:
    """A heading as a line of the PDF's text can be compared with it: its words, in any
    order, with the lam and alef letters left out. Text read back from an Arabic PDF
    comes in visual order ("1. الملخص" reads ".1 الملخص") and splits lam-alef
    ligatures in the wrong order."""
    return tuple(
        sorted(re.sub("[\u0627\u0623\u0625\u0622\u0644]", "", w) for w in WORD.findall(line))
    )


def section_starts(pdf: Path, headings: Sequence[str]) -> dict[str, int]:
    """The page (1-based, after the title page) on which each heading first stands as a
    line of its own."""
    wanted = {_key(heading): heading for heading in headings}
    starts: dict[str, int] = {}
    for number, page in enumerate(pypdfium2.PdfDocument(pdf), start=1):
        if number == 1:  # the title page lists the contents
            continue
        for line in page.get_textpage().get_text_range().splitlines():
            heading = wanted.get(_key(line.strip()))
            if heading is not None and heading not in starts:
                starts[heading] = number
    return starts


def page_budget(pdf: Path) -> PageBudget:
    """The paper's budget, its headings read in the current language (a paper written
    with ``--language fr`` is read with ``speaking("fr")``)."""
    summary_heading, after, annexes = (gettext(h) for h in (SUMMARY, AFTER_SUMMARY, ANNEXES))
    starts = section_starts(pdf, (summary_heading, after, annexes))
    body = starts[annexes] - 2 if annexes in starts else None
    summary = (
        starts[after] - starts[summary_heading]
        if summary_heading in starts and after in starts
        else None
    )
    return PageBudget(body, summary)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    code = "en"
    if "--language" in args:
        at = args.index("--language")
        if at + 1 >= len(args) or args[at + 1] not in CODES:
            print(f"error: --language takes one of {', '.join(CODES)}", file=sys.stderr)
            return 2
        code = args[at + 1]
        del args[at : at + 2]
    if len(args) != 1 or args[0] in {"-h", "--help"}:
        print(__doc__.strip().splitlines()[0])
        print(
            "usage: python -m govatlas.reports.page_budget PAPER.pdf [--language ar|zh|en|fr|ru|es]"
        )
        return 0 if args and args[0] in {"-h", "--help"} else 2
    pdf = Path(args[0])
    if not pdf.is_file():
        print(f"error: no PDF at {pdf}", file=sys.stderr)
        return 2
    with speaking(code):
        budget = page_budget(pdf)
    for problem in budget.problems:
        print(f"error: {pdf.name}: {problem}", file=sys.stderr)
    if budget.problems:
        return 1
    print(
        f"{pdf.name}: {budget.body} pages of body (at most {BODY_PAGES}), executive summary "
        f"{budget.summary} (at most {SUMMARY_PAGES})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
