"""Instant-runoff replays real US elections and matches their official rounds."""

from fractions import Fraction
from pathlib import Path

from internationale.tally import IrvOptions, count_irv, parse_blt
from internationale.tally.prepare import Overvote
from tests.conftest import read_data

BURLINGTON_RULES = IrvOptions(
    overvote=Overvote.SINGLE_CONTINUING, first_overvote_invalid=True, batch_elimination=True
)


def test_irv_reproduces_burlington_2009_every_round(refdata: Path) -> None:
    text = read_data(refdata / "burlington-2009-mayor" / "2009-Burlington-Mayor.blt.xz")
    result = count_irv(parse_blt(text), BURLINGTON_RULES, method="irv-batch")
    table = [
        {name: int(v) for name, v in r.votes.items() if v} | {"exhausted": int(r.exhausted)}
        for r in result.rounds
    ]
    assert table == [
        {
            "Kurt Wright": 2951,
            "Bob Kiss": 2585,
            "Andy Montroll": 2063,
            "Dan Smith": 1306,
            "Write-in": 36,
            "James Simpson": 35,
            "exhausted": 4,
        },
        {"Kurt Wright": 3294, "Bob Kiss": 2981, "Andy Montroll": 2554, "exhausted": 151},
        {"Kurt Wright": 4061, "Bob Kiss": 4313, "exhausted": 606},
    ]
    assert [d.candidate for d in result.rounds[0].excluded] == [
        "James Simpson",
        "Write-in",
        "Dan Smith",
    ]
    assert [d.candidate for d in result.rounds[1].excluded] == ["Andy Montroll"]
    assert result.elected == ("Bob Kiss",)
    assert result.notes == ("4 ballots invalid (overvote at the first rank)",)


def test_irv_burlington_with_exhaust_at_overvote_is_off_by_one_as_the_readme_says(
    refdata: Path,
) -> None:
    text = read_data(refdata / "burlington-2009-mayor" / "2009-Burlington-Mayor.blt.xz")
    options = IrvOptions(first_overvote_invalid=True, batch_elimination=True)
    last = count_irv(parse_blt(text), options).rounds[-1]
    assert last.votes["Kurt Wright"] == 4060
    assert last.exhausted == 607


def test_irv_burlington_sequential_elimination_reaches_the_same_final_round(
    refdata: Path,
) -> None:
    text = read_data(refdata / "burlington-2009-mayor" / "2009-Burlington-Mayor.blt.xz")
    options = IrvOptions(overvote=Overvote.SINGLE_CONTINUING, first_overvote_invalid=True)
    result = count_irv(parse_blt(text), options)
    assert len(result.rounds) == 5
    assert result.rounds[-1].votes["Bob Kiss"] == 4313
    assert result.elected == ("Bob Kiss",)


def test_irv_reproduces_oakland_2010_winner_and_elimination_order(refdata: Path) -> None:
    text = read_data(refdata / "oakland-2010-mayor" / "2010-Oakland-Mayor.blt.xz")
    result = count_irv(parse_blt(text))
    order = [d.candidate for r in result.rounds for d in r.excluded]
    assert order == [
        "Write-In",
        "ARNOLD FIELDS",
        "LARRY LIONEL ''LL'' YOUNG JR.",
        "GREG HARLAND",
        "DON MACLEAY",
        "TERENCE CANDELL",
        "MARCIE HODGE",
        "JOE TUMAN",
        "REBECCA KAPLAN",
    ]
    last = result.rounds[-1]
    assert (last.votes["JEAN QUAN"], last.votes["DON PERATA"]) == (Fraction(54004), Fraction(51937))
    assert last.exhausted == Fraction(16327)
    assert result.elected == ("JEAN QUAN",)
