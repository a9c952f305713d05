"""Which provisions an instrument is aligned by: units must hold its text."""

from __future__ import annotations

from govatlas.store.models import Provision
from govatlas.store.units import MIN_COVERAGE, _covers


def _provision(ident: int, text: str, parent: int | None = None) -> Provision:
    return Provision(id=ident, text=text, parent_id=parent)


def test_units_that_hold_only_amendment_instructions_are_passed_over() -> None:
    """Three short "sections" beside a part that holds the act: not units to align by."""
    body = "Developers shall use reasonable care to protect consumers. " * 60
    sections = [
        _provision(i, f"SECTION {i}. In the Revised Statutes, add part 17.") for i in (1, 2, 3)
    ]
    part = _provision(4, body)
    points = [_provision(10 + i, body[i * 300 : (i + 1) * 300], parent=4) for i in range(10)]
    provisions = [*sections, part, *points]
    assert not _covers(sections, provisions)
    assert _covers(points, provisions)
    assert 0 < MIN_COVERAGE < 1
