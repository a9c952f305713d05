"""Citation keys: every figure, table and number in a report says what it rests on.

A key (``C1``, ``C2``... in order of first use) resolves to the instruments and
provision ids behind the claim and to the dataset release (tag and content
hash) the report was made from. The same claim asked twice gets the same key.
Reports write the whole register to ``citations.json`` beside the HTML, so a
reader (or a test) can resolve every key by machine.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from govatlas.errors import NotFoundError
from govatlas.i18n import N_

# How the citations annex says who labelled a provision cited as evidence.
PEOPLE_EVIDENCE = N_("people")
MACHINE_EVIDENCE = N_("machine, unreviewed")


@dataclass(frozen=True)
class ReleaseRef:
    id: str
    tag: str
    content_hash: str


@dataclass
class Citation:
    key: str
    claim: str
    instruments: list[str]
    provisions: list[int]
    sources: list[str] = field(default_factory=list)  # URLs of facts not held as text
    # When the provisions are the evidence of labels: those only a machine labelled (no
    # person gave or accepted the label); None when the provisions are no label evidence.
    machine: list[int] | None = None

    def labelled_by(self, provision: int) -> str:
        """ "people" or "machine, unreviewed" for label evidence; "" otherwise."""
        if self.machine is None:
            return ""
        return MACHINE_EVIDENCE if provision in self.machine else PEOPLE_EVIDENCE

    def as_dict(self, release: ReleaseRef) -> dict[str, Any]:
        found: dict[str, Any] = {
            "key": self.key,
            "claim": self.claim,
            "instruments": self.instruments,
            "provisions": self.provisions,
            "release": release.id,
            "release_tag": release.tag,
            "release_hash": release.content_hash,
        }
        if self.sources:
            found["sources"] = self.sources
        if self.machine is not None:
            found["machine_labelled_provisions"] = self.machine
        return found


@dataclass
class Citations:
    release: ReleaseRef
    entries: dict[str, Citation] = field(default_factory=dict)
    _by_claim: dict[str, str] = field(default_factory=dict)

    def cite(
        self,
        claim: str,
        instruments: Iterable[str] = (),
        provisions: Iterable[int] = (),
        sources: Iterable[str] = (),
        machine: Iterable[int] | None = None,
    ) -> str:
        """The key for ``claim`` (registered on first use); ``sources`` are the URLs of
        facts the store holds as data, not text (who adhered to what). When the provisions
        are label evidence, ``machine`` names those only a machine labelled."""
        if claim in self._by_claim:
            return self._by_claim[claim]
        key = f"C{len(self.entries) + 1}"
        cited = sorted(set(provisions))
        self.entries[key] = Citation(
            key,
            claim,
            sorted(set(instruments)),
            cited,
            sorted(set(sources)),
            None if machine is None else sorted(set(machine) & set(cited)),
        )
        self._by_claim[claim] = key
        return key

    def resolve(self, key: str) -> Citation:
        if key not in self.entries:
            raise NotFoundError(f"no citation {key!r} in this report")
        return self.entries[key]

    def as_json(self) -> dict[str, Any]:
        return {
            "release": {
                "id": self.release.id,
                "tag": self.release.tag,
                "content_hash": self.release.content_hash,
            },
            "citations": [c.as_dict(self.release) for c in self.entries.values()],
        }
