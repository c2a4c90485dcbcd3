import solvers.slotting


def test_public_names_pinned():
    assert sorted(solvers.slotting.__all__) == sorted(
        [
            "METHODS",
            "DaySlotting",
            "Move",
            "MoveListKind",
            "Progress",
            "ReplayResult",
            "ReslotResult",
            "SlottingCheck",
            "SlottingParams",
            "SlottingResult",
            "SlottingViolation",
            "plan_moves",
            "replay",
            "solve",
            "split_history",
            "validate",
            "walking_saved",
        ]
    )
    for name in solvers.slotting.__all__:
        assert hasattr(solvers.slotting, name)
