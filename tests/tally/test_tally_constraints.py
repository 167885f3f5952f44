"""Constrained seats: minimums and maximums per group, applied during the STV count."""

from internationale.tally import Election, GroupConstraint, count_stv, ranked
from internationale.tally.constraints import seats_needed
from internationale.tally.stv import SCOTTISH


def test_a_group_maximum_excludes_the_groups_other_candidates_once_reached() -> None:
    election = Election(
        ("Ana", "Bea", "Cai"),
        (ranked(0, 1, count=10), ranked(1, count=9), ranked(2, count=3)),
        seats=2,
    )
    section = GroupConstraint("section X", frozenset({0, 1}), maximum=1)
    result = count_stv(election, SCOTTISH, constraints=[section])
    assert result.elected == ("Ana", "Cai")
    excluded = result.rounds[0].excluded[0]
    assert (excluded.candidate, excluded.reason) == (
        "Bea",
        "group section X has reached its maximum of 1",
    )
    assert result.notes[-1] == "the constraints changed the outcome: Cai elected instead of Bea"


def test_a_guaranteed_seat_goes_to_the_groups_strongest_continuing_candidate() -> None:
    election = Election(
        ("Ana", "Bea", "Cai", "Dee"),
        (ranked(0, count=10), ranked(1, count=9), ranked(2, count=3), ranked(3, count=2)),
        seats=2,
    )
    women = GroupConstraint("women", frozenset({2, 3}), minimum=1)
    result = count_stv(election, SCOTTISH, constraints=[women])
    assert result.elected == ("Ana", "Cai")
    bea = result.rounds[0].excluded[0]
    assert bea.reason == "the remaining seats are reserved for group minimums"
    cai = next(d for r in result.rounds for d in r.elected if d.candidate == "Cai")
    assert cai.reason == "strongest continuing candidate of group women"


def test_a_group_minimum_protects_its_last_candidate_from_exclusion() -> None:
    election = Election(
        ("Ana", "Bea", "Cai", "Dee", "Eve"),
        (
            ranked(0, count=8),
            ranked(1, count=7),
            ranked(2, count=6),
            ranked(3, count=5),
            ranked(4, 2, count=1),
        ),
        seats=3,
    )
    youth = GroupConstraint("youth", frozenset({4}), minimum=1)
    result = count_stv(election, SCOTTISH, constraints=[youth])
    assert "Eve" in result.elected
    assert "Eve" not in [d.candidate for r in result.rounds for d in r.excluded]


def test_constraints_that_change_nothing_say_so() -> None:
    election = Election(("Ana", "Bea"), (ranked(0, count=3), ranked(1, count=2)), seats=1)
    loose = GroupConstraint("all", frozenset({0, 1}), minimum=0, maximum=1)
    result = count_stv(election, SCOTTISH, constraints=[loose])
    assert result.notes[-1] == "the constraints did not change who was elected"


def test_candidates_excluded_by_a_group_maximum_pass_their_ballots_on() -> None:
    election = Election(
        ("Ana", "Bea", "Cai", "Dan"),
        (ranked(0, count=10), ranked(1, 2, count=9), ranked(2, count=3), ranked(3, count=2)),
        seats=2,
    )
    section = GroupConstraint("section X", frozenset({0, 1}), maximum=1)
    result = count_stv(election, SCOTTISH, constraints=[section])
    assert result.rounds[1].action == "exclusion of Bea"
    assert result.rounds[1].votes["Cai"] == 12
    assert result.elected == ("Ana", "Cai")


def test_the_lowest_candidate_is_passed_over_when_a_minimum_protects_them() -> None:
    election = Election(
        ("Ana", "Bea", "Cai", "Dee", "Eve"),
        (
            ranked(0, count=10),
            ranked(1, count=4),
            ranked(2, count=4),
            ranked(3, count=3),
            ranked(4, count=1),
        ),
        seats=3,
    )
    youth = GroupConstraint("youth", frozenset({4}), minimum=1)
    result = count_stv(election, SCOTTISH, constraints=[youth], seed=2)
    excluded = [d.candidate for r in result.rounds for d in r.excluded]
    assert excluded[0] == "Dee"
    assert "Eve" in result.elected


def test_seats_needed_counts_a_candidate_of_two_groups_once() -> None:
    women = GroupConstraint("women", frozenset({2, 3}), minimum=1)
    section = GroupConstraint("section X", frozenset({1, 3}), minimum=1)
    assert seats_needed([women, section], [], [0, 1, 2, 3]) == 1
    assert seats_needed([women, section], [], [0, 1, 2]) == 2
    assert seats_needed([women, section], [2], [0, 1]) == 1
    assert seats_needed([women, section], [], [0, 2]) is None
    capped = GroupConstraint("women", frozenset({2, 3}), minimum=0, maximum=0)
    assert seats_needed([capped, section], [], [1, 3]) == 1
    assert seats_needed([capped, section], [], [3]) is None
    assert seats_needed([capped], [2], [0]) is None
    assert seats_needed([], [], [0]) == 0


OVERLAP = Election(
    ("Mo", "Max", "Xan", "Wen", "Wyx"),
    (
        ranked(0, count=10),
        ranked(1, count=9),
        ranked(2, count=3),
        ranked(3, count=2),
        ranked(4, count=1),
    ),
    seats=3,
)
WOMEN = GroupConstraint("women", frozenset({3, 4}), minimum=1)
SECTION = GroupConstraint("section X", frozenset({2, 4}), minimum=1)


def test_one_candidate_in_two_groups_meets_both_minimums_with_one_seat() -> None:
    result = count_stv(OVERLAP, SCOTTISH, constraints=[WOMEN, SECTION])
    assert result.elected == ("Mo", "Max", "Wyx")
    wyx = next(d for r in result.rounds for d in r.elected if d.candidate == "Wyx")
    assert wyx.reason == "strongest continuing candidate of group women and section X"
    assert result.notes[-1] == "the constraints changed the outcome: Wyx elected instead of Xan"


def test_overlapping_minimums_protect_the_candidate_only_they_need() -> None:
    election = Election(
        OVERLAP.candidates,
        (*OVERLAP.ballots[:3], ranked(3, count=4), ranked(4, 3, count=1)),
        seats=3,
    )
    result = count_stv(election, SCOTTISH, constraints=[WOMEN, SECTION])
    assert "Wyx" in result.elected
    assert "Wyx" not in [d.candidate for r in result.rounds for d in r.excluded]


def test_minimums_out_of_reach_do_not_stop_the_count_and_are_reported() -> None:
    election = Election(("Ana", "Bea", "Cai"), (ranked(0, count=5), ranked(1, count=4)), seats=2)
    youth = GroupConstraint("youth", frozenset({2}), minimum=2)
    result = count_stv(election, SCOTTISH, constraints=[youth])
    assert len(result.elected) == 2
    assert "group youth has 1 seats, below its minimum of 2" in result.notes
