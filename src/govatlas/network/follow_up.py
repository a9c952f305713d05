"""What became of a convening's outcomes: the commitments it produced, as the
transparency registry tracks them (who committed, the due date the commitment sets,
whether a report is in the registry, on time or late, and what the organisations
published elsewhere that answers it, as far as the catalog holds it).

Only the registry's public view counts (published CLEAR records), as on the pages and
in the white paper: "no report in the registry" is what the registry holds, never a
finding that an organisation did not follow up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from govatlas.registry.compliance import CommitmentSummary, commitment_statuses, summarise
from govatlas.registry.visibility import PUBLIC
from govatlas.store.convenings import outcomes_of
from govatlas.store.network_models import Convening


@dataclass(frozen=True)
class FollowUp:
    instrument_id: str
    summary: CommitmentSummary

    def as_dict(self) -> dict[str, Any]:
        return {"instrument": self.instrument_id, **self.summary.as_dict()}


def follow_ups(session: Session, convening: Convening) -> list[FollowUp]:
    """The registry's commitments on each of the convening's outcomes, summarised."""
    outcomes = {o.instrument_id for o in outcomes_of(session, convening.id)}
    statuses = [
        s for s in commitment_statuses(session, PUBLIC) if s.commitment.instrument_id in outcomes
    ]
    return [
        FollowUp(summary.instrument or "", summary)
        for summary in summarise(statuses)
        if summary.instrument is not None
    ]
