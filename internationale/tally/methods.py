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


# The method for an executive elected by proportional rules (docs/tally.md); with one
# seat it counts as an instant runoff does (the quota is then half the continuing vote).
DEFAULT_METHOD = "meek-stv"

# Every method in plain words, grouped as the command line's help lists them.
GROUPS: tuple[tuple[str, dict[str, str]], ...] = (
    (
        "Proportional representation, several seats (single transferable vote)",
        {
            "meek-stv": "Meek STV (Hill, Wichmann and Woodall, 1987; the method New Zealand's "
            "STV local elections use): elected candidates keep only the share of each ballot "
            "they need and pass the rest on, recomputed until stable; the quota falls as "
            "ballots exhaust; counted to 9 decimals",
            "scottish-stv": "STV by the rules of Scottish local elections (SSI 2007/42): Droop "
            "quota, one surplus per stage, transfer values truncated to 5 decimals",
            "minneapolis-stv": "STV as Minneapolis counted in 2013: elected only on exceeding the "
            "quota, transfer values truncated to 4 decimals, bulk exclusion",
            "wigm-droop": "STV by the weighted inclusive Gregory method in exact fractions, "
            "quota votes/(seats+1), elected on exceeding it",
            "wigm-hare": "STV by the weighted inclusive Gregory method in exact fractions, Hare "
            "quota votes/seats",
        },
    ),
    (
        "One seat, ranked ballots (instant runoff)",
        {
            "irv": "instant-runoff voting: the candidate with the fewest votes is excluded and "
            "their ballots go to the next choice, until one has a majority of the votes still "
            "counting; an overvote exhausts the ballot",
            "irv-batch": "instant runoff as Burlington (Vermont) counted it in 2009: every "
            "candidate who cannot catch up is excluded at once; an overvote counts if only one "
            "of its candidates continues",
        },
    ),
    (
        "A full ranking from pairwise contests (Condorcet)",
        {
            "schulze": "the Schulze method, as Debian uses it: each pair of candidates compared "
            "on every ballot, defeats measured by winning votes; seats go down the ranking",
            "schulze-margins": "the Schulze method with defeats measured by margins",
        },
    ),
    (
        "Counting marks",
        {
            "plurality": "first past the post: each ballot counts for its first choice; the "
            "most votes win",
            "approval": "approval voting: each ballot counts for every candidate it marks; the "
            "most approvals win",
        },
    ),
)
DESCRIPTIONS: dict[str, str] = {name: text for _, group in GROUPS for name, text in group.items()}
TITLES: dict[str, str] = {
    "meek-stv": "Meek STV",
    "scottish-stv": "Scottish STV (SSI 2007/42)",
    "minneapolis-stv": "STV, Minneapolis 2013 rules",
    "wigm-droop": "STV, weighted inclusive Gregory, Droop quota",
    "wigm-hare": "STV, weighted inclusive Gregory, Hare quota",
    "irv": "instant-runoff voting",
    "irv-batch": "instant-runoff voting with batch elimination",
    "schulze": "Schulze method (winning votes)",
    "schulze-margins": "Schulze method (margins)",
    "plurality": "plurality (first past the post)",
    "approval": "approval voting",
}


def run_method(name: str, election: Election, seed: int = 0) -> Result:
    """Count ``election`` by the named method."""
    try:
        method = METHODS[name]
    except KeyError:
        known = ", ".join(sorted(METHODS))
        raise ValueError(f"unknown method {name!r}; known methods: {known}") from None
    return method(election, seed)
