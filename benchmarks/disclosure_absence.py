"""How well does the readiness view tell a disclosure of absence from evidence?

``python -m benchmarks.disclosure_absence`` scores ``industry.disclosure_absence``
(the rule that reads an FMTI justification as saying the practice is absent) against
the hand-labelled gold in ``eval/gold/disclosure-absence/gold.jsonl``: 280 justifications
of indicators FMTI scored 1, each labelled by two annotators working independently from
``docs/guidelines/disclosure-absence.md`` and adjudicated. The gold holds keys
(organisation, indicator) and labels only; the justifications are read from a database
where the FMTI data are imported (``make atlas`` does it; ``GOVATLAS_DB`` or
``--database``).

The sample is stratified: every scored justification with a negation word ("no",
"not", "never", "without", …: 154 of 1,277) and a random 126 of the other 1,123.
Precision and recall are given on the sample as drawn and weighted back to the
population (each item counts for the share of its stratum it stands for), with 95%
bootstrap intervals that resample within strata. The rule was written on the
development third (``split: dev``); the test third is reported, never tuned on.

Writes ``benchmarks/results/disclosure-absence.json`` and
``eval/reports/disclosure-absence.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.agreement import cohen_kappa
from govatlas.config import load_settings
from govatlas.industry.disclosure_absence import states_absence
from govatlas.jsonl import read_jsonl
from govatlas.store.engine import make_engine
from govatlas.store.models import Assessment
from govatlas.store.session import transaction
from govatlas.vocabulary import AssessmentMethod

ROOT = Path(__file__).parents[1]
GOLD = ROOT / "eval" / "gold" / "disclosure-absence" / "gold.jsonl"
RESULTS = Path(__file__).parent / "results" / "disclosure-absence.json"
REPORT = ROOT / "eval" / "reports" / "disclosure-absence.md"
POPULATION = {"cue": 154, "plain": 1123}  # scored-1 justifications per stratum
RESAMPLES = 2000


def read_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    return read_jsonl(path)


def justifications(session: Session) -> dict[tuple[str, str], str | None]:
    """(organisation, indicator) -> the justification people gave with the score."""
    rows = session.execute(
        select(Assessment.organisation_id, Assessment.indicator_id, Assessment.justification).where(
            Assessment.method == AssessmentMethod.HUMAN
        )
    ).all()
    return {(o, i): j for o, i, j in rows}


def kappa(a: Sequence[bool], b: Sequence[bool]) -> float:
    value = cohen_kappa(a, b)
    if value is None:
        raise ValueError("kappa is undefined: both passes give every item the same answer")
    return value


def _weighted(pred: np.ndarray, gold: np.ndarray, weight: np.ndarray) -> tuple[float, float]:
    tp = float((weight * (pred & gold)).sum())
    predicted, actual = float((weight * pred).sum()), float((weight * gold).sum())
    return (tp / predicted if predicted else 0.0), (tp / actual if actual else 0.0)


def scores(items: Sequence[Mapping[str, Any]], seed: int = 0) -> dict[str, Any]:
    """Counts, raw and population-weighted precision and recall, with intervals."""
    pred = np.array([bool(i["predicted"]) for i in items])
    gold = np.array([bool(i["absent"]) for i in items])
    strata = np.array([i["stratum"] for i in items])
    drawn = {s: int((strata == s).sum()) for s in POPULATION}
    weight = np.array([POPULATION[s] / drawn[s] for s in strata])
    tp, fp = int((pred & gold).sum()), int((pred & ~gold).sum())
    fn = int((~pred & gold).sum())
    precision, recall = _weighted(pred, gold, weight)
    rng = np.random.default_rng(seed)
    boot = []
    indices = {s: np.flatnonzero(strata == s) for s in POPULATION}
    for _ in range(RESAMPLES):
        pick = np.concatenate([rng.choice(ix, len(ix)) for ix in indices.values() if len(ix)])
        boot.append(_weighted(pred[pick], gold[pick], weight[pick]))
    low, high = np.percentile(np.array(boot), [2.5, 97.5], axis=0)
    return {
        "items": len(items),
        "absent": int(gold.sum()),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "sample_precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
        "sample_recall": round(tp / (tp + fn), 3) if tp + fn else 0.0,
        "precision": round(precision, 3),
        "precision_interval": [round(float(low[0]), 3), round(float(high[0]), 3)],
        "recall": round(recall, 3),
        "recall_interval": [round(float(low[1]), 3), round(float(high[1]), 3)],
    }


def measure(
    gold: Sequence[Mapping[str, Any]], texts: Mapping[tuple[str, str], str | None]
) -> dict[str, Any]:
    missing = [g for g in gold if (g["organisation"], g["indicator"]) not in texts]
    if missing:
        raise SystemExit(f"{len(missing)} gold items are not in the database; import FMTI first")
    items = [
        {**g, "predicted": states_absence(texts[(g["organisation"], g["indicator"])])} for g in gold
    ]
    a, b, adjudicated = ([bool(i[k]) for i in items] for k in ("pass_a", "pass_b", "absent"))
    return {
        "agreement": {
            "items": len(items),
            "kappa_between_passes": round(kappa(a, b), 3),
            "kappa_pass_a_gold": round(kappa(a, adjudicated), 3),
            "kappa_pass_b_gold": round(kappa(b, adjudicated), 3),
            "disagreements": sum(x != y for x, y in zip(a, b, strict=True)),
        },
        "dev": scores([i for i in items if i["split"] == "dev"]),
        "test": scores([i for i in items if i["split"] == "test"]),
    }


def _row(name: str, s: Mapping[str, Any]) -> str:
    p, r = s["precision_interval"], s["recall_interval"]
    return (
        f"| {name} | {s['items']} | {s['absent']} | {s['tp']} / {s['fp']} / {s['fn']} | "
        f"{s['sample_precision']:.2f} | {s['sample_recall']:.2f} | "
        f"{s['precision']:.2f} [{p[0]:.2f}–{p[1]:.2f}] | "
        f"{s['recall']:.2f} [{r[0]:.2f}–{r[1]:.2f}] |"
    )


def report(figures: Mapping[str, Any]) -> str:
    agreement = figures["agreement"]
    return "\n".join(
        [
            "# Does a disclosure say the practice is absent? The readiness rule, measured",
            "",
            "`python -m benchmarks.disclosure_absence`. Gold: "
            f"{agreement['items']} FMTI justifications of indicators scored 1, labelled by "
            "two annotators working independently from "
            "[the guideline](../../docs/guidelines/disclosure-absence.md), "
            f"{agreement['disagreements']} disagreements adjudicated. Cohen's kappa between "
            f"the passes {agreement['kappa_between_passes']:.2f}; pass A against the gold "
            f"{agreement['kappa_pass_a_gold']:.2f}, pass B {agreement['kappa_pass_b_gold']:.2f}.",
            "",
            "The sample holds every scored justification with a negation word (154) and a "
            "random 126 of the other 1,123; *weighted* figures count each item for the "
            "share of its stratum it stands for (95% bootstrap intervals within strata). "
            "The rule was written on the development third; the test third was scored "
            "once, afterwards.",
            "",
            "| split | items | absent | TP / FP / FN | sample precision | sample recall | "
            "weighted precision | weighted recall |",
            "|---|---|---|---|---|---|---|---|",
            _row("dev (written on)", figures["dev"]),
            _row("test", figures["test"]),
            "",
            "What the rule misses and mistakes on test, by kind: a company that *withholds* "
            'the figures ("Company acknowledges no disclosure", "no access to such data") '
            "is read as absent, while the guideline counts only a practice said not to "
            'exist; and negations inside longer sentences ("doesn\'t impose restrictions", '
            '"does not implement a researcher access program") are missed when no '
            "reporting verb introduces them.",
            "",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database", help="database URL (default: GOVATLAS_DB, as `govatlas` uses)"
    )
    args = parser.parse_args(argv)
    engine = make_engine(args.database or load_settings().db_url, create=False)
    with transaction(engine) as session:
        figures = measure(read_gold(), justifications(session))
    engine.dispose()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    REPORT.write_text(report(figures), encoding="utf-8")
    sys.stdout.write(REPORT.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
