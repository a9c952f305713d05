""" "Did you mean …?": the known ids closest to one that was not found.

A mistyped id (``eu-ai-akt``, ``usa``, ``fli-blocks:redlines``) should be answered
with the id that was meant, on the command line and on the web alike. ``closest``
finds candidates (the same id in another case or with spaces for hyphens first, then
the nearest spellings, then ids that contain what was typed); ``unknown`` builds the
``NotFoundError`` that
carries them, so each front end can say it in its own way: the CLI as a hint, the
web as links, the API as a ``suggestions`` list.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from govatlas.errors import NotFoundError

SUGGESTIONS = 3
# difflib's ratio for "close enough to suggest": 0.6 is its own default; ids are short,
# so one wrong letter in a six-letter id (``eu-ai-akt``) still scores 0.89.
CUTOFF = 0.6
MARGIN = 0.1  # how much less close than the closest a second suggestion may be


def closest(
    name: str,
    known: Iterable[str],
    limit: int = SUGGESTIONS,
    aliases: Mapping[str, str] | None = None,
) -> list[str]:
    """Up to ``limit`` known ids nearest to ``name``, nearest first.

    ``aliases`` maps other names to ids (a country's name to its code, a concept's
    label to its id): they are matched as the ids are, and answered with the id."""
    by_folded: dict[str, str] = {}
    for candidate in known:
        by_folded.setdefault(candidate.casefold(), candidate)
    for alias, target in (aliases or {}).items():
        by_folded.setdefault(alias.casefold(), target)
    wanted = name.strip().casefold()
    if not wanted or not by_folded:
        return []
    for form in (wanted, re.sub(r"[\s_]+", "-", wanted)):  # "EU AI Act" -> eu-ai-act
        if form in by_folded:
            return [by_folded[form]]
    scored = sorted(_close(wanted, by_folded), key=lambda pair: (-pair[0], pair[1]))
    best = scored[0][0] if scored else 0.0
    # Ids that share a long prefix ("fli-blocks:") all score fairly high; only those
    # about as close as the closest are worth naming.
    found = [f for ratio, f in scored if ratio >= max(CUTOFF, best - MARGIN)][: limit * 2]
    if len(wanted) >= 3:
        found += sorted((f for f in by_folded if wanted in f and f not in found), key=len)
    ids = list(dict.fromkeys(by_folded[f] for f in found))
    return ids[:limit]


def _close(wanted: str, candidates: Iterable[str]) -> list[tuple[float, str]]:
    """(ratio, candidate) for the candidates at least ``CUTOFF`` alike, checked with
    difflib's cheap upper bounds first (as ``get_close_matches`` does): some tens of
    milliseconds over the 10,000 names and codes of every jurisdiction (0.3 s without)."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(wanted)
    found = []
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if (
            matcher.real_quick_ratio() >= CUTOFF
            and matcher.quick_ratio() >= CUTOFF
            and (ratio := matcher.ratio()) >= CUTOFF
        ):
            found.append((ratio, candidate))
    return found


def unknown(
    kind: str,
    name: str,
    known: Iterable[str],
    *,
    listing: str,
    message: str | None = None,
    empty: str | None = None,
    aliases: Mapping[str, str] | None = None,
) -> NotFoundError:
    """The error for an id of ``kind`` (instrument, concept, …) that does not exist.

    Its hint names the closest ids when there are any, else says where the ids are
    listed (``listing``); ``empty`` is the hint when nothing of the kind is known at all
    (an empty store: "run `govatlas build` first")."""
    known = list(known)
    suggestions = closest(name, known, aliases=aliases)
    if suggestions:
        hint = f"did you mean {', '.join(suggestions)}?"
    elif not known and empty is not None:
        hint = empty
    else:
        hint = listing
    error = NotFoundError(message or f"no {kind} {name!r}", hint)
    error.kind = kind
    error.suggestions = tuple(suggestions)
    return error
