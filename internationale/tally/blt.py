"""The BLT ballot format (ERS/OpenSTV), read from and written to text.

Accepted beyond the plain format, because real files use them: ``#`` comments,
ballot lines without the terminating ``0``, ``-`` for a skipped rank, ``a=b`` for
an equal ranking (or overvote), ``(id)`` ballot labels, a line of negative numbers
for withdrawn candidates, and ``[...]`` option lines (``[nick a b c]`` names the
candidates by nickname; the others are ignored). Identical ballot lines are grouped
while reading, so a file of a million ballots costs one parse per distinct ballot.
"""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction

from .ballots import Ballot, BallotError, Election, Rank, Ranking

_QUOTED = re.compile(r'"((?:[^"]|"")*)"')


def _parse_weight(mark: str) -> Fraction:
    try:
        return Fraction(mark)
    except ValueError:
        raise BallotError(f"bad ballot weight {mark!r}") from None


def _parse_rank(mark: str, ncand: int, nicks: dict[str, int]) -> Rank:
    if mark == "-":
        return ()
    parts = [p for p in mark.split("=") if p != "-"]
    try:
        rank = tuple(nicks[p] if p in nicks else int(p) - 1 for p in parts)
    except ValueError:
        raise BallotError(f"bad preference {mark!r}") from None
    for c in rank:
        if not 0 <= c < ncand:
            raise BallotError(f"preference {c + 1} names no candidate (there are {ncand})")
    return rank


def _parse_ranking(
    text: str, ncand: int, nicks: dict[str, int], single: list[Rank] | None = None
) -> Ranking:
    """The ranking of a ballot line after its weight; plain numeric lines take a fast
    path made of C-level calls (``single[k]`` is the rank holding candidate k only)."""
    try:
        numbers = list(map(int, text.split()))
    except ValueError:
        return _parse_marks(text, ncand, nicks)
    if 0 in numbers:
        numbers = numbers[: numbers.index(0)]
    if numbers and (min(numbers) < 1 or max(numbers) > ncand):
        return _parse_marks(text, ncand, nicks)
    table = single or [(c - 1,) for c in range(ncand + 1)]
    return tuple(map(table.__getitem__, numbers))


def _parse_marks(text: str, ncand: int, nicks: dict[str, int]) -> Ranking:
    ranks: list[Rank] = []
    for mark in text.split():
        if mark == "0":
            break
        ranks.append(_parse_rank(mark, ncand, nicks))
    return tuple(ranks)


def _parse_names(lines: list[str]) -> list[str]:
    names: list[str] = []
    for line in lines:
        found = _QUOTED.findall(line)
        if found:
            names.extend(s.replace('""', '"') for s in found)
        else:
            names.append(line)
    return names


def _clean(raw: str) -> str:
    line = raw.strip()
    if "#" in line and '"' not in line:
        line = line.split("#", 1)[0].strip()
    return line


def _ballot_lines(body: list[str]) -> tuple[int, Counter[str]]:
    """The index of the line holding the 0 that ends the ballots, and how often each
    distinct line before it occurs."""
    try:
        end = body.index("0")
    except ValueError:
        end = len(body)
    lines = Counter(body[:end])
    if any(_clean(line) == "0" for line in lines):
        end = next(k for k, line in enumerate(body) if _clean(line) == "0")
        lines = Counter(body[:end])
    if end == len(body):
        raise BallotError("BLT ballots are not terminated by a line holding 0")
    return end, lines


def parse_blt(text: str) -> Election:
    """Parse BLT text into an election with identical ballots grouped.

    Identical lines are counted first (at C speed), so each distinct line is parsed
    once however many voters cast it."""
    raw = text.splitlines()
    start = next((k for k, line in enumerate(raw) if _clean(line)), None)
    if start is None:
        raise BallotError("empty BLT")
    header_line = _clean(raw[start])
    header = header_line.split()
    if len(header) != 2 or not all(t.isdigit() for t in header):
        raise BallotError(f"BLT header must be 'candidates seats', not {header_line!r}")
    ncand, seats = int(header[0]), int(header[1])
    body = raw[start + 1 :]
    end, counted = _ballot_lines(body)
    withdrawn: set[int] = set()
    nicks: dict[str, int] = {}
    lines: list[tuple[str, int]] = []
    for raw_line, repeats in counted.items():
        line = _clean(raw_line)
        if not line:
            continue
        first = line[0]
        if first == "[":
            words = line.strip("[]").split()
            if words and words[0] == "nick":
                nicks.update((nick, i) for i, nick in enumerate(words[1:]))
        elif first == "-" and line[1:2].isdigit():
            withdrawn.update(-int(t) - 1 for t in line.split())
        else:
            lines.append((line, repeats))
    names = _parse_names([line for line in map(_clean, body[end + 1 :]) if line])
    if len(names) < ncand:
        raise BallotError(f"BLT names {len(names)} of {ncand} candidates")
    weights: dict[Ranking, Fraction | int] = {}
    single: list[Rank] = [(c - 1,) for c in range(ncand + 1)]
    for line, repeats in lines:
        if line[0] == "(":
            line = line.split(")", 1)[1].strip()
        weight, _, rest = line.partition(" ")
        value = int(weight) if weight.isdigit() else _parse_weight(weight)
        ranking = _parse_ranking(rest, ncand, nicks, single)
        weights[ranking] = weights.get(ranking, 0) + value * repeats
    ballots = tuple(_ballot(ranking, w) for ranking, w in weights.items() if w)
    title = names[ncand] if len(names) > ncand else ""
    return Election(tuple(names[:ncand]), ballots, seats, title, frozenset(withdrawn))


def _ballot(ranking: Ranking, weight: Fraction | int) -> Ballot:
    if isinstance(weight, int):
        return Ballot(ranking, weight)
    if weight.denominator == 1:
        return Ballot(ranking, weight.numerator)
    return Ballot(ranking, 1, weight)


def _format_number(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    scaled = value * 10**12
    if scaled.denominator != 1:
        raise BallotError(f"BLT cannot hold the weight {value} exactly")
    whole, frac = divmod(scaled.numerator, 10**12)
    return f"{whole}.{frac:012d}".rstrip("0")


def _format_rank(rank: Rank) -> str:
    return "=".join(str(c + 1) for c in rank) if rank else "-"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def write_blt(election: Election) -> str:
    """Write an election as BLT text; ``parse_blt`` reads it back unchanged."""
    out = [f"{len(election.candidates)} {election.seats}"]
    if election.withdrawn:
        out.append(" ".join(str(-(c + 1)) for c in sorted(election.withdrawn)))
    for ballot in election.ballots:
        prefs = " ".join(_format_rank(r) for r in ballot.ranking)
        value = _format_number(ballot.value)
        out.append(f"{value} {prefs} 0" if prefs else f"{value} 0")
    out.append("0")
    out.extend(_quote(name) for name in election.candidates)
    out.append(_quote(election.title))
    return "\n".join(out) + "\n"
