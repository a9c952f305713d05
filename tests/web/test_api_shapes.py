"""The JSON API declares the shape of every answer, and answers in that shape.

Every ``/api/v1`` operation names a response model in the OpenAPI description (a JSON
schema with its properties, not ``{}``), except the few that answer files; an answer
that drifts from its model is a server error under the tests' setting, a logged line
by default, and nothing when the check is off.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from govatlas.web import create_app
from govatlas.web.response_shapes import ShapeMismatchError, checked
from govatlas.web.schemas.common import ApiModel

OPERATIONS = 52  # every /api/v1 operation; a new one raises it
# operations whose successful answer is a file or plain text, not JSON: declared with their
# media type
FILE_ANSWERS = {
    ("get", "/api/v1/network.graphml"): "application/graphml+xml",
    ("get", "/api/v1/registry/public-key"): "application/x-pem-file",
    ("get", "/api/v1/registry/attachments/{attachment_id}"): "application/octet-stream",
    ("get", "/api/v1/registry/attachments/{attachment_id}/text"): "text/plain",
}


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, operations in spec["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in operations.items()
    ]


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    from sqlalchemy import create_engine

    return create_app(create_engine("sqlite://")).openapi()


def test_every_operation_declares_the_shape_of_its_answer(spec: dict[str, Any]) -> None:
    untyped = []
    for method, path, operation in _operations(spec):
        success = [code for code in operation["responses"] if code.startswith("2")]
        assert success, (method, path)
        content = operation["responses"][success[0]].get("content", {})
        if (method, path) in FILE_ANSWERS:
            assert FILE_ANSWERS[method, path] in content, (method, path, list(content))
            continue
        schema = _resolve(spec, content.get("application/json", {}).get("schema", {}))
        if not schema.get("properties"):
            untyped.append(f"{method.upper()} {path}")
    assert not untyped, f"{len(untyped)} operations without a response model: {untyped}"
    assert len(_operations(spec)) == OPERATIONS  # one lost in a move fails here too


def test_every_error_has_the_one_error_shape(spec: dict[str, Any]) -> None:
    for method, path, operation in _operations(spec):
        for code in ("4XX", "5XX"):
            schema = operation["responses"][code]["content"]["application/json"]["schema"]
            assert schema["$ref"].endswith("/ErrorAnswer"), (method, path, code)
        if "422" in operation["responses"]:  # never the framework's HTTPValidationError
            schema = operation["responses"]["422"]["content"]["application/json"]["schema"]
            assert schema["$ref"].endswith("/ErrorAnswer"), (method, path)


class _Answer(ApiModel):
    count: int
    name: str | None


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b'{"count": 1, "name": null, "extra": 2}', "extra: Extra inputs are not permitted"),
        (b'{"count": "1", "name": "x"}', "count: Input should be a valid integer"),
        (b'{"name": "x"}', "count: Field required"),
    ],
)
def test_a_drifting_answer_raises_logs_or_passes_as_configured(
    body: bytes, problem: str, caplog: pytest.LogCaptureFixture
) -> None:
    model: type[BaseModel] = _Answer
    with pytest.raises(ShapeMismatchError, match=problem):
        checked(model, body, "raise", "/api/v1/x")
    with caplog.at_level(logging.ERROR):
        checked(model, body, "log", "/api/v1/x")
    assert problem in caplog.text and "/api/v1/x" in caplog.text
    caplog.clear()
    checked(model, body, "off", "/api/v1/x")
    assert not caplog.text
    checked(model, b'{"count": 1, "name": null}', "raise", "/api/v1/x")  # the right shape


def test_a_large_answer_is_checked_in_the_tests_but_not_for_a_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from govatlas.web.response_shapes import LOGGED_CHECK_LIMIT

    large = b'{"count": 1, "name": "' + b"x" * LOGGED_CHECK_LIMIT + b'", "extra": 1}'
    with caplog.at_level(logging.ERROR):
        checked(_Answer, large, "log", "/api/v1/x")
    assert not caplog.text
    with pytest.raises(ShapeMismatchError, match="extra"):
        checked(_Answer, large, "raise", "/api/v1/x")


def test_the_server_log_names_a_drift_and_the_client_still_gets_its_data(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from govatlas.web import queries

    summary = queries.instrument_summary

    def grown(*args: Any) -> dict[str, Any]:
        return summary(*args) | {"undeclared": 1}

    monkeypatch.setattr(queries, "instrument_summary", grown)
    state = client.app.state.govatlas  # type: ignore[attr-defined]
    assert client.get("/api/v1/instruments").status_code == 500  # the tests' setting
    monkeypatch.setattr(state, "api_shapes", "log")
    with caplog.at_level(logging.ERROR):
        answer = client.get("/api/v1/instruments")
    assert answer.status_code == 200 and answer.json()["items"][0]["undeclared"] == 1
    assert "does not match Page[InstrumentSummary]" in caplog.text
    assert "items.0.undeclared" in caplog.text


def test_the_fixed_sets_the_description_lists_are_the_code_s() -> None:
    from typing import get_args

    from govatlas.analytics.coverage import STATES as COVERAGE_STATES
    from govatlas.analytics.coverage_intervals import COUNTED_STATES
    from govatlas.network.outcome_actions import EVIDENCE_KINDS
    from govatlas.network.outcome_actions import STATUSES as FOLLOW_UP_STATUSES
    from govatlas.registry.compliance import STATES
    from govatlas.registry.editions import KINDS
    from govatlas.registry.export import FORMAT
    from govatlas.store.registry_models import (
        PARTY_KINDS,
        RECORD_KINDS,
        ROLES,
        STATUSES,
        TLP_LEVELS,
    )
    from govatlas.web.api_analysis import SearchMode
    from govatlas.web.schemas import analysis, network, playbook, registry, search

    pairs: list[tuple[object, tuple[str, ...]]] = [
        (registry.RecordKind, RECORD_KINDS),
        (registry.TlpLevel, TLP_LEVELS),
        (registry.RecordStatus, STATUSES),
        (registry.Role, ROLES),
        (registry.ComplianceState, STATES),
        (registry.ChangeKind, KINDS),
        (registry.ExportFormat, (FORMAT,)),
        (playbook.PlaybookContact.model_fields["kind"].annotation, PARTY_KINDS),
        (analysis.CoverageState, COVERAGE_STATES),
        (analysis.CountedState, COUNTED_STATES),
        (search.SearchAnswer.model_fields["mode"].annotation, tuple(SearchMode)),
        (network.FollowUpStatus, FOLLOW_UP_STATUSES),
        (network.ActionEvidence.model_fields["kind"].annotation, EVIDENCE_KINDS),
    ]
    for listed, kept in pairs:
        assert get_args(listed) == tuple(kept), (listed, kept)
