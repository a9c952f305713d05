"""Write the silver pass (and the second pass on its sample) into ``eval/silver/``.

Run by the maintainer once the silver batches are labelled:

    python scripts/gold/merge_silver.py --pass /tmp/silver/pass/batch-*.jsonl \
        --second /tmp/silver/second/pass.jsonl

Every passage of the manifest (``eval/silver/passages-1.jsonl``) must be labelled
exactly once, with a known kind and known labels (``labels`` empty unless the kind is
``operative`` or ``definition``); otherwise nothing is written. The passes are kept as
submitted (``id``, ``kind``, ``labels``; notes stay with the working files):
``labels.jsonl`` is the silver pass, ``passes/second.jsonl`` the second. Then run
``govatlas gold agreement`` and ``python -m benchmarks.silver_value``.

The draw left out near-copies of dev and test passages; the merge also leaves out of
both passes' files every silver passage whose wording is close to a **train** gold
passage (``sample_silver.near_gold``; the manifest stays as drawn, and a passage
without labels is not read). Out of fold, such a copy in another train
instrument would score a gold passage with a fit that has read it in all but name,
and the thresholds chosen on those scores would be optimistic.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from merge_round import _read
from sample_round4 import _gold_refs
from sample_silver import gold_texts, near_gold

KINDS = {"operative", "definition", "findings-purpose", "procedural-final", "toc-heading", "other"}
LABELLED = {"operative", "definition"}


def known_labels() -> set[str]:
    from govatlas.taxonomy import load_taxonomies

    every = load_taxonomies()
    names = ("fli-blocks", "fli-risks", "fli-benefits", "oecd", "un", "technology")
    found = {f"{t}:{c.id}" for t in names for c in every[t].concepts}
    return found - {"oecd:1", "oecd:2"}


def read_pass(paths: list[Path], allowed: set[str]) -> dict[str, dict[str, Any]]:
    """A pass as submitted (``merge_round._read``: each id once), checked as §5 asks."""
    found: dict[str, dict[str, Any]] = {}
    for ident, record in _read(paths).items():
        kind, labels = record["kind"], record["labels"]
        if kind not in KINDS:
            sys.exit(f"{ident}: unknown kind {kind!r}")
        if unknown := set(labels) - allowed:
            sys.exit(f"{ident}: unknown labels {sorted(unknown)}")
        if labels and kind not in LABELLED:
            sys.exit(f"{ident}: labels on a passage of kind {kind}")
        found[ident] = {"id": ident, "kind": kind, "labels": sorted(set(labels))}
    return found


def write(path: Path, records: dict[str, dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for ident in sorted(records):
            out.write(json.dumps(records[ident], ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--silver", type=Path, default=Path("eval/silver"))
    parser.add_argument("--gold", type=Path, default=Path("eval/gold"))
    parser.add_argument("--pass", dest="first", type=Path, nargs="+", required=True)
    parser.add_argument("--second", type=Path, nargs="*", default=[])
    args = parser.parse_args()
    refs = [
        json.loads(line)
        for line in (args.silver / "passages-1.jsonl").open(encoding="utf-8")
        if line.strip()
    ]
    manifest = {str(r["id"]) for r in refs}
    allowed = known_labels()
    first = read_pass(args.first, allowed)
    if missing := manifest - set(first):
        sys.exit(f"{len(missing)} manifest passages are not labelled, e.g. {sorted(missing)[:3]}")
    if extra := set(first) - manifest:
        sys.exit(f"{len(extra)} labelled passages are not in the manifest: {sorted(extra)[:3]}")
    second = read_pass(args.second, allowed) if args.second else {}
    if extra := set(second) - manifest:
        sys.exit(f"the second pass labels passages outside the manifest: {sorted(extra)[:3]}")
    mirror = Path(os.environ.get("GOVATLAS_MIRROR", "../shared/corpus"))
    texts = gold_texts(mirror, refs)
    close = near_gold(
        [Text(t) for t in texts],
        gold_texts(mirror, [r for r in _gold_refs(args.gold) if r["split"] == "train"]),
    )
    dropped = {str(refs[i]["id"]) for i in close}
    first = {k: v for k, v in first.items() if k not in dropped}
    second = {k: v for k, v in second.items() if k not in dropped}
    write(args.silver / "labels.jsonl", first)
    if second:
        write(args.silver / "passes" / "second.jsonl", second)
    print(
        f"{len(first)} silver passages ({sum(bool(r['labels']) for r in first.values())} "
        f"labelled; {len(dropped)} dropped as near-copies of train gold passages), second "
        f"pass on {len(second)} -> {args.silver}",
        file=sys.stderr,
    )


class Text:
    """A passage's text, as ``near_gold`` reads candidates."""

    def __init__(self, text: str) -> None:
        self.text = text


if __name__ == "__main__":
    main()
