"""Every named counting method, as a function of an election and a seed.

Each name is a preset of rule options; ``METHODS`` is what the command line offers.
"""

from __future__ import annotations

from collections.abc import Callable

from . import irv, stv
from .ballots import Election
from .meek import count_meek
from .records import Result
from .schulze import Strength, count_schulze
from .simple import count_approval, count_plurality

Method = Callable[[Election, int], Result]


def _stv(name: str) -> Method:
    options = stv.PRESETS[name]
    return lambda election, seed: stv.count_stv(election, options, seed=seed, method=name)


def _irv(name: str) -> Method:
    options = irv.PRESETS[name]
    return lambda election, seed: irv.count_irv(election, options, seed=seed, method=name)


METHODS: dict[str, Method] = {
    "plurality": lambda election, seed: count_plurality(election, seed=seed),
    "approval": lambda election, seed: count_approval(election, seed=seed),
    **{name: _irv(name) for name in irv.PRESETS},
    **{name: _stv(name) for name in stv.PRESETS},
    "meek-stv": lambda election, seed: count_meek(election, seed=seed),
    "schulze": lambda election, seed: count_schulze(election, seed=seed),
    "schulze-margins": lambda election, seed: count_schulze(
        election, Strength.MARGINS, seed=seed, method="schulze-margins"
    ),
}


def run_method(name: str, election: Election, seed: int = 0) -> Result:
    """Count ``election`` by the named method."""
    try:
        method = METHODS[name]
    except KeyError:
        known = ", ".join(sorted(METHODS))
        raise ValueError(f"unknown method {name!r}; known methods: {known}") from None
    return method(election, seed)
