"""The params classes' ``time_limit`` is ``time_limit_s`` (``solvers._renamed``): the old
keyword is a TypeError that names the new one, not Python's bare "unexpected keyword"."""

from __future__ import annotations

import pickle
from dataclasses import replace

import pytest

from solvers._renamed import renamed_keywords
from solvers.network import NetworkParams
from solvers.routing import RoutingParams
from solvers.sourcing import BatchParams, SourcingParams
from solvers.wave_selection import WaveSelectionParams

PARAMS = [RoutingParams, NetworkParams, SourcingParams, BatchParams, WaveSelectionParams]


@pytest.mark.parametrize("cls", PARAMS, ids=lambda c: c.__name__)
def test_the_old_keyword_names_time_limit_s(cls):
    with pytest.raises(
        TypeError, match=rf"^{cls.__name__}\(\) takes time_limit_s=, not time_limit="
    ):
        cls(time_limit=3)


@pytest.mark.parametrize("cls", PARAMS, ids=lambda c: c.__name__)
def test_time_limit_s_is_the_field(cls):
    params = cls(time_limit_s=3)
    assert params.time_limit_s == 3
    assert replace(params, time_limit_s=4).time_limit_s == 4  # replace() goes through __init__
    assert pickle.loads(pickle.dumps(params)) == params  # worker processes get them pickled


def test_other_keywords_keep_python_s_own_error():
    with pytest.raises(TypeError, match="unexpected keyword argument 'time_limt_s'"):
        RoutingParams(time_limt_s=3)


def test_the_wrapped_init_keeps_its_signature_and_docs():
    @renamed_keywords(old="new")
    class P:
        def __init__(self, new: int = 0) -> None:
            """Doc."""
            self.new = new

    assert P.__init__.__doc__ == "Doc." and P(new=2).new == 2 and P(3).new == 3
    with pytest.raises(TypeError, match=r"P\(\) takes new=, not old="):
        P(old=1)
