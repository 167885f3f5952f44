"""Yes/no decisions, delegate apportionment, and the Schulze method."""

from fractions import Fraction

import pytest

from internationale.tally import Election, ranked
from internationale.tally.apportion import ApportionMethod, Section, apportion
from internationale.tally.decisions import Choice, DecisionRule, DecisionVote, Majority, decide
from internationale.tally.schulze import Strength, count_schulze

YES, NO, ABSTAIN = Choice.YES, Choice.NO, Choice.ABSTAIN


def votes(yes: int, no: int, abstain: int) -> list[DecisionVote]:
    return [DecisionVote(YES, yes), DecisionVote(NO, no), DecisionVote(ABSTAIN, abstain)]


def test_a_simple_majority_ignores_abstentions() -> None:
    result = decide(votes(10, 9, 30), DecisionRule())
    assert result.carried
    assert result.base == "votes cast for or against (abstentions not counted)"
    assert not decide(votes(9, 9, 0), DecisionRule()).carried


def test_an_absolute_majority_is_measured_against_the_members_entitled() -> None:
    rule = DecisionRule(Majority.ABSOLUTE, members_entitled=Fraction(40))
    assert not decide(votes(20, 0, 0), rule).carried
    assert decide(votes(21, 19, 0), rule).carried
    assert decide(votes(21, 0, 0), rule).base == "members entitled to vote"
    with pytest.raises(ValueError, match="members entitled"):
        decide(votes(1, 0, 0), DecisionRule(Majority.ABSOLUTE))


def test_two_thirds_is_reached_at_exactly_two_thirds() -> None:
    rule = DecisionRule(Majority.TWO_THIRDS)
    assert decide(votes(20, 10, 5), rule).carried
    assert not decide(votes(19, 10, 5), rule).carried


def test_a_configured_fraction_can_be_strict_or_inclusive() -> None:
    strict = DecisionRule(Majority.FRACTION, fraction=Fraction(3, 5))
    inclusive = DecisionRule(Majority.FRACTION, fraction=Fraction(3, 5), inclusive=True)
    assert not decide(votes(6, 4, 0), strict).carried
    assert decide(votes(6, 4, 0), inclusive).carried


def test_a_decision_without_quorum_is_not_carried_and_says_why() -> None:
    weighted = [DecisionVote(YES, 2, Fraction(5, 2)), DecisionVote(NO, 1)]
    result = decide(weighted, DecisionRule(quorum=Fraction(10)))
    assert result.yes == 5
    assert not result.quorate
    assert not result.carried
    assert "quorum of 10 not met" in result.explanation
    assert result.to_json()["yes"] == "5"


SECTIONS = [Section("A", 53000), Section("B", 24000), Section("C", 23000)]


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (ApportionMethod.HAMILTON, {"A": 4, "B": 2, "C": 1}),
        (ApportionMethod.DHONDT, {"A": 4, "B": 2, "C": 1}),
        (ApportionMethod.SAINTE_LAGUE, {"A": 3, "B": 2, "C": 2}),
    ],
)
def test_apportionment_methods_give_the_textbook_seats(method, expected) -> None:
    result = apportion(SECTIONS, 7, method)
    assert result.seats == expected
    assert result.feasible


@pytest.mark.parametrize("method", list(ApportionMethod))
def test_apportionment_respects_minimums_and_maximums(method) -> None:
    sections = [Section("big", 9000, 1, 5), Section("mid", 900, 1), Section("tiny", 10, 1)]
    result = apportion(sections, 10, method)
    assert sum(result.seats.values()) == 10
    assert result.seats["tiny"] == 1
    assert result.seats["big"] == 5
    assert result.steps


def test_apportionment_says_why_it_cannot_fill_the_house() -> None:
    too_many = apportion([Section("a", 1, 3), Section("b", 1, 3)], 5, ApportionMethod.DHONDT)
    too_few = apportion([Section("a", 1, 0, 1), Section("b", 1, 0, 1)], 5, ApportionMethod.DHONDT)
    nobody = apportion([], 5, ApportionMethod.HAMILTON)
    assert not too_many.feasible
    assert "minimums need 6" in too_many.reason
    assert "maximums allow only 2" in too_few.reason
    assert nobody.reason == "there are no sections"
    assert "not possible" in too_many.render_text()


def test_apportionment_ties_are_drawn_by_seeded_lot() -> None:
    equal = [Section("a", 100), Section("b", 100), Section("c", 100)]
    for method in ApportionMethod:
        drawn = {tuple(apportion(equal, 2, method, seed=s).seats.values()) for s in range(10)}
        assert len(drawn) > 1
        assert apportion(equal, 2, method, seed=4).tie_breaks


def test_apportionment_with_no_members_shares_seats_evenly() -> None:
    result = apportion([Section("a", 0), Section("b", 0)], 4, ApportionMethod.HAMILTON)
    assert result.seats == {"a": 2, "b": 2}


def test_apportionment_refuses_bad_sections() -> None:
    with pytest.raises(ValueError, match="unique"):
        apportion([Section("a", 1), Section("a", 2)], 2, ApportionMethod.DHONDT)
    with pytest.raises(ValueError, match="negative"):
        apportion([Section("a", -1)], 2, ApportionMethod.DHONDT)


def test_apportionment_renders_as_json_and_text() -> None:
    result = apportion(SECTIONS, 7, ApportionMethod.DHONDT, seed=2)
    data = result.to_json()
    assert data["seats"] == {"A": 4, "B": 2, "C": 1}
    assert data["seed"] == 2
    assert "A      4" in result.render_text()


WIKIPEDIA_SCHULZE = [
    (5, "ACBED"),
    (5, "ADECB"),
    (8, "BEDAC"),
    (3, "CABED"),
    (7, "CAEBD"),
    (2, "CBADE"),
    (7, "DCEBA"),
    (8, "EBADC"),
]


def schulze_example() -> Election:
    ballots = tuple(
        ranked(*("ABCDE".index(c) for c in order), count=n) for n, order in WIKIPEDIA_SCHULZE
    )
    return Election(tuple("ABCDE"), ballots, seats=2)


def test_schulze_gives_a_full_ranking_and_the_pairwise_matrix() -> None:
    result = count_schulze(schulze_example())
    assert result.details["ranking"] == [["E"], ["A"], ["C"], ["B"], ["D"]]
    assert result.elected == ("E", "A")
    assert result.details["pairwise"]["A"]["B"] == "20"
    assert result.details["strongest_paths"]["E"]["D"] == "31"


def test_schulze_margins_treat_unranked_candidates_as_last_and_ties_by_lot() -> None:
    election = Election(
        ("A", "B", "C"),
        (
            ranked(0, count=2),
            ranked(1, count=2),
            ranked((0, 1)),
            ranked(2, (), 1, 1),
            ranked(2, (), 0, 0),
        ),
        withdrawn=frozenset({2}),
    )
    result = count_schulze(election, Strength.MARGINS, seed=1)
    assert result.details["ranking"] == [["A", "B"]]
    assert result.rounds[0].tie_breaks[0].method == "lot (seed 1)"


def test_hamilton_gives_exact_minimums_when_they_fill_the_house() -> None:
    result = apportion([Section("a", 10, 2), Section("b", 90, 3)], 5, ApportionMethod.HAMILTON)
    assert result.seats == {"a": 2, "b": 3}


def test_hamilton_cannot_give_seats_to_sections_without_members_beyond_their_minimum() -> None:
    sections = [Section("a", 0), Section("b", 5, 0, 2)]
    result = apportion(sections, 5, ApportionMethod.HAMILTON)
    assert not result.feasible
    assert result.reason == "sections without members cannot take the remaining seats"
