"""Cast-vote records in CSV, read from text.

One row per ballot (or per group with a ``count`` column); an optional ``weight``
column gives a mandate. Every column whose header starts with ``rank`` or
``choice`` (in column order) is a rank. A cell holds a candidate name, several
names joined by ``=`` (equal ranking or overvote), or nothing / ``undervote``
(a skipped rank). The label ``overvote`` (marks whose candidates are unknown) is
read as a rank marking every candidate, which each rule's overvote option then
treats as an overvote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from fractions import Fraction

from .ballots import Ballot, BallotError, Election, Rank, group_ballots

_SKIP = {"", "undervote"}


def parse_csv_cvr(
    text: str, *, seats: int = 1, candidates: Sequence[str] = (), title: str = ""
) -> Election:
    """Parse a CSV cast-vote record; candidates are ``candidates`` then any other
    name in order of first appearance."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise BallotError("empty cast-vote record")
    header = [h.strip().lower() for h in rows[0]]
    rank_cols = [i for i, h in enumerate(header) if h.startswith(("rank", "choice"))]
    if not rank_cols:
        raise BallotError("a cast-vote record needs rank columns (rank1, rank2, ...)")
    count_col = header.index("count") if "count" in header else None
    weight_col = header.index("weight") if "weight" in header else None
    names = list(candidates)
    index = {name: i for i, name in enumerate(names)}
    read: list[tuple[list[Rank | None], int, Fraction]] = []
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        cells = [row[col].strip() if col < len(row) else "" for col in rank_cols]
        ranks = [_rank(cell, names, index) for cell in cells]
        while ranks and not ranks[-1]:
            ranks.pop()
        count = _number(row, count_col, "1")
        weight = _number(row, weight_col, "1")
        if count.denominator != 1:
            raise BallotError(f"ballot count must be whole: {count}")
        read.append((ranks, int(count), weight))
    everyone = tuple(range(len(names)))
    ballots = [
        Ballot(tuple(everyone if r is None else r for r in ranks), count, weight)
        for ranks, count, weight in read
    ]
    return Election(tuple(names), group_ballots(ballots), seats, title)


def _rank(cell: str, names: list[str], index: dict[str, int]) -> Rank | None:
    """The candidates a cell ranks (None for "overvote"); a name not seen before is
    added to ``names`` and ``index``."""
    if cell.lower() in _SKIP:
        return ()
    if cell.lower() == "overvote":
        return None
    rank = []
    for name in (part.strip() for part in cell.split("=")):
        if name not in index:
            index[name] = len(names)
            names.append(name)
        rank.append(index[name])
    return tuple(rank)


def _number(row: list[str], col: int | None, default: str) -> Fraction:
    text = row[col].strip() if col is not None and col < len(row) else ""
    try:
        return Fraction(text or default)
    except ValueError:
        raise BallotError(f"not a number: {text!r}") from None
