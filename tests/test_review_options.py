"""One spelling of the review options everywhere; the earlier one works, and says so."""

from __future__ import annotations

import pytest

from govatlas.commands.review_options import AcceptOrReject, decision_of, reviewer_of
from govatlas.errors import InvalidInputError


def test_the_new_spellings_pass_through_silently(capsys: pytest.CaptureFixture[str]) -> None:
    assert reviewer_of("ana", None) == "ana"
    assert reviewer_of(None, None) is None
    assert decision_of(AcceptOrReject.REJECT, None) is AcceptOrReject.REJECT
    assert capsys.readouterr().err == ""


def test_the_old_spellings_work_with_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    assert reviewer_of(None, "ana") == "ana"
    assert reviewer_of("ana", "ana") == "ana"  # both, agreeing
    assert decision_of(None, True) is AcceptOrReject.ACCEPT
    assert decision_of(None, False) is AcceptOrReject.REJECT
    err = " ".join(capsys.readouterr().err.split())
    assert "--as is deprecated" in err and "use --by" in err
    assert "--accept is deprecated" in err and "use --decision accept" in err
    assert "--reject is deprecated" in err


def test_two_answers_that_disagree_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="name two reviewers"):
        reviewer_of("ana", "bob")
    with pytest.raises(InvalidInputError, match="disagree"):
        decision_of(AcceptOrReject.ACCEPT, False)
