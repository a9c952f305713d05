"""An approximate nearest-neighbour index over provision vectors, for stores beyond
about 100,000 provisions (DESIGN.md: numpy below, hnswlib above).

The vectors are split into shards of at most ``SHARD_SIZE``, each an hnswlib graph
(inner product on unit vectors: cosine), saved in a folder beside the store with a
manifest of which provision ids each shard holds and the vectors' model. A query asks
every shard for its best ``k`` and keeps the best ``k`` of all.

``sync`` brings a saved index up to date with the store's vectors without rebuilding
it: provisions gone (an older version replaced) are marked deleted, new ones are added
to the last shard until it is full, then to a new one. A changed model or dimension,
or a manifest that does not read, rebuilds from scratch. hnswlib is imported when an
index is built or read, never before; without it (it compiles at install), search
stays exact.

Recall@10 against exact search is measured by ``benchmarks/vector_index.py`` on real
provision vectors and reported in ``docs/scale-out.md``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from govatlas.config import load_settings

SHARD_SIZE = 250_000
M = 16  # graph degree: hnswlib's default, memory about (dim * 4 + M * 8) bytes a vector
EF_CONSTRUCTION = 200
EF_SEARCH = 128  # candidates a query keeps; recall against speed (benchmarks/vector_index.py)
MANIFEST = "manifest.json"
FORMAT = 1


def _threads() -> int:
    return load_settings().cpu_threads


def hnswlib_available() -> bool:
    try:
        import hnswlib  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class _Shard:
    graph: Any
    ids: set[int] = field(default_factory=set)
    deleted: set[int] = field(default_factory=set)  # marked deleted in the graph


class ApproximateIndex:
    """Shards of hnswlib graphs over (provision id, unit vector) pairs."""

    def __init__(
        self, model_id: str, dimension: int, shard_size: int = SHARD_SIZE, ef: int = EF_SEARCH
    ) -> None:
        self.model_id = model_id
        self.dimension = dimension
        self.shard_size = shard_size
        self.ef = ef
        self.shards: list[_Shard] = []

    def __len__(self) -> int:
        return sum(len(s.ids) for s in self.shards)

    def ids(self) -> set[int]:
        return {i for shard in self.shards for i in shard.ids}

    def _new_shard(self) -> _Shard:
        import hnswlib

        graph = hnswlib.Index(space="ip", dim=self.dimension)
        graph.init_index(
            max_elements=self.shard_size, ef_construction=EF_CONSTRUCTION, M=M, random_seed=7
        )
        graph.set_ef(self.ef)
        shard = _Shard(graph)
        self.shards.append(shard)
        return shard

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Add these provisions, filling the last shard before starting another."""
        start = 0
        while start < len(ids):
            shard = self.shards[-1] if self.shards else self._new_shard()
            room = self.shard_size - shard.graph.get_current_count()
            if room <= 0:
                shard = self._new_shard()
                room = self.shard_size
            chunk = list(ids[start : start + room])
            shard.graph.add_items(  # building uses every core (GOVATLAS_THREADS caps it)
                vectors[start : start + room].astype(np.float32), chunk, num_threads=_threads()
            )
            # an id that comes back (a reused row id): adding it again to the shard that
            # held it updates its vector and ends its deletion (hnswlib)
            shard.deleted.difference_update(chunk)
            shard.ids.update(chunk)
            start += room

    def remove(self, ids: Collection[int]) -> None:
        gone = set(ids)
        for shard in self.shards:
            for ident in shard.ids & gone:
                shard.graph.mark_deleted(ident)
                shard.deleted.add(ident)
            shard.ids -= gone

    def nearest(
        self, query: np.ndarray, k: int, allowed: set[int] | None = None
    ) -> list[tuple[int, float]]:
        """The ``k`` provisions nearest ``query`` (cosine), among ``allowed`` when given."""
        found: list[tuple[int, float]] = []
        wanted = query.astype(np.float32).reshape(1, -1)
        accept = None if allowed is None else allowed.__contains__
        for shard in self.shards:
            count = min(k, len(shard.ids) if allowed is None else len(shard.ids & allowed))
            if count == 0:
                continue
            shard.graph.set_ef(max(self.ef, count))
            labels, distances = shard.graph.knn_query(wanted, k=count, num_threads=1, filter=accept)
            found.extend(
                (int(label), 1.0 - float(distance))
                for label, distance in zip(labels[0], distances[0], strict=True)
            )
        found.sort(key=lambda hit: -hit[1])
        return found[:k]

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        shards = []
        for number, shard in enumerate(self.shards):
            name = f"shard-{number}.bin"
            temporary = folder / f"{name}.{os.getpid()}.tmp"  # two servers may save at once
            shard.graph.save_index(str(temporary))
            temporary.replace(folder / name)
            shards.append(
                {"file": name, "ids": sorted(shard.ids), "deleted": sorted(shard.deleted)}
            )
        manifest = {
            "format": FORMAT,
            "model_id": self.model_id,
            "dimension": self.dimension,
            "shard_size": self.shard_size,
            "shards": shards,
        }
        temporary = folder / f"{MANIFEST}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps(manifest), encoding="utf-8")
        temporary.replace(folder / MANIFEST)  # the manifest last: a crash keeps the old one

    @classmethod
    def load(cls, folder: Path, model_id: str, dimension: int) -> ApproximateIndex | None:
        """The index saved in ``folder`` for this model, or None (none, another model,
        unreadable)."""
        import hnswlib

        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if (
            manifest.get("format") != FORMAT
            or manifest.get("model_id") != model_id
            or manifest.get("dimension") != dimension
        ):
            return None
        index = cls(model_id, dimension, int(manifest["shard_size"]))
        for entry in manifest["shards"]:
            graph = hnswlib.Index(space="ip", dim=dimension)
            try:
                graph.load_index(str(folder / entry["file"]), max_elements=index.shard_size)
            except RuntimeError:
                return None
            graph.set_ef(index.ef)
            index.shards.append(_Shard(graph, set(entry["ids"]), set(entry.get("deleted", []))))
        return index


def model_folder(folder: Path, model_id: str) -> Path:
    """The subfolder of ``folder`` for a model's index (its id made a safe file name)."""
    return folder / re.sub(r"[^A-Za-z0-9._-]+", "_", model_id)


def synced_index(
    folder: Path, model_id: str, ids: Sequence[int], vectors: np.ndarray
) -> tuple[ApproximateIndex, int, int]:
    """The index in ``folder`` brought up to date with (ids, vectors) and saved: how many
    provisions were added and removed. Builds it when there is none to read."""
    dimension = int(vectors.shape[1])
    index = ApproximateIndex.load(folder, model_id, dimension)
    if index is None:
        index = ApproximateIndex(model_id, dimension)
    held = index.ids()
    wanted = set(ids)
    gone = held - wanted
    new_rows = [row for row, ident in enumerate(ids) if ident not in held]
    if gone:
        index.remove(gone)
    if new_rows:
        index.add([ids[row] for row in new_rows], vectors[new_rows])
    if gone or new_rows:
        index.save(folder)
    return index, len(new_rows), len(gone)
