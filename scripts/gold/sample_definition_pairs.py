"""Draw pairs of key-term definitions for people to judge (same, partly, different).

Run once, by the maintainer (never by an annotator), against a store built from the
shared corpus:

    GOVATLAS_DB=sqlite:////tmp/atlas.db GOVATLAS_MIRROR=../shared/corpus \
        python scripts/gold/sample_definition_pairs.py \
        --out eval/gold/definition-pairs/pairs.jsonl --batch /tmp/defs/batch.jsonl

The population is every pair of definitions of one key term (``KEY_TERMS``, grouped
as ``analytics.definitions`` groups them) in two different instruments of the store:
336 definitions in 184 instruments, 16,792 pairs when this was written, of which the
MiniLM rule called 1,848 "agree", 4,420 "partly agree" and 10,524 "differ". The
sample (seed ``SEED``):

- ``paper``: every pair the white paper's definitions table shows (each definition
  of the ``definition_instruments`` against the anchor's, ``reports.frameworks``);
- ``band:<verdict>:ai-system`` and ``band:<verdict>:other``: at random within each of
  the rule's three verdicts, ``--per-band`` pairs of "AI system" definitions and as
  many of the other key terms (which are 1,768 of the 16,792 pairs, so without this
  they would hardly be read), no two pairs with the same two wordings, and no
  instrument in more than ``MAX_PER_INSTRUMENT`` drawn pairs.

With ``--round 2`` (drawn after the verdicts of ``analytics.definition_verdicts`` were
frozen, to measure them): ``--per-verdict`` pairs at random within each of the frozen
rule's verdicts (``round2:<verdict>``), none drawn in round 1 (``--exclude``), every one
in the ``test`` half, ids ``e001``... Round 1 (ids ``d001``...) was drawn with the
three verdicts of before (commit d162d3e gives it exactly).

With ``--round 3`` (drawn after definitions pointing to the statutes of
``definition_verdicts.KNOWN_SOURCES`` were given verdicts, to measure that): the same,
among pairs whose two definitions both point to one of those statutes
(``round3:<verdict>``), ids ``f001``... Round 3 then served to change that reading;
``--round 4`` draws the same way to measure the change (ids ``g001``...). ``--round 5``
measures definitions read with the list they open: pairs of which one side's wording
opens a list and goes on with it (ids ``h001``...). ``--round 6`` measures definitions
read to their end (the next items of their list, the lines of a text in capitals, a
sentence that adds to or takes from them): pairs of which one side's wording differs
from the reading before, given by ``--earlier-wordings`` (``definition_wordings.py``;
ids ``i001``...). ``--round 7`` measures definitions in words compared with the statute
a pointer cites (``definition_verdicts.statute_against_words``): pairs of that kind only
(ids ``j001``...). ``--round 8`` measures the rule that two wordings which would agree
differ where only one takes something out of its definition or adds to it at length
(``definition_verdicts.one_side_amends``): pairs that rule turns from agree to differ
(``round8:differ``), and pairs still agreeing (``round8:agree``), ids ``k001``...
``--round 9`` measured the rule that a wording giving section 5002's steps only as
examples differs from section 5002's: pairs that rule turned from agree to differ
(``round9:differ``) and pairs still agreeing (``round9:agree``), ids ``l001``... People
judged all 11 turned pairs the same, so the rule was reverted; only commit 5961d72, which
had it, draws round 9 again. ``--round 10`` measures the lines of GPO's printed bills read
past their wrap (``definitions.LINE_BREAK``): as round 6, pairs of which one side's wording
differs from the reading before (``--earlier-wordings``), ids ``m001``... ``--round 11``
measures the rule that the OECD's definitions before and since its 2023 revision differ
(``definition_verdicts.oecd_revisions_apart``): pairs that rule turns from agree to differ
(``round11:differ``) and pairs still agreeing (``round11:agree``), ids ``n001``...
``--round 12`` measures the agree threshold raised from 0.85 to 0.87: pairs the rise turns
from agree to differ (``round12:differ``) and pairs still agreeing (``round12:agree``),
ids ``o001``... ``--round 13`` measures definitions that only point to a stored text read
as that text's (``definition_pointers``, read so only for this draw while it is off):
pairs with such a side, per verdict (``round13:<verdict>``), the batch showing the words
that point and the definition pointed to (``points_to``), ids ``p001``... ``--round 14``
measures section 7223 of the Advancing American AI Act read as a known statute, a
pointer's quotation of its source read as no amendment (``definition_verdicts.own_words``),
a citation whose number is on the next line read on (``definitions.LINE_BREAK``) and a cited
text read where a source filed its document (``definition_pointers.cited_instruments``):
pairs with a side that cites section 7223 or whose wording differs from the reading before
(``--earlier-wordings``), per verdict (``round14:<verdict>``), ids ``q001``...
``--round 15`` measures a list read from the provisions that follow the one it opens
in (``definitions._wording``), a pointer to two known statutes compared with words by
what both say (``definition_verdicts.statute_words``) and words that restate a statute
but not its exclusion: pairs with a side whose wording differs from the reading before
(``--earlier-wordings``) or that points to two known statutes, and pairs of words against
a statute whose exclusions differ, per verdict (``round15:<verdict>``), ids ``r001``...
``--round 16`` measures the rules set on round 15's misses: two lists whose items differ
differ (``definition_verdicts.lists_apart``) and a wording ending "by ... means" is whole
(``definition_verdicts.cut_off``): pairs the list rule turns from agree to differ
(``round16:differ``), pairs of two lists still agreeing (``round16:agree``) and pairs with
a side ending "by ... means" (``round16:<verdict>``), ids ``s001``...

In round 1 each pair is put in the ``dev`` or the ``test`` half by a hash of its two instruments
and its term, before anyone reads it, so that a rule changed on dev is measured on
test. The manifest holds identifiers, the term as each text writes it, where each
definition is (provision path), a digest of each wording and the rule's similarity
and verdict; never the texts. The annotators' batch (outside the project) holds the
wordings and the provisions around them, in random order, without the similarity,
the verdict or the stratum.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from govatlas.analytics.definition_verdicts import (
    AGREE,
    AGREE_VERDICT,
    DIFFER_VERDICT,
    EXCLUSION,
    MEANS_AS_NOUN,
    by_reference,
    cited_statute,
    known_sources,
    list_items,
    lists_apart,
    oecd_revisions_apart,
    one_side_amends,
    statute_against_words,
    statute_words,
)
from govatlas.analytics.definition_verdicts import (
    verdict as rule_verdict,
)
from govatlas.analytics.definitions import (
    KEY_TERMS,
    Definition,
    DefinitionPair,
    compare_definitions,
    concept_of,
    extract_definitions,
)
from govatlas.commands.common import open_engine
from govatlas.jsonl import read_jsonl, write_jsonl
from govatlas.reports.frameworks import definition_pairs, load_settings
from govatlas.store.instruments import reading_version
from govatlas.store.models import Instrument, Provision
from govatlas.store.session import transaction

SEED = 20261207
MAX_PER_INSTRUMENT = 4
# Round 13's pairs all have a side in the few texts whose definitions point to a stored
# one (an OMB memorandum and its copies, USDA's framework, ...): 4 each drew 16 pairs
MAX_PER_POINTING_INSTRUMENT = 10
# a definition that opens a list and goes on with it (round 5)
OPENS_LIST = re.compile(r"(?:[:—–]|--)\s+\S")
CONTEXT_CHARS = 1200
VERDICTS = ("agree", "partly agree", "differ")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def pair_key(pair: DefinitionPair) -> str:
    a, b = sorted((pair.a.instrument, pair.b.instrument))
    return f"{pair.term}|{a}|{b}"


def half(pair: DefinitionPair) -> str:
    return "dev" if int(digest(pair_key(pair)), 16) % 2 == 0 else "test"


def context(session: Any, definition: Definition) -> str:
    """The provision that holds the definition, cut around its wording when long."""
    if definition.provision_id is None:
        return ""
    provision = session.get(Provision, definition.provision_id)
    version = reading_version(session, definition.instrument)
    if provision is None or version is None:
        return ""
    text = version.text[provision.start_offset : provision.end_offset]
    if len(text) <= CONTEXT_CHARS:
        return text
    at = max(0, text.find((definition.pointer or definition.wording)[:60]))
    start = max(0, at - 200)
    return ("… " if start else "") + text[start : start + CONTEXT_CHARS] + " …"


def draw(
    pairs: list[DefinitionPair], paper: list[DefinitionPair], per_band: int
) -> list[tuple[str, DefinitionPair]]:
    rng = random.Random(SEED)
    chosen: list[tuple[str, DefinitionPair]] = [("paper", p) for p in paper]
    seen_keys = {pair_key(p) for p in paper}
    seen_wordings = {frozenset((p.a.wording, p.b.wording)) for p in paper}
    used: Counter[str] = Counter()
    for verdict in VERDICTS:
        for group in ("ai-system", "other"):
            pool = [
                p
                for p in pairs
                if p.verdict == verdict
                and (concept_of(p.term) == "ai-system") == (group == "ai-system")
            ]
            rng.shuffle(pool)
            taken = 0
            for p in pool:
                wordings = frozenset((p.a.wording, p.b.wording))
                if taken == per_band:
                    break
                if pair_key(p) in seen_keys or wordings in seen_wordings:
                    continue
                if any(used[i] >= MAX_PER_INSTRUMENT for i in (p.a.instrument, p.b.instrument)):
                    continue
                chosen.append((f"band:{verdict}:{group}", p))
                seen_keys.add(pair_key(p))
                seen_wordings.add(wordings)
                used.update((p.a.instrument, p.b.instrument))
                taken += 1
    return chosen


def draw_again(
    pairs: list[DefinitionPair],
    drawn: set[str],
    per_verdict: int,
    round_number: int = 2,
    earlier: dict[str, str] | None = None,
) -> list[tuple[str, DefinitionPair]]:
    """Rounds 2 to 6: pairs no earlier round drew, at random within each verdict of the
    rule (round 3: only pairs whose definitions both point to a known statute; round 6:
    pairs with a side whose wording differs from ``earlier``)."""
    rng = random.Random(SEED + round_number)
    if round_number == 12:
        pairs = [p for p in pairs if p.verdict == AGREE_VERDICT or turned_by_threshold(p)]
    elif round_number == 11:
        pairs = [p for p in pairs if p.verdict == AGREE_VERDICT or turned_by_revision(p)]
    elif round_number == 13:
        pairs = [p for p in pairs if p.a.points_to or p.b.points_to]
    elif round_number == 16:
        pairs = [
            p
            for p in pairs
            if turned_by_lists(p)
            or (p.verdict == AGREE_VERDICT and list_items(p.a.wording) and list_items(p.b.wording))
            or any(MEANS_AS_NOUN.search(d.wording.strip()) for d in (p.a, p.b))
        ]
    elif round_number == 15:
        pairs = [
            p
            for p in pairs
            if read_anew(p, earlier, lambda d: "+" in (cited_statute(d.wording) or ""))
            or excluded_apart(p)
        ]
    elif round_number == 14:
        pairs = [
            p
            for p in pairs
            if read_anew(p, earlier, lambda d: "aaaia-7223" in known_sources(d.wording))
        ]
    elif round_number == 8:
        pairs = [p for p in pairs if p.verdict == AGREE_VERDICT or turned_by_amendment(p)]
    elif round_number == 7:
        pairs = [p for p in pairs if statute_against_words(p.a.wording, p.b.wording)]
    elif round_number in (6, 10):
        pairs = [p for p in pairs if read_anew(p, earlier)]
    elif round_number == 5:
        pairs = [p for p in pairs if any(OPENS_LIST.search(w) for w in (p.a.wording, p.b.wording))]
    elif round_number >= 3:
        pairs = [
            p
            for p in pairs
            if all(by_reference(w) and known_sources(w) for w in (p.a.wording, p.b.wording))
        ]
    chosen: list[tuple[str, DefinitionPair]] = []
    seen_wordings: set[frozenset[str]] = set()
    used: Counter[str] = Counter()
    for verdict in sorted({p.verdict for p in pairs}):
        pool = [p for p in pairs if p.verdict == verdict and pair_key(p) not in drawn]
        rng.shuffle(pool)
        taken = 0
        for p in pool:
            wordings = frozenset((p.a.wording, p.b.wording))
            if taken == per_verdict:
                break
            if wordings in seen_wordings:
                continue
            cap = MAX_PER_POINTING_INSTRUMENT if round_number >= 13 else MAX_PER_INSTRUMENT
            if any(used[i] >= cap for i in (p.a.instrument, p.b.instrument)):
                continue
            chosen.append((f"round{round_number}:{verdict}", p))
            seen_wordings.add(wordings)
            used.update((p.a.instrument, p.b.instrument))
            taken += 1
    return chosen


def read_anew(
    pair: DefinitionPair,
    earlier: dict[str, str] | None,
    also: Callable[[Definition], bool] = lambda d: False,
) -> bool:
    """A side of the pair reads otherwise than in ``earlier`` (``instrument|term`` ->
    wording, the reading before), or ``also`` holds for a side."""
    before = earlier or {}
    return any(
        before.get(f"{d.instrument}|{d.term}") != d.wording or also(d) for d in (pair.a, pair.b)
    )


def turned_by_lists(pair: DefinitionPair) -> bool:
    """The pair differs only because its two lists' items differ (round 16)."""
    a, b = pair.a.wording, pair.b.wording
    return (
        pair.verdict == DIFFER_VERDICT
        and lists_apart(a, b)
        and pair.similarity >= AGREE
        and not one_side_amends(a, b)
        and not oecd_revisions_apart(a, b)
        and statute_against_words(a, b) is None
    )


def excluded_apart(pair: DefinitionPair) -> bool:
    """Words against a statute whose exclusion only one of them has (round 15)."""
    cited = statute_against_words(pair.a.wording, pair.b.wording)
    if cited is None:
        return False
    return bool(EXCLUSION.search(statute_words(cited[0]))) != bool(EXCLUSION.search(cited[1]))


def turned_by_amendment(pair: DefinitionPair) -> bool:
    """The pair differs only because one side takes from or adds to its definition at
    length (round 8)."""
    a, b = pair.a.wording, pair.b.wording
    before = rule_verdict(a, b, pair.similarity, restated=pair.restated, amendments=False)
    return pair.verdict == DIFFER_VERDICT and one_side_amends(a, b) and before == AGREE_VERDICT


def turned_by_threshold(pair: DefinitionPair) -> bool:
    """The pair differs only because the agree threshold rose from 0.85 (round 12)."""
    a, b = pair.a.wording, pair.b.wording
    before = rule_verdict(a, b, pair.similarity, 0.85, pair.restated)
    return pair.verdict == DIFFER_VERDICT and before == AGREE_VERDICT


def turned_by_revision(pair: DefinitionPair) -> bool:
    """The pair differs only because one side follows the OECD's definition before its
    2023 revision and the other the revised one (round 11)."""
    a, b = pair.a.wording, pair.b.wording
    before = rule_verdict(a, b, pair.similarity, restated=pair.restated, amendments=False)
    return (
        pair.verdict == DIFFER_VERDICT
        and oecd_revisions_apart(a, b)
        and not one_side_amends(a, b)
        and before == AGREE_VERDICT
    )


def side(definition: Definition) -> dict[str, Any]:
    return {
        "instrument": definition.instrument,
        "term": definition.term,
        "path": definition.provision_path,
        "wording_sha": digest(definition.wording),
    }


def batch_entry(
    session: Any, titles: dict[str, str], pair_id: str, term: str, a: Definition, b: Definition
) -> dict[str, Any]:
    """What the annotators see of a pair: for each side the title, the term as written,
    the words extracted (the words that point, for a definition read as the stored text
    it points to, with that text's definition in ``points_to``) and the provision."""
    return {
        "id": pair_id,
        "term": term,
        **{
            name: {
                "instrument": titles.get(d.instrument, d.instrument),
                "term_as_written": d.term,
                "extracted_definition": d.pointer or d.wording,
                **(
                    {
                        "points_to": {
                            "instrument": titles.get(d.points_to, d.points_to),
                            "its_definition": d.wording,
                        }
                    }
                    if d.points_to
                    else {}
                ),
                "provision": context(session, d),
            }
            for name, d in (("first", a), ("second", b))
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="the manifest (no texts)")
    parser.add_argument("--batch", type=Path, required=True, help="the annotators' batch")
    parser.add_argument("--per-band", type=int, default=22)
    parser.add_argument("--round", type=int, choices=range(1, 17), default=1)
    parser.add_argument("--per-verdict", type=int, default=20, help="round 2")
    parser.add_argument(
        "--exclude", type=Path, nargs="+", help="rounds 2 and 3: the earlier manifests"
    )
    parser.add_argument(
        "--earlier-wordings",
        type=Path,
        help=(
            "rounds 6, 10, 14 and 15: the key-term wordings of the reading before "
            "(definition_wordings.py)"
        ),
    )
    args = parser.parse_args()
    if args.round == 9:
        parser.error("round 9 is drawn by commit 5961d72 only: its rule was reverted")
    if args.round in (6, 10, 14, 15) and args.earlier_wordings is None:
        parser.error(f"--round {args.round} needs --earlier-wordings")
    earlier = json.loads(args.earlier_wordings.read_text()) if args.earlier_wordings else None
    engine = open_engine()
    with transaction(engine) as session:
        ids = list(session.scalars(select(Instrument.id).order_by(Instrument.id)))
        wanted = {concept_of(t) for t in KEY_TERMS}
        definitions = [
            d
            for i in ids
            for d in extract_definitions(session, i, resolve=args.round >= 13)
            if concept_of(d.term) in wanted
        ]
        pairs = compare_definitions(definitions, list(KEY_TERMS))
        settings = load_settings()
        present = [i for i in settings.definition_instruments if session.get(Instrument, i)]
        paper = definition_pairs(session, present, settings.key_terms)
        print(
            f"{len(definitions)} definitions in {len({d.instrument for d in definitions})} "
            f"instruments, {len(pairs)} pairs "
            f"({dict(Counter(p.verdict for p in pairs))}); the paper shows {len(paper)}",
            file=sys.stderr,
        )
        if args.round > 1:
            if not args.exclude:
                parser.error(f"--round {args.round} needs --exclude (the earlier manifests)")
            drawn = {
                "|".join((m["term"], *sorted((m["a"]["instrument"], m["b"]["instrument"]))))
                for path in args.exclude
                for m in read_jsonl(path)
            }
            chosen = draw_again(pairs, drawn, args.per_verdict, args.round, earlier)
        else:
            chosen = draw(pairs, paper, args.per_band)
        titles = {i.id: i.title for i in session.scalars(select(Instrument))}
        manifest, batch = [], []
        for number, (stratum, pair) in enumerate(chosen, start=1):
            pair_id = f"{' defghijklmnopqrs'[args.round]}{number:03d}"
            manifest.append(
                {
                    "id": pair_id,
                    "term": pair.term,
                    "a": side(pair.a),
                    "b": side(pair.b),
                    "similarity": pair.similarity,
                    "verdict": pair.verdict,
                    "stratum": stratum,
                    "half": "test" if args.round > 1 else half(pair),
                }
            )
            batch.append(batch_entry(session, titles, pair_id, pair.term, pair.a, pair.b))
    random.Random(SEED + 1).shuffle(batch)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.batch.parent.mkdir(parents=True, exist_ok=True)
    write_jsonl(args.out, manifest)
    write_jsonl(args.batch, batch)
    print(
        f"{len(manifest)} pairs drawn ({dict(Counter(m['stratum'] for m in manifest))}); "
        f"halves {dict(Counter(m['half'] for m in manifest))}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
