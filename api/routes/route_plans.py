"""Route plans (dispatcher): delivery routing as jobs in worker processes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from api import solves
from api.deps import DispatcherKey, StoreDep
from api.errors import Problem, invalid_value_problem
from api.paging import LINK_HEADER, PagingDep
from api.responses import EventStreamResponse, GeoJSONResponse
from api.routes import jobs_common
from api.schemas.common import PROBLEM_RESPONSES, problems
from api.schemas.jobs import Checked, FromOrdersIn, JobOut, JobsOut, RoutePlanIn
from api.unique_keys import UniqueKeysRoute
from logistics.errors import InvalidValueError, quoted
from logistics.store.jobs import JobView
from logistics.store.models import Order, Shipment
from logistics.store.models import Warehouse as WarehouseRow

router = APIRouter(
    route_class=UniqueKeysRoute,
    prefix="/v1/route-plans",
    tags=["route plans"],
    responses=PROBLEM_RESPONSES,
)
BASE = "/v1/route-plans"
KIND = "route_plan"
#: What ``GET`` shows of a result: the GeoJSON and the map have their own URLs.
SHOWN = ("plan", "validation", "final")
ValidateOnly = Annotated[bool, Query(description="check the problem only; solve nothing")]


def problem_from_store(store, spec: FromOrdersIn) -> dict[str, Any]:
    """The routing JSON for the reserved orders warehouse W delivers on date D (local day).

    The plan's day is the warehouse's local day ``D``: its time origin is local
    midnight and the depot is open until the next midnight. Each order is one stop
    whose (hard) time window ends at its shipment's promise (``delivers_by``), so
    an order that cannot be delivered in time is left unassigned with reason
    ``time_window`` instead of being planned late.
    """
    import datetime as dt

    from sqlalchemy import select

    from logistics.domain.timezones import zone_info

    with store.read() as session:
        wh = session.get(WarehouseRow, spec.warehouse_id)
        if wh is None:
            raise InvalidValueError(
                "from_orders.warehouse_id", spec.warehouse_id, "unknown warehouse"
            )
        if wh.time_zone is not None:  # stored names were checked when written
            tz: dt.tzinfo = zone_info(wh.time_zone)
            clock = wh.time_zone
        else:
            tz = dt.timezone(dt.timedelta(seconds=wh.utc_offset_s))
            clock = f"UTC{wh.utc_offset_s / 3600:+g}h"
        start = dt.datetime.combine(spec.date, dt.time(0), tz)
        rows = session.execute(
            select(Order.id, Order.request, Shipment.lines, Shipment.promised_at)
            .join(Shipment, Shipment.order_id == Order.id)
            .where(
                Shipment.warehouse_id == spec.warehouse_id,
                Order.state == "reserved",
                Shipment.promised_at >= start,
                Shipment.promised_at < start + dt.timedelta(days=1),
            )
            .order_by(Order.id)
        ).all()
    if not rows:
        raise InvalidValueError(
            "from_orders",
            f"{spec.warehouse_id} {spec.date}",
            f"no reserved orders due that day from {spec.warehouse_id} (its local day, "
            f"{clock}: {start.isoformat()} to {(start + dt.timedelta(days=1)).isoformat()})",
        )
    stops = [
        {
            "id": oid,
            "location": req["ship_to"],
            "delivery": {"parcels": sum(int(ln["quantity"]) for ln in lines)},
            "service_s": spec.service_s,
            "time_windows": [
                {"start": start.isoformat(), "end": promised_at.astimezone(tz).isoformat()}
            ],
        }
        for oid, req, lines, promised_at in rows
    ]
    day = {"start": start.isoformat(), "end": (start + dt.timedelta(days=1)).isoformat()}
    now = {} if spec.now is None else {"now": spec.now}
    return {
        **now,
        "name": f"{spec.warehouse_id}-{spec.date}",
        "time_origin": start.isoformat(),
        "units": ["parcels"],
        "depots": [
            {
                "id": spec.warehouse_id,
                "location": {"lat": wh.lat, "lon": wh.lon},
                "opening": day,
            }
        ],
        "vehicle_types": spec.vehicle_types,
        # the warehouse is the depot: a vehicle that names none starts there
        "vehicles": [
            {**v, "start_depot": v.get("start_depot", spec.warehouse_id)}
            if isinstance(v, dict)
            else v
            for v in spec.vehicles
        ],
        "stops": stops,
    }


def _from_orders_error(exc: InvalidValueError, problem: dict[str, Any]) -> InvalidValueError:
    """An error in the problem built from ``from_orders``, pointed at what the client sent.

    ``vehicle_types`` and ``vehicles`` are the client's own (``from_orders.vehicles[0]...``);
    the depot is the warehouse; stops are stored orders: what the client can change
    about an order too big for every vehicle is a vehicle type's capacity.
    """
    field = exc.field.removeprefix("problem.") if exc.field != "problem" else ""
    head = field.split(".")[0].split("[")[0]
    value, reason = exc.value, exc.reason
    if head in ("vehicle_types", "vehicles", "now"):
        field = f"from_orders.{field}"
    elif head == "depots":
        field, value = "from_orders.warehouse_id", problem["depots"][0]["id"]
    elif head == "stops":
        i = int(field.split("[")[1].split("]")[0])
        order = problem["stops"][i]["id"]
        if field.endswith(".delivery.parcels"):
            # the order is bigger than every vehicle: point at the roomiest type in use
            used = {v.get("type") for v in problem["vehicles"]}
            types = [
                (t.get("capacity", {}).get("parcels", 0), j)
                for j, t in enumerate(problem["vehicle_types"])
                if t.get("id") in used
            ]
            value, j = max(types) if types else (None, 0)
            field = f"from_orders.vehicle_types[{j}].capacity.parcels"
            reason = f"order {quoted(order)} has {exc.value} parcels, more than any vehicle carries"
        else:
            field = "from_orders"
            reason = f"order {quoted(order)}: {reason}" if order not in reason else reason
    else:
        field = "from_orders"
    return InvalidValueError(field, value, reason)


def _check_from_orders(payload: dict[str, Any]) -> dict[str, Any]:
    try:
        return solves.check_route_plan(payload)
    except InvalidValueError as exc:
        raise _from_orders_error(exc, payload["problem"]) from None


def _view(result: dict[str, Any]) -> dict[str, Any]:
    """The plan JSON and its validation (GeoJSON and the map have their own URLs)."""
    return {k: result[k] for k in SHOWN if k in result}


@router.post(
    "",
    status_code=202,
    response_model=JobOut,
    summary="Plan delivery routes (a job: 202 + Location)",
    responses={200: {"model": Checked, "description": "validate_only: the problem is valid"}},
)
def create(
    body: RoutePlanIn,
    request: Request,
    store: StoreDep,
    key: DispatcherKey,
    validate_only: ValidateOnly = False,
):
    source_error = body.source_error()
    if source_error is not None:
        raise invalid_value_problem(source_error)
    jobs_common.refuse_non_finite(body.model_dump())
    payload = body.model_dump(mode="json", exclude={"from_orders"})
    check = solves.check_route_plan
    if body.from_orders is not None:
        payload["problem"] = problem_from_store(store, body.from_orders)
        payload["from_orders"] = body.from_orders.model_dump(mode="json")
        check = _check_from_orders
    return jobs_common.submit(
        request,
        store,
        key,
        KIND,
        payload,
        check,
        BASE,
        validate_only,
    )


@router.get(
    "",
    response_model=JobsOut,
    summary=jobs_common.LIST_SUMMARY,
    responses={200: {"description": "a page of route plans", "headers": LINK_HEADER}},
)
def list_(
    store: StoreDep,
    _key: DispatcherKey,
    paging: PagingDep,
    response: Response,
    state: jobs_common.StateFilter = None,
) -> JobsOut:
    return jobs_common.job_list(store, KIND, BASE, paging, response, state)


@router.get(
    "/{job_id}",
    response_model=JobOut,
    summary="Status, progress and the best plan so far (VROOM-like steps, RFC 3339 times)",
    responses=problems(404),
)
def read(job_id: str, store: StoreDep, _key: DispatcherKey) -> JobOut:
    return jobs_common.job_out(jobs_common.job_or_404(store, job_id, KIND, SHOWN), BASE, _view)


@router.get(
    "/{job_id}/events",
    summary="Progress as server-sent events (event: progress | done)",
    response_class=EventStreamResponse,
    responses=problems(404),
)
def stream(job_id: str, request: Request, store: StoreDep, _key: DispatcherKey):
    return jobs_common.events(request, store, jobs_common.job_or_404(store, job_id, KIND, ()))


@router.delete(
    "/{job_id}",
    response_model=JobOut,
    summary="Cancel; the best plan so far is kept",
    responses={202: {"model": JobOut, "description": "still stopping"}, **problems(404)},
)
async def delete(job_id: str, request: Request, store: StoreDep, _key: DispatcherKey):
    job = jobs_common.job_or_404(store, job_id, KIND, ())
    return await jobs_common.cancel(request, store, job, BASE, _view, SHOWN)


def _result(store, job_id: str, part: str) -> tuple[dict[str, Any], JobView]:
    """The result with only its ``part`` (none when the result lacks it), and the job."""
    job = jobs_common.job_or_404(store, job_id, KIND, (part,))
    if job.best_result is None and job.state.finished:  # it never will have one
        raise Problem(
            "not-found",
            f"route plan {job_id} ended ({job.state.value}) before it had a plan",
        )
    if job.best_result is None:
        raise Problem(
            "job-not-finished",
            f"route plan {job_id} has no plan yet (state {job.state.value}); "
            f"follow {BASE}/{job_id}/events and retry when it has one",
            headers={"Retry-After": "1"},
        )
    return job.best_result, job


@router.get(
    "/{job_id}/plan.geojson",
    summary="The best plan so far as GeoJSON (routes as LineStrings, stops as Points)",
    response_class=GeoJSONResponse,
    responses=problems(404, 409),
)
def geojson(job_id: str, store: StoreDep, _key: DispatcherKey):
    result, _job = _result(store, job_id, "geojson")
    return GeoJSONResponse(result["geojson"])


@router.get(
    "/{job_id}/map.html",
    summary="The plan on an HTML map (folium, OpenStreetMap tiles)",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}, **problems(404, 406, 409)},
)
def html_map(job_id: str, store: StoreDep, _key: DispatcherKey):
    result, job = _result(store, job_id, "html")
    if "html" not in result:  # drawn when the search ends (also when it was cancelled)
        if not job.state.finished:
            raise Problem(
                "job-not-finished",
                f"the map is drawn when route plan {job_id} ends; the GeoJSON is available now",
            )
        raise Problem(
            "not-found",
            f"route plan {job_id} was stopped ({job.state.value}) before its map was drawn; "
            "the GeoJSON has the plan kept",
        )
    if not result["html"]:
        raise Problem(
            "not-acceptable", "maps need folium on the server: pip install 'logistics[viz]'"
        )
    return HTMLResponse(result["html"])
