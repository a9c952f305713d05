"""Merge the trackers' two annotation passes and the adjudication into the gold.

    python scripts/gold/merge_trackers.py

Reads ``eval/gold/trackers/passes/batch*-{a,b}.jsonl`` (two independent passes of
``docs/guidelines/trackers.md``) and ``adjudication/decisions.jsonl`` (the adjudicator's
list for each passage and tracker on which the passes' scored fields differ), writes
``gold.jsonl`` (per passage, every tracker's list: the agreed one, pass a's wording,
or the adjudicated one) and ``agreement.json`` / ``agreement.md`` (pass a against pass
b, field by field, with the same scoring as the rules get: ``govatlas.trackers.quality``).
"""

from __future__ import annotations

import json
from pathlib import Path

from govatlas.trackers.quality import FIELDS, GOLD_KEYS, _facts, by_id, score

FOLDER = Path("eval/gold/trackers")


def read(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def main() -> None:
    a: dict[str, dict[str, object]] = {}
    b: dict[str, dict[str, object]] = {}
    for name in sorted((FOLDER / "passes").glob("batch*-a.jsonl")):
        a.update(by_id(read(name)))  # type: ignore[arg-type]
        b.update(by_id(read(name.with_name(name.name.replace("-a.", "-b.")))))  # type: ignore[arg-type]
    decisions = {
        (str(d["id"]), str(d["tracker"])): d["decision"]
        for d in read(FOLDER / "adjudication" / "decisions.jsonl")
    }
    manifest = by_id(read(FOLDER / "passages.jsonl"))
    if set(a) != set(manifest) or set(b) != set(manifest):
        raise SystemExit("the passes do not cover the manifest's passages exactly")
    gold = []
    disputed = 0
    for ident in sorted(manifest):
        record: dict[str, object] = {"id": ident, "split": manifest[ident]["split"]}
        for tracker, fields in FIELDS.items():
            key = GOLD_KEYS[tracker]
            differ = any(
                read_field(_facts(a[ident], tracker)) != read_field(_facts(b[ident], tracker))
                for read_field in fields.values()
            )
            if differ:
                disputed += 1
                if (ident, key) not in decisions:
                    raise SystemExit(
                        f"{ident} {key}: the passes differ and no decision is recorded"
                    )
                record[key] = decisions[(ident, key)]
            else:
                record[key] = a[ident][key]
        gold.append(record)
    (FOLDER / "gold.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in gold), encoding="utf-8"
    )
    scores = [s.as_dict() for s in score(a, b)]
    (FOLDER / "agreement.json").write_text(
        json.dumps({"passages": len(gold), "disputed": disputed, "fields": scores}, indent=1)
        + "\n",
        encoding="utf-8",
    )
    lines = [
        "# Trackers' gold: agreement of the two passes",
        "",
        f"{len(gold)} passages, two independent passes (pass a against pass b, scored as the",
        f"rules are scored: `govatlas.trackers.quality`); {disputed} passage-tracker pairs",
        "differed and were adjudicated (`adjudication/decisions.jsonl`).",
        "",
        "| tracker | field | both | a only | b only | F1 |",
        "|---|---|---|---|---|---|",
    ]
    for s in scores:
        lines.append(
            f"| {s['tracker']} | {s['field']} | {s['tp']} | {s['fp']} | {s['fn']} | {s['f1']} |"
        )
    (FOLDER / "agreement.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(gold)} passages, {disputed} adjudicated; gold in {FOLDER / 'gold.jsonl'}")


if __name__ == "__main__":
    main()
