"""Pin the names ``solvers.network`` exports."""

import solvers.network


def test_network_exports():
    assert sorted(solvers.network.__all__) == [
        "NetworkParams",
        "NetworkResult",
        "NetworkStatus",
        "Progress",
        "Validation",
        "solve",
        "validate",
    ]
    for name in solvers.network.__all__:
        assert hasattr(solvers.network, name)
