"""Property tests: the fast builders against geopy anywhere on the globe."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from logistics.matrices import euclidean_matrix, geodesic_matrix, haversine_matrix, lambert_matrix

lat = st.floats(-89.0, 89.0, allow_nan=False)
lon = st.floats(-180.0, 180.0, allow_nan=False)
place = st.tuples(lat, lon)


@settings(max_examples=60, deadline=None)
@given(st.lists(place, min_size=2, max_size=6, unique=True))
def test_sphere_and_lambert_track_the_ellipsoid(places):
    pts = np.array(places)
    exact = geodesic_matrix(pts)
    hav, lam = haversine_matrix(pts), lambert_matrix(pts)
    mask = exact > 1.0
    rel_h = np.abs(hav - exact)[mask] / exact[mask]
    assert (rel_h < 0.006).all()  # the sphere's worst case is 0.56% (equator, north-south)
    near = mask & (exact < 15_000_000)  # Lambert degrades only for near-antipodal pairs
    rel_l = np.abs(lam - exact)[near] / exact[near]
    assert (rel_l < 2e-4).all()


@settings(max_examples=60, deadline=None)
@given(st.lists(place, min_size=3, max_size=8, unique=True))
def test_great_circle_is_a_metric(places):
    m = haversine_matrix(np.array(places))
    assert np.array_equal(m, m.T) and (np.diag(m) == 0).all() and (m >= 0).all()
    n = len(places)
    for k in range(n):
        # d(i, j) <= d(i, k) + d(k, j), up to float rounding (asin loses precision
        # near antipodal pairs: well under a meter on a 20,000 km distance)
        assert (m <= m[:, [k]] + m[[k], :] + 1.0).all()
    assert m.max() <= np.pi * 6_371_008.8 + 1e-6


coord = st.integers(-1000, 1000)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(coord, coord), min_size=2, max_size=8))
def test_rounding_conventions_bracket_the_exact_length(points):
    pts = np.array(points, dtype=float)
    exact = euclidean_matrix(pts)
    rounded = euclidean_matrix(pts, rounding="round")
    trunc = euclidean_matrix(pts, rounding="truncate_1dp")
    assert (np.abs(rounded - exact) <= 0.5 + 1e-12).all()
    assert (trunc <= exact + 1e-12).all() and (exact - trunc < 0.1 + 1e-12).all()
    assert np.array_equal(np.round(trunc * 10), np.floor(np.sqrt(np.round(exact**2) * 100)))
