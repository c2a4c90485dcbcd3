"""Pin the names exported by the routing-bench modules (backends, portfolio, large, peers)."""

import benchmarks.peers
import logistics.datasets.cvrplib
import logistics.datasets.lilim
import logistics.datasets.loggi
import logistics.datasets.routing_instance
import logistics.datasets.vrptw
import solvers.routing.large
import solvers.routing.portfolio
import solvers.routing.pyvrp_backend


def test_backend_exports():
    assert sorted(solvers.routing.pyvrp_backend.__all__) == [
        "PyvrpModel",
        "PyvrpRoutes",
        "build_pyvrp_data",
        "initial_solution",
        "penalty_params",
        "plan_of",
        "problem_matrices",
        "routes_from_solution",
        "run_pyvrp",
        "solve_pyvrp",
        "supports",
        "unsupported_features",
    ]
    assert sorted(solvers.routing.portfolio.__all__) == [
        "WARM_START_SHARE",
        "choose_path",
        "solve_auto",
    ]
    assert sorted(solvers.routing.large.__all__) == [
        "LARGE_STOPS",
        "LargePlan",
        "plan_large",
        "route_cost",
        "solve_large",
        "sweep_regions",
        "validate_large",
    ]


def test_reader_and_peer_exports():
    assert sorted(benchmarks.peers.__all__) == [
        "PEERS",
        "PEER_PACKAGES",
        "PeerRun",
        "peer_is_installed",
        "solve_with_pyvrp",
        "solve_with_vroom",
    ]
    assert logistics.datasets.vrptw.__all__[:3] == ["read_solomon", "read_homberger", "read_vrptw"]
    assert logistics.datasets.cvrplib.__all__[:2] == ["read_cvrplib", "read_cvrplib_solution"]
    assert logistics.datasets.lilim.__all__ == ["read_lilim"]
    assert logistics.datasets.loggi.__all__ == ["read_loggi", "haversine_matrix_m"]
    assert "RoutingInstance" in logistics.datasets.routing_instance.__all__
