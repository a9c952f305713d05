"""How far the gold's two independent annotation passes agree, published with the gold.

Per concept: Cohen's kappa between pass A and pass B over every gold passage,
the positives of each pass, and the positives of the adjudicated gold; per
taxonomy: the macro-F1 of each pass against the adjudicated gold (how close a
careful single annotator comes to it). A kappa is "n/a" when neither pass marked
the concept anywhere.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

from govatlas.agreement import cohen_kappa


def _labels(path: Path) -> dict[str, frozenset[str]]:
    found: dict[str, frozenset[str]] = {}
    for line in path.open(encoding="utf-8"):
        if line.strip():
            record = json.loads(line)
            found[str(record["id"])] = frozenset(str(c) for c in record.get("labels", []))
    return found


def kappa(a: list[bool], b: list[bool]) -> float | None:
    """Cohen's kappa of two binary codings of the same items (None when undefined)."""
    return cohen_kappa(a, b)


def _f1(predicted: list[bool], gold: list[bool]) -> float | None:
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    total = sum(predicted) + sum(gold)
    return 2 * tp / total if total else None


def agreement_report(folder: Path) -> dict[str, Any]:
    a = _labels(folder / "passes" / "A.jsonl")
    b = _labels(folder / "passes" / "B.jsonl")
    gold = _labels(folder / "labels.jsonl")
    ids = sorted(set(a) & set(b) & set(gold))
    concepts = sorted({c for source in (a, b, gold) for labels in source.values() for c in labels})
    rows: dict[str, Any] = {}
    for concept in concepts:
        in_a = [concept in a[i] for i in ids]
        in_b = [concept in b[i] for i in ids]
        in_gold = [concept in gold[i] for i in ids]
        value = kappa(in_a, in_b)
        rows[concept] = {
            "kappa": None if value is None else round(value, 3),
            "positives_a": sum(in_a),
            "positives_b": sum(in_b),
            "positives_gold": sum(in_gold),
            "f1_a_vs_gold": _f1(in_a, in_gold),
            "f1_b_vs_gold": _f1(in_b, in_gold),
        }
    taxonomies: dict[str, Any] = {}
    for taxonomy in sorted({c.split(":", 1)[0] for c in concepts}):
        mine = [rows[c] for c in concepts if c.startswith(f"{taxonomy}:")]
        for side in ("a", "b"):
            scores = [r[f"f1_{side}_vs_gold"] for r in mine if r[f"f1_{side}_vs_gold"] is not None]
            taxonomies.setdefault(taxonomy, {})[f"macro_f1_{side}_vs_gold"] = (
                round(statistics.mean(scores), 3) if scores else None
            )
    kappas = [r["kappa"] for r in rows.values() if r["kappa"] is not None]
    return {
        "passages": len(ids),
        "median_kappa": statistics.median(kappas) if kappas else 0.0,
        "taxonomies": taxonomies,
        "concepts": rows,
    }


def write_agreement(report: dict[str, Any], folder: Path) -> list[Path]:
    json_path = folder / "agreement.json"
    json_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# Agreement between the two annotation passes",
        "",
        f"{report['passages']} passages, each labelled by two annotators working "
        "independently from the guidelines in `docs/guidelines/`, then adjudicated. "
        f"Median Cohen's kappa over concepts: {report['median_kappa']:.2f}.",
        "",
        "| taxonomy | macro-F1 of pass A vs gold | macro-F1 of pass B vs gold |",
        "|---|---|---|",
    ]
    for taxonomy, figures in report["taxonomies"].items():
        lines.append(
            f"| {taxonomy} | {figures['macro_f1_a_vs_gold']} | {figures['macro_f1_b_vs_gold']} |"
        )
    lines += _kappa_table(
        report,
        {
            "positives A": "positives_a",
            "positives B": "positives_b",
            "positives gold": "positives_gold",
        },
    )
    md_path = folder / "agreement.md"
    md_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [json_path, md_path]


def against_gold(
    found: dict[str, frozenset[str]], gold: dict[str, frozenset[str]]
) -> dict[str, Any]:
    """One pass on gold passages scored against the adjudicated gold: micro precision and
    recall over labels, and per taxonomy the macro-F1 over concepts either side marked."""
    ids = sorted(set(found) & set(gold))
    concepts = sorted({c for i in ids for c in found[i] | gold[i]})
    tp = sum(len(found[i] & gold[i]) for i in ids)
    marked, true = sum(len(found[i]) for i in ids), sum(len(gold[i]) for i in ids)
    by_taxonomy: dict[str, list[float]] = {}
    for concept in concepts:
        score = _f1([concept in found[i] for i in ids], [concept in gold[i] for i in ids])
        if score is not None:
            by_taxonomy.setdefault(concept.split(":", 1)[0], []).append(score)
    return {
        "passages": len(ids),
        "micro_precision": round(tp / marked, 3) if marked else None,
        "micro_recall": round(tp / true, 3) if true else None,
        "taxonomies": {t: round(statistics.mean(v), 3) for t, v in sorted(by_taxonomy.items())},
    }


def _kappa_table(report: dict[str, Any], columns: dict[str, str]) -> list[str]:
    """The per-concept table: kappa ("n/a" when undefined), then ``columns`` (heading ->
    key of the concept's row)."""
    lines = [
        "",
        "| concept | kappa | " + " | ".join(columns) + " |",
        "|---|---|" + "---|" * len(columns),
    ]
    for concept, row in report["concepts"].items():
        shown = "n/a" if row["kappa"] is None else f"{row['kappa']:.2f}"
        lines.append(
            f"| {concept} | {shown} | " + " | ".join(str(row[k]) for k in columns.values()) + " |"
        )
    return lines


def silver_agreement_report(folder: Path, gold_folder: Path | None = None) -> dict[str, Any]:
    """How far a second, independent pass on a random sample of the silver passages
    (``passes/second.jsonl``) agrees with the silver pass (``labels.jsonl``): kappa per
    concept over the sample, and per taxonomy the macro-F1 of one pass against the
    other (symmetric: which pass is "gold" does not change it). With ``gold_folder``
    and ``passes/gold-check.jsonl`` (a pass made as the silver was, on a random sample
    of the gold's passages), that pass against the adjudicated gold, too."""
    silver = _labels(folder / "labels.jsonl")
    second = _labels(folder / "passes" / "second.jsonl")
    ids = sorted(set(silver) & set(second))
    concepts = sorted({c for source in (silver, second) for i in ids for c in source[i]})
    rows: dict[str, Any] = {}
    for concept in concepts:
        in_silver = [concept in silver[i] for i in ids]
        in_second = [concept in second[i] for i in ids]
        value = kappa(in_silver, in_second)
        rows[concept] = {
            "kappa": None if value is None else round(value, 3),
            "positives_silver": sum(in_silver),
            "positives_second": sum(in_second),
            "f1": _f1(in_second, in_silver),
        }
    taxonomies: dict[str, Any] = {}
    for taxonomy in sorted({c.split(":", 1)[0] for c in concepts}):
        scores = [
            r["f1"] for c, r in rows.items() if c.startswith(f"{taxonomy}:") and r["f1"] is not None
        ]
        taxonomies[taxonomy] = {"macro_f1": round(statistics.mean(scores), 3) if scores else None}
    kappas = [r["kappa"] for r in rows.values() if r["kappa"] is not None]
    check = folder / "passes" / "gold-check.jsonl"
    return {
        "passages": len(ids),
        "silver_passages": len(silver),
        "median_kappa": statistics.median(kappas) if kappas else None,
        "taxonomies": taxonomies,
        "concepts": rows,
        **(
            {"against_gold": against_gold(_labels(check), _labels(gold_folder / "labels.jsonl"))}
            if gold_folder is not None and check.is_file()
            else {}
        ),
    }


def write_silver_agreement(report: dict[str, Any], folder: Path) -> list[Path]:
    json_path = folder / "agreement.json"
    json_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    median = report["median_kappa"]
    lines = [
        "# Agreement on the silver passages",
        "",
        f"The {report['silver_passages']} silver passages were labelled in one pass "
        "(training only; `docs/guidelines/procedure.md` §11). A second annotator labelled "
        f"a random {report['passages']} of them independently, from the same guidelines and "
        "context, without seeing the first pass or any model output. Median Cohen's kappa "
        f"over concepts: {'n/a' if median is None else f'{median:.2f}'}.",
        "",
        "| taxonomy | macro-F1 of one pass against the other |",
        "|---|---|",
        *(f"| {t} | {f['macro_f1']} |" for t, f in report["taxonomies"].items()),
    ]
    if checked := report.get("against_gold"):
        lines += [
            "",
            "How close a pass made this way comes to the adjudicated gold: the same brief, "
            f"on a random {checked['passages']} of the gold's train passages (without "
            "their ids, blind to the gold): micro precision "
            f"{checked['micro_precision']}, micro recall {checked['micro_recall']} over "
            "labels. Macro-F1 per taxonomy over the concepts either side marked (few "
            "positives each, so one passage moves it): "
            + ", ".join(f"{t} {v}" for t, v in checked["taxonomies"].items())
            + ". For comparison, each of the gold's own passes against the gold: macro-F1 "
            "0.92–0.97 per taxonomy (`eval/gold/agreement.md`).",
        ]
    lines += _kappa_table(
        report,
        {
            "positives, silver pass": "positives_silver",
            "positives, second pass": "positives_second",
        },
    )
    md_path = folder / "agreement.md"
    md_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [json_path, md_path]
