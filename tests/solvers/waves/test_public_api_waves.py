import solvers.waves


def test_waves_exports():
    assert sorted(solvers.waves.__all__) == sorted(
        [
            "Batch",
            "BatchingCheck",
            "BatchingParams",
            "BatchingProblem",
            "BatchingResult",
            "CartCapacity",
            "LateOrder",
            "Picker",
            "PlanCheck",
            "Progress",
            "ScheduledBatch",
            "Wave",
            "WaveParams",
            "WavePlan",
            "WaveProblem",
            "plan_waves",
            "solve_batching",
            "validate",
            "validate_batching",
        ]
    )
