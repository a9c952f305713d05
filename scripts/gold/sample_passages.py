# ruff: noqa: E501
"""Draw the passages of the project's own gold set from a built store.

Run once, by the maintainers, against a store built from the shared corpus:

    GOVATLAS_DB=sqlite:////tmp/atlas.db python scripts/gold/sample_passages.py \
        --mirror ../shared/corpus --out eval/gold/passages.jsonl

Each passage is a leaf provision of an instrument's text, located in a corpus
file so that the gold can reference it by path and character offsets (the
texts stay in the corpus; only references, metadata and our labels are kept).
Half the sample is drawn at random (capped per instrument, so that no
instrument dominates), half is enriched with passages whose wording suggests a
rare concept, so that every concept has positives where the corpus has them.
Annotators never see why a passage was drawn. Instruments are then split into
train, dev and test (60/20/20 of passages, by instrument).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

MIN_CHARS, MAX_CHARS = 80, 2000
SEED = 20261202

# Wording that suggests a concept; used only to choose passages, never to label them.
ENRICH: dict[str, str] = {
    "red-lines": r"\bprohibit|\bshall not (?:deploy|develop|use|place|put)|\bban(?:s|ned)?\b|unacceptable risk",
    "emergency-response": r"serious incident|incident report|report(?:ed)? (?:to|within)|within \d+ (?:hours|days)|shut ?down|recall|kill switch|emergenc",
    "technical-cooperation": r"international (?:co-?operation|collaboration|partner)|share (?:information|research|best practices)|joint (?:research|evaluation)|safety institute",
    "benefit-sharing": r"capacity[- ]building|developing countr|global south|access to (?:compute|computing|data)|underserved|digital divide|technology transfer",
    "compliance-mechanisms": r"civil penalty|fine[sd]? (?:of|not|up)|penalt|audit|inspect|conformity assessment|enforce|liabilit",
    "institutional-arrangements": r"establish(?:es|ed)? (?:an?|the) (?:office|council|board|committee|task force|commission|institute|agency)|AI Office|advisory (?:board|committee)",
    "safety-standards": r"risk management|red[- ]team|testing and evaluation|robustness|standards? (?:for|on)|technical documentation",
    "bias": r"discriminat|\bbias|algorithmic fairness|disparate",
    "manipulation-and-disinformation": r"deepfake|disinformation|misinformation|manipulat|deceptive|synthetic media|impersonat",
    "cybersecurity": r"cyber|adversarial attack|data poisoning|prompt injection|model weights? (?:theft|security)",
    "labour-displacement": r"displace|job loss|workforce transition|worker(?:s)? (?:affected|displaced)|automation of (?:jobs|work)|unemployment|reskill",
    "weapons-of-mass-destruction": r"chemical|biological|radiological|nuclear|CBRN|weapons? of mass destruction|pathogen|bioweapon",
    "great-power-conflict": r"adversar(?:y|ies)|arms race|escalat|strategic competition|foreign (?:adversary|country of concern)|geopolit",
    "power-concentration-and-inequality": r"concentration|monopol|antitrust|competition|market power|inequalit",
    "social-instability": r"election|democra|social cohesion|polari[sz]|public trust|civil unrest",
    "loss-of-control": r"loss of (?:human )?control|misalign|autonomous(?:ly)? (?:replicat|self)|self-replicat|evade (?:human )?oversight|rogue",
    "scientific-progress": r"scientific (?:research|discovery)|research and development|\bR&D\b|basic research",
    "industry-and-productivity": r"productiv|economic growth|competitiveness|innovation ecosystem|start-?ups|small and medium",
    "health": r"\bhealth|medic|hospital|patient|diagnos|clinical",
    "education": r"educat|school|student|curricul|teacher|training program",
    "governance": r"public services?|government (?:services|operations|efficiency)|agency use|digital government",
    "reduced-inequality-and-poverty": r"poverty|inclusion|inclusive|underserved|low-income|equit",
    "other-sdgs": r"sustainable development|climate|environment|agricultur|food security|energy efficien|water",
    "oecd": r"transparen|explainab|accountab|human rights|rule of law|well-being|interoperab|sandbox",
    "un": r"human oversight|human in the loop|confidence-building|information exchange|trustworth|accountab",
    "general-purpose-and-frontier-models": r"general[- ]purpose|foundation model|frontier|large language model|dual-use foundation|systemic risk|10\^?2[56]|floating-point",
    "generative-ai-and-synthetic-media": r"generative|synthetic|watermark|provenance|AI-generated|chatbot",
    "biometric-identification-and-emotion-recognition": r"biometric|facial recognition|face recognition|emotion recognition",
    "recommender-and-ranking-systems": r"recommend(?:er|ation) (?:system|algorithm)|ranking|content moderation|targeted advertis|feed",
    "automated-decisions": r"automated decision|consequential decision|employment decision|credit|hiring|eligibility|profiling",
    "autonomous-vehicles-and-robotics": r"autonomous vehicle|self-driving|automated driving|unmanned|drone|robot",
    "military-uses-and-autonomous-weapons": r"military|armed forces|Department of Defense|autonomous weapon|lethal|warfighter|national security",
    "critical-infrastructure": r"critical infrastructure|power grid|electric grid|energy sector|water system|financial system",
    "compute-chips-and-data-centres": r"compute|computing power|semiconductor|chips?\b|data cent(?:er|re)|GPU",
    "open-weight-models": r"open[- ]source|open[- ]weight|widely available model weights|publicly available weights",
}


@dataclass
class Candidate:
    instrument: str
    title: str
    type: str
    jurisdiction: str
    path: str
    start: int
    end: int
    heading: str
    text: str


def corpus_files(source: str, key: str) -> list[str]:
    if source == "agora":
        return [f"agora/fulltext/{key}.txt"]
    if source == "laws" and key.endswith((".md", ".txt")):
        return [f"laws/{key}"]
    if source == "eu-ai-act":
        return ["eu_ai_act/eu-ai-act-full.md"]
    if source == "nist":
        return {
            "ai-rmf-1.0": ["nist/nist.ai.100-1.md"],
            "ai-600-1": ["nist/ai-600-1-1.0.md"],
            "ir-8477": ["nist/ir-8477.md"],
        }.get(key, [])
    return []


def locate(haystack: str, needle: str) -> tuple[int, int] | None:
    at = haystack.find(needle)
    if at >= 0:
        return at, at + len(needle)
    words = needle.split()
    if len(words) < 4:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    found = re.search(pattern, haystack)
    return (found.start(), found.end()) if found else None


def candidates(
    db: sqlite3.Connection, mirror: Path, skip: frozenset[str] = frozenset()
) -> list[Candidate]:
    """Leaf provisions located in their corpus files, except those of ``skip``'s instruments."""
    texts: dict[str, str] = {}
    found: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    rows = db.execute(
        """select v.id, v.source, v.source_key, i.id, i.title, i.type, i.jurisdiction_id
           from instrument_version v join instrument i on i.id = v.instrument_id
           order by i.id, v.id"""
    ).fetchall()
    for version_id, source, key, instrument, title, kind, jurisdiction in rows:
        if instrument in skip:
            continue
        files = corpus_files(source or "", key or "")
        if not files:
            continue
        for rel in files:
            if rel not in texts:
                path = mirror / rel
                texts[rel] = path.read_text(encoding="utf-8") if path.exists() else ""
        leaves = db.execute(
            """select p.text, coalesce(p.heading, '') from provision p
               where p.version_id = ? and not exists
                 (select 1 from provision c where c.parent_id = p.id)
               order by p.ordinal""",
            (version_id,),
        ).fetchall()
        for text, heading in leaves:
            text = text.strip()
            if not MIN_CHARS <= len(text) <= MAX_CHARS:
                continue
            digest = hashlib.sha256(" ".join(text.split()).encode()).hexdigest()
            if (instrument, digest) in seen:
                continue
            for rel in files:
                span = locate(texts[rel], text)
                if span:
                    seen.add((instrument, digest))
                    found.append(
                        Candidate(
                            instrument,
                            title,
                            kind,
                            jurisdiction,
                            rel,
                            *span,
                            heading,
                            texts[rel][span[0] : span[1]],
                        )
                    )
                    break
    return found


def draw(pool: list[Candidate], random_n: int, per_concept: int) -> list[tuple[Candidate, str]]:
    rng = random.Random(SEED)
    by_instrument: dict[str, list[Candidate]] = defaultdict(list)
    for c in pool:
        by_instrument[c.instrument].append(c)
    chosen: dict[tuple[str, int], tuple[Candidate, str]] = {}
    per_instrument: dict[str, int] = defaultdict(int)

    def take(c: Candidate, why: str, cap: int) -> bool:
        k = (c.path, c.start)
        if k in chosen or per_instrument[c.instrument] >= cap:
            return False
        chosen[k] = (c, why)
        per_instrument[c.instrument] += 1
        return True

    # Random part, by group quotas: the corpus holds 20,000 US federal passages and
    # 3,700 from everywhere else, so a plain random draw would be a US sample.
    def group(c: Candidate) -> str:
        if c.jurisdiction == "USA":
            return "us-federal"
        return "us-state" if c.jurisdiction.startswith("US-") else "world"

    quotas = {"world": int(random_n * 0.56), "us-federal": int(random_n * 0.24)}
    quotas["us-state"] = random_n - sum(quotas.values())
    for name, quota in quotas.items():
        members = sorted(i for i in by_instrument if group(by_instrument[i][0]) == name)
        rng.shuffle(members)
        shuffled = {i: rng.sample(by_instrument[i], len(by_instrument[i])) for i in members}
        taken, round_ = 0, 0
        while taken < quota and round_ < 40:
            for inst in members:
                if taken >= quota:
                    break
                if round_ < len(shuffled[inst]) and take(shuffled[inst][round_], "random", 25):
                    taken += 1
            round_ += 1
    # Enrichment: for each concept, passages whose wording suggests it.
    for concept, pattern in ENRICH.items():
        rx = re.compile(pattern, re.IGNORECASE)
        hits = [c for c in pool if rx.search(c.text)]
        rng.shuffle(hits)
        # Prefer instruments not yet heavily used.
        hits.sort(key=lambda c: per_instrument[c.instrument])
        got = 0
        for c in hits:
            if got >= per_concept:
                break
            if take(c, f"enrich:{concept}", 40):
                got += 1
    return list(chosen.values())


def split_instruments(items: list[tuple[Candidate, str]]) -> dict[str, str]:
    """Instruments into train/dev/test with about 60/20/20 of the passages each."""
    rng = random.Random(SEED + 1)
    counts: dict[str, int] = defaultdict(int)
    for c, _ in items:
        counts[c.instrument] += 1
    order = sorted(counts)
    rng.shuffle(order)
    total = sum(counts.values())
    split: dict[str, str] = {}
    filled = {"train": 0, "dev": 0, "test": 0}
    targets = {"train": 0.6 * total, "dev": 0.2 * total, "test": 0.2 * total}
    for inst in sorted(order, key=lambda i: -counts[i]):
        # the split furthest below its target takes the instrument
        name = min(filled, key=lambda s: filled[s] / targets[s])
        split[inst] = name
        filled[name] += counts[inst]
    return split


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="path of the built SQLite store")
    parser.add_argument("--mirror", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--random", type=int, default=1250)
    parser.add_argument("--per-concept", type=int, default=32)
    args = parser.parse_args()
    db = sqlite3.connect(args.db)
    pool = candidates(db, args.mirror)
    items = draw(pool, args.random, args.per_concept)
    split = split_instruments(items)
    rng = random.Random(SEED + 2)
    rng.shuffle(items)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for n, (c, why) in enumerate(items, 1):
            record = {
                "id": f"g{n:04d}",
                "path": c.path,
                "start": c.start,
                "end": c.end,
                "sha256": hashlib.sha256(c.text.encode()).hexdigest(),
                "instrument": c.instrument,
                "jurisdiction": c.jurisdiction,
                "type": c.type,
                "heading": c.heading[:300],
                "split": split[c.instrument],
                "drawn": why,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(pool)} candidate passages; {len(items)} drawn from {len(split)} instruments")


if __name__ == "__main__":
    main()
