"""Reading a long unit whole: the best-matching pair of its pieces.

e5 reads 500 characters of a text (``align.E5_MAX_CHARS``), so a long article is
compared by its first paragraph alone: EU AI Act Article 50 (4,656 characters) reads
as its chatbot-disclosure duty, and the duty to mark generated content in its second
paragraph is never seen. Here each text is cut into pieces of at most that length
(its paragraphs, numbered points and blank-line blocks, packed together in order; a
paragraph longer than a piece is cut at word boundaries), every piece of the source is
compared with every piece of the target, and the pair's cosine is the best of those.
A text that fits in one piece is read exactly as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from govatlas.crosswalk.scaling import Matrix

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]
# a paragraph break: a blank line, or a new line that starts a numbered paragraph or point
_BREAK = re.compile(r"\n\s*\n|\n(?=\s*\(?(?:\d{1,3}|[a-z]{1,4})[.)]\s)")


def pieces(text: str, size: int) -> list[str]:
    """``text`` as consecutive pieces of at most ``size`` characters, cut between
    paragraphs where it can be and between words where a paragraph is longer."""
    if len(text) <= size:
        return [text]
    found: list[str] = []
    current = ""
    for paragraph in (p.strip() for p in _BREAK.split(text)):
        if not paragraph:
            continue
        while len(paragraph) > size:
            cut = paragraph.rfind(" ", 0, size)
            cut = cut if cut > size // 2 else size
            if current:
                found.append(current)
                current = ""
            found.append(paragraph[:cut].strip())
            paragraph = paragraph[cut:].strip()
        if current and len(current) + 1 + len(paragraph) > size:
            found.append(current)
            current = paragraph
        else:
            current = f"{current}\n{paragraph}" if current else paragraph
    if current:
        found.append(current)
    return found or [text[:size]]


def whole_cosine(
    source_texts: Sequence[str],
    target_texts: Sequence[str],
    size: int,
    embed_queries: Embed,
    embed_passages: Embed,
) -> Matrix:
    """For every (source, target) pair, the best cosine between a piece of one and a
    piece of the other (sources read as queries, targets as passages)."""
    source_pieces = [pieces(t, size) for t in source_texts]
    target_pieces = [pieces(t, size) for t in target_texts]
    queries = embed_queries([p for ps in source_pieces for p in ps])
    passages = embed_passages([p for ps in target_pieces for p in ps])
    cosine = queries @ passages.T
    rows = np.repeat(np.arange(len(source_texts)), [len(ps) for ps in source_pieces])
    columns = np.repeat(np.arange(len(target_texts)), [len(ps) for ps in target_pieces])
    by_source = np.full((len(source_texts), cosine.shape[1]), -np.inf, dtype=np.float32)
    np.maximum.at(by_source, rows, cosine)
    result = np.full((len(source_texts), len(target_texts)), -np.inf, dtype=np.float32)
    np.maximum.at(result.T, columns, by_source.T)
    return result
