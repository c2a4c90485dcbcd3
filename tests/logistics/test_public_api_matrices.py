"""Pin the public names of the travel-matrix modules."""

import logistics.matrices
import logistics.road_graph
import logistics.travel_time


def test_matrices_exports():
    assert sorted(logistics.matrices.__all__) == sorted(
        [
            "EARTH_RADIUS_M",
            "Rounding",
            "CoordinateKind",
            "as_coordinates",
            "geodesic_distance",
            "geodesic_matrix",
            "haversine_matrix",
            "lambert_matrix",
            "euclidean_matrix",
            "round_distances",
            "to_int_matrix",
            "TravelMatrix",
            "MatrixProvider",
            "HaversineProvider",
            "LambertProvider",
            "GeodesicProvider",
            "EuclideanProvider",
            "PrecomputedProvider",
        ]
    )


def test_travel_time_exports():
    assert sorted(logistics.travel_time.__all__) == sorted(
        [
            "HOUR_S",
            "DAY_S",
            "SpeedProfile",
            "apply_road_factor",
            "travel_time_matrix",
            "TimeDependentTravelTimes",
        ]
    )


def test_road_graph_exports():
    assert sorted(logistics.road_graph.__all__) == sorted(
        ["RoadGraph", "RoadGraphProvider", "read_osm_xml", "DRIVABLE_HIGHWAYS"]
    )


def test_every_exported_name_exists():
    for mod in (logistics.matrices, logistics.road_graph, logistics.travel_time):
        for name in mod.__all__:
            assert hasattr(mod, name), (mod.__name__, name)
