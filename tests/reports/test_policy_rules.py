"""Policy-option rules fire on constructed gaps and conflicts, and bad rule files are refused."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from govatlas.analytics.compare import AlignedPair, ProvisionRef
from govatlas.analytics.coverage import ABSENT, NOT_ASSESSED, Cell, Coverage, Evidence
from govatlas.analytics.definitions import Definition, DefinitionPair
from govatlas.analytics.interop import IndexValue
from govatlas.classify.measured.shipped import MeasuredConcept
from govatlas.errors import InvalidInputError
from govatlas.reports.citations import Citations, ReleaseRef
from govatlas.reports.coverage import CoverageTable
from govatlas.reports.frameworks import PairResult
from govatlas.reports.policy import (
    PolicyInputs,
    RuleSpec,
    country_options,
    evaluate_rules,
    load_rules,
)
from govatlas.vocabulary import LegalEffect, RelationshipMethod, RelationshipType, ReviewStatus

CONCEPT = "fli-blocks:emergency-response"


CONCEPT_ID = "emergency-response"


def _table(
    in_force: int, places: int = 40, not_assessed: int = 0, measured: bool = True
) -> CoverageTable:
    """``in_force`` places with binding law in force, then ``not_assessed`` ones, the rest
    assessed and absent."""
    names = [f"P{i}" for i in range(places)]
    cells = {}
    for i, name in enumerate(names):
        if i < in_force:
            cell = Cell(
                name, CONCEPT_ID, "binding-in-force", [f"law-{i}"], [], {f"law-{i}": [100 + i]}
            )
        elif i < in_force + not_assessed:
            cell = Cell(name, CONCEPT_ID, NOT_ASSESSED)
        else:
            cell = Cell(name, CONCEPT_ID, ABSENT, [f"other-{i}"])
        cells[(name, CONCEPT_ID)] = cell
    result = Coverage(
        "fli-blocks", [(CONCEPT_ID, "Emergency response")], names, {n: n for n in names}, cells, {}
    )
    return CoverageTable(
        "fli-blocks", result, names, frozenset({CONCEPT_ID}) if measured else frozenset()
    )


def _ref(pid: int, instrument: str) -> ProvisionRef:
    return ProvisionRef(pid, instrument, f"art.{pid}", None, "text", "text")


def _rule(kind: str, finding: str, **params: object) -> RuleSpec:
    return RuleSpec.model_validate(
        {
            "id": f"r-{kind.replace('_', '-')}",
            "kind": kind,
            "params": params,
            "finding": finding,
            "option": {"title": "Option", "text": "Do it."},
        }
    )


def _citations() -> Citations:
    return Citations(ReleaseRef("r1", "test", "0" * 64))


def _gap_rule() -> RuleSpec:
    return _rule(
        "binding_gap",
        "No binding {concept} in {missing} of {total} ({covered}; {share}; {not_assessed} n/a).",
        taxonomy="fli-blocks",
        concept=CONCEPT,
        max_share=0.5,
    )


def test_binding_gap_fires_only_below_the_share_of_those_assessed() -> None:
    rule = _gap_rule()
    citations = _citations()
    table = _table(in_force=5, places=40, not_assessed=20)
    options, quiet = evaluate_rules(
        [rule], PolicyInputs({"fli-blocks": table}, [], [], {}), citations
    )
    assert quiet == [] and len(options) == 1
    [finding] = options[0].findings
    # 20 assessed, 5 in force: the 20 not assessed are not gaps
    assert finding.text == "No binding emergency response in 15 of 20 (5; 25%; 20 n/a)."
    cited = citations.resolve(finding.citation)
    assert cited.instruments == [f"law-{i}" for i in range(5)]
    assert cited.provisions == [100, 101, 102, 103, 104]
    options, quiet = evaluate_rules(
        [rule], PolicyInputs({"fli-blocks": _table(in_force=30)}, [], [], {}), _citations()
    )
    assert options == [] and quiet == [rule]


def test_binding_gap_findings_carry_the_interval_of_the_count() -> None:
    """Five laws in force covered by machine labels alone, 15 texts read with nothing found:
    the finding states the count with its 95% interval."""
    table = _table(in_force=5, places=20)
    result = table.result
    quality = MeasuredConcept("fli-blocks", CONCEPT_ID, 0.5, 0.9, 0.5, 0.64, 40, test_predicted=22)
    laws = {name: f"law-{i}" if i < 5 else f"other-{i}" for i, name in enumerate(result.rows)}
    result.quality = {CONCEPT_ID: quality}
    result.applies = {
        name: {law: (LegalEffect.BINDING_IN_FORCE, False)} for name, law in laws.items()
    }
    pairs = {(law, CONCEPT_ID) for law in laws.values()}
    result.evidence = Evidence(
        covered={(f"law-{i}", CONCEPT_ID): {100 + i} for i in range(5)},
        assessed=pairs,
        machine={(f"law-{i}", CONCEPT_ID) for i in range(5)},
        read=pairs,
    )
    rule = _rule(
        "binding_gap",
        "{covered}{interval} of {total}.",
        taxonomy="fli-blocks",
        concept=CONCEPT,
        max_share=0.5,
    )
    options, _ = evaluate_rules(
        [rule], PolicyInputs({"fli-blocks": table}, [], [], {}), _citations()
    )
    found = table.interval(CONCEPT_ID, "binding-in-force")
    assert found.low is not None and found.high is not None and found.low <= 5 < found.high
    assert options[0].findings[0].text == f"5 (95% interval {found.low}–{found.high}) of 20."
    # without intervals (an experimental concept, or no evidence kept) the placeholder is empty
    options, _ = evaluate_rules(
        [rule], PolicyInputs({"fli-blocks": _table(in_force=5)}, [], [], {}), _citations()
    )
    assert options[0].findings[0].text == "5 of 40."


def test_binding_gap_never_fires_on_unmeasured_or_unassessed_concepts() -> None:
    rule = _gap_rule()
    for table in (
        _table(in_force=1, measured=False),  # experimental concept: no finding
        _table(in_force=0, places=40, not_assessed=35),  # only 5 assessed: too few
        _table(in_force=0, places=40, not_assessed=40),  # nothing assessed: never a zero
    ):
        options, quiet = evaluate_rules(
            [rule], PolicyInputs({"fli-blocks": table}, [], [], {}), _citations()
        )
        assert options == [] and quiet == [rule]


def test_pair_rules_fire_on_low_index_missing_crosswalk_and_conflicts() -> None:
    conflict = AlignedPair(
        _ref(1, "a"),
        _ref(2, "b"),
        RelationshipType.CONTRARY,
        RelationshipMethod.HUMAN,
        ReviewStatus.ACCEPTED,
        None,
        9,
    )
    pairs = [
        PairResult(
            "a",
            "b",
            IndexValue(0.1, 0.05, 0.2, 10, 10, 2, 2, 1),
            conflicts=[conflict],
            citation="C1",
        ),
        PairResult("a", "c", None),
        PairResult("b", "c", IndexValue(0.9, 0.8, 1.0, 5, 5, 5, 4, 0), citation="C1"),
        PairResult(
            "a", "d", IndexValue(0.0, 0.0, 0.0, 5, 5, 0, 0, 0), citation="C1", reference=True
        ),
        # linked only at concept level: no value, so neither low nor missing
        PairResult(
            "c",
            "d",
            IndexValue(None, None, None, 5, 5, 0, 0, 0, "concept-level", 7),
            citation="C1",
            concept_links=7,
        ),
    ]
    rules = [
        _rule("low_interoperability", "{a}-{b} at {value} [{low}-{high}]", below=0.3),
        _rule("no_crosswalk", "Nothing between {a} and {b}"),
        _rule("conflict", "{count} conflict(s) between {a} and {b}"),
    ]
    citations = _citations()
    citations.cite("placeholder")  # C1, the pairs' evidence
    options, _ = evaluate_rules(rules, PolicyInputs({}, pairs, [], {"a": "Act A"}), citations)
    texts = {o.rule: [f.text for f in o.findings] for o in options}
    assert texts == {
        "r-low-interoperability": ["Act A-b at 0.10 [0.05-0.20]"],  # not the reference pair a-d
        "r-no-crosswalk": ["Nothing between Act A and c"],
        "r-conflict": ["1 conflict(s) between Act A and b"],
    }
    conflict_key = options[2].findings[0].citation
    assert citations.resolve(conflict_key).provisions == [1, 2]


def test_definition_divergence_fires_on_differing_definitions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("govatlas.reports.policy.differ_reliable", lambda: True)
    a = Definition("provider", "a", "a person who develops", 11, "art.3.1")
    b = Definition("provider", "b", "a body that sells", 12, "sec.2")
    pairs = [
        DefinitionPair("provider", a, b, 0.31, "differ", (), ()),
        DefinitionPair("risk", a, b, 0.92, "agree", (), ()),
    ]
    rule = _rule(
        "definition_divergence", '"{term}": {instruments} ({similarity})', verdict="differ"
    )
    citations = _citations()
    options, _ = evaluate_rules([rule], PolicyInputs({}, [], pairs, {}), citations)
    [finding] = options[0].findings
    assert finding.text == '"provider": a and b (0.31)'
    assert citations.resolve(finding.citation).provisions == [11, 12]
    # a verdict not measured to the precision floor triggers no option
    monkeypatch.setattr("govatlas.reports.policy.differ_reliable", lambda: False)
    assert evaluate_rules([rule], PolicyInputs({}, [], pairs, {}), _citations())[0] == []


def test_country_options_follow_the_country_finding() -> None:
    rule = _rule("binding_gap", "unused", taxonomy="fli-blocks", concept=CONCEPT, max_share=0.5)
    rule = rule.model_copy(update={"country_finding": "{jurisdiction} lacks {concept}."})
    table = _table(in_force=1, places=40, not_assessed=1)
    assert country_options([rule], table, "P0", "Pzero", _citations()) == []  # P0 has one
    assert country_options([rule], table, "P1", "Pone", _citations()) == []  # not assessed
    [option] = country_options([rule], table, "P2", "Ptwo", _citations())
    assert option.findings[0].text == "Ptwo lacks emergency response."
    unmeasured = _table(in_force=1, measured=False)
    assert country_options([rule], unmeasured, "P2", "Ptwo", _citations()) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules: [", "cannot read the rules file"),
        (
            "rules:\n  - id: Bad Id\n    kind: conflict\n    finding: f\n"
            "    option: {title: t, text: t}\n",
            "rules.0.id",
        ),
        (
            "rules:\n  - id: a\n    kind: conflict\n    finding: f\n    option: {title: t, text: t}"
            "\n  - id: a\n    kind: conflict\n    finding: f\n    option: {title: t, text: t}\n",
            "duplicate rule id",
        ),
    ],
)
def test_bad_rule_files_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    with pytest.raises(InvalidInputError, match=message):
        load_rules(path)


def test_a_finding_with_an_unknown_placeholder_is_refused() -> None:
    rule = _rule("no_crosswalk", "{nonsense}")
    with pytest.raises(InvalidInputError, match="placeholder"):
        evaluate_rules([rule], PolicyInputs({}, [PairResult("a", "b", None)], [], {}), _citations())


def test_the_packaged_rules_load() -> None:
    rules = load_rules()
    assert len(rules) >= 8 and {r.kind for r in rules} == {
        "binding_gap",
        "low_interoperability",
        "no_crosswalk",
        "conflict",
        "definition_divergence",
    }


def _labels(ids: Sequence[int]) -> list[str]:
    return [f"Act {i} Art. {i}" for i in ids]


def test_findings_name_jurisdictions_instruments_provisions_and_what_would_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An option is never a template: each finding names where and what it rests on."""
    monkeypatch.setattr("govatlas.reports.policy.differ_reliable", lambda: True)
    table = _table(in_force=5, places=40, not_assessed=20)
    inputs = PolicyInputs(
        {"fli-blocks": table},
        [
            PairResult(
                "a",
                "b",
                IndexValue(0.1, 0.05, 0.2, 10, 10, 2, 2, 1),
                only_a=8,
                only_b=9,
                a_units=10,
                b_units=10,
                citation="C1",
                gaps_a=[_ref(7, "a")],
                gaps_b=[_ref(8, "b")],
            )
        ],
        [
            DefinitionPair(
                "provider",
                Definition("provider", "a", "a person who develops", 11, "art.3.1"),
                Definition("provider", "b", "a body that sells", 12, "sec.2"),
                0.31,
                "differ",
                (),
                (),
            )
        ],
        {"a": "Act A", "b": "Act B", "law-0": "Law Zero"},
        {"a": "Atlantis", "b": "Borduria"},
        _labels,
    )
    rules = [
        _gap_rule(),
        _rule("low_interoperability", "{a}-{b} at {value}", below=0.3),
        _rule("definition_divergence", "{term}", verdict="differ"),
    ]
    citations = _citations()
    citations.cite("placeholder")  # C1
    options, _ = evaluate_rules(rules, inputs, citations)
    gap, low, glossary = options
    [finding] = gap.findings
    assert finding.jurisdictions == ("P0", "P1", "P2", "P3", "P4")  # models in force
    assert finding.instruments[0] == "Law Zero"
    assert finding.provisions[0] == "Act 100 Art. 100"
    assert finding.change.startswith("binding law in force on emergency response in up to 20")
    assert "P25" in finding.change  # a Member State assessed without it is named
    [finding] = low.findings
    assert finding.jurisdictions == ("Atlantis", "Borduria")
    assert finding.instruments == ("Act A", "Act B")
    assert finding.provisions == ("Act 7 Art. 7", "Act 8 Art. 8")  # provisions without a match
    assert "8 of 10 units of Act A and 9 of 10 of Act B" in finding.change
    [finding] = glossary.findings
    assert finding.provisions == ("Act 11 Art. 11", "Act 12 Art. 12")
    assert 'one reading of "provider" across Act A and Act B' in finding.change
    assert low.named("jurisdictions") == ["Atlantis", "Borduria"]


def test_country_options_name_the_models_in_force() -> None:
    rule = _rule("binding_gap", "unused", taxonomy="fli-blocks", concept=CONCEPT, max_share=0.5)
    table = _table(in_force=2, places=40)
    [option] = country_options(
        [rule], table, "P5", "Pfive", _citations(), {"law-0": "Law Zero"}, _labels
    )
    [finding] = option.findings
    assert finding.jurisdictions == ("P0", "P1")
    assert finding.instruments == ("Law Zero", "law-1")
    assert finding.provisions == ("Act 100 Art. 100", "Act 101 Art. 101")
    assert (
        finding.change == "Pfive would join the 2 Member States whose binding law in force "
        "covers emergency response"
    )
