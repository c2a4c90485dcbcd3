"""Pin the names ``logistics.jobs`` exports."""

import logistics.jobs


def test_jobs_exports():
    assert sorted(logistics.jobs.__all__) == [
        "DASK_ENV",
        "DaskBackend",
        "DaskUnavailableError",
        "Executor",
        "Job",
        "ProcessPoolBackend",
        "default_workers",
        "get_executor",
        "run_all",
    ]
    for name in logistics.jobs.__all__:
        assert hasattr(logistics.jobs, name)
