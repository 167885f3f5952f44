"""Instant-runoff options, plurality and approval, and ties."""

from fractions import Fraction

import pytest

from internationale.tally import (
    Ballot,
    BallotError,
    Election,
    IrvOptions,
    count_approval,
    count_irv,
    count_plurality,
    ranked,
)
from internationale.tally.irv import Duplicate, next_choice
from internationale.tally.prepare import Overvote
from internationale.tally.records import TieBreak
from internationale.tally.ties import TieBreaker, TieRule

ALL = [True, True, True]


@pytest.mark.parametrize(
    ("ranking", "options", "hopeful", "expected"),
    [
        (((0, 1), (2,)), IrvOptions(), ALL, (2, -1)),
        (((0, 1), (2,)), IrvOptions(overvote=Overvote.SKIP), ALL, (1, 2)),
        (((0, 1), (2,)), IrvOptions(overvote=Overvote.SINGLE_CONTINUING), ALL, (2, -1)),
        (
            ((0, 1), (2,)),
            IrvOptions(overvote=Overvote.SINGLE_CONTINUING),
            [False, True, True],
            (0, 1),
        ),
        (
            ((0, 1), (2,)),
            IrvOptions(overvote=Overvote.SINGLE_CONTINUING),
            [False, False, True],
            (1, 2),
        ),
        (((), (), (1,)), IrvOptions(max_skipped_ranks=1), ALL, (3, -1)),
        (((), (1,)), IrvOptions(max_skipped_ranks=1), ALL, (1, 1)),
        (((0,), (0,), (1,)), IrvOptions(), [False, True, True], (2, 1)),
        (((0,), (0,), (1,)), IrvOptions(duplicate=Duplicate.EXHAUST), [False, True, True], (3, -1)),
    ],
)
def test_next_choice_applies_overvote_skip_and_repeat_rules(
    ranking, options, hopeful, expected
) -> None:
    assert next_choice(ranking, 0, hopeful, options) == expected


def test_irv_elects_the_majority_winner_after_transfers() -> None:
    election = Election(
        ("A", "B", "C"), (ranked(0, count=4), ranked(1, count=3), ranked(2, 1, count=2))
    )
    result = count_irv(election)
    assert result.elected == ("B",)
    assert [d.candidate for d in result.rounds[0].excluded] == ["C"]
    assert result.rounds[1].transfers[0].target == "B"


def test_irv_tie_for_last_place_goes_back_to_earlier_rounds_then_lot() -> None:
    election = Election(
        ("A", "B", "C", "D"),
        (ranked(0, count=6), ranked(1, count=3), ranked(2, count=2), ranked(3, 2)),
    )
    result = count_irv(election, IrvOptions(tie_rules=(TieRule.BACKWARD, TieRule.LOT)), seed=5)
    assert result.rounds[1].tie_breaks[0].tied == ("B", "C")
    assert result.rounds[1].tie_breaks[0].method == "earlier rounds backwards (round 1)"
    assert result.rounds[1].excluded[0].candidate == "C"


def test_irv_counts_exhausted_ballots_and_weights() -> None:
    election = Election(
        ("A", "B", "C"),
        (Ballot(((0,),), 2, Fraction(3, 2)), ranked(1, count=2), ranked(2), Ballot((), 1)),
    )
    result = count_irv(election)
    assert result.rounds[0].votes == {"A": 3, "B": 2, "C": 1}
    assert result.rounds[0].exhausted == 1
    assert result.elected == ("A",)


def test_irv_refuses_an_election_where_everyone_withdrew() -> None:
    with pytest.raises(BallotError):
        count_irv(Election(("A",), (), withdrawn=frozenset({0})))


def test_a_single_remaining_candidate_wins_irv() -> None:
    result = count_irv(Election(("A", "B"), (), withdrawn=frozenset({1})))
    assert result.elected == ("A",)
    assert result.rounds[0].elected[0].reason == "last continuing candidate"


def test_plurality_counts_first_preferences_and_draws_lots_at_the_cut() -> None:
    election = Election(
        ("A", "B", "C"),
        (ranked(0, count=3), ranked(1, count=2), ranked(2, count=2), Ballot(((0, 1),), 4)),
        seats=2,
    )
    result = count_plurality(election, seed=9)
    assert result.rounds[0].votes == {"A": 3, "B": 2, "C": 2}
    assert result.rounds[0].exhausted == 4
    assert result.elected[0] == "A"
    assert result.rounds[0].tie_breaks[0].method == "lot (seed 9)"


def test_approval_counts_every_mark_once() -> None:
    election = Election(
        ("A", "B", "C"),
        (Ballot(((0, 1),), 3), Ballot(((1,), (2,)), 2), Ballot((), 1)),
        seats=2,
        withdrawn=frozenset({2}),
    )
    result = count_approval(election)
    assert result.rounds[0].votes == {"A": 3, "B": 5}
    assert result.elected == ("B", "A")


def test_tie_rules_look_forwards_backwards_or_at_the_previous_round_only() -> None:
    names = ("A", "B", "C")
    history = [
        {0: Fraction(1), 1: Fraction(2), 2: Fraction(3)},
        {0: Fraction(5), 1: Fraction(4), 2: Fraction(4)},
        {0: Fraction(6), 1: Fraction(6), 2: Fraction(6)},
    ]

    def pick(rules: tuple[TieRule, ...], lowest: bool = True) -> tuple[int, TieBreak]:
        ties = TieBreaker(rules, 0, names)
        for votes in history:
            ties.record(votes)
        return ties.pick([0, 1, 2], "exclusion", lowest)

    assert pick((TieRule.FORWARD,))[0] == 0
    assert pick((TieRule.BACKWARD,))[0] == 1
    assert pick((TieRule.PREVIOUS, TieRule.CANDIDATE_ORDER))[0] == 1
    assert pick((TieRule.FORWARD,), lowest=False)[0] == 2
    chosen, record = pick(())
    assert (chosen, record.method) == (0, "no tie-break rule applied")
    empty = TieBreaker((TieRule.BACKWARD,), 0, names)
    assert empty.pick([1, 2], "x", True)[1].method == "earlier rounds backwards: no difference"


def test_an_overvote_at_the_first_marked_rank_can_make_a_ballot_invalid() -> None:
    election = Election(
        ("A", "B"), (Ballot(((), (0, 1)), 2), ranked(0, count=3), ranked(1, count=1))
    )
    result = count_irv(election, IrvOptions(first_overvote_invalid=True))
    assert result.notes == ("2 ballots invalid (overvote at the first rank)",)
    assert result.rounds[0].exhausted == 0


def test_candidates_who_cannot_win_compete_normally_when_no_one_else_stands() -> None:
    election = Election(("UWI", "Other"), (ranked(0, count=3), ranked(1)))
    options = IrvOptions(eliminate_first=frozenset({"UWI", "Other"}))
    assert count_irv(election, options).elected == ("UWI",)
    one_left = IrvOptions(eliminate_first=frozenset({"UWI"}))
    result = count_irv(election, one_left)
    assert result.rounds[0].excluded[0].reason == "cannot win (eliminated first)"
    assert result.elected == ("Other",)
