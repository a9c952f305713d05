"""Property-based tests of the JSON API from its own OpenAPI description (schemathesis).

Every operation is called with generated parameters, valid and invalid, twice: as an
anonymous client, and with the write token (the authenticated profile), so that the
review endpoints are exercised past their token check. Whatever comes in, the API must
answer without a server error, in the shape its description declares for that status
(the answer's model, or the one error shape), and an authenticated write is never
refused for want of credentials. Marked ``api_fuzz``; the example counts keep the run
under a minute.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import response_schema_conformance
from sqlalchemy import Engine

from govatlas.web import create_app
from tests.web.conftest import TOKEN

pytestmark = pytest.mark.api_fuzz
EXAMPLES = 15  # per operation and mode; 25 took 50 s of the PostgreSQL pass, CI's longest job
WRITE_EXAMPLES = 40
AUTHENTICATED = {"Authorization": f"Bearer {TOKEN}"}


def _fuzz(operation: Any, examples: int, headers: dict[str, str], authenticated: bool) -> None:
    for strategy in (
        operation.as_strategy(),
        operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
    ):

        @given(case=strategy)
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: Any) -> None:
            response = case.call(headers=headers)
            where = (case.method, case.formatted_path, case.query, response.text[:300])
            assert response.status_code < 500, where
            case.validate_response(response, checks=[response_schema_conformance])
            if authenticated:
                assert response.status_code != 403, where

        try:
            call()
        except Unsatisfiable:  # no parameter to make invalid (e.g. GET /taxonomies)
            continue


def test_no_server_errors(web_store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVATLAS_API_TOKEN", TOKEN)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(web_store))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        _fuzz(operation, EXAMPLES, {}, authenticated=False)


def test_authenticated_writes_never_fail_with_a_server_error(
    web_store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVATLAS_API_TOKEN", TOKEN)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(web_store))
    # the registry's writes take a registry token in a role, not the machine token, and a
    # role may be refused (403) by design: tests/registry/test_authorisation.py covers them
    writes = [
        result.ok()
        for result in schema.get_all_operations()
        if result.ok().method.upper() != "GET"
        and not result.ok().path.startswith("/api/v1/registry/")
    ]
    assert len(writes) >= 2
    for operation in writes:
        _fuzz(operation, WRITE_EXAMPLES, AUTHENTICATED, authenticated=True)
