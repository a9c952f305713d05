"""What people linked elsewhere: published crosswalk pairs as a memory for new ones.

Most published crosswalks map something onto the NIST AI RMF. When a new framework
is aligned with the AI RMF, each RMF subcategory is known by more than its own words:
by every provision that people, in other published tables, linked to it (BSA's
objectives, CLTC's questions, Japan's concepts, ISO clause titles). The memory signal
scores a pair (s, t) by how close the source s is to the closest of those partners of
t: ``max over x linked to t of cos_e5(s as a query, x as a passage)``, standardised per
source like every other signal. A target that the memory does not know takes the row's
mean, so it is neither helped nor hurt.

Targets are recognised by their wording, not their ids (and only when worded at
least ``MIN_RECOGNISED_CHARS`` long: a bare title such as "Transparency" names
different items in different frameworks): a MinHash signature of the
text's character 5-grams (lower-cased, a leading label such as "GOVERN 1.1:" left
out), matched when the estimated Jaccard similarity is at least ``MATCH_JACCARD``
(different AI RMF subcategories reach 0.64 at most).

The packaged memory (``data/link-memory.npz``, written by
``python -m benchmarks.crosswalk_memory --write``) holds no text: per passage its
signature and its e5 passage vector (float16), and the linked pairs by index with the
table each came from. It is read by ``govatlas crosswalk align``; ``crosswalk eval``
builds the same memory from the imported tables, leaving out the table it scores.
Measured leaving each table out (``docs/crosswalk-ranker.md``): recall@10 on BSA → AI
RMF rises from 0.717 to 0.759 and on CLTC → AI RMF from 0.384 to 0.406; tables whose
targets no other table links are unchanged. The build's machine crosswalks and
``crosswalk suggest`` do not read it: their probabilities were calibrated without it,
and in the build's comparisons with the AI RMF the pairs it promotes were judged to add
no link (``benchmarks/crosswalk_memory_draw.py``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from govatlas.crosswalk.scaling import Matrix, zscores
from govatlas.errors import InvalidInputError

MEMORY_WEIGHT = 1.0  # beside e5 after CSLS at 2 and character n-grams at 0.7
# A bare title ("Transparency", "5.2 Leadership and commitment") names different items
# in different frameworks; only a target worded at least this long (normalised) is
# recognised. The shortest AI RMF subcategory has 60 characters.
MIN_RECOGNISED_CHARS = 50
MATCH_JACCARD = 0.8  # two AI RMF subcategories share up to 0.64; a label or case changes nothing
SHINGLE = 5
PERMUTATIONS = 64
PACKAGED = "link-memory.npz"
_LEADING_LABEL = re.compile(r"^\s*[^:]{0,24}\d[^:]{0,24}:\s*")
_NOT_WORD = re.compile(r"[^0-9a-z\u00c0-\uffff]+")
_RANDOM = np.random.default_rng(20261206)
_MULTIPLIERS = _RANDOM.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2)
_MULTIPLIERS += np.uint64(1)  # odd, so that each multiplication is a permutation
_OFFSETS = _RANDOM.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)

Signature = npt.NDArray[np.uint32]
EmbedPassages = Callable[[Sequence[str]], npt.NDArray[np.float32]]


def normalised(text: str) -> str:
    """Lower case, a leading "GOVERN 1.1:"-style label left out, punctuation as spaces."""
    return " ".join(_NOT_WORD.sub(" ", _LEADING_LABEL.sub("", text).lower()).split())


def signature(text: str) -> Signature:
    """MinHash of the normalised text's character 5-grams (``PERMUTATIONS`` values)."""
    words = normalised(text)
    shingles = {words[i : i + SHINGLE] for i in range(max(1, len(words) - SHINGLE + 1))}
    hashes = np.array(
        [int.from_bytes(hashlib.blake2b(s.encode(), digest_size=7).digest()) for s in shingles],
        dtype=np.uint64,
    )
    # one multiply-add per permutation, wrapping at 2**64; the high 32 bits are kept
    with np.errstate(over="ignore"):
        mixed = _MULTIPLIERS[:, None] * hashes[None, :] + _OFFSETS[:, None]
    result: Signature = (mixed >> np.uint64(32)).min(axis=1).astype(np.uint32)
    return result


@dataclass(frozen=True)
class LinkMemory:
    """Passages known from published crosswalks and who was linked to whom."""

    signatures: Signature  # (passages, PERMUTATIONS)
    vectors: Matrix  # (passages, dimension): e5 passage vectors, unit length
    links: npt.NDArray[np.int32]  # (pairs, 2): passage indexes, each link once
    tables: tuple[str, ...]  # per link, the published table it comes from

    @property
    def passages(self) -> int:
        return int(self.signatures.shape[0])

    def without(self, excluded: Iterable[str]) -> LinkMemory:
        """The memory without the links of these tables (to score a table fairly)."""
        left_out = set(excluded)
        keep = [i for i, key in enumerate(self.tables) if key not in left_out]
        return LinkMemory(
            self.signatures,
            self.vectors,
            self.links[keep],
            tuple(self.tables[i] for i in keep),
        )

    def partners(self) -> list[list[int]]:
        """For every passage, the passages linked to it (either direction)."""
        result: list[list[int]] = [[] for _ in range(self.passages)]
        for a, b in self.links.tolist():
            result[a].append(b)
            result[b].append(a)
        return result

    def recognise(self, texts: Sequence[str]) -> list[int | None]:
        """For every text, the known passage with the same wording, if any (a text
        shorter than ``MIN_RECOGNISED_CHARS`` is never recognised)."""
        result: list[int | None] = []
        for text in texts:
            if not self.passages or len(normalised(text)) < MIN_RECOGNISED_CHARS:
                result.append(None)
                continue
            agreement = (self.signatures == signature(text)).mean(axis=1)
            best = int(agreement.argmax())
            result.append(best if agreement[best] >= MATCH_JACCARD else None)
        return result

    def signal(self, queries: Matrix, target_texts: Sequence[str]) -> Matrix | None:
        """The memory signal (module docstring), z-scored per source; None when the
        memory knows none of the targets' partners."""
        partners = self.partners()
        scores = np.full((queries.shape[0], len(target_texts)), np.nan, dtype=np.float32)
        for column, known in enumerate(self.recognise(target_texts)):
            linked = partners[known] if known is not None else []
            if linked:
                scores[:, column] = (queries @ self.vectors[linked].T).max(axis=1)
        covered = ~np.isnan(scores)
        if not covered.any():
            return None
        row_mean = np.nanmean(scores, axis=1, keepdims=True)
        return zscores(np.where(covered, scores, row_mean).astype(np.float32), 1)

    def transposed_signal(
        self, target_queries: Matrix, source_texts: Sequence[str]
    ) -> Matrix | None:
        """The memory signal when the sources, not the targets, are what the memory knows
        (the AI RMF aligned onto another framework): each target read as a query against
        the partners of each source, standardised per source; None as ``signal``."""
        scores = self.signal(target_queries, source_texts)
        return None if scores is None else zscores(np.ascontiguousarray(scores.T), 1)


@dataclass(frozen=True)
class LinkedTable:
    """One published table as the memory reads it: its key and linked text pairs."""

    key: str
    pairs: Sequence[tuple[str, str]]


def build_memory(tables: Sequence[LinkedTable], embed_passages: EmbedPassages) -> LinkMemory:
    """The memory of these tables' links; passages with the same wording are one."""
    index: dict[str, int] = {}
    texts: list[str] = []
    links: list[tuple[int, int]] = []
    keys: list[str] = []

    def known(text: str) -> int:
        key = normalised(text)
        if key not in index:
            index[key] = len(texts)
            texts.append(text)
        return index[key]

    for table in tables:
        for source, target in table.pairs:
            a, b = known(source), known(target)
            if a != b:
                links.append((a, b))
                keys.append(table.key)
    if not texts:
        empty = np.zeros((0, PERMUTATIONS), np.uint32)
        return LinkMemory(empty, np.zeros((0, 1), np.float32), np.zeros((0, 2), np.int32), ())
    return LinkMemory(
        np.stack([signature(t) for t in texts]),
        np.asarray(embed_passages(texts), dtype=np.float32),
        np.array(links, dtype=np.int32).reshape(-1, 2),
        tuple(keys),
    )


def save_memory(memory: LinkMemory, path: Path) -> None:
    """Write the memory (no text: signatures, float16 vectors, links, table keys)."""
    np.savez_compressed(
        path,
        signatures=memory.signatures,
        vectors=memory.vectors.astype(np.float16),
        links=memory.links,
        tables=np.array(memory.tables),
    )


def read_memory(path: Path) -> LinkMemory:
    """A memory written by ``save_memory``."""
    try:
        with np.load(path) as data:
            return LinkMemory(
                data["signatures"].astype(np.uint32),
                data["vectors"].astype(np.float32),
                data["links"].astype(np.int32),
                tuple(str(key) for key in data["tables"]),
            )
    except (OSError, KeyError, ValueError) as error:
        raise InvalidInputError(
            f"{path.name}: not a link memory ({error})", "reinstall govatlas"
        ) from error


@cache
def packaged_memory() -> LinkMemory | None:
    """The memory shipped with govatlas (None if this installation has none)."""
    resource = resources.files("govatlas.crosswalk") / "data" / PACKAGED
    if not resource.is_file():
        return None
    with resources.as_file(resource) as path:
        return read_memory(path)
