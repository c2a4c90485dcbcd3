"""The scenario file: strict pydantic models (unknown keys and wrong types are errors).

Units: distances in meters (``*_m``), times in seconds (``*_s``), speeds in km/h,
demand and capacity in units per planning period, money in currency units per
planning period (fixed costs) or per unit and km (transport rate).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

__all__ = [
    "LatLonSpec",
    "SiteSpec",
    "DemandPointSpec",
    "SiteDefaults",
    "BaseNetwork",
    "ServiceLevel",
    "Service",
    "CostRates",
    "ServiceLevelPatch",
    "ServicePatch",
    "CostRatesPatch",
    "Changes",
    "SolverOptions",
    "Scenario",
]


class _Strict(BaseModel):
    # NaN and +-inf are errors naming the field (YAML reads ``.nan`` / ``.inf`` as floats)
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class LatLonSpec(_Strict):
    """``{lat, lon}`` in WGS84 degrees."""

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class SiteSpec(_Strict):
    """A warehouse: existing, or a candidate the planner may open.

    ``status``: ``open`` (kept open), ``candidate`` (the solver decides) or
    ``closed`` (kept closed).
    """

    id: str = Field(min_length=1)
    location: LatLonSpec
    # lt=1e20: infinite to SCIP (logistics.domain.facility.SOLVER_INFINITY)
    capacity: float = Field(ge=0, lt=1e20, description="units per period")
    fixed_cost: float = Field(ge=0, lt=1e20, description="currency per period when open")
    status: Literal["open", "candidate", "closed"] = "candidate"
    name: str = ""


class DemandPointSpec(_Strict):
    """A demand point (a city, a postcode centroid) with its demand and region."""

    id: str = Field(min_length=1)
    location: LatLonSpec
    demand: float = Field(ge=0, lt=1e20, description="units per period")
    region: str = "all"


class SiteDefaults(_Strict):
    """Capacity and fixed cost for sites whose file gives none (the US set's centres).

    ``capacity`` ``None`` means 20% of the base network's total demand.
    """

    capacity: float | None = Field(default=None, ge=0, lt=1e20)
    fixed_cost: float = Field(default=2_000_000.0, ge=0, lt=1e20)


class BaseNetwork(_Strict):
    """Where the scenario starts.

    ``network: us`` uses ``datasets/us_fulfillment_network`` (99 cities,
    demand = population x ``demand_per_capita``, regions = US census regions;
    10 fulfillment centres with ``site_defaults``), plus any ``sites`` given
    here. ``network: custom`` uses only ``sites`` and ``demand_points``.
    """

    network: Literal["us", "custom"] = "us"
    demand_per_capita: float = Field(
        default=1.0,
        ge=0,
        le=1e6,
        description="units per inhabitant and period; at most 1e6, so a city's demand stays "
        "below the solver's infinity (1e20)",
    )
    existing_sites: Literal["keep", "optimize"] = Field(
        default="keep",
        description="keep: the US centres stay open; optimize: the solver may close them",
    )
    site_defaults: SiteDefaults = SiteDefaults()
    candidate_cities: int = Field(
        default=0, ge=0, description="add a candidate site at each of the N largest cities"
    )
    candidate_defaults: SiteDefaults = SiteDefaults(fixed_cost=500_000.0)
    sites: list[SiteSpec] = []
    demand_points: list[DemandPointSpec] = []


class ServiceLevel(_Strict):
    """A promise a site can keep for a demand point within this distance and/or time."""

    max_distance_m: float | None = Field(default=None, gt=0)
    max_transit_s: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _one_limit(self) -> ServiceLevel:
        if self.max_distance_m is None and self.max_transit_s is None:
            raise ValueError("give max_distance_m, max_transit_s or both")
        return self


class Service(_Strict):
    """Promise levels and how distance becomes transit time.

    Road distance = great-circle distance x ``road_factor``; transit time =
    road distance / ``speed_kmh``. ``max_distance_m``, when set, is a hard
    reach: no site farther than that may serve a demand point.
    """

    same_day: ServiceLevel = ServiceLevel(max_distance_m=150_000.0)
    next_day: ServiceLevel = ServiceLevel(max_distance_m=800_000.0)
    speed_kmh: float = Field(default=70.0, gt=0)
    road_factor: float = Field(default=1.25, ge=1)
    max_distance_m: float | None = Field(default=None, gt=0)


class CostRates(_Strict):
    """Money: transport per unit and road km; fixed costs scaled by a factor; promise penalties.

    ``penalty_beyond_same_day`` / ``penalty_beyond_next_day`` are charged per
    unit served from a site that cannot keep that promise: they trade cost for
    coverage (sweep them to trace the frontier).
    """

    transport_per_unit_km: float = Field(default=0.002, ge=0)
    fixed_cost_factor: float = Field(default=1.0, ge=0)
    penalty_beyond_same_day: float = Field(default=0.0, ge=0)
    penalty_beyond_next_day: float = Field(default=0.0, ge=0)


class ServiceLevelPatch(_Strict):
    max_distance_m: float | None = Field(default=None, gt=0)
    max_transit_s: float | None = Field(default=None, gt=0)


class ServicePatch(_Strict):
    """Changes to :class:`Service`; unset fields keep the base value."""

    same_day: ServiceLevelPatch | None = None
    next_day: ServiceLevelPatch | None = None
    speed_kmh: float | None = Field(default=None, gt=0)
    road_factor: float | None = Field(default=None, ge=1)
    max_distance_m: float | None = Field(default=None, gt=0)


class CostRatesPatch(_Strict):
    """Changes to :class:`CostRates`; unset fields keep the base value."""

    transport_per_unit_km: float | None = Field(default=None, ge=0)
    fixed_cost_factor: float | None = Field(default=None, ge=0)
    penalty_beyond_same_day: float | None = Field(default=None, ge=0)
    penalty_beyond_next_day: float | None = Field(default=None, ge=0)


class Changes(_Strict):
    """What the scenario changes against the base network.

    ``capacity_factor`` and ``demand_growth`` are keyed by site id / region
    (``"*"`` = all); growth ``0.3`` means +30%.
    """

    open: list[str] = []
    close: list[str] = []
    add: list[SiteSpec] = []
    capacity_factor: dict[str, float] = {}
    demand_growth: dict[str, float] = {}
    service: ServicePatch = ServicePatch()
    cost_rates: CostRatesPatch = CostRatesPatch()


class SolverOptions(_Strict):
    """How each network is solved (``solvers.network``).

    ``time_limit_s``: seconds per network solve; ``time_limit`` is its older spelling,
    still read (giving both is an error naming ``solver.time_limit``).
    """

    time_limit_s: float = Field(
        default=10.0, gt=0, validation_alias=AliasChoices("time_limit_s", "time_limit")
    )
    single_source: bool = False

    @model_validator(mode="before")
    @classmethod
    def _one_spelling(cls, data: Any) -> Any:
        if isinstance(data, dict) and "time_limit" in data and "time_limit_s" in data:
            both = PydanticCustomError(
                "both_spellings", "give time_limit_s or its older spelling time_limit, not both"
            )
            raise ValidationError.from_exception_data(
                cls.__name__,
                [InitErrorDetails(type=both, loc=("time_limit",), input=data["time_limit"])],
            )
        return data


class Scenario(_Strict):
    """A what-if scenario: base network, service and cost model, changes, optional sweep.

    ``sweep`` maps a dotted path inside ``changes`` (``capacity_factor.*``,
    ``demand_growth.south``, ``cost_rates.penalty_beyond_next_day``,
    ``service.same_day.max_distance_m``, ``open``) to the values to try; the
    grid is their cartesian product.
    """

    name: str = Field(min_length=1)
    description: str = ""
    base: BaseNetwork = BaseNetwork()
    service: Service = Service()
    cost_rates: CostRates = CostRates()
    changes: Changes = Changes()
    sweep: dict[str, list[Any]] = {}
    solver: SolverOptions = SolverOptions()
