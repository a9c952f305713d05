"""Crafted pagination cursors get a 400, never a 500 (issue 26, finding 10: the cursor
``IsKyIg==``, the JSON string "²", passed the digit check and broke int())."""

from __future__ import annotations

import base64
import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import example, given, settings
from hypothesis import strategies as st

from govatlas.errors import InvalidInputError
from govatlas.web.api_answers import MAX_ID, cursor_int, decode_cursor, encode_cursor

NUMBERED = [  # lists keyed by number: a cursor holding anything else is refused
    "/api/v1/instruments/nist-ai-rmf-1-0/provisions",
    "/api/v1/labels",
    "/api/v1/relationships",
]
NAMED = ["/api/v1/instruments", "/api/v1/jurisdictions"]  # keyed by id: a short text is a key
CRAFTED = [
    "IsKyIg==",  # "²"
    base64.urlsafe_b64encode(json.dumps("٣").encode()).decode(),  # an Arabic-Indic digit
    base64.urlsafe_b64encode(b'"\\u0000"').decode(),  # a NUL, which PostgreSQL cannot hold
    base64.urlsafe_b64encode(b"[" * 300).decode(),
    base64.urlsafe_b64encode(b"-1").decode(),
    base64.urlsafe_b64encode(b"1e400").decode(),
    base64.urlsafe_b64encode(b"99999999999999999999").decode(),
    "%%%",
    "é",
]


@pytest.mark.parametrize("cursor", CRAFTED)
def test_crafted_cursors_are_bad_requests_never_server_errors(
    client: TestClient, cursor: str
) -> None:
    for path in NUMBERED + NAMED:
        answer = client.get(path, params={"cursor": cursor})
        expected = {400} if path in NUMBERED else {200, 400}
        assert answer.status_code in expected, (path, cursor, answer.text[:200])
        if answer.status_code == 400:
            assert "cursor" in answer.json()["error"]["message"]


def _as_key(value: object) -> int | None:
    try:
        return cursor_int(value)
    except InvalidInputError:
        return None


@given(
    st.one_of(
        st.text(max_size=400),
        st.binary(max_size=300).map(lambda raw: base64.urlsafe_b64encode(raw).decode()),
    )
)
@example(cursor="IsKyIg==")
@settings(max_examples=500, deadline=None)
def test_the_decoder_accepts_its_own_cursors_and_refuses_everything_else_cleanly(
    cursor: str,
) -> None:
    try:
        value = decode_cursor(cursor)
    except InvalidInputError:
        return
    assert value is None or isinstance(value, int | str)
    if isinstance(value, int):
        assert 0 <= value <= MAX_ID
    key = _as_key(value)
    assert key is None or 0 <= key <= MAX_ID


@given(st.one_of(st.integers(0, MAX_ID), st.text(min_size=1, max_size=200).filter(str.isprintable)))
def test_cursors_round_trip(value: int | str) -> None:
    assert decode_cursor(encode_cursor(value)) == value
