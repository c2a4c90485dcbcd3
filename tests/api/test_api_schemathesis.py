"""Schemathesis against the app's own OpenAPI: no 500s, no responses outside the schema."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from api import create_app
from api.job_runner import JobRunner
from logistics.settings import Settings
from logistics.store import Store, upgrade_database
from logistics.store.keys import create_key

_DIR = Path(tempfile.mkdtemp(prefix="svc-st-"))
_URL = f"sqlite:///{_DIR / 'st.db'}"
upgrade_database(_URL)
_STORE = Store(_URL)
KEYS = {r: create_key(_STORE, r).secret for r in ("shop", "dispatcher", "planner", "admin")}
APP = create_app(Settings(db_url=_URL, max_body_bytes=256 * 1024), store=_STORE)
# a dispatcher that knows no solvers: generated jobs fail at once instead of solving for minutes
APP.state.jobs = JobRunner(_STORE, workers=1, kinds={})
APP.state.jobs.start()

schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


def _role(path: str) -> str | None:
    if path.startswith("/v1/orders"):
        return "shop"
    if path.startswith(("/v1/route-plans", "/v1/waves")):
        return "dispatcher"
    if path.startswith("/v1/scenarios"):
        return "planner"
    if path.startswith("/v1/"):
        return "admin"
    return None


@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case):
    role = _role(case.operation.path)
    if role is not None:
        case.headers = {**(case.headers or {}), "X-API-Key": KEYS[role]}
        if case.operation.path == "/v1/orders" and case.method.upper() == "POST":
            case.headers.setdefault("Idempotency-Key", uuid.uuid4().hex)
    response = case.call()
    if response.status_code == 413:  # the body limit answers before the schema is looked at
        assert response.json()["type"] == "/problems/payload-too-large"
        return
    case.validate_response(
        response,
        checks=[
            checks.not_a_server_error,
            checks.status_code_conformance,
            checks.content_type_conformance,
            checks.response_schema_conformance,
            checks.response_headers_conformance,
            checks.negative_data_rejection,
        ],
    )
