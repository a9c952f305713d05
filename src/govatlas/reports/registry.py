"""The transparency registry in the white paper: the commitments recorded and whether
the registry holds reports against them.

Only what the public may see counts (published CLEAR records): the white paper is
circulated, so a record shared with fewer readers never reaches it, not even as a
count. One line per commitment: how many organisations made it, its due date where the
commitment sets one, and how many of them the registry holds a report from (on time,
late), has one under review, or holds none; each line cites the commitment's instrument
and the sources of who committed. "No report in the registry" is said as such, never as
"did not report". A code's actions issued for any organisation (the Hiroshima code of
conduct) take one line, counted by action, with the organisations that reported
against any of them. Beside the registry's own count, how many organisations the
catalog holds a published answer from (a company's frontier safety framework), and how
many of those are dated by the due date, each cited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from govatlas.i18n import gettext, ngettext
from govatlas.registry.compliance import (
    OVERDUE,
    REPORTED,
    REPORTED_LATE,
    UNDER_REVIEW,
    WAITING,
    commitment_statuses,
    summarise,
)
from govatlas.registry.visibility import PUBLIC
from govatlas.reports.citations import Citations
from govatlas.store.adherence import adherence_sources


@dataclass(frozen=True)
class RegistryFindings:
    commitments: int  # commitment records (one per organisation and commitment)
    lines: list[dict[str, Any]]


def registry_findings(session: Session, citations: Citations) -> RegistryFindings | None:
    """The public view of the registry's commitments, or None when it holds none."""
    statuses = commitment_statuses(session, PUBLIC)
    if not statuses:
        return None
    lines = []
    elsewhere: dict[tuple[str, str | None], list[str]] = {}
    for status in statuses:
        for found in status.evidence:
            key = (status.commitment.title, status.commitment.instrument_id)
            elsewhere.setdefault(key, []).append(found.instrument_id)
    for summary in summarise(statuses):
        sources: list[str] = []
        if summary.instrument is not None:
            sources = adherence_sources(session, summary.instrument)
        answers = elsewhere.get((summary.title, summary.instrument), [])
        cite = citations.cite(
            gettext(
                "registry: who made %(commitment)s and what the registry holds against it",
                commitment=summary.title,
            ),
            instruments=([summary.instrument] if summary.instrument else []) + answers,
            sources=sources,
        )
        counts = summary.counts
        title = summary.title
        if summary.actions:  # a code's actions, open to any organisation: counted by action
            title = ngettext(
                "%(commitment)s (%(num)s action, open to any organisation; counted by action)",
                "%(commitment)s (%(num)s actions, open to any organisation; counted by action)",
                summary.actions,
                commitment=summary.title,
            )
        lines.append(
            {
                "title": title,
                "organisations": summary.organisations,
                "due_on": summary.due_on.isoformat() if summary.due_on else None,
                "reported": counts.get(REPORTED, 0),
                "late": counts.get(REPORTED_LATE, 0),
                "under_review": counts.get(UNDER_REVIEW, 0),
                "none": counts.get(OVERDUE, 0) + counts.get(WAITING, 0),
                "elsewhere": summary.elsewhere,
                "elsewhere_by_due": summary.elsewhere_by_due,
                "elsewhere_names": elsewhere.get((summary.title, summary.instrument), []),
                "cite": cite,
            }
        )
    return RegistryFindings(len(statuses), lines)
