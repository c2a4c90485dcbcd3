"""Pin the names ``solvers.wave_selection`` exports."""

import solvers.wave_selection


def test_wave_selection_exports():
    assert sorted(solvers.wave_selection.__all__) == [
        "METHODS",
        "WaveCheck",
        "WaveSelectionParams",
        "WaveSelectionResult",
        "check_wave",
        "solve",
        "validate",
    ]
    for name in solvers.wave_selection.__all__:
        assert hasattr(solvers.wave_selection, name)
