"""The BLT ballot format (ERS/OpenSTV), read from and written to text.

Accepted beyond the plain format, because real files use them: ``#`` comments,
ballot lines without the terminating ``0``, ``-`` for a skipped rank, ``a=b`` for
an equal ranking (or overvote), ``(id)`` ballot labels, a line of negative numbers
for withdrawn candidates, and Droop's ``[...]`` option lines: ``[nick a b c]`` names
the candidates by nickname, ``[tie 3 2 1]`` (numbers or nicknames) fixes the order in
which ties are broken (``Election.tie_order``, used by the ``candidate-order`` tie rule);
the others are ignored. Identical ballot lines are grouped
while reading, so a file of a million ballots costs one parse per distinct ballot.

Plain lines (digits and spaces only, the common case) are parsed together as one
array, without a Python object per line; they become the rows of a ``BallotTable``.
Every other line goes through the line-by-line reader below.
"""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from .ballots import Ballot, BallotError, BallotTable, Election, Rank, Ranking

_QUOTED = re.compile(r'"((?:[^"]|"")*)"')
_NOT_PLAIN = np.ones(256, dtype=bool)
_NOT_PLAIN[[ord(c) for c in "0123456789 \n"]] = False
_LONG_NUMBER = re.compile(rb"[0-9]{19}")  # may not fit a 64-bit integer
_BIG = 2**62
_Plain = tuple[NDArray[np.int16], NDArray[np.int64], list[tuple[str, int]], bool]


def _plain_lines(keys: list[str], repeats: list[int], joined: str, ncand: int) -> _Plain:
    """Parse every plain ballot line at once: the rows of strict rankings (0-based,
    padded with -1) with their counts, the lines left for the line reader (those with
    other characters, repeated or unknown candidates, or huge numbers), and whether a
    line holds a lone 0 (then it, not a later line, may end the ballots).
    ``joined`` is the lines joined by newlines, with a final newline."""
    left: list[tuple[str, int]] = []
    buf = joined.encode()

    def drop(odd: set[int]) -> None:
        nonlocal keys, repeats, buf
        left.extend((keys[k], repeats[k]) for k in sorted(odd))
        keys = [line for k, line in enumerate(keys) if k not in odd]
        repeats = [r for k, r in enumerate(repeats) if k not in odd]
        buf = ("\n".join(keys) + "\n").encode() if keys else b""

    if ncand >= 2**15 - 1:  # candidate numbers beyond a 16-bit row
        drop(set(range(len(keys))))
    if buf.translate(None, b"0123456789 \n"):  # some lines hold other characters
        codes = np.frombuffer(buf, dtype=np.uint8)
        ends = np.flatnonzero(codes == 10)
        drop(set(np.searchsorted(ends, np.flatnonzero(_NOT_PLAIN[codes])).tolist()))
    values = np.fromstring(buf, dtype=np.int64, sep=" ")
    if int(values.max(initial=0)) >= 10**18:  # a number that may not fit: line reader
        ends = np.flatnonzero(np.frombuffer(buf, dtype=np.uint8) == 10)
        drop({int(np.searchsorted(ends, m.start())) for m in _LONG_NUMBER.finditer(buf)})
        values = np.fromstring(buf, dtype=np.int64, sep=" ")
    lines = len(keys)
    codes = np.frombuffer(buf, dtype=np.uint8)
    ends = np.flatnonzero(codes == 10)
    canonical = _canonical(codes, ends)
    if canonical:
        zeros = np.flatnonzero(values == 0)  # one a line, at its end
        tokens = np.diff(zeros, prepend=-1)
        found = np.arange(lines)
    else:
        digit = codes >= 48
        starts = digit.copy()
        starts[1:] &= ~digit[:-1]
        tokens = np.diff(np.flatnonzero(starts).searchsorted(ends), prepend=0)
        found = np.flatnonzero(tokens)  # blank lines have no token
        tokens = tokens[found]
    first = np.cumsum(tokens) - tokens
    weights = values[first]
    lone_zero = bool(((tokens == 1) & (weights == 0)).any())  # such as " 0 ": ends the ballots
    # every token of a line in a row, 0-based: the weight, the ranking, then -1 for the
    # final 0 and the padding; an unknown candidate shows as ncand
    width = int(tokens.max(initial=2))
    marks = np.full((len(found), width), -1, dtype=np.int16)
    np.minimum(values, ncand + 1, out=values)
    values -= 1
    marks[np.arange(width) < tokens[:, None]] = values
    marks = marks[:, 1:]
    if not canonical:
        marks[np.logical_or.accumulate(marks < 0, axis=1)] = -1  # the ranking ends at 0
    unusable = _repeats(marks)
    if marks.max(initial=-1) >= ncand:
        unusable |= (marks >= ncand).any(axis=1)  # an unknown candidate: the line reader says so
    reps = np.array(repeats, dtype=np.int64)[found]
    if int(weights.max(initial=0)) * max(repeats, default=0) >= _BIG:
        unusable[:] = True
    if unusable.any():
        left.extend((keys[k], repeats[k]) for k in found[unusable].tolist())
        marks, weights, reps = marks[~unusable], weights[~unusable], reps[~unusable]
    counts = weights * reps
    if not counts.all():
        marks, counts = marks[counts > 0], counts[counts > 0]
    if canonical and len(weights) and weights.min() == weights.max():
        # distinct lines are then distinct rankings: nothing to merge
        return marks[:, : width - 2], counts, left, lone_zero
    prefs, counts = _merge_rows(marks, counts)
    length = int((prefs >= 0).sum(axis=1).max(initial=0))
    return prefs[:, :length], counts, left, lone_zero


def _canonical(codes: NDArray[np.uint8], ends: NDArray[np.intp]) -> bool:
    """Whether every line reads "w c1 c2 ... 0": digits, single spaces, no number with
    a leading zero, one 0 a line and at its end (then distinct lines hold distinct
    rankings, and the zeros of the parsed numbers mark the ends of the lines)."""
    if not len(ends):
        return False
    starts = np.concatenate(([0], ends[:-1] + 1))
    space, zero = codes == 32, codes == 48
    return bool(
        (ends - starts).min() >= 3
        and (codes[ends - 1] == 48).all()
        and space[ends - 2].all()
        and (codes[starts] > 48).all()  # a digit other than 0 (newline and space are lower)
        and not (space[1:] & space[:-1]).any()
        and int(np.count_nonzero(space[:-1] & zero[1:])) == len(ends)
    )


def _repeats(marks: NDArray[np.int16]) -> NDArray[np.bool_]:
    """Rows naming a candidate twice (-1 is padding)."""
    ordered = np.sort(marks, axis=1)
    return np.asarray(((ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] >= 0)).any(axis=1))


def _merge_rows(
    prefs: NDArray[np.int16], counts: NDArray[np.int64]
) -> tuple[NDArray[np.int16], NDArray[np.int64]]:
    """Rows with the same ranking merged into one (their counts added)."""
    if not len(prefs):
        return prefs, counts
    unique, inverse = np.unique(prefs, axis=0, return_inverse=True)
    merged = np.zeros(len(unique), dtype=np.int64)
    np.add.at(merged, inverse.reshape(-1), counts)
    return unique, merged


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


def _ballot_lines(raw: list[str], start: int, ncand: int) -> tuple[int, _Plain]:
    """The index in ``raw`` of the line holding the 0 that ends the ballots (which
    start at ``start``), and the ballot lines before it, counted and parsed."""
    try:
        end = raw.index("0", start)
    except ValueError:
        end = len(raw)
    for _ in range(2):
        counted = Counter(raw[start:end])
        joined = "\n".join(counted) + "\n"
        parsed = _plain_lines(list(counted), list(counted.values()), joined, ncand)
        if not (parsed[3] or any(_clean(line) == "0" for line, _ in parsed[2])):
            break
        # a line such as " 0  # end of ballots" comes before the first plain "0"
        end = next((k for k in range(start, end) if _clean(raw[k]) == "0"), end)
    if end == len(raw):
        raise BallotError("BLT ballots are not terminated by a line holding 0")
    return end, parsed


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
    end, (prefs, counts, odd, _) = _ballot_lines(raw, start + 1, ncand)
    withdrawn: set[int] = set()
    nicks: dict[str, int] = {}
    tie_words: list[str] = []
    lines: list[tuple[str, int]] = []
    for raw_line, repeats in odd:
        line = _clean(raw_line)
        if not line:
            continue
        first = line[0]
        if first == "[":
            words = line.strip("[]").split()
            if words and words[0] == "nick":
                nicks.update((nick, i) for i, nick in enumerate(words[1:]))
            elif words and words[0] == "tie":
                tie_words = words[1:]
        elif first == "-" and line[1:2].isdigit():
            withdrawn.update(-int(t) - 1 for t in line.split())
        else:
            lines.append((line, repeats))
    names = _parse_names([line for line in map(_clean, raw[end + 1 :]) if line])
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
    if len(prefs) and any(_strict(r) and not _whole(w) for r, w in weights.items()):
        # a fractional or huge weight may share a ranking with a row: merge them as values
        for row, count in zip(prefs.tolist(), counts.tolist(), strict=True):
            ranking = tuple((c,) for c in row if c >= 0)
            weights[ranking] = weights.get(ranking, 0) + count
        prefs, counts = prefs[:0], counts[:0]
    ballots = [_ballot(ranking, w) for ranking, w in weights.items() if w]
    plain = [b for b in ballots if _plain(b)]
    extra = tuple(b for b in ballots if not _plain(b))
    if plain:
        prefs, counts = _merge_rows(*_with_rows(prefs, counts, plain))
    title = names[ncand] if len(names) > ncand else ""
    table = BallotTable(prefs, counts, extra)
    tie_order = tuple(c for word in tie_words for c in _parse_rank(word, ncand, nicks))
    return Election(tuple(names[:ncand]), table, seats, title, frozenset(withdrawn), tie_order)


def _strict(ranking: Ranking) -> bool:
    """One candidate per rank, none twice, at least one rank."""
    return (
        bool(ranking)
        and all(len(rank) == 1 for rank in ranking)
        and len({rank[0] for rank in ranking}) == len(ranking)
    )


def _whole(value: Fraction | int) -> bool:
    return isinstance(value, int) and value < _BIG


def _plain(ballot: Ballot) -> bool:
    """Whether a ballot fits a table row: unit weight, a strict ranking."""
    return ballot.weight == 1 and ballot.count < _BIG and _strict(ballot.ranking)


def _with_rows(
    prefs: NDArray[np.int16], counts: NDArray[np.int64], ballots: list[Ballot]
) -> tuple[NDArray[np.int16], NDArray[np.int64]]:
    """The table's rows with the plain ballots appended."""
    width = max(prefs.shape[1], *(len(b.ranking) for b in ballots))
    rows = np.full((len(prefs) + len(ballots), width), -1, dtype=np.int16)
    rows[: len(prefs), : prefs.shape[1]] = prefs
    for k, ballot in enumerate(ballots, len(prefs)):
        rows[k, : len(ballot.ranking)] = [rank[0] for rank in ballot.ranking]
    added = np.array([b.count for b in ballots], dtype=np.int64)
    return rows, np.concatenate([counts, added])


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
    if election.tie_order:
        out.append("[tie " + " ".join(str(c + 1) for c in election.tie_order) + "]")
    for ballot in election.ballots:
        prefs = " ".join(_format_rank(r) for r in ballot.ranking)
        value = _format_number(ballot.value)
        out.append(f"{value} {prefs} 0" if prefs else f"{value} 0")
    out.append("0")
    out.extend(_quote(name) for name in election.candidates)
    out.append(_quote(election.title))
    return "\n".join(out) + "\n"
