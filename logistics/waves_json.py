"""The JSON files of ``logistics waves plan``: orders, carts and pickers in; the plan out.

``ORDERS.json`` (times are integer seconds since the start of the planning day)::

    {
      "cart": {"items": 45, "totes": 6, "volume_cm3": 120000, "weight_g": 40000},
      "pickers": [{"id": "ana", "shift_start_s": 28800, "shift_end_s": 57600}],
      "setup_s": 60,
      "orders": [
        {"id": "o-1", "arrival_s": 28800, "cutoff_s": 43200, "totes": 1,
         "allow_split": false,
         "lines": [{"slot": "A03-L012-0", "quantity": 2, "weight_g": 500,
                    "volume_cm3": 900}]}
      ]
    }

``cart`` needs at least one limit; ``pickers`` and ``setup_s`` are optional
(without pickers the plan is batching only). ``LAYOUT.json`` is
:meth:`WarehouseLayout.to_dict` or ``{"regular": {...builder arguments...}}``.
Every bad value raises :class:`InvalidValueError` with the JSON path of the field
(the key as written in the file, e.g. ``orders[2].lines[0].slot`` for the domain's
``PickLine.slot_id``), also for the checks made when the problem is built
(:func:`wave_problem_from_json`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from logistics.domain.layout import WarehouseLayout
from logistics.domain.picking import PickLine, PickOrder
from logistics.errors import InvalidValueError, one_of
from logistics.json_file import read_json as _read_json

__all__ = [
    "read_json",
    "layout_from_json",
    "orders_from_json",
    "wave_problem_from_json",
    "check_router",
    "plan_to_dict",
    "validation_to_dict",
    "OrdersFile",
]


def read_json(path: str | Path, what: str) -> Any:
    """Load a JSON file; unreadable or malformed files name the file and position
    (:func:`logistics.json_file.read_json`)."""
    return _read_json(path, what)


def layout_from_json(data: Any) -> WarehouseLayout:
    """A :class:`WarehouseLayout` from its JSON form (see the module docstring); errors
    name the field under ``layout`` (``layout.regular.aisles``), as the CLI's ``--layout``
    and the API's ``layout`` member hold it."""
    try:
        return WarehouseLayout.from_dict(data)
    except InvalidValueError as exc:
        # the reader calls the whole document "layout" already
        raise (exc if exc.field == "layout" else exc.prefixed("layout")) from None


class OrdersFile:
    """Parsed ``ORDERS.json``: ``orders``, ``cart``, ``pickers`` and ``setup_s``."""

    def __init__(self, orders, cart, pickers, setup_s) -> None:  # noqa: ANN001
        self.orders = orders
        self.cart = cart
        self.pickers = pickers
        self.setup_s = setup_s


# domain field name -> JSON key, by the JSON object the field sits in
_LINE_KEYS = {"slot_id": "slot"}
_PICKER_KEYS = {"picker.id": "id"}


def _json_field(field: str) -> str:
    """A domain field path of an orders-file object (``orders[2].lines[0].slot_id``,
    ``pickers[1].picker.id``) as the path of its JSON key (``...lines[0].slot``,
    ``pickers[1].id``)."""
    head, dot, last = field.rpartition(".")
    if dot and head.endswith("]") and head.rpartition("[")[0].endswith("lines"):
        return f"{head}.{_LINE_KEYS.get(last, last)}"
    for name, key in _PICKER_KEYS.items():
        if field.endswith("]." + name):
            return field[: -len(name)] + key
    return field


def _json_error(exc: InvalidValueError, prefix: str = "") -> InvalidValueError:
    """``exc`` with its field as a JSON path, under ``prefix`` when given."""
    field = _json_field(f"{prefix}.{exc.field}" if prefix else exc.field)
    return InvalidValueError(field, exc.value, exc.reason)


def _obj(value: Any, field: str) -> dict:
    if not isinstance(value, dict):
        raise InvalidValueError(field, value, "expected a JSON object")
    return value


def _allowed(obj: dict, field: str, keys: set[str]) -> None:
    for k in obj:
        if k not in keys:
            raise InvalidValueError(
                f"{field}.{k}" if field else k,
                obj[k],
                "unknown field; expected " + one_of(sorted(keys)),
            )


def orders_from_json(data: Any) -> OrdersFile:
    """Parse ``ORDERS.json`` into domain objects; errors carry the JSON path."""
    from solvers.waves import CartCapacity, Picker

    root = _obj(data, "orders file")
    _allowed(root, "", {"cart", "pickers", "setup_s", "orders"})
    if "cart" not in root:
        raise InvalidValueError("cart", None, "required: the cart capacity")
    cart_d = _obj(root["cart"], "cart")
    _allowed(cart_d, "cart", {"items", "totes", "volume_cm3", "weight_g"})
    try:
        cart = CartCapacity(**cart_d)
    except InvalidValueError as exc:
        if exc.field == "cart":  # no limit at all: show the object as given
            raise InvalidValueError("cart", cart_d, exc.reason) from None
        raise
    pickers = []
    raw_pickers = root.get("pickers", [])
    if raw_pickers is not None and not isinstance(raw_pickers, list):
        raise InvalidValueError("pickers", raw_pickers, "expected a list of pickers")
    for i, p in enumerate(raw_pickers or []):
        p = _obj(p, f"pickers[{i}]")
        _allowed(p, f"pickers[{i}]", {"id", "shift_start_s", "shift_end_s"})
        try:
            pickers.append(Picker(p.get("id"), p.get("shift_start_s"), p.get("shift_end_s")))
        except InvalidValueError as exc:
            raise _json_error(exc, f"pickers[{i}]") from None
    orders = []
    raw = root.get("orders")
    if not isinstance(raw, list) or not raw:
        raise InvalidValueError("orders", raw, "expected a non-empty list of orders")
    for i, o in enumerate(raw):
        o = _obj(o, f"orders[{i}]")
        _allowed(
            o, f"orders[{i}]", {"id", "lines", "arrival_s", "cutoff_s", "totes", "allow_split"}
        )
        lines = []
        raw_lines = o.get("lines")
        if not isinstance(raw_lines, list):
            raise InvalidValueError(f"orders[{i}].lines", raw_lines, "expected a list of lines")
        for j, ln in enumerate(raw_lines):
            ln = _obj(ln, f"orders[{i}].lines[{j}]")
            _allowed(ln, f"orders[{i}].lines[{j}]", {"slot", "quantity", "weight_g", "volume_cm3"})
            try:
                lines.append(
                    PickLine(
                        ln.get("slot"),
                        ln.get("quantity", 1),
                        ln.get("weight_g", 0),
                        ln.get("volume_cm3", 0),
                    )
                )
            except InvalidValueError as exc:
                raise _json_error(exc, f"orders[{i}].lines[{j}]") from None
        try:
            orders.append(
                PickOrder(
                    o.get("id"),
                    tuple(lines),
                    arrival_s=o.get("arrival_s", 0),
                    cutoff_s=o.get("cutoff_s"),
                    totes=o.get("totes", 1),
                    allow_split=o.get("allow_split", False),
                )
            )
        except InvalidValueError as exc:
            raise _json_error(exc, f"orders[{i}]") from None
    setup = root.get("setup_s", 0)
    return OrdersFile(tuple(orders), cart, tuple(pickers), setup)


def wave_problem_from_json(layout: WarehouseLayout, parsed: OrdersFile):
    """The :class:`~solvers.waves.WaveProblem` of a parsed orders file in ``layout``.

    Without pickers, one picker with an open-ended shift (batching only). The checks
    made here (slots in the layout, orders that fit a cart, cut-offs after the first
    shift, picker ids, ``setup_s``) raise :class:`InvalidValueError` with the JSON path
    of the field in the orders file.
    """
    from solvers.waves import BatchingProblem, Picker, WaveProblem

    pickers = parsed.pickers or (Picker("picker", 0, 10**9),)
    try:
        return WaveProblem(
            BatchingProblem(layout, parsed.orders, parsed.cart), pickers, setup_s=parsed.setup_s
        )
    except InvalidValueError as exc:
        raise _json_error(exc) from None


def check_router(problem: Any, router: str) -> None:
    """Refuse, before any search and naming ``router``, a router that cannot price the carts
    of ``problem`` (a :class:`~solvers.waves.BatchingProblem`): a heuristic on a layout with
    more than one block or the depot off the front cross-aisle, or ``exact`` past three blocks
    when a cart may hold more pick points than Held-Karp takes (a safe upper bound over every
    limit of the cart: :func:`solvers.waves.costs.most_points_per_cart`). The routing itself
    would only fail once such a cart is priced, naming no field of the input."""
    from solvers.picking import RouteParams
    from solvers.picking.exact import MAX_DP_BLOCKS
    from solvers.picking.heuristics import HEURISTICS

    layout = problem.layout
    if router in HEURISTICS and (layout.n_blocks != 1 or layout.depot_cross_aisle != 0):
        raise InvalidValueError(
            "router",
            router,
            f"the heuristics need a single-block layout with the depot on the front "
            f"cross-aisle (this one has {layout.n_blocks} blocks, depot on cross-aisle "
            f"{layout.depot_cross_aisle}); use exact, auto or tsp",
        )
    if router == "exact" and layout.n_blocks > MAX_DP_BLOCKS:
        from solvers.waves.costs import most_points_per_cart

        most = RouteParams().exact_max_points
        # every limit of the cart (items, totes, volume, weight) bounds its points: only
        # the item limit used to, so small carts of unlimited items were refused
        per_cart = most_points_per_cart(problem)
        if per_cart > most:
            raise InvalidValueError(
                "router",
                router,
                f"exact routing on {layout.n_blocks} blocks takes at most {most} pick points "
                f"and a cart may hold {per_cart}; use auto or tsp",
            )


def plan_to_dict(plan: Any, layout: WarehouseLayout) -> dict[str, Any]:
    """A :class:`~solvers.waves.WavePlan` as JSON: waves, batches with pick lists, late orders."""
    out_batches = []
    for k, s in enumerate(plan.batches):
        b = s.batch
        owner: dict[str, list[str]] = {}
        for oid, line in zip(b.line_orders, b.lines, strict=True):
            owner.setdefault(line.slot_id, []).append(oid)
        qty: dict[str, int] = {}
        for line in b.lines:
            qty[line.slot_id] = qty.get(line.slot_id, 0) + line.quantity
        out_batches.append(
            {
                "batch": k,
                "wave": s.wave,
                "picker": s.picker_id,
                "start_s": s.start_s,
                "end_s": s.end_s,
                "orders": list(b.orders),
                "length_m": round(b.route.length_m, 3),
                "walk_s": round(b.route.walk_s, 1),
                "pick_s": round(b.route.pick_s, 1),
                "load": dict(
                    zip(("items", "totes", "volume_cm3", "weight_g"), b.load, strict=True)
                ),
                "picks": [
                    {"slot": sid, "quantity": qty[sid], "orders": sorted(set(owner.get(sid, [])))}
                    for sid in b.route.visits
                ],
            }
        )
    return {
        "total_length_m": round(plan.total_length_mm / 1000.0, 3),
        "makespan_s": plan.makespan_s,
        "on_time": plan.on_time,
        "waves": [
            {"wave": w.index, "cutoff_s": w.cutoff_s, "orders": list(w.order_ids)}
            for w in plan.waves
        ],
        "batches": out_batches,
        "late": [
            {
                "order": x.order_id,
                "cutoff_s": x.cutoff_s,
                "done_s": x.done_s,
                "late_by_s": x.late_by_s,
                "reason": x.reason,
            }
            for x in plan.late
        ],
    }


def validation_to_dict(check: Any) -> dict[str, Any]:
    """A :class:`~solvers.waves.PlanCheck` as ``{"feasible": bool, "violations": [...]}``
    (at most 50), the shape of the route-plan and slotting results."""
    return {"feasible": bool(check.ok), "violations": [str(e) for e in check.errors][:50]}
