"""Meek, Schulze, WIGM and IRV/STV options against other tabulators' expectations.

RCTab's regression cases and Droop's reference dumps are tabulator expectations, not
official results; the Meek reference (ERS97) and Debian's 2007 election are the
published counts the refdata READMEs describe.
"""

import csv
import dataclasses
import io
import json
from collections.abc import Iterator, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from internationale.tally import (
    Ballot,
    Election,
    IrvOptions,
    Precision,
    Quota,
    Rounding,
    StvOptions,
    SurplusOrder,
    TieRule,
    count_irv,
    count_stv,
    group_ballots,
    parse_blt,
)
from internationale.tally.arithmetic import format_value
from internationale.tally.irv import Duplicate
from internationale.tally.meek import MEEK, count_meek
from internationale.tally.preflib import parse_preflib
from internationale.tally.prepare import Overvote
from internationale.tally.schulze import Strength, count_schulze
from internationale.tally.stv import MINNEAPOLIS, SCOTTISH, WIGM_DROOP
from tests.conftest import read_data

# -- ERS97 model election, Meek reference ---------------------------------------


def test_meek_stv_reproduces_the_ers97_reference_count_to_two_decimals(refdata: Path) -> None:
    folder = refdata / "ers97-meek-reference"
    result = count_meek(parse_blt(read_data(folder / "ers97.blt.xz")))
    rows = list(csv.reader((folder / "ers97_meek_reference.csv").read_text().splitlines()))
    stages = [int(s) for s in rows[0][1::2] if s]
    for column, stage in enumerate(stages):
        round_ = result.rounds[stage - 1]
        for row in rows[2:]:
            name, value = row[0], row[1 + 2 * column]
            if name == "Quota":
                assert round_.quota is not None
                got = round_.quota
            elif name == "Exhausted":
                got = round_.exhausted
            else:
                got = round_.votes[name]
            if stage == 11:
                continue  # the reference converges after the last election; we stop there
            assert abs(got - Fraction(value)) <= Fraction(1, 100), (stage, name)
    assert sorted(result.elected) == sorted(
        ["Smith", "Duke", "Carpenter", "Prince", "Freeman", "Vicar"]
    )
    excluded = [d.candidate for r in result.rounds for d in r.excluded]
    assert excluded == ["Monk", "Glazier", "Wright", "Baron"]


def test_meek_stv_quota_falls_as_ballots_exhaust_in_ers97(refdata: Path) -> None:
    result = count_meek(parse_blt(read_data(refdata / "ers97-meek-reference" / "ers97.blt.xz")))
    quotas = [r.quota for r in result.rounds if r.quota is not None]
    assert [format_value(q, 2) for q in quotas[:2]] == ["107.57", "107.26"]
    assert quotas[-1] < quotas[0]


# -- Debian 2007, Schulze ---------------------------------------------------------


def test_schulze_elects_sam_hocevar_in_debian_2007(refdata: Path) -> None:
    text = read_data(refdata / "debian-2007-dpl" / "00002-00000005.soi.xz")
    election = parse_preflib(text)
    assert sum(b.count for b in election.ballots) == 482
    for strength in Strength:
        result = count_schulze(election, strength)
        assert result.elected == ("Sam Hocevar",)
    pairwise = result.details["pairwise"]
    assert pairwise["Sam Hocevar"]["Steve McIntyre"] == "243"
    assert pairwise["Steve McIntyre"]["Sam Hocevar"] == "203"


def test_schulze_ranks_debian_2007_as_the_readme_computes_from_this_file(refdata: Path) -> None:
    election = parse_preflib(read_data(refdata / "debian-2007-dpl" / "00002-00000005.soi.xz"))
    ranking = count_schulze(election).details["ranking"]
    assert [group[0] for group in ranking] == [
        "Sam Hocevar",
        "Steve McIntyre",
        "Wouter Verhelst",
        "Raphal Hertzog",
        "Anthony Towns",
        "Gustavo Franco",
        "None Of The Above",
        "Aigars Mahinovs",
        "Simon Richter",
    ]


def test_schulze_finds_montroll_the_condorcet_winner_of_burlington_2009(refdata: Path) -> None:
    text = read_data(refdata / "burlington-2009-mayor" / "2009-Burlington-Mayor.blt.xz")
    assert count_schulze(parse_blt(text)).elected == ("Andy Montroll",)


# -- Droop's reference dumps --------------------------------------------------------

CANDIDATE_ORDER = (TieRule.BACKWARD, TieRule.CANDIDATE_ORDER)
TIE_ORDER = (TieRule.CANDIDATE_ORDER,)  # Droop's WIGM and Meek: the file's tie order only
DROOP_RULES = {
    "scotland-fixed-p5-d5": lambda e: count_stv(
        e, dataclasses.replace(SCOTTISH, tie_rules=CANDIDATE_ORDER)
    ),
    "wigm-rational-d12": lambda e: count_stv(
        e, dataclasses.replace(WIGM_DROOP, tie_rules=TIE_ORDER)
    ),
    "meek-o9-guarded-p18-g9-d18": lambda e: count_meek(
        e, dataclasses.replace(MEEK, tie_rules=TIE_ORDER)
    ),
}
DROOP_CASES = [
    ("42", "scotland-fixed-p5-d5"),
    ("42", "wigm-rational-d12"),
    ("42", "meek-o9-guarded-p18-g9-d18"),
    ("42t", "scotland-fixed-p5-d5"),
    ("42t", "wigm-rational-d12"),
    ("513", "scotland-fixed-p5-d5"),
    ("513", "wigm-rational-d12"),
    ("513", "meek-o9-guarded-p18-g9-d18"),
    ("SC", "scotland-fixed-p5-d5"),
    ("SC", "wigm-rational-d12"),
    ("SC", "meek-o9-guarded-p18-g9-d18"),
    ("SC-Vm-12", "scotland-fixed-p5-d5"),
    ("SC-Vm-12", "wigm-rational-d12"),
    ("SC-Vm-12", "meek-o9-guarded-p18-g9-d18"),
    ("M135", "scotland-fixed-p5-d5"),
    ("M135", "meek-o9-guarded-p18-g9-d18"),
    ("scotland/weak-defeat", "scotland-fixed-p5-d5"),
    ("scotland/weak-surplus", "scotland-fixed-p5-d5"),
    ("meek/eq1", "meek-o9-guarded-p18-g9-d18"),
    ("meek/eq2", "meek-o9-guarded-p18-g9-d18"),
]


def droop_final_state(path: Path) -> dict[str, str]:
    lines = path.read_text().splitlines()
    header = lines[0].split("\t")
    end = next(line.split("\t") for line in lines if line.startswith("X\tend"))
    return {end[i]: end[i + 1] for i, h in enumerate(header) if h.endswith(".name")}


@pytest.mark.parametrize(("case", "rule"), DROOP_CASES)
def test_stv_rules_elect_the_same_candidates_as_droop(refdata: Path, case: str, rule: str) -> None:
    folder = refdata / "droop-edge-cases"
    election = parse_blt(read_data(folder / "blt" / f"{case}.blt.xz"))
    directory, _, name = case.rpartition("/")
    ref = folder / "ref" / directory / f"{name}-{rule}.txt"
    expected = sorted(n for n, state in droop_final_state(ref).items() if state == "E")
    assert sorted(DROOP_RULES[rule](election).elected) == expected


def test_scottish_stv_breaks_an_all_equal_first_stage_by_lot_in_weak_defeat(refdata: Path) -> None:
    text = read_data(refdata / "droop-edge-cases" / "blt" / "scotland" / "weak-surplus.blt.xz")
    result = count_stv(parse_blt(text), SCOTTISH, seed=7)
    assert len(result.elected) == 4
    assert result.seed == 7


# -- RCTab regression cases -----------------------------------------------------------

OVERVOTE = {
    "exhaustImmediately": Overvote.EXHAUST,
    "alwaysSkipToNextRank": Overvote.SKIP,
    "exhaustIfMultipleContinuing": Overvote.SINGLE_CONTINUING,
}
TIES = {
    "useCandidateOrder": (TieRule.CANDIDATE_ORDER,),
    "random": (TieRule.LOT,),
    "previousRoundCountsThenRandom": (TieRule.PREVIOUS, TieRule.LOT),
}


def read_cdf(path: Path, names: tuple[str, ...]) -> list[Ballot]:
    """NIST CDF cast-vote records: each selection position carries a rank."""
    data = json.loads(read_data(path))
    election = data["Election"][0]
    person = {c["@id"]: c["Name"] for c in election["Candidate"]}
    selection = {
        cs["@id"]: person[cs["CandidateIds"][0]]
        for contest in election["Contest"]
        for cs in contest["ContestSelection"]
    }
    ballots = []
    for cvr in data["CVR"]:
        marks: dict[int, list[int]] = {}
        for snapshot in cvr["CVRSnapshot"]:
            for contest in snapshot["CVRContest"]:
                for sel in contest["CVRContestSelection"]:
                    for position in sel["SelectionPosition"]:
                        candidate = names.index(selection[sel["ContestSelectionId"]])
                        marks.setdefault(position["Rank"], []).append(candidate)
        top = max(marks, default=0)
        ballots.append(Ballot(tuple(tuple(marks.get(r, ())) for r in range(1, top + 1))))
    return ballots


UWI = "Undeclared Write-ins"


def sheet_rows(path: Path) -> Iterator[Sequence[Any]]:
    """The cells of an ES&S spreadsheet, row by row. The two large Minneapolis sheets are
    kept as their cells in CSV, xz-compressed, beside the missing ``.xlsx`` (a quarter of
    the size; tests/data/README.md); their counts come back as text, which ``int`` reads."""
    if path.exists():
        return openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True)
    return csv.reader(io.StringIO(read_data(path.with_suffix(".csv.xz")), newline=""))


def read_ess(
    path: Path, names: tuple[str, ...], source: dict[str, Any], ranks: int
) -> list[Ballot]:
    """ES&S spreadsheets: one row per ballot, ``ranks`` rank columns from
    ``firstVoteColumnIndex``, an optional Count column; an overvote label stands for
    several unknown marks (every candidate at that rank); undeclared write-ins are the
    last candidate."""
    rows = sheet_rows(path)
    header = [str(h).strip().lower() for h in next(rows)]
    count_col = header.index("count") if "count" in header else None
    first = int(source["firstVoteColumnIndex"]) - 1
    labels = {source["skippedRankLabel"]: (), source["overvoteLabel"]: tuple(range(len(names)))}
    if source["undeclaredWriteInLabel"]:
        labels[source["undeclaredWriteInLabel"]] = (names.index(UWI),)
    ballots = []
    for row in rows:
        ranking: list[tuple[int, ...]] = []
        for cell in row[first : first + ranks]:
            text = "" if cell is None else str(cell).strip()
            if text in labels:
                ranking.append(labels[text])
            else:
                ranking.append((names.index(text),) if text else ())
        while ranking and not ranking[-1]:
            ranking.pop()
        count = 1 if count_col is None else int(row[count_col])
        ballots.append(Ballot(tuple(ranking), count))
    return ballots


def load_rctab(
    folder: Path, prefix: str = ""
) -> tuple[Election, dict[str, Any], list[dict[str, Any]]]:
    prefix = prefix or folder.name
    config = json.loads((folder / f"{prefix}_config.json").read_text())
    names = tuple(c["name"] for c in config["candidates"])
    source = config["cvrFileSources"][0]
    rules = config["rules"]
    path = folder / Path(source["filePath"]).name
    if source["provider"] == "cdf":
        ballots = read_cdf(path.with_name(f"{path.name}.xz"), names)
    else:
        if source["undeclaredWriteInLabel"]:
            names = (*names, UWI)
        allowed = str(rules.get("maxRankingsAllowed", ""))
        ranks = int(allowed) if allowed.isdigit() else len(names)
        ballots = read_ess(path, names, source, ranks)
    withdrawn = frozenset(i for i, c in enumerate(config["candidates"]) if c.get("excluded"))
    seats = int(rules["numberOfWinners"])
    election = Election(names, group_ballots(ballots), seats, folder.name, withdrawn)
    expected = json.loads((folder / f"{prefix}_expected_detailed_report.json").read_text())
    return election, rules, expected["results"]


def rctab_irv_options(rules: dict[str, Any]) -> IrvOptions:
    skipped = rules["maxSkippedRanksAllowed"]
    return IrvOptions(
        overvote=OVERVOTE[rules["overvoteRule"]],
        max_skipped_ranks=None if skipped == "unlimited" else int(skipped),
        duplicate=Duplicate.EXHAUST if rules["exhaustOnDuplicateCandidate"] else Duplicate.SKIP,
        batch_elimination=rules["batchElimination"],
        eliminate_first=frozenset({UWI}),
        tie_rules=TIES[rules["tiebreakMode"]],
    )


def rctab_stv_options(rules: dict[str, Any]) -> StvOptions:
    places = int(rules["decimalPlacesForVoteArithmetic"])
    mode = rules["winnerElectionMode"]
    return StvOptions(
        quota=Quota.DROOP_EPSILON if rules["nonIntegerWinningThreshold"] else Quota.DROOP,
        quota_epsilon_places=places,
        precision=Precision(places, Rounding.TRUNCATE),
        surplus_order=(
            SurplusOrder.ALL_AT_ONCE
            if mode == "multiWinnerAllowMultipleWinnersPerRound"
            else SurplusOrder.LARGEST_FIRST
        ),
        elect_one_per_round=mode == "multiWinnerAllowOnlyOneWinnerPerRound",
        overvote=OVERVOTE[rules["overvoteRule"]],
        max_skipped_ranks=int(rules["maxSkippedRanksAllowed"]),
        eliminate_first=frozenset({UWI}),
        tie_rules=TIES[rules["tiebreakMode"]],
    )


def expected_winners(results: list[dict[str, Any]]) -> list[str]:
    return [t["elected"] for r in results for t in r["tallyResults"] if "elected" in t]


def expected_tallies(results: list[dict[str, Any]]) -> list[dict[str, Fraction]]:
    return [{k: Fraction(v) for k, v in r["tally"].items()} for r in results]


RCTAB_IRV = [
    "excluded_test",
    "uwi_cannot_win_test",
    "test_set_1_exhaust_at_overvote",
    "test_set_2_overvote_skip_to_next",
    "test_set_3_skipped_choice_exhaust",
    "test_set_4_skipped_choice_next",
    "test_set_6_duplicate_exhaust",
]
RCTAB_STV = [
    "minneapolis_multi_seat_threshold",
    "test_set_allow_only_one_winner_per_round",
    "test_set_multi_winner_fractional_threshold",
    "test_set_multi_winner_whole_threshold",
]


@pytest.mark.parametrize("name", RCTAB_IRV)
def test_irv_matches_rctab_round_by_round(refdata: Path, name: str) -> None:
    election, rules, results = load_rctab(refdata / "rctab-edge-cases" / name)
    result = count_irv(election, rctab_irv_options(rules))
    tallies = [
        {k: v for k, v in r.votes.items() if v or k in t}
        for r, t in zip(result.rounds, expected_tallies(results), strict=True)
    ]
    assert tallies == expected_tallies(results)
    assert list(result.elected) == expected_winners(results)


def test_irv_breaks_a_last_place_tie_by_previous_round_counts_as_rctab(refdata: Path) -> None:
    name = "tiebreak_previous_round_counts_then_random_test"
    election, rules, results = load_rctab(refdata / "rctab-edge-cases" / name)
    result = count_irv(election, rctab_irv_options(rules), seed=int(rules["randomSeed"]))
    expected = expected_tallies(results)
    assert dict(result.rounds[0].votes) == expected[0]
    assert {k: v for k, v in result.rounds[1].votes.items() if k in expected[1]} == expected[1]
    assert [d.candidate for r in result.rounds for d in r.excluded][:2] == ["Happy", "Grumpy"]
    tie = result.rounds[1].tie_breaks[0]
    assert (tie.tied, tie.chosen) == (("Sneezy", "Dopey", "Grumpy"), "Grumpy")
    assert tie.method == "previous round (round 1)"
    last_tie = result.rounds[2].tie_breaks[0]
    assert last_tie.method == "lot (seed 12345)"
    assert result.seed == 12345


@pytest.mark.parametrize("name", RCTAB_STV)
def test_fractional_stv_matches_rctab_winners_and_round_figures(refdata: Path, name: str) -> None:
    """RCTab adds a round for a zero surplus and one after the last seat; each of our
    rounds appears, in order, among RCTab's."""
    election, rules, results = load_rctab(refdata / "rctab-edge-cases" / name)
    result = count_stv(election, rctab_stv_options(rules))
    assert list(result.elected) == expected_winners(results)
    remaining = iter(expected_tallies(results))
    for round_ in result.rounds:
        ours = {k: v for k, v in round_.votes.items() if v}
        assert any(ours == {k: v for k, v in t.items() if v} for t in remaining), round_.number


def test_irv_reproduces_minneapolis_2017_mayor_every_rctab_round(refdata: Path) -> None:
    election, rules, results = load_rctab(
        refdata / "minneapolis-2017-mayor", "2017_minneapolis_mayor"
    )
    result = count_irv(election, rctab_irv_options(rules))
    expected = expected_tallies(results)
    assert len(result.rounds) == len(expected)
    for round_, tally in zip(result.rounds, expected, strict=True):
        assert {k: v for k, v in round_.votes.items() if k in tally} == tally
    assert result.elected == ("Jacob Frey",)
    assert len(result.rounds[1].excluded) == 13


def test_fractional_stv_reproduces_minneapolis_2013_park_board_rctab_rounds(refdata: Path) -> None:
    election, rules, results = load_rctab(
        refdata / "minneapolis-2013-park-board", "2013_minneapolis_park"
    )
    result = count_stv(election, rctab_stv_options(rules))
    assert list(result.elected) == expected_winners(results)
    assert sorted(result.elected) == ["ANNIE YOUNG", "JOHN ERWIN", "MEG FORNEY"]
    remaining = iter(expected_tallies(results))
    for round_ in result.rounds:
        ours = {k: v for k, v in round_.votes.items() if v}
        assert any(ours == {k: v for k, v in t.items() if v} for t in remaining), round_.number


def test_meek_splits_equal_rankings_among_candidates_not_excluded() -> None:
    election = Election(
        ("A", "B", "C", "D"),
        (Ballot(((0,),), 6), Ballot(((1, 2), (3,)), 2), Ballot(((3,),), 5)),
        seats=1,
    )
    result = count_meek(election, seed=3)
    assert result.rounds[0].votes == {"A": 6, "B": 1, "C": 1, "D": 5}
    assert [r.action for r in result.rounds[1:]] == ["exclusion of B", "exclusion of C"]
    assert result.rounds[1].tie_breaks[0].method == "lot (seed 3)"
    assert result.rounds[-1].votes["D"] == 7
    assert result.elected == ("D",)


def test_meek_stops_iterating_at_the_iteration_limit() -> None:
    election = Election(
        ("A", "B", "C", "D"),
        (
            Ballot(((0,), (1,)), 4),
            Ballot(((0,),), 3),
            Ballot(((1,),), 1),
            Ballot(((2,),), 3),
            Ballot(((3,),), 2),
        ),
        seats=2,
    )
    limited = count_meek(election, dataclasses.replace(MEEK, max_iterations=1))
    full = count_meek(election)
    assert limited.rounds[1].action == "surpluses distributed"
    assert limited.rounds[1].votes["A"] > full.rounds[1].votes["A"]
    assert limited.details["keep_factors"][0]["A"] == "1.000000000"


def test_minneapolis_stv_reproduces_the_citys_official_2013_park_board_count(
    refdata: Path,
) -> None:
    """The city's own path (README): elected only on exceeding the threshold, write-ins
    and Casper Hill dropped together, transfer value truncated to 4 decimals and the
    residue left with Erwin."""
    election, _, _ = load_rctab(refdata / "minneapolis-2013-park-board", "2013_minneapolis_park")
    result = count_stv(election, MINNEAPOLIS)
    erwin = [r.votes["JOHN ERWIN"] for r in result.rounds[:4]]
    young = [r.votes["ANNIE YOUNG"] for r in result.rounds[:8]]
    assert erwin == [Fraction(14678), Fraction(14866), Fraction(15148), Fraction("14866.2472")]
    assert young == [
        Fraction(9294),
        Fraction(9452),
        Fraction(9983),
        Fraction("10055.9492"),
        Fraction("11055.9536"),
        Fraction("11528.0696"),
        Fraction("12030.4230"),
        Fraction("13905.6980"),
    ]
    assert result.rounds[1].action == "exclusion of Undeclared Write-ins, CASPER HILL"
    assert result.rounds[3].transfers[0].transfer_value == Fraction("0.0186")
    assert len(result.rounds) == 9
    assert [d.candidate for d in result.rounds[-1].elected] == ["ANNIE YOUNG", "MEG FORNEY"]
    assert sorted(result.elected) == ["ANNIE YOUNG", "JOHN ERWIN", "MEG FORNEY"]
