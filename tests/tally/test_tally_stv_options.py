"""Every rule difference of the WIGM engine is a named option that changes the count."""

import dataclasses
from fractions import Fraction

import pytest

from internationale.tally import (
    Ballot,
    Election,
    Precision,
    Quota,
    Result,
    Rounding,
    StvOptions,
    SurplusOrder,
    Threshold,
    count_stv,
    ranked,
)
from internationale.tally.prepare import Overvote
from internationale.tally.stv import (
    SCOTTISH,
    WIGM_DROOP,
    WIGM_HARE,
    TransferValue,
    compute_quota,
)


def election(*ballots: Ballot, names: str = "ABCD", seats: int = 2, **kw) -> Election:
    return Election(tuple(names), ballots, seats, **kw)


@pytest.mark.parametrize(
    ("quota", "expected"),
    [
        (Quota.DROOP, Fraction(4)),
        (Quota.DROOP_EXACT, Fraction(10, 3)),
        (Quota.DROOP_EPSILON, Fraction(10, 3) + Fraction(1, 10_000)),
        (Quota.HARE, Fraction(5)),
    ],
)
def test_the_quota_option_names_each_formula(quota: Quota, expected: Fraction) -> None:
    assert compute_quota(StvOptions(quota=quota), Fraction(10), 2) == expected
    result = count_stv(election(ranked(0, count=10)), StvOptions(quota=quota))
    assert result.rounds[0].quota == expected


def test_elected_on_reaching_the_quota_or_only_on_exceeding_it() -> None:
    ballots = (ranked(0, 1, count=4), ranked(1, count=3), ranked(2, count=3))
    reach = count_stv(election(*ballots, names="ABC"), StvOptions(threshold=Threshold.REACH))
    exceed = count_stv(election(*ballots, names="ABC"), StvOptions(threshold=Threshold.EXCEED))
    assert [d.reason for d in reach.rounds[0].elected] == ["reached the quota"]
    assert exceed.rounds[0].elected == ()


def test_scottish_truncates_transfer_values_to_five_decimals_where_wigm_is_exact() -> None:
    ballots = (ranked(0, 1, count=5), ranked(0, 2, count=2), ranked(1, count=2), ranked(2))
    base = election(*ballots, names="ABC")
    scottish = count_stv(base, SCOTTISH)
    exact = count_stv(base, dataclasses.replace(SCOTTISH, precision=Precision()))
    tv_scottish = {t.transfer_value for t in scottish.rounds[1].transfers}
    tv_exact = {t.transfer_value for t in exact.rounds[1].transfers}
    assert tv_scottish == {Fraction(42857, 100_000)}
    assert tv_exact == {Fraction(3, 7)}
    assert scottish.rounds[1].loss == Fraction(1, 100_000)
    assert exact.rounds[1].loss == 0


def test_rounding_half_up_keeps_the_nearest_value() -> None:
    options = dataclasses.replace(SCOTTISH, precision=Precision(2, Rounding.HALF_UP))
    ballots = (ranked(0, 1, count=5), ranked(0, 2, count=2), ranked(1, count=2), ranked(2))
    result = count_stv(election(*ballots, names="ABC"), options)
    assert {t.transfer_value for t in result.rounds[1].transfers} == {Fraction(43, 100)}
    assert result.options["precision"] == "2 decimals, half-up"


def test_surpluses_go_one_per_stage_largest_first_or_all_at_once() -> None:
    ballots = (ranked(0, 2, count=6), ranked(1, 3, count=5), ranked(2), ranked(3, count=2))
    base = election(*ballots, seats=3)
    one = count_stv(base, SCOTTISH)
    together = count_stv(
        base, dataclasses.replace(SCOTTISH, surplus_order=SurplusOrder.ALL_AT_ONCE)
    )
    assert [r.action for r in one.rounds[1:3]] == ["surplus of A", "surplus of B"]
    assert together.rounds[1].action == "surplus of A, B"


def test_bulk_exclusion_drops_every_candidate_who_together_cannot_catch_up() -> None:
    ballots = (ranked(0, count=10), ranked(1, count=9), ranked(2, 0), ranked(3, 1, count=2))
    base = election(*ballots, names="ABCD", seats=1)
    single = count_stv(base, WIGM_DROOP)
    bulk = count_stv(base, dataclasses.replace(WIGM_DROOP, bulk_exclusion=True))
    assert single.rounds[1].action == "exclusion of C"
    assert bulk.rounds[1].action == "exclusion of C, D"
    assert bulk.rounds[1].excluded[0].reason.startswith("bulk exclusion")


def test_zero_vote_candidates_can_be_excluded_together_first() -> None:
    ballots = (ranked(0, count=3), ranked(1, count=2), ranked(2, count=1))
    base = election(*ballots, names="ABCDE", seats=2)
    result = count_stv(base, dataclasses.replace(SCOTTISH, exclude_zero_first=True))
    assert result.rounds[1].action == "exclusion of D, E"
    assert {d.reason for d in result.rounds[1].excluded} == {"no votes"}


def test_a_withdrawn_candidate_is_skipped_on_every_ballot() -> None:
    ballots = (ranked(0, 1, count=3), ranked(1, count=2), ranked(2, count=2))
    base = election(*ballots, names="ABC", seats=1, withdrawn=frozenset({0}))
    result = count_stv(base, SCOTTISH)
    assert "A" not in result.rounds[0].votes
    assert result.rounds[0].votes["B"] == 5
    assert result.elected == ("B",)
    assert "3 ballots had skipped" in result.notes[0]


def test_overvotes_exhaust_or_are_skipped_and_skipped_ranks_can_be_limited() -> None:
    ballots = (Ballot(((0, 1), (2,)), 3), Ballot(((), (), (1,)), 2), ranked(0, count=2))
    base = election(*ballots, names="ABC", seats=1)
    exhaust = count_stv(base, StvOptions())
    skip = count_stv(base, StvOptions(overvote=Overvote.SKIP))
    limited = count_stv(base, StvOptions(overvote=Overvote.SKIP, max_skipped_ranks=1))
    assert exhaust.rounds[0].votes == {"A": 2, "B": 2, "C": 0}
    assert skip.rounds[0].votes == {"A": 2, "B": 2, "C": 3}
    assert limited.rounds[0].votes == {"A": 2, "B": 0, "C": 3}
    assert "set aside" in limited.notes[0]


def test_one_election_per_round_transfers_each_surplus_before_the_next_election() -> None:
    ballots = (ranked(0, 1, count=4), ranked(1, 2, count=4), ranked(2, count=4), ranked(3))
    base = election(*ballots, seats=3)
    many = count_stv(base, WIGM_DROOP)
    one = count_stv(base, dataclasses.replace(WIGM_DROOP, elect_one_per_round=True))
    assert len(many.rounds[0].elected) == 3
    assert [len(r.elected) for r in one.rounds] == [1, 1, 1]


def test_candidates_who_cannot_win_are_eliminated_first_and_never_elected() -> None:
    ballots = (ranked(2, 0, count=5), ranked(0, count=3), ranked(1, count=2))
    options = dataclasses.replace(WIGM_HARE, eliminate_first=frozenset({"C"}))
    result = count_stv(election(*ballots, names="ABC", seats=1), options)
    assert result.rounds[0].elected == ()
    assert result.rounds[1].excluded[0].reason == "cannot win (eliminated first)"
    assert result.elected == ("A",)


def test_the_last_seats_go_to_the_remaining_candidates_without_a_quota() -> None:
    ballots = (ranked(0, count=3), ranked(1, count=2), ranked(2, count=2))
    result = count_stv(election(*ballots, names="ABC", seats=2), SCOTTISH, seed=3)
    reasons = [d.reason for r in result.rounds for d in r.elected]
    assert reasons[-1] == "remaining candidates fill the remaining seats"
    assert result.rounds[-1].tie_breaks[0].purpose == "exclusion"
    assert result.seed == 3


def test_a_count_with_more_seats_than_candidates_elects_everyone() -> None:
    result = count_stv(election(ranked(0), names="AB", seats=3), SCOTTISH)
    assert sorted(result.elected) == ["A", "B"]


def test_tied_exclusion_is_broken_by_lot_with_the_printed_seed() -> None:
    ballots = (ranked(0, count=2), ranked(1, 0), ranked(2, 0), ranked(3, count=2))
    base = election(*ballots, names="ABCD", seats=1)
    draws = {count_stv(base, SCOTTISH, seed=s).rounds[1].action for s in range(12)}
    assert draws == {"exclusion of B", "exclusion of C"}
    tie = count_stv(base, SCOTTISH, seed=1).rounds[1].tie_breaks[0]
    assert tie.method == "lot (seed 1)"
    assert tie.tied == ("B", "C")


def test_weighted_ballots_count_their_mandate_exactly() -> None:
    ballots = (Ballot(((0,),), 2, Fraction(3, 2)), Ballot(((1,),), 1, Fraction(5, 2)))
    result = count_stv(election(*ballots, names="AB", seats=1), WIGM_DROOP)
    assert result.rounds[0].votes == {"A": 3, "B": Fraction(5, 2)}
    assert result.elected == ("A",)


def test_a_transfer_value_can_be_rounded_once_per_candidate_and_the_residue_kept() -> None:
    ballots = (ranked(0, 1, count=5), ranked(0, 2, count=2), ranked(1, count=2), ranked(2))
    base = election(*ballots, names="ABC")
    options = dataclasses.replace(
        SCOTTISH,
        precision=Precision(2, Rounding.TRUNCATE),
        transfer_value=TransferValue.PER_CANDIDATE,
        reset_to_quota=False,
    )
    result = count_stv(base, options)
    assert {t.transfer_value for t in result.rounds[1].transfers} == {Fraction(42, 100)}
    assert result.rounds[1].votes["A"] == 7 - Fraction(42, 100) * 7
    assert result.rounds[1].loss == 0
    assert result.options["elected keep"] == "what the rounding left"


def test_per_candidate_rounding_multiplies_the_value_each_ballot_carries() -> None:
    ballots = (ranked(0, 1, 2, count=12), ranked(3, count=2), ranked(4, count=2))
    base = election(*ballots, names="ABCDE", seats=3)
    three = Precision(3, Rounding.TRUNCATE)
    per_ballot = count_stv(base, dataclasses.replace(SCOTTISH, precision=three))
    per_candidate = count_stv(
        base,
        dataclasses.replace(SCOTTISH, precision=three, transfer_value=TransferValue.PER_CANDIDATE),
    )

    def from_b(result: Result) -> set[Fraction]:
        return {t.transfer_value for r in result.rounds for t in r.transfers if t.source == "B"}

    assert from_b(per_ballot) == {Fraction(166, 1000)}
    assert from_b(per_candidate) == {Fraction(583, 1000) * Fraction(285, 1000)}


def test_candidates_who_cannot_win_still_fill_seats_no_one_else_can() -> None:
    ballots = (ranked(0, count=3), ranked(1, count=2), ranked(2, count=1))
    options = dataclasses.replace(WIGM_HARE, eliminate_first=frozenset({"A", "B"}))
    result = count_stv(election(*ballots, names="ABC", seats=2), options)
    assert result.rounds[1].action == "exclusion of C"
    assert sorted(result.elected) == ["A", "B"]
