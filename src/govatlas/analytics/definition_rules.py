"""Key definitions read from a text: quoted terms that "means" or "refers to" something,
with their other names and abbreviations, kept when the term is one of the key terms the
divergence table compares (AI system, provider or developer, deployer, general-purpose or
frontier model, serious incident...)."""

from __future__ import annotations

import re

from govatlas.analytics.definitions import (
    COLON_DEFINITION,
    DEFINITION,
    DEFINITIONS_HEAD,
    LISTED_DEFINITION,
    TERM_KINDS,
    normalise_term,
)
from govatlas.analytics.parameter_types import (
    DEFINITION_FAMILY,
    SCOPE,
    SCOPE_KINDS,
    Definition,
    Parameter,
    parameter_span,
)

DEFINITION_TAIL = re.compile(r"[‘'\"“][^’'\"”\n]{2,80}[’'\"”]\s*(?:,\s*)?(?:means|refers to)", re.I)


QUOTES = "‘'\"“"


def _definition_matches(text: str) -> list[re.Match[str]]:
    found = list(DEFINITION.finditer(text))
    if DEFINITIONS_HEAD.search(text):
        # under a "Definitions" heading: "(a) term: ..." and the Federal Register's
        # unquoted "AI model means ..." lines
        found += COLON_DEFINITION.finditer(text)
        found += LISTED_DEFINITION.finditer(text)
    return sorted(found, key=lambda m: m.start())


# Of a name and its abbreviation ("“Artificial intelligence” or “AI” means", "“Generative
# artificial intelligence system” or “GenAI system”", "Artificial intelligence or AI has
# the meaning"), the full name is the term as people list it; of two full names
# ("“Intentional and substantial modification” or “Substantial modification”"), the one
# nearest the verb
FIRST_NAME = re.compile(r"[‘'\"“]([^’'\"”\n]{2,80})[’'\"”]\s+or\s+[‘'\"“]?$")
OR_NAME = re.compile(r"^(.{2,60}?)\s+or\s+(.{1,60})$")
ABBREVIATION = re.compile(r"\b[A-Za-z]*[A-Z][a-z]*[A-Z][A-Za-z]*\b")  # AI, GenAI, ADMT


# Key terms named with words of their own (docs/guidelines/parameters.md, amended before
# round 18): "adverse AI incident", "foundation model provider", "large-scale generative
# artificial intelligence model"
NAMED_KINDS = (
    (re.compile(r"\bai\b.*\bincidents?$"), "incident"),
    (re.compile(r"\b(?:ai|model|models)\s+(?:providers?|developers?)$"), "developer"),
    (re.compile(r"\bgenerative ai\b.*\b(?:models?|systems?)$"), "generative-ai"),
)
# "covered" is read off only where what is left still names AI ("covered frontier
# artificial intelligence model"); a "covered provider" may be one of cloud services
COVERED_AI = re.compile(r"\bai\b|\bmodels?\b|\bfrontier\b")


def _key_kind(term: str) -> str | None:
    normalised = normalise_term(term)
    if normalised in TERM_KINDS:
        return TERM_KINDS[normalised]
    uncovered = normalised.removeprefix("covered ")
    if uncovered != normalised and COVERED_AI.search(uncovered) and uncovered in TERM_KINDS:
        return TERM_KINDS[uncovered]
    return next((kind for named, kind in NAMED_KINDS if named.search(normalised)), None)


def _named(text: str, match: re.Match[str]) -> tuple[str, int, str | None]:
    """The term a definition names, where its words start, and its key concept."""
    term, start = match.group(1).strip(), match.start(1)
    first = FIRST_NAME.search(text, match.start(), match.start(1))
    if first is not None and ABBREVIATION.search(term) and _key_kind(first[1]):
        return first[1].strip(), first.start(1), _key_kind(first[1])
    if first is not None and not _key_kind(term) and _key_kind(first[1]):
        # "“Intentional and substantial modification” or “intentionally and substantially
        # modifies”": the name that is a key term
        return first[1].strip(), first.start(1), _key_kind(first[1])
    both = OR_NAME.match(term)
    if both is not None and ABBREVIATION.fullmatch(both[2].strip()):
        # unquoted: "Artificial intelligence or AI" (not "Train ... or artificial intelligence")
        for name in (both[1], both[2]):
            if _key_kind(name):
                return name.strip(), start + term.index(name), _key_kind(name)
    return term, start, _key_kind(term)


def read_definitions(text: str) -> list[Parameter]:
    found: list[Parameter] = []
    for match in _definition_matches(text):
        term, start, kind = _named(text, match)
        if kind is None:
            continue
        end = match.end()
        wording = match.group(2)
        if wording.rstrip().endswith(":") or wording.rstrip().lower().endswith("following"):
            # "means any of the following:" - the list that follows is the definition
            following = DEFINITION_TAIL.search(text, end)
            stop = min(following.start() if following else len(text), end + 900)
            blank = text.find("\n\n**", end)  # a new bolded heading ends the list
            if 0 <= blank < stop:
                stop = blank
            end = stop
            wording = text[match.start(2) : end]
        end = len(text[:end].rstrip())
        family = SCOPE if kind in SCOPE_KINDS else DEFINITION_FAMILY
        if start and text[start - 1] in QUOTES:  # the evidence opens with the quoted term
            start -= 1
        found.append(
            Definition(
                family,
                kind,
                parameter_span(family, kind, start, end),
                text[start:end],
                term,
                " ".join(wording.split()).rstrip(";,. "),
            )
        )
    return found
