"""Tally: an exact, auditable counting core for votes, elections and apportionment.

Pure Python: no Django, no I/O, no clock, no global random state. Frozen dataclasses
in (``Election``, ``Ballot``, options), a ``Result`` out that records every round.
"""

from .apportion import Apportionment, ApportionMethod, Section, apportion
from .arithmetic import Precision, Rounding
from .ballots import Ballot, BallotError, Election, group_ballots, ranked
from .blt import parse_blt, write_blt
from .constraints import GroupConstraint
from .cvr import parse_csv_cvr
from .decisions import Choice, DecisionResult, DecisionRule, DecisionVote, Majority, decide
from .irv import IrvOptions, count_irv
from .meek import MeekOptions, count_meek
from .methods import METHODS, run_method
from .preflib import parse_preflib
from .records import Decision, Result, Round, TieBreak, Transfer
from .schulze import Strength, count_schulze
from .simple import count_approval, count_plurality
from .stv import SCOTTISH as SCOTTISH_STV
from .stv import Quota, StvOptions, SurplusOrder, Threshold, count_stv
from .ties import TieRule

__all__ = [
    "METHODS",
    "SCOTTISH_STV",
    "ApportionMethod",
    "Apportionment",
    "Ballot",
    "BallotError",
    "Choice",
    "Decision",
    "DecisionResult",
    "DecisionRule",
    "DecisionVote",
    "Election",
    "GroupConstraint",
    "IrvOptions",
    "Majority",
    "MeekOptions",
    "Precision",
    "Quota",
    "Result",
    "Round",
    "Rounding",
    "Section",
    "Strength",
    "StvOptions",
    "SurplusOrder",
    "Threshold",
    "TieBreak",
    "TieRule",
    "Transfer",
    "apportion",
    "count_approval",
    "count_irv",
    "count_meek",
    "count_plurality",
    "count_schulze",
    "count_stv",
    "decide",
    "group_ballots",
    "parse_blt",
    "parse_csv_cvr",
    "parse_preflib",
    "ranked",
    "run_method",
    "write_blt",
]
