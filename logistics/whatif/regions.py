"""US census regions of the states (for ``demand_growth`` by region on the US network)."""

from __future__ import annotations

__all__ = ["US_REGIONS", "us_region"]

_REGION_STATES = {
    "northeast": (
        "Connecticut Maine Massachusetts New_Hampshire Rhode_Island Vermont New_Jersey "
        "New_York Pennsylvania"
    ),
    "midwest": (
        "Illinois Indiana Michigan Ohio Wisconsin Iowa Kansas Minnesota Missouri Nebraska "
        "North_Dakota South_Dakota"
    ),
    "south": (
        "Delaware Florida Georgia Maryland North_Carolina South_Carolina Virginia "
        "District_of_Columbia West_Virginia Alabama Kentucky Mississippi Tennessee Arkansas "
        "Louisiana Oklahoma Texas"
    ),
    "west": (
        "Arizona Colorado Idaho Montana Nevada New_Mexico Utah Wyoming Alaska California "
        "Hawaii Oregon Washington"
    ),
}

#: The four US census regions.
US_REGIONS = tuple(_REGION_STATES)

_STATE_REGION = {
    state.replace("_", " "): region
    for region, states in _REGION_STATES.items()
    for state in states.split()
}


def us_region(state: str) -> str:
    """Census region (``northeast``, ``midwest``, ``south``, ``west``) of a state name.

    Territories and unknown names give ``other``.
    """
    return _STATE_REGION.get(state.strip(), "other")
