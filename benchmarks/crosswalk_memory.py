"""Does the memory of published links carry to a table it does not hold?

Run with ``python -m benchmarks.crosswalk_memory`` against a database where the
published crosswalks are imported (``make atlas`` does it; ``GOVATLAS_DB`` or
``--database``). Every published table with more than 11 pairs is ranked by the
shipped fusion without the memory (``crosswalk.link_memory``) and with it, the memory
holding:

- ``leave one table out``: every other table's links;
- ``new pair``: only the links of tables whose source framework differs from the
  scored table's (as for a framework never seen).

A table no memory holds is scored too: NIST AI 600-1's suggested actions against the
AI RMF subcategories, each action's gold being the subcategory NIST files it under
(its id, e.g. "GV-1.1-001:", and the subcategories' labels are removed from the
texts). No published table and no choice of weight read it.

Memory weights 0.5, 1 and 2 are scored, and the weight is also chosen the way a new
table would meet it: on the other tables by mean recall@10, then scored on the table.
``--write`` stores the memory of every table's links as the packaged
``crosswalk/data/link-memory.npz`` that ``govatlas crosswalk align`` reads.

Writes ``benchmarks/results/crosswalk-memory.json`` and
``eval/reports/crosswalk-memory.md``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from benchmarks.crosswalk import _passages
from govatlas.config import load_settings
from govatlas.crosswalk.align import VectorCache, e5_vectors, pair_features
from govatlas.crosswalk.evaluate import (
    GoldTable,
    gold_tables,
    ranking_scores,
    score_tables,
    table_memory,
)
from govatlas.crosswalk.known_tables import crosswalk_keys
from govatlas.crosswalk.link_memory import MEMORY_WEIGHT, PACKAGED, LinkMemory, save_memory
from govatlas.crosswalk.published import table_citation
from govatlas.crosswalk.scaling import Matrix
from govatlas.records import Passage
from govatlas.store.engine import make_engine

RESULTS = Path(__file__).parent / "results" / "crosswalk-memory.json"
REPORT = Path(__file__).parents[1] / "eval" / "reports" / "crosswalk-memory.md"
PACKAGE_FILE = Path(__file__).parents[1] / "src" / "govatlas" / "crosswalk" / "data" / PACKAGED
MIN_PAIRS = 12
_RMF_LABEL = re.compile(r"^(GOVERN|MAP|MEASURE|MANAGE) (\d+\.\d+):\s*")
_FILED_UNDER = re.compile(r":([a-z]+)\.(\d+)\.(\d+)\.")
_ACTION_ID = re.compile(r"^[A-Z]{2}-[\d.]+-\d+:\s*")
WEIGHTS = (0.5, 1.0, 2.0)
VARIANTS = ("leave one table out", "new pair")


def _excluded(tables: list[GoldTable], index: int, new_pair: bool) -> set[str]:
    own = tables[index].source_instruments
    return {
        t.key
        for j, t in enumerate(tables)
        if j == index or (new_pair and own and t.source_instruments & own)
    }


def _signal(
    memory: LinkMemory, table: GoldTable, excluded: set[str], cache: VectorCache
) -> Matrix | None:
    queries, _ = e5_vectors([p.text for p in table.sources], [p.text for p in table.targets], cache)
    return memory.without(excluded).signal(queries, [p.text for p in table.targets])


def _recall(scores: Matrix, table: GoldTable) -> float:
    return round(ranking_scores(scores, table.gold).recall[10], 3)


def filed_actions(session: Session, rmf: GoldTable) -> GoldTable | None:
    """AI 600-1's actions against the AI RMF subcategories they are filed under."""
    subcategories = {}
    for index, passage in enumerate(rmf.targets):
        label = _RMF_LABEL.match(passage.text)
        if label:
            subcategories[f"{label[1].lower()}.{label[2]}"] = index
    sources: list[Passage] = []
    gold: dict[int, set[int]] = {}
    for passage in _passages(session, "nist-ai-600-1", "action", 10_000):
        filed = _FILED_UNDER.search(passage.id)
        subcategory = f"{filed[1]}.{filed[2]}.{filed[3]}" if filed else ""
        if subcategory in subcategories:
            gold[len(sources)] = {subcategories[subcategory]}
            sources.append(Passage(passage.id, _ACTION_ID.sub("", passage.text)))
    if not sources:
        return None
    targets = [Passage(p.id, _RMF_LABEL.sub("", p.text)) for p in rmf.targets]
    return GoldTable("ai-600-1-actions-rmf", sources, targets, gold, evaluated=False)


def unseen(table: GoldTable, memory: LinkMemory) -> dict[str, Any]:
    """The filed actions ranked without and with the whole memory."""
    cache = VectorCache()
    features = pair_features(table.sources, table.targets, cache=cache, dense=False, memory=memory)
    base = features.fused()
    signal = features.features.get("memory")
    row: dict[str, Any] = {
        "table": table.key,
        "sources": len(table.sources),
        "targets": len(table.targets),
        "e5": ranking_scores(features.features["e5_csls"], table.gold).row(""),
        "without": ranking_scores(base, table.gold).row(""),
    }
    for w in WEIGHTS:
        scores = base if signal is None else base + w * signal
        row[str(w)] = ranking_scores(scores, table.gold).row("")
    return row


def measure(tables: list[GoldTable]) -> tuple[dict[str, Any], LinkMemory]:
    cache = VectorCache()
    started = time.perf_counter()
    scored = score_tables(tables, cache=cache, progress=lambda m: print(m, file=sys.stderr))
    memory = table_memory(tables, cache)
    rows = []
    for index, (table, features) in enumerate(zip(scored.tables, scored.features, strict=True)):
        if table.pairs < MIN_PAIRS:
            continue
        base = features.fused()
        row: dict[str, Any] = {
            "table": table.key,
            "sources": len(table.sources),
            "pairs": table.pairs,
            "without": _recall(base, table),
            "e5": _recall(features.features["e5_csls"], table),
        }
        for variant in VARIANTS:
            signal = _signal(memory, table, _excluded(tables, index, variant == "new pair"), cache)
            row[variant] = {
                "targets known": 0.0
                if signal is None
                else round(float(np.mean(np.std(signal, axis=0) > 0)), 3),
                **{
                    str(w): _recall(base if signal is None else base + w * signal, table)
                    for w in WEIGHTS
                },
            }
        rows.append(row)
    summary: dict[str, Any] = {}
    for variant in VARIANTS:
        per_weight = {w: np.array([r[variant][str(w)] for r in rows]) for w in WEIGHTS}
        chosen = []
        for k in range(len(rows)):
            rest = [j for j in range(len(rows)) if j != k]
            best = max(WEIGHTS, key=lambda w: (float(per_weight[w][rest].mean()), -w))
            chosen.append((best, float(per_weight[best][k])))
        shipped = per_weight[MEMORY_WEIGHT]
        e5 = np.array([r["e5"] for r in rows])
        without = np.array([r["without"] for r in rows])
        summary[variant] = {
            "mean without memory": round(float(without.mean()), 3),
            "mean e5 alone": round(float(e5.mean()), 3),
            **{f"mean at {w}": round(float(v.mean()), 3) for w, v in per_weight.items()},
            "weight chosen without the table": [w for w, _ in chosen],
            "mean at the chosen weight": round(float(np.mean([v for _, v in chosen])), 3),
            "gain over e5 at the shipped weight": round(float((shipped - e5).mean()), 3),
            "tables better than e5": int((shipped > e5).sum()),
            "worst gap to e5": round(float((shipped - e5).min()), 3),
            "worst change against without memory": round(float((shipped - without).min()), 3),
        }
    figures = {
        "shipped_weight": MEMORY_WEIGHT,
        "memory": {"passages": memory.passages, "links": len(memory.tables)},
        "tables": rows,
        "summary": summary,
        "seconds": round(time.perf_counter() - started, 1),
    }
    return figures, memory


def report(result: dict[str, Any]) -> str:
    lines = [
        "# The memory of published links, measured on tables it does not hold",
        "",
        "`python -m benchmarks.crosswalk_memory`: the shipped fusion (e5 after CSLS at 2, "
        "character n-grams at 0.7) without and with the memory signal "
        "(`crosswalk/link_memory.py`), recall@10 on every published table with more than "
        "11 pairs. *Leave one table out*: the memory holds every other table's links; "
        "*new pair*: only those of tables whose source framework differs. Memory of "
        f"{result['memory']['passages']} passages and {result['memory']['links']} links; "
        f"run time {result['seconds']} s.",
        "",
        "| table | sources | pairs | e5 alone | without memory | "
        + " | ".join(f"{v}: known targets, at {', '.join(map(str, WEIGHTS))}" for v in VARIANTS)
        + " |",
        "|---|---|---|---|---|" + "---|" * len(VARIANTS),
    ]
    for r in result["tables"]:
        cells = []
        for variant in VARIANTS:
            v = r[variant]
            cells.append(
                f"{v['targets known']:.0%}: " + " / ".join(f"{v[str(w)]:.3f}" for w in WEIGHTS)
            )
        lines.append(
            f"| {r['table']} | {r['sources']} | {r['pairs']} | {r['e5']:.3f} | "
            f"{r['without']:.3f} | " + " | ".join(cells) + " |"
        )
    lines += ["", "| memory holds | " + " | ".join(result["summary"][VARIANTS[0]]) + " |"]
    lines.append("|---|" + "---|" * len(result["summary"][VARIANTS[0]]))
    for variant in VARIANTS:
        values = result["summary"][variant].values()
        lines.append(f"| {variant} | " + " | ".join(str(v) for v in values) + " |")
    if "unseen" in result:
        u = result["unseen"]
        lines += [
            "",
            f"**A table no memory holds**: NIST AI 600-1's {u['sources']} suggested actions "
            f"against the {u['targets']} AI RMF subcategories (gold: the subcategory each "
            "action is filed under; ids and labels removed from the texts). The memory "
            "holds every published table; neither it nor any weight was chosen on this.",
            "",
            "| ranker | recall@1 | recall@5 | recall@10 | MRR |",
            "|---|---|---|---|---|",
        ]
        named = [("e5 alone", "e5"), ("shipped, without memory", "without")]
        named += [(f"with memory at {w}", str(w)) for w in WEIGHTS]
        for name, key in named:
            f = u[key]
            lines.append(
                f"| {name} | {f['recall@1']} | {f['recall@5']} | {f['recall@10']} | {f['mrr']} |"
            )
    return "\n".join(lines) + "\n"


def published_and_unseen(database: str) -> tuple[list[GoldTable], GoldTable | None]:
    """The imported published tables, and AI 600-1's filed actions (a table none holds)."""
    with Session(make_engine(database)) as session:
        tables = gold_tables(session, [table_citation(k) for k in crosswalk_keys()])
        rmf = next((t for t in tables if t.key == "cltc-rmf"), None)
        actions = filed_actions(session, rmf) if rmf is not None else None
    if not tables:
        raise SystemExit("no imported crosswalks in that database: run `make atlas` first")
    return tables, actions


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=None, help="SQLAlchemy URL (default GOVATLAS_DB)")
    parser.add_argument("--write", action="store_true", help=f"also write {PACKAGED}")
    args = parser.parse_args(argv)
    tables, actions = published_and_unseen(args.database or load_settings().db_url)
    result, memory = measure(tables)
    if actions is not None:
        result["unseen"] = unseen(actions, memory)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    REPORT.write_text(report(result), encoding="utf-8")
    print(report(result))
    if args.write:
        PACKAGE_FILE.parent.mkdir(parents=True, exist_ok=True)
        save_memory(memory, PACKAGE_FILE)
        print(f"wrote {PACKAGE_FILE}", file=sys.stderr)


if __name__ == "__main__":
    main()
