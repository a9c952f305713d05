"""Do two definitions agree? The MiniLM rule's verdicts against people's.

The definitions table (white paper, ``govatlas definitions``, compare) says whether two
instruments' definitions of a key term agree or differ (in part or in whole), or cannot
be compared from their words (``analytics.definition_verdicts``). This benchmark
measures those verdicts against pairs two annotators judged independently from
``docs/guidelines/definition-pairs.md`` (same, partly, different, cannot tell), a third
reader deciding where they differed (``eval/gold/definition-pairs/``):

- for each verdict the rule gives, how often people's verdict makes it right
  (``agree``: same; ``differ``: partly or different; ``not comparable``: cannot tell),
  with 95% Jeffreys intervals, and how many of those pairs people could not judge from
  the texts (a verdict the texts shown cannot support counts as wrong);
- how often the extracted wording is the whole definition;
- the two passes' agreement (Cohen's kappa on the verdict).

The rule's verdicts are recomputed from the store (``GOVATLAS_DB`` or ``--database``),
so a changed rule is measured as it stands. ``--agree`` tries another threshold; a
threshold is chosen on the ``dev`` half only, and ``test`` measures it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from govatlas.agreement import cohen_kappa
from govatlas.analytics.definition_pointers import RESOLVE_POINTERS
from govatlas.analytics.definition_verdicts import (
    AGREE,
    AGREE_VERDICT,
    DIFFER_VERDICT,
    NOT_COMPARABLE,
    verdict,
)
from govatlas.analytics.definitions import Definition, compare_definitions, extract_definitions
from govatlas.jsonl import read_jsonl
from govatlas.proportions import jeffreys_interval

GOLD = Path(__file__).resolve().parent.parent / "eval" / "gold" / "definition-pairs"
RESULTS = Path(__file__).resolve().parent / "results" / "definition-pairs.json"
# pairs judged again, each folder named after the reading that made it needed: "pointers"
# (definitions that point to a stored text, read as that text's: shown it, people judge
# what the old view said "cannot tell" of)
REJUDGED = GOLD / "rejudged"
REPORT = Path(__file__).resolve().parent.parent / "eval" / "reports" / "definition-pairs.md"
# the rule's verdict -> people's verdicts that make it right
PEOPLE_OF = {
    AGREE_VERDICT: ("same",),
    DIFFER_VERDICT: ("partly", "different"),
    NOT_COMPARABLE: ("cannot-tell",),
}
CANNOT_TELL = "cannot-tell"
# Rounds drawn as test and later used to change the rule: development data since. Round 3
# measured the first reading of known statutes (differ 14 of 20 where people saw the same
# statute cited two ways), and the reading by the statutes cited was set on it.
# Round 6 measured definitions read to their end, then served to compare definitions in
# words with the statute a pointer cites (STATUTE_DEFINITIONS).
# Round 9 measured a rule set on round 8 (a wording giving section 5002's steps only as
# examples differs from section 5002's): people judged all 11 pairs it turned the same, and
# the rule was reverted; round 9 chose that, so it is development data too. Round 15
# measured the readings of commit d75d1fb once (differ 20 of 20, agree 16 of 20); two
# rules were then set on its misses (lists whose items differ; "by human means" is not
# cut off), so it is development data from then on and round 16 measures them.
DEVELOPMENT_ROUNDS = ("round-3", "round-6", "round-9", "round-15")
NOT_FOUND = "not found"  # the rule no longer reads one of the two definitions


@dataclass(frozen=True)
class Judged:
    """One pair: the rule's similarity and verdict, people's verdict."""

    id: str
    half: str
    stratum: str
    similarity: float | None
    machine: str
    people: str


@dataclass(frozen=True)
class Compared:
    """The two wordings the rule reads today, and their similarity."""

    a: str
    b: str
    similarity: float
    restated: float | None = None


def machine_readings(
    session: Session, manifest: Sequence[Mapping[str, Any]], resolve: bool = RESOLVE_POINTERS
) -> dict[str, Compared | None]:
    """What the rule compares for each pair as the store reads it today (``None`` when it
    no longer reads one side's definition of the term); ``resolve``: pointers to stored
    texts read as those texts' definitions (``definition_pointers``)."""
    cache: dict[str, dict[str, Definition]] = {}

    def definition(side: Mapping[str, Any]) -> Definition | None:
        instrument = str(side["instrument"])
        if instrument not in cache:
            cache[instrument] = {
                d.term: d for d in extract_definitions(session, instrument, resolve=resolve)
            }
        return cache[instrument].get(str(side["term"]))

    sides = {str(pair["id"]): (definition(pair["a"]), definition(pair["b"])) for pair in manifest}
    wanted = {d for both in sides.values() if None not in both for d in both}
    # one comparison of them all, as reports make it (one embedding batch), then each
    # drawn pair looked up in it
    compared = {
        frozenset({(p.a.instrument, p.a.term), (p.b.instrument, p.b.term)}): p
        for p in compare_definitions(
            [d for d in wanted if d is not None], only_terms=sorted({d.term for d in wanted if d})
        )
    }
    found: dict[str, Compared | None] = {}
    for pair_id, (a, b) in sides.items():
        match = (
            compared.get(frozenset({(a.instrument, a.term), (b.instrument, b.term)}))
            if a and b
            else None
        )
        found[pair_id] = (
            Compared(match.a.wording, match.b.wording, match.similarity, match.restated)
            if match
            else None
        )
    return found


def judge(
    manifest: Sequence[Mapping[str, Any]],
    gold: Mapping[str, Mapping[str, Any]],
    readings: Mapping[str, Compared | None],
    agree: float = AGREE,
) -> list[Judged]:
    judged = []
    for pair in manifest:
        pair_id = str(pair["id"])
        if pair_id not in gold:
            continue
        read = readings.get(pair_id)
        judged.append(
            Judged(
                pair_id,
                str(pair["half"]),
                str(pair["stratum"]),
                read.similarity if read else None,
                NOT_FOUND
                if read is None
                else verdict(read.a, read.b, read.similarity, agree, read.restated),
                str(gold[pair_id]["verdict"]),
            )
        )
    return judged


def proportion(right: int, total: int) -> dict[str, Any]:
    interval = jeffreys_interval(right, total) if total else None
    return {
        "right": right,
        "of": total,
        "share": round(right / total, 3) if total else None,
        "interval": [round(x, 3) for x in interval] if interval else None,
    }


def scores(judged: Sequence[Judged]) -> dict[str, Any]:
    """Per verdict of the rule: how often people's verdict makes it right; per verdict of
    people: how often the rule gave it."""
    by_machine: dict[str, Any] = {}
    for machine, wanted in PEOPLE_OF.items():
        shown = [j for j in judged if j.machine == machine]
        by_machine[machine] = {
            **proportion(sum(1 for j in shown if j.people in wanted), len(shown)),
            "cannot_tell": sum(1 for j in shown if j.people == CANNOT_TELL),
        }
    by_people: dict[str, Any] = {}
    for machine, wanted in PEOPLE_OF.items():
        held = [j for j in judged if j.people in wanted]
        by_people["/".join(wanted)] = proportion(
            sum(1 for j in held if j.machine == machine), len(held)
        )
    verdicts = [j for j in judged if j.machine in (AGREE_VERDICT, DIFFER_VERDICT)]
    return {
        "pairs": len(judged),
        "exact": proportion(
            sum(1 for j in judged if j.people in PEOPLE_OF.get(j.machine, ())), len(judged)
        ),
        # what a reader is told: the pairs given a verdict, right or not
        "verdicts": proportion(
            sum(1 for j in verdicts if j.people in PEOPLE_OF[j.machine]), len(verdicts)
        ),
        "by_rule_verdict": by_machine,
        "by_people_verdict": by_people,
        "confusion": {
            machine: dict(Counter(j.people for j in judged if j.machine == machine))
            for machine in (*PEOPLE_OF, NOT_FOUND)
        },
        "not_found": sum(1 for j in judged if j.machine == NOT_FOUND),
    }


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def agreement(folders: Sequence[Path]) -> dict[str, Any]:
    gold = {r["id"]: r for f in folders for r in read_jsonl(f / "gold.jsonl")}
    passes = {
        name: {r["id"]: r for f in folders for r in read_jsonl(f / "passes" / f"{name}.jsonl")}
        for name in ("A", "B")
    }
    ids = sorted(gold)
    verdicts = {n: [str(p[i]["verdict"]) for i in ids] for n, p in passes.items()}
    truth = [str(gold[i]["verdict"]) for i in ids]
    sides = [gold[i][k] for i in ids for k in ("extract_complete_first", "extract_complete_second")]
    return {
        "pairs": len(ids),
        "kappa_a_b": rounded(cohen_kappa(verdicts["A"], verdicts["B"])),
        "verdicts_equal_a_b": sum(1 for x, y in zip(*verdicts.values(), strict=True) if x == y),
        "kappa_a_gold": rounded(cohen_kappa(verdicts["A"], truth)),
        "kappa_b_gold": rounded(cohen_kappa(verdicts["B"], truth)),
        "adjudicated": sum(1 for i in ids if gold[i].get("by") == "adjudicated"),
        "people": dict(Counter(truth)),
        "extracts_complete": proportion(sum(1 for s in sides if s), len(sides)),
    }


def rejudged_folders() -> list[Path]:
    """The folders of pairs people judged again after the store came to read a side
    otherwise (``rejudged/<why>``): their gold stands in for the rounds' when the store
    is read that way (``scripts/gold/rejudge_definition_pairs.py``)."""
    return sorted(f for f in REJUDGED.glob("*") if (f / "gold.jsonl").exists())


def gold_judgements(
    folders: Sequence[Path], resolve: bool = RESOLVE_POINTERS
) -> dict[str, dict[str, Any]]:
    """People's judgement of each pair of these rounds, by id; where the store reads
    pointers to stored texts as those texts' (``resolve``), the judgement made with the
    text shown stands in for the first (``rejudged_folders``)."""
    gold = {r["id"]: r for f in folders for r in read_jsonl(f / "gold.jsonl")}
    again = rejudged_folders() if resolve else []
    gold.update({r["id"]: r for f in again for r in read_jsonl(f / "gold.jsonl")})
    return gold


def rounds() -> list[Path]:
    """The folders of the rounds whose gold is merged: round 1, then ``round-N``."""
    found = [GOLD, *sorted(GOLD.glob("round-*"), key=lambda p: int(p.name.split("-")[1]))]
    return [f for f in found if (f / "gold.jsonl").exists()]


def manifest_of(folders: Sequence[Path]) -> list[dict[str, Any]]:
    """Every drawn pair, a round that a later change was made on counted as dev."""
    return [
        {**m, "half": "dev"} if f.name in DEVELOPMENT_ROUNDS else m
        for f in folders
        for m in read_jsonl(f / "pairs.jsonl")
    ]


def measure(session: Session, agree: float, resolve: bool = RESOLVE_POINTERS) -> dict[str, Any]:
    folders = rounds()
    manifest = manifest_of(folders)
    gold = gold_judgements(folders, resolve)
    again = rejudged_folders() if resolve else []
    judged = judge(manifest, gold, machine_readings(session, manifest, resolve), agree)
    return {
        "rule": {"agree": agree, "pointers_resolved": resolve},
        "rejudged": {f.name: agreement([f]) for f in again},
        "all": scores(judged),
        "dev": scores([j for j in judged if j.half == "dev"]),
        "test": scores([j for j in judged if j.half == "test"]),
        "paper": scores([j for j in judged if j.stratum == "paper"]),
        "by_stratum": {
            s: scores([j for j in judged if j.stratum == s])["exact"]
            for s in sorted({j.stratum for j in judged})
        },
        "agreement": agreement(folders),
        "pairs": [
            {
                "id": j.id,
                "half": j.half,
                "stratum": j.stratum,
                "similarity": j.similarity,
                "rule": j.machine,
                "people": j.people,
            }
            for j in judged
        ],
    }


def _share(p: Mapping[str, Any]) -> str:
    if not p["of"]:
        return "–"
    low, high = p["interval"]
    return f"{p['right']} of {p['of']} ({p['share']:.2f}, {low:.2f}–{high:.2f})"


def markdown(result: Mapping[str, Any]) -> str:
    a = result["agreement"]
    rule = result["rule"]
    lines = [
        "# Definition verdicts against people's",
        "",
        f"`python -m benchmarks.definition_pairs` (rule: agree at cosine ≥ {rule['agree']}, "
        "else differ; definitions pointing to known statutes by the statutes cited; not "
        "comparable when cut off or pointing elsewhere"
        + (
            ", except to a stored text, read as that text's definition). "
            if rule.get("pointers_resolved")
            else "). "
        )
        + f"{a['pairs']} pairs of key-term definitions drawn from the store "
        "(`scripts/gold/sample_definition_pairs.py`), judged by two annotators from "
        "`docs/guidelines/definition-pairs.md` without seeing the rule's "
        f"verdict or each other, {a['adjudicated']} decided by a third reader. Kappa between "
        f"the passes {a['kappa_a_b']} ({a['verdicts_equal_a_b']} of {a['pairs']} verdicts "
        f"equal); each pass against the gold {a['kappa_a_gold']} and {a['kappa_b_gold']}. "
        f"People: {', '.join(f'{k} {v}' for k, v in sorted(a['people'].items()))}. The "
        f"extracted wording is the whole definition in {_share(a['extracts_complete'])} "
        "sides."
        + "".join(
            f" {r['pairs']} pairs judged again ({name}: shown as the store now reads them; "
            f"kappa between the passes {r['kappa_a_b']}, {r['adjudicated']} decided by a "
            "third reader) stand in for their first judgement."
            for name, r in result.get("rejudged", {}).items()
        ),
        "",
        "| pairs | rule says | people say the same | of those, people cannot tell |",
        "|---|---|---|---|",
    ]
    for part in ("all", "dev", "test", "paper"):
        for said, figures in result[part]["by_rule_verdict"].items():
            lines.append(f"| {part} | {said} | {_share(figures)} | {figures['cannot_tell']} |")
    lines += [
        "",
        "| pairs | every pair (not comparable right when people cannot tell) | "
        "pairs given a verdict |",
        "|---|---|---|",
    ]
    for part in ("all", "dev", "test", "paper"):
        s = result[part]
        lines.append(f"| {part} | {_share(s['exact'])} | {_share(s['verdicts'])} |")
    lines += ["", "Confusion (all pairs; rows: the rule, columns: people):", ""]
    people = ("same", "partly", "different", CANNOT_TELL)
    lines += ["| rule | " + " | ".join(people) + " |", "|---|" + "---|" * len(people)]
    for machine, row in result["all"]["confusion"].items():
        if row:
            lines.append(f"| {machine} | " + " | ".join(str(row.get(p, 0)) for p in people) + " |")
    lines += ["", "By stratum (exact verdict):", ""]
    lines += [f"- {s}: {_share(p)}" for s, p in result["by_stratum"].items()]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLAlchemy URL (default: GOVATLAS_DB)")
    parser.add_argument("--agree", type=float, default=AGREE)
    parser.add_argument(
        "--pointers",
        action=argparse.BooleanOptionalAction,
        default=RESOLVE_POINTERS,
        help="read definitions that point to a stored text as that text's (default: as shipped)",
    )
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.name} and the report")
    args = parser.parse_args(argv)
    from govatlas.commands.common import open_engine
    from govatlas.store.session import transaction

    if args.database:
        import os

        os.environ["GOVATLAS_DB"] = args.database
    with transaction(open_engine()) as session:
        result = measure(session, args.agree, args.pointers)
    text = markdown(result)
    if args.write:
        RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        REPORT.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
