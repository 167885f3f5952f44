"""Scottish STV replays real council wards and matches the official stage reports."""

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from internationale.tally import SCOTTISH_STV, Election, Result, count_stv, parse_blt
from internationale.tally.arithmetic import format_value
from tests.conftest import read_data

DUNDEE_WARDS = [
    ("1", "ward1_strathmartine_stages.json"),
    ("3", "ward3_west_end_stages.json"),
    ("4", "ward4_coldside_stages.json"),
    ("5", "ward5_maryfield_stages.json"),
    ("6", "ward6_north_east_stages.json"),
    ("7", "ward7_east_end_stages.json"),
    ("8", "ward8_the_ferry_stages.json"),
]


def without_party(election: Election) -> Election:
    """Dundee files carry the party after the name in quotes; the reports do not."""
    names = tuple(name.split(' "')[0] for name in election.candidates)
    return Election(names, election.ballots, election.seats, election.title, election.withdrawn)


def assert_matches_official_stages(result: Result, official: dict[str, Any]) -> None:
    stages = official["stages"]
    assert len(result.rounds) == len(stages)
    quota = result.rounds[0].quota
    assert quota is not None
    assert format_value(quota, 5) == format_value(Fraction(official["quota"]), 5)
    for stage, round_ in zip(stages, result.rounds, strict=True):
        expected = {name: v for name, v in stage["votes"].items() if v is not None}
        got = {name: format_value(round_.votes[name], 5) for name in expected}
        assert got == expected, f"stage {round_.number}"
        assert format_value(round_.non_transferable, 5) == stage["non_transferable"]
        assert sorted(d.candidate for d in round_.elected) == sorted(stage["elected"])
        if stage["surplus"]:
            assert round_.action == f"surplus of {stage['surplus']}"
    elected_in_order = [name for stage in stages for name in sorted(stage["elected"])]
    assert sorted(result.elected) == sorted(elected_in_order)


def test_scottish_stv_reproduces_linn_2007_every_stage(refdata: Path) -> None:
    folder = refdata / "scotland-glasgow-2007-linn"
    election = parse_blt(read_data(folder / "Linn-2007.droop.blt.xz"))
    official = json.loads((folder / "linn07_stages.json").read_text())
    result = count_stv(election, SCOTTISH_STV, method="scottish-stv")
    assert_matches_official_stages(result, official)
    assert result.elected == ("David Ritchie", "Sadie Docherty", "John McKenzie", "Margot Clark")


@pytest.mark.parametrize(("ward", "stages_file"), DUNDEE_WARDS)
def test_scottish_stv_reproduces_dundee_2022_every_stage(
    refdata: Path, ward: str, stages_file: str
) -> None:
    folder = refdata / "scotland-dundee-2022"
    election = without_party(parse_blt(read_data(folder / f"dundee_2022_ward{ward}.blt.xz")))
    official = json.loads((folder / stages_file).read_text())
    result = count_stv(election, SCOTTISH_STV, method="scottish-stv")
    assert_matches_official_stages(result, official)


def test_scottish_stv_transfers_ward_8_larger_later_surplus_before_earlier_smaller_one(
    refdata: Path,
) -> None:
    folder = refdata / "scotland-dundee-2022"
    election = without_party(parse_blt(read_data(folder / "dundee_2022_ward8.blt.xz")))
    result = count_stv(election, SCOTTISH_STV)
    actions = [r.action for r in result.rounds[1:4]]
    assert actions == [
        "surplus of Craig DUNCAN",
        "surplus of DEREK SCOTT",
        "surplus of Kevin CORDELL",
    ]
