"""The human ceiling: how far CSET's three annotators agree when they code one incident.

AIID publishes the CSET AI Harm Taxonomy codings of three annotators separately. Where
two of them coded the same incident, their agreement on the taxonomy's categorical
fields (whether there was AI harm, its level, the sector of deployment) says how
consistent careful people are when classifying incidents; no model of incident
classification should be expected to agree with one annotator more than another
annotator does. Reported as the share of shared incidents coded alike and Cohen's kappa,
per field and annotator pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from sqlalchemy.orm import Session

from govatlas.agreement import cohen_kappa
from govatlas.incidents.records import SOURCE
from govatlas.store.source_records import record_data

FIELDS = ("Harm Domain", "AI Harm Level", "Sector of Deployment")
ANNOTATORS = tuple(f"classifications_CSETv1_Annotator-{n}" for n in (1, 2, 3))


@dataclass(frozen=True)
class Agreement:
    field: str
    pair: str
    shared: int
    agreement: float | None
    kappa: float | None


def _codings(session: Session, kind: str) -> dict[str, dict[str, str]]:
    return {
        key: {k: str(v or "").strip() for k, v in data.items()}
        for key, data in record_data(session, SOURCE, kind)
    }


def annotator_agreement(session: Session) -> list[Agreement]:
    coded = {kind: _codings(session, kind) for kind in ANNOTATORS}
    found = []
    for field in FIELDS:
        for x, y in combinations(ANNOTATORS, 2):
            shared = sorted(
                k
                for k in set(coded[x]) & set(coded[y])
                if coded[x][k].get(field) and coded[y][k].get(field)
            )
            a = [coded[x][k][field].lower() for k in shared]
            b = [coded[y][k][field].lower() for k in shared]
            agree = sum(1 for p, q in zip(a, b, strict=True) if p == q) / len(a) if a else None
            k = cohen_kappa(a, b)
            found.append(
                Agreement(
                    field,
                    f"{x[-1]}–{y[-1]}",
                    len(shared),
                    None if agree is None else round(agree, 3),
                    None if k is None else round(k, 3),
                )
            )
    return found
