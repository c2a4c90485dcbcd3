import solvers.picking


def test_picking_exports():
    assert sorted(solvers.picking.__all__) == [
        "METHODS",
        "PickRoute",
        "RouteCheck",
        "RouteParams",
        "route",
        "route_length_mm",
        "validate",
    ]
