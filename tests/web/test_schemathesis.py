"""Property-based tests of the JSON API from its own OpenAPI description (schemathesis).

Every operation is called with generated parameters, valid and invalid; whatever
comes in, the API must answer without a server error.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from sqlalchemy import Engine

from govatlas.web import create_app

EXAMPLES = 30


def test_no_server_errors(web_store: Engine) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(web_store))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        for strategy in (
            operation.as_strategy(),
            operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
        ):

            @given(case=strategy)
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def call(case: Any) -> None:
                response = case.call()
                assert response.status_code < 500, (
                    case.method,
                    case.formatted_path,
                    case.query,
                    response.text[:300],
                )

            try:
                call()
            except Unsatisfiable:  # no parameter to make invalid (e.g. GET /taxonomies)
                continue
