"""The rule options of a WIGM count (``StvOptions``), the named methods as presets,
and the quota each option names."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from .arithmetic import Precision, Rounding
from .prepare import Overvote
from .ties import TieRule


class Quota(StrEnum):
    """How the quota is computed from the valid vote V and the seats S."""

    DROOP = "droop"  # floor(V / (S + 1)) + 1
    DROOP_EXACT = "droop-exact"  # V / (S + 1)
    DROOP_EPSILON = "droop-epsilon"  # V / (S + 1) + 10^-places
    HARE = "hare"  # V / S


class Threshold(StrEnum):
    """Whether a candidate is elected on reaching the quota or only on exceeding it."""

    REACH = "reach"
    EXCEED = "exceed"


class TransferValue(StrEnum):
    """Where a surplus's transfer value is rounded."""

    PER_BALLOT = "per-ballot"  # surplus x ballot value / total, rounded (Scottish rule 48)
    PER_CANDIDATE = "per-candidate"  # surplus / total rounded, then times the ballot value


class SurplusOrder(StrEnum):
    """How surpluses are transferred."""

    LARGEST_FIRST = "largest-first"  # one surplus per stage, largest first
    ALL_AT_ONCE = "all-at-once"  # every pending surplus in one stage


@dataclass(frozen=True, slots=True)
class StvOptions:
    """The rule options of a WIGM count; see ``PRESETS`` for the named methods."""

    quota: Quota = Quota.DROOP
    threshold: Threshold = Threshold.REACH
    precision: Precision = field(default_factory=Precision)
    quota_epsilon_places: int = 4
    surplus_order: SurplusOrder = SurplusOrder.LARGEST_FIRST
    tie_rules: tuple[TieRule, ...] = (TieRule.BACKWARD, TieRule.LOT)
    bulk_exclusion: bool = False
    exclude_zero_first: bool = False
    overvote: Overvote = Overvote.EXHAUST
    max_skipped_ranks: int | None = None
    elect_one_per_round: bool = False
    eliminate_first: frozenset[str] = frozenset()
    transfer_value: TransferValue = TransferValue.PER_BALLOT
    reset_to_quota: bool = True

    def describe(self) -> dict[str, str]:
        """The options as named strings, for the result."""
        return {
            "quota": self.quota.value,
            "threshold": self.threshold.value,
            "precision": self.precision.describe(),
            "surplus order": self.surplus_order.value,
            "tie-break": ", then ".join(r.value for r in self.tie_rules),
            "bulk exclusion": "yes" if self.bulk_exclusion else "no",
            "zero-vote candidates excluded first": "yes" if self.exclude_zero_first else "no",
            "overvote": self.overvote.value,
            "one election per round": "yes" if self.elect_one_per_round else "no",
            "eliminated first": ", ".join(sorted(self.eliminate_first)) or "none",
            "transfer value rounded": self.transfer_value.value,
            "elected keep": "the quota" if self.reset_to_quota else "what the rounding left",
            "skipped ranks allowed": (
                "unlimited" if self.max_skipped_ranks is None else str(self.max_skipped_ranks)
            ),
        }


SCOTTISH = StvOptions(precision=Precision(5, Rounding.TRUNCATE))
WIGM_DROOP = StvOptions(quota=Quota.DROOP_EXACT, threshold=Threshold.EXCEED)
WIGM_HARE = StvOptions(quota=Quota.HARE)
MINNEAPOLIS = StvOptions(
    threshold=Threshold.EXCEED,
    precision=Precision(4, Rounding.TRUNCATE),
    transfer_value=TransferValue.PER_CANDIDATE,
    reset_to_quota=False,
    bulk_exclusion=True,
    overvote=Overvote.SKIP,
)
PRESETS: dict[str, StvOptions] = {
    "scottish-stv": SCOTTISH,
    "minneapolis-stv": MINNEAPOLIS,
    "wigm-droop": WIGM_DROOP,
    "wigm-hare": WIGM_HARE,
}


def compute_quota(options: StvOptions, valid: Fraction, seats: int) -> Fraction:
    """The quota of a count."""
    if options.quota is Quota.DROOP:
        return Fraction(valid.numerator // (valid.denominator * (seats + 1)) + 1)
    if options.quota is Quota.DROOP_EXACT:
        return valid / (seats + 1)
    if options.quota is Quota.DROOP_EPSILON:
        return valid / (seats + 1) + Fraction(1, 10**options.quota_epsilon_places)
    return valid / seats
