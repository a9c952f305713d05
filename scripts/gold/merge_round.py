"""Add a new annotation round to the gold: its manifest, both passes and the gold labels.

Run by the maintainer once a round's two passes and its adjudication are complete:

    python scripts/gold/merge_round.py --manifest /tmp/round4/passages-4.jsonl \
        --a A1.jsonl A2.jsonl --b B1.jsonl B2.jsonl --adjudicated ADJ1.jsonl ADJ2.jsonl

A passage's gold is the adjudicator's decision where there is one, else the labels both
passes agree on (a passage the passes disagree on and nobody adjudicated stops the
merge). The passes are appended as they were submitted (``id``, ``kind``, ``labels``);
notes and the adjudicators' decisions stay with the round's working files. Nothing
already in the gold is changed: an id that exists there stops the merge before any
file is written. Then run ``govatlas gold agreement`` and ``govatlas gold train``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any


def _read(paths: list[Path]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in paths:
        for n, line in enumerate(path.open(encoding="utf-8"), 1):
            if not line.strip():
                continue
            record = json.loads(line)
            if record["id"] in found:
                sys.exit(f"{path}:{n}: {record['id']} appears twice")
            found[record["id"]] = record
    return found


def _pass(record: dict[str, Any]) -> dict[str, Any]:
    return {"id": record["id"], "kind": record["kind"], "labels": sorted(record["labels"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=Path("eval/gold"))
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--a", type=Path, nargs="+", required=True, help="pass A's files")
    parser.add_argument("--b", type=Path, nargs="+", required=True, help="pass B's files")
    parser.add_argument("--adjudicated", type=Path, nargs="*", default=[])
    args = parser.parse_args()
    manifest = [json.loads(line) for line in args.manifest.open(encoding="utf-8") if line.strip()]
    ids = [r["id"] for r in manifest]
    a, b, adjudicated = _read(args.a), _read(args.b), _read(args.adjudicated)
    existing = {json.loads(line)["id"] for line in (args.gold / "labels.jsonl").open() if line}
    clash = sorted(set(ids) & existing)
    if clash:
        sys.exit(f"{len(clash)} id(s) already in the gold, e.g. {clash[:3]}: nothing written")
    for name, found in (("pass A", a), ("pass B", b)):
        if set(found) != set(ids):
            sys.exit(f"{name} does not cover the manifest exactly: nothing written")
    if not set(adjudicated) <= set(ids):
        sys.exit("the adjudication names passages outside the manifest: nothing written")
    gold = []
    for ident in ids:
        if ident in adjudicated:
            gold.append(_pass(adjudicated[ident]))
        elif _pass(a[ident]) == _pass(b[ident]):
            gold.append(_pass(a[ident]))
        else:
            sys.exit(f"{ident}: the passes differ and nobody adjudicated it: nothing written")
    target = args.gold / args.manifest.name
    if target.exists():
        sys.exit(f"{target} exists: nothing written")
    shutil.copyfile(args.manifest, target)
    for path, records in (
        (args.gold / "passes" / "A.jsonl", [_pass(a[i]) for i in ids]),
        (args.gold / "passes" / "B.jsonl", [_pass(b[i]) for i in ids]),
        (args.gold / "labels.jsonl", gold),
    ):
        with path.open("a", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(ids)} passages added ({len(adjudicated)} adjudicated) from {args.manifest}")


if __name__ == "__main__":
    main()
