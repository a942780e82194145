"""The API against its own OpenAPI schema (schemathesis, in-process, as administrator): no server errors."""

from __future__ import annotations

import base64
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import given as hgiven

EXAMPLES = int(os.environ.get("HTX_SCHEMATHESIS_EXAMPLES", "12"))


def test_every_api_route_is_in_the_schema(app) -> None:
    from fastapi.routing import APIRoute

    from htx.web.app import API_PREFIX
    from htx.web.routes.api import router

    paths = app.openapi()["paths"]
    routes = {API_PREFIX + r.path for r in router.routes if isinstance(r, APIRoute)}
    assert routes and routes <= set(paths)
    assert {"/api/v1/organisations", "/api/v1/places", "/api/v1/figures", "/api/v1/documents",
            "/api/v1/findings"} <= set(paths)


def test_no_server_error_on_generated_requests(app) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    auth = {"Authorization": "Basic " + base64.b64encode(b"admin:admin-mau-2025").decode()}
    failures: list[str] = []
    statuses: set[int] = set()
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 10
    for operation in operations:

        @hgiven(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case) -> None:
            response = case.call(headers=auth)
            statuses.add(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query} → {response.status_code}")

        run()
    assert 200 in statuses and 422 in statuses  # authenticated, and invalid input was tried
    if failures:
        pytest.fail("server errors:\n" + "\n".join(failures[:20]))
