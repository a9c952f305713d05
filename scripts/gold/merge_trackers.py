"""Merge the trackers' annotation passes and adjudications into the gold, round by round.

    python scripts/gold/merge_trackers.py

Each round has a manifest, two independent passes of ``docs/guidelines/trackers.md``
(``passes/<prefix>batch*-{a,b}.jsonl``) and the adjudicator's list for each passage and
tracker on which the passes' scored fields differ (``adjudication/<decisions>``). This
writes ``gold.jsonl`` (per passage, every tracker's list: the agreed one, pass a's
wording, or the adjudicated one; and the passage's split) and ``agreement.json`` /
``agreement.md`` (pass a against pass b per round, scored as the rules are:
``govatlas.trackers.quality``).

Round 1 was scored once as the test split, then read to improve the rules: it is
``dev`` now. Round 2, drawn from other instruments after the rules were frozen, is the
test split.
"""

from __future__ import annotations

import json
from pathlib import Path

from govatlas.jsonl import read_jsonl
from govatlas.trackers.quality import FIELDS, GOLD_KEYS, _facts, by_id, score

FOLDER = Path("eval/gold/trackers")
# manifest, passes' prefix, decisions, split of the round's passages in the gold
ROUNDS = (
    ("passages.jsonl", "", "decisions.jsonl", "dev"),
    ("passages-2.jsonl", "round2-", "decisions-2.jsonl", "test"),
)


def read(path: Path) -> list[dict[str, object]]:
    if not path.is_file():
        return []
    return read_jsonl(path)


def main() -> None:
    gold: list[dict[str, object]] = []
    report: dict[str, object] = {}
    lines = ["# Trackers' gold: agreement of the two passes", ""]
    for number, (manifest_name, prefix, decisions_name, split) in enumerate(ROUNDS, 1):
        manifest = by_id(read(FOLDER / manifest_name))
        if not manifest:
            continue
        a: dict[str, dict[str, object]] = {}
        b: dict[str, dict[str, object]] = {}
        for name in sorted((FOLDER / "passes").glob(f"{prefix}batch*-a.jsonl")):
            a.update(by_id(read(name)))  # type: ignore[arg-type]
            b.update(by_id(read(name.with_name(name.name.replace("-a.", "-b.")))))  # type: ignore[arg-type]
        if set(a) != set(manifest) or set(b) != set(manifest):
            raise SystemExit(f"round {number}: the passes do not cover the manifest exactly")
        decisions = {
            (str(d["id"]), str(d["tracker"])): d["decision"]
            for d in read(FOLDER / "adjudication" / decisions_name)
        }
        disputed = 0
        for ident in sorted(manifest):
            record: dict[str, object] = {"id": ident, "split": split}
            for tracker, fields in FIELDS.items():
                key = GOLD_KEYS[tracker]
                differ = any(
                    reader(_facts(a[ident], tracker)) != reader(_facts(b[ident], tracker))
                    for reader in fields.values()
                )
                if differ:
                    disputed += 1
                    if (ident, key) not in decisions:
                        raise SystemExit(f"{ident} {key}: the passes differ, no decision recorded")
                    record[key] = decisions[(ident, key)]
                else:
                    record[key] = a[ident][key]
            gold.append(record)
        scores = [s.as_dict() for s in score(a, b)]
        report[f"round {number}"] = {
            "passages": len(manifest),
            "split": split,
            "disputed": disputed,
            "fields": scores,
        }
        lines += [
            f"## Round {number} ({manifest_name}; now the {split} split)",
            "",
            f"{len(manifest)} passages, two independent passes (pass a against pass b,",
            "scored as the rules are scored: `govatlas.trackers.quality`); "
            f"{disputed} passage-tracker pairs",
            f"differed and were adjudicated (`adjudication/{decisions_name}`).",
            "",
            "| tracker | field | both | a only | b only | F1 |",
            "|---|---|---|---|---|---|",
        ]
        for s in scores:
            lines.append(
                f"| {s['tracker']} | {s['field']} | {s['tp']} | {s['fp']} | {s['fn']} | {s['f1']} |"
            )
        lines.append("")
    (FOLDER / "gold.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in gold), encoding="utf-8"
    )
    (FOLDER / "agreement.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    (FOLDER / "agreement.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(gold)} passages; gold in {FOLDER / 'gold.jsonl'}")


if __name__ == "__main__":
    main()
