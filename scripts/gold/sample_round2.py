# ruff: noqa: E501
"""Second draw of gold passages, for the concepts the first draw found few positives of.

Same mechanism as the first draw's enrichment (passages whose wording suggests a
concept; annotators never see why a passage was drawn), with narrower patterns
for the concepts that had fewer than 30 positives in either pass. Passages
already drawn are left out; at most two per instrument and concept. The new
passages join the split their instrument is in (instruments new to the gold get
one by the same 60/20/20 rule).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import re
from collections import defaultdict
from pathlib import Path

SEED = 20261203
AI = r"(?:\bAI\b|artificial intelligence|machine learning|algorithm)"
PATTERNS: dict[str, str] = {
    "education": rf"{AI}.{{0,100}}\b(?:education|teaching|learning|schools?|students?|pupils?)\b|\b(?:education|schools?|students?|teachers?)\b.{{0,100}}{AI}",
    "health": rf"{AI}.{{0,100}}\b(?:health|medical|clinical|patients?|diagnos\w*|drug discovery|hospitals?)\b|\b(?:health|medical|clinical|patients?|diagnos\w*)\b.{{0,100}}{AI}",
    "scientific-progress": r"AI for science|scientific discover|accelerat\w* (?:scientific )?(?:research|science|discover)|research infrastructure|frontier research",
    "reduced-inequality-and-poverty": r"poverty|digital divide|underserved|marginali[sz]ed|financial inclusion|low-income|inclusive (?:growth|development)|vulnerable groups",
    "other-sdgs": r"climate|environment(?:al)?\b|agricultur|food security|sustainable development goals|\bSDGs?\b|biodiversity|disaster",
    "benefit-sharing": r"capacity.building|developing countr|global south|technology transfer|access to (?:compute|computing|data|AI)|least developed|digital divide",
    "red-lines": r"shall be prohibited|is prohibited|are prohibited|shall not (?:develop|deploy|use|place|put into service|provide|design)|prohibits? (?:the )?(?:use|development|deployment)|\bbann?(?:ed|s)?\b",
    "technical-cooperation": r"international (?:co-?operation|collaboration)|share (?:information|research|best practices|evaluation|findings)|joint (?:research|testing|evaluation)|safety institutes?|network of (?:AI|institutes)",
    "emergency-response": r"serious incident|critical (?:safety )?incident|incident report|report.{0,60}within \d+|shut ?down|kill switch|emergenc|recall",
    "labour-displacement": r"\bworkers?\b|workforce|\bjobs?\b|labou?r market|displace|reskill|upskill|unemploy",
    "loss-of-control": r"loss of (?:human )?control|self-replicat|autonomous replication|misalign|deceptive alignment|evade|circumvent|rogue|autonomous (?:AI|agents?|systems?) .{0,40}(?:control|oversight)",
    "power-concentration-and-inequality": r"monopol|market concentration|antitrust|competition (?:law|authority|policy)|anti-competitive|dominant position|concentration of (?:power|resources|market)",
    "social-instability": r"\belection|electoral|democratic (?:process|institution)|social (?:cohesion|stability|order)|polari[sz]|public order|unrest",
    "weapons-of-mass-destruction": r"\bchemical\b|\bbiological\b|radiological|\bnuclear\b|\bCBRN\b|bioweapon|pathogen|weapons? of mass destruction",
    "great-power-conflict": r"arms race|strategic (?:stability|competition)|escalat|geopolit|great.power|military competition|countries of concern|foreign adversar",
    "oecd:2.3": r"sandbox|interoperab|regulatory (?:experimentation|coherence|cooperation)|agile (?:governance|regulation)",
    "un:human-oversight": r"human oversight|human.in.the.loop|human review|human intervention|meaningful human (?:control|judgment)|override",
    "un:interoperability": r"interoperab|mutual recognition|harmoni[sz]|international standards|align\w* with international",
    "un:tcbm": r"confidence.building|transparency (?:and confidence )?measures|information exchange|point of contact|hotline|dialogue between (?:states|countries)|exchange of information",
    "un:trustworthiness": r"trustworth|trusted AI|public trust",
    "critical-infrastructure": r"critical infrastructure|power grid|electric(?:al|ity) grid|energy (?:sector|infrastructure)|water (?:supply|system)|telecommunications|financial system|transport(?:ation)? (?:network|system)",
    "open-weight-models": r"open.source|open.weight|model weights|publicly available (?:model )?weights|open models",
    "recommender-and-ranking-systems": r"recommend(?:er|ation) (?:system|algorithm|technolog)|algorithmic recommendation|\branking\b|content moderation|news feed|personali[sz]ed (?:content|recommend)|targeted advertis",
    "automated-decisions": r"automated decision|consequential decision|solely automated|profiling",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pool", type=Path, required=True, help="pickled candidates of the first draw"
    )
    parser.add_argument("--first", type=Path, required=True, help="the first draw's passages.jsonl")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--per-concept", type=int, default=30)
    args = parser.parse_args()
    pool = pickle.loads(args.pool.read_bytes())
    first = [json.loads(line) for line in args.first.open()]
    taken = {(r["path"], r["start"]) for r in first}
    split_of = {r["instrument"]: r["split"] for r in first}
    rng = random.Random(SEED)
    chosen: dict[tuple[str, int], tuple[object, str]] = {}
    for concept, pattern in PATTERNS.items():
        rx = re.compile(pattern, re.IGNORECASE | re.S)
        hits = [
            c
            for c in pool
            if (c.path, c.start) not in taken
            and (c.path, c.start) not in chosen
            and rx.search(c.text)
        ]
        rng.shuffle(hits)
        hits.sort(key=lambda c: c.jurisdiction == "USA")  # the world first, US federal last
        per_instrument: dict[str, int] = defaultdict(int)
        got = 0
        for c in hits:
            if got >= args.per_concept:
                break
            if per_instrument[c.instrument] >= 2:
                continue
            per_instrument[c.instrument] += 1
            chosen[(c.path, c.start)] = (c, f"enrich2:{concept}")
            got += 1
    # instruments new to the gold: 60/20/20 by passages
    counts: dict[str, int] = defaultdict(int)
    for c, _ in chosen.values():
        if c.instrument not in split_of:
            counts[c.instrument] += 1
    totals = {"train": 0.0, "dev": 0.0, "test": 0.0}
    targets = {"train": 0.6, "dev": 0.2, "test": 0.2}
    for inst in sorted(counts, key=lambda i: (-counts[i], i)):
        name = min(totals, key=lambda s: totals[s] / targets[s])
        split_of[inst] = name
        totals[name] += counts[inst]
    items = list(chosen.values())
    rng.shuffle(items)
    start = max(int(r["id"][1:]) for r in first) + 1
    with args.out.open("w", encoding="utf-8") as out:
        for n, (c, why) in enumerate(items, start):
            out.write(
                json.dumps(
                    {
                        "id": f"g{n:04d}",
                        "path": c.path,
                        "start": c.start,
                        "end": c.end,
                        "sha256": hashlib.sha256(c.text.encode()).hexdigest(),
                        "instrument": c.instrument,
                        "jurisdiction": c.jurisdiction,
                        "type": c.type,
                        "heading": c.heading[:300],
                        "split": split_of[c.instrument],
                        "drawn": why,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    print(f"{len(items)} passages drawn for {len(PATTERNS)} concepts")


if __name__ == "__main__":
    main()
