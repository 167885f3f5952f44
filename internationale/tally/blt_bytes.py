"""BLT ballot lines read as bytes, in arrays (the fast path of ``blt.parse_blt``).

Plain lines (digits and spaces only, the common case) are read without a Python object
per line and become the rows of a ``BallotTable``: numbers are found and read in byte
arrays a chunk at a time, each line's ranking is packed into 64-bit words, and
identical rankings are merged by counting and sorting those words. The lines this
path cannot read are handed back, with how often each occurs, for the line reader.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

PLAIN = b"0123456789 \n"  # what plain ballot lines hold
_NOT_PLAIN = np.ones(256, dtype=bool)
_NOT_PLAIN[list(PLAIN)] = False
BIG = 2**62
_DIGITS = 18  # a number of more digits may not fit 64 bits: its line goes to the line reader
_CHUNK = 1 << 18  # bytes of ballot lines read at a time: their arrays stay in the cache
# the rows of strict rankings with their counts, the lines left for the line reader with
# how often each occurs, and whether a line holds a lone 0 (then it may end the ballots)
Section = tuple[NDArray[np.int16], NDArray[np.int64], list[tuple[str, int]], bool]
_Lines = list[tuple[int, int]]  # where lines end, and how many each stands for


def decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


def read_section(
    buf: bytes,
    ncand: int,
    repeats: NDArray[np.int64] | None = None,
    plain: bool = False,
    span: tuple[int, int] | None = None,
) -> Section:
    """Read the ballot lines of a BLT file at once, as bytes (every line ends in a
    newline; line k stands for ``repeats[k]`` lines when given): the rows of strict
    rankings (0-based, padded with -1) with their counts, identical rankings merged,
    and the lines left for the line reader: those with other characters than digits
    and spaces, a number of more than 18 digits, a repeated or unknown candidate, or
    weights large enough to pass 64 bits. ``plain``: the lines are known to hold only
    digits, spaces and newlines; ``span``: where in ``buf`` they are (not copied)."""
    odd: Counter[bytes] = Counter()
    start, stop = span or (0, len(buf))
    if ncand >= 2**15 - 1 or (not plain and buf[start:stop].translate(None, PLAIN)):
        buf, repeats = _take_odd(buf[start:stop], ncand, repeats, odd)
        start, stop = 0, len(buf)
    prefs, counts, stages, lone_zero = _plain_section(buf, (start, stop), ncand, repeats)
    left = [odd, Counter(), Counter()]
    for lines, stage in zip(left[1:], stages, strict=True):
        for end, n in stage:
            lines[buf[buf.rfind(b"\n", 0, end) + 1 : end]] += n
    return (
        prefs,
        counts,
        [(decode(line), n) for lines in left for line, n in lines.items()],
        lone_zero,
    )


def _take_odd(
    buf: bytes, ncand: int, repeats: NDArray[np.int64] | None, odd: Counter[bytes]
) -> tuple[bytes, NDArray[np.int64] | None]:
    """Count into ``odd`` the lines that are not plain (all of them when candidate
    numbers pass a 16-bit row), and return the other lines with their repeats."""
    codes = np.frombuffer(buf, dtype=np.uint8)
    ends = np.flatnonzero(codes == 10)
    found = np.ones(len(ends), dtype=bool)
    if ncand < 2**15 - 1:  # else candidate numbers pass a 16-bit row: all go
        found[:] = False
        found[np.searchsorted(ends, np.flatnonzero(_NOT_PLAIN[codes]))] = True
    starts = np.concatenate(([0], ends[:-1] + 1))[found].tolist()
    stops = ends[found].tolist()
    times = [1] * len(stops) if repeats is None else repeats[found].tolist()
    for a, b, n in zip(starts, stops, times, strict=True):
        odd[buf[a:b]] += n
    kept = zip([0, *(b + 1 for b in stops)], [*starts, len(buf)], strict=True)
    return b"".join([buf[a:b] for a, b in kept]), None if repeats is None else repeats[~found]


class _Chunk(NamedTuple):
    """A chunk's lines read: each one's ranking packed into words, its weight, and
    where it ends (from the chunk's start)."""

    keys: NDArray[np.uint64]
    weights: NDArray[np.int64]
    ends: NDArray[np.intp]
    start: int


@dataclass(frozen=True)
class _Repeats:
    """How many lines each line of a section stands for: ``counts[k]`` for line k
    (which ends at ``newlines[k]``), or one each when ``counts`` is None."""

    counts: NDArray[np.int64] | None
    newlines: NDArray[np.intp] | None

    @classmethod
    def of(cls, buf: bytes, counts: NDArray[np.int64] | None) -> _Repeats:
        if counts is None:
            return cls(None, None)
        return cls(counts, np.flatnonzero(np.frombuffer(buf, dtype=np.uint8) == 10))

    def times(self, ends: NDArray[np.intp]) -> NDArray[np.int64]:
        """How many lines the lines ending at ``ends`` stand for."""
        if self.counts is None or self.newlines is None:
            return np.ones(len(ends), np.int64)
        return self.counts[np.searchsorted(self.newlines, ends)]

    def lines(self, ends: NDArray[np.intp]) -> _Lines:
        """Where the lines ending at ``ends`` end, and how many each stands for."""
        if self.counts is None:
            return [(end, 1) for end in ends.tolist()]
        return list(zip(ends.tolist(), self.times(ends).tolist(), strict=True))


def _plain_section(
    buf: bytes, span: tuple[int, int], ncand: int, repeats: NDArray[np.int64] | None
) -> tuple[NDArray[np.int16], NDArray[np.int64], tuple[_Lines, _Lines], bool]:
    """Lines of digits and spaces, each ending in a newline (``buf[span]``; line k
    stands for ``repeats[k]`` lines when given) read into rows: the rows
    and their counts, the lines to read one by one (those with a long number, then
    those with a repeated or unknown candidate), and whether a line holds a lone 0.
    The lines are read a chunk at a time, each ranking packed into 64-bit words
    (``bits`` a mark); identical rankings are then found by sorting the words."""
    bits = (ncand + 1).bit_length()
    per_word = 64 // bits
    chunks, long_ends, lone_zero = _read_chunks(buf, span, ncand, bits)
    counted = _Repeats.of(buf, repeats)
    long = counted.lines(long_ends)
    weights = None
    if repeats is not None or not all(
        c.weights.min(initial=1) == 1 == c.weights.max(initial=1) for c in chunks
    ):
        weights = np.concatenate([c.weights for c in chunks] or [np.zeros(0, dtype=np.int64)])
        line_ends = _ends(chunks)
        times = counted.times(line_ends)
        if int(weights.max(initial=0)) * int(times.max(initial=0)) * len(weights) >= BIG:
            # a count might pass 64 bits: the line reader counts in Python integers
            none = np.full((0, 0), -1, dtype=np.int16)
            return none, weights[:0], (long, counted.lines(line_ends)), lone_zero
        weights *= times
    keys = _join_keys([c.keys for c in chunks])
    unique, counts, inverse = _merge_keys(keys, weights, bits, per_word)
    rows, repeated = _unpack(unique, ncand, bits, per_word)
    bad = repeated | (rows >= ncand).any(axis=1)  # the line reader says what is wrong
    bad_lines: _Lines = []
    if bad.any():
        lines = np.isin(keys[:, 0], unique[bad, 0]) if inverse is None else bad[inverse]
        bad_lines = counted.lines(_ends(chunks)[lines])
        rows, counts = rows[~bad], counts[~bad]
    rows, counts = _trimmed(rows, counts)
    return rows, counts, (long, bad_lines), lone_zero


def _read_chunks(
    buf: bytes, span: tuple[int, int], ncand: int, bits: int
) -> tuple[list[_Chunk], NDArray[np.intp], bool]:
    """The lines of ``buf[span]`` read a chunk at a time; where the lines with a long
    number end; and whether a line holds a lone 0."""
    chunks: list[_Chunk] = []
    long_parts: list[NDArray[np.intp]] = []
    lone_zero = False
    start, end = span
    while start < end:
        stop = buf.find(b"\n", min(start + _CHUNK, end) - 1) + 1
        codes = np.frombuffer(buf, dtype=np.uint8, count=stop - start, offset=start)
        (keys, weights, ends), long_ends, lone = _chunk_keys(codes, ncand, bits)
        chunks.append(_Chunk(keys, weights, ends, start))
        long_parts.append(long_ends + start)
        lone_zero |= lone
        start = stop
    return chunks, np.concatenate(long_parts or [np.zeros(0, dtype=np.intp)]), lone_zero


def _ends(chunks: list[_Chunk]) -> NDArray[np.intp]:
    """Where each line read into the chunks' keys ends."""
    return np.concatenate([c.ends + c.start for c in chunks] or [np.zeros(0, dtype=np.intp)])


def _join_keys(parts: list[NDArray[np.uint64]]) -> NDArray[np.uint64]:
    """The chunks' keys in one array, the shorter padded with zero words."""
    words = max((part.shape[1] for part in parts), default=1)
    if words == 1:
        return np.concatenate([p[:, 0] for p in parts] or [np.zeros(0, np.uint64)])[:, None]
    keys = np.zeros((sum(len(part) for part in parts), words), dtype=np.uint64)
    at = 0
    for part in parts:
        keys[at : at + len(part), : part.shape[1]] = part
        at += len(part)
    return keys


def _unpack(
    unique: NDArray[np.uint64], ncand: int, bits: int, per_word: int
) -> tuple[NDArray[np.int16], NDArray[np.bool_]]:
    """The rankings packed in ``unique`` as rows (0-based candidates, -1 after the
    end), and which rows name a candidate twice."""
    width = unique.shape[1] * per_word
    rows = np.empty((len(unique), width), dtype=np.int16)
    repeated = np.zeros(len(unique), dtype=bool)
    seen = np.zeros(len(unique), dtype=np.uint64)
    for j in range(width):
        word, place = divmod(j, per_word)
        field = (unique[:, word] >> np.uint64(bits * (per_word - 1 - place))) & np.uint64(
            (1 << bits) - 1
        )
        rows[:, j] = field
        if ncand < 63:  # a bit a candidate (bit 0 for none): a repeat sets no new bit
            bit = np.left_shift(np.uint64(1), field)
            repeated |= (seen & bit) > 1
            seen |= bit
    rows -= 1
    if ncand >= 63:
        repeated = _repeats(rows)
    return rows, repeated


def _trimmed(
    rows: NDArray[np.int16], counts: NDArray[np.int64]
) -> tuple[NDArray[np.int16], NDArray[np.int64]]:
    """The rows counted at least once, without the columns of padding at the end."""
    if not counts.all():
        rows, counts = rows[counts > 0], counts[counts > 0]
    length = rows.shape[1]
    while length and not (rows[:, length - 1] >= 0).any():
        length -= 1
    return np.ascontiguousarray(rows[:, :length]), counts


class _Numbers(NamedTuple):
    """The numbers of a chunk of lines in order, each line's newline read as a 0 after
    them (``values``), where each begins in the chunk (``at``), which are the newlines
    (``newlines``), and which lines hold a number of more than 18 digits."""

    values: NDArray[np.uint8] | NDArray[np.int64]
    at: NDArray[np.intp]
    newlines: NDArray[np.intp]
    long_lines: NDArray[np.intp]


def _read_numbers(codes: NDArray[np.uint8]) -> _Numbers:
    """The numbers of lines of digits and spaces, each ending in a newline."""
    digit = codes > 32
    begin = np.empty_like(digit)
    begin[:1] = digit[:1]
    np.greater(digit[1:], digit[:-1], out=begin[1:])
    begin |= codes == 10
    # where each number begins, and each newline (the last item of a line, read as 0)
    at = np.flatnonzero(begin)
    numbers = codes[at] - 48  # a newline reads 218
    newlines = np.flatnonzero(numbers == 218)
    following = np.empty(len(at), dtype=np.uint8)
    following[:-1] = codes[at[:-1] + 1]
    following[-1:] = 10
    two = (following > 32) & (numbers < 10)  # numbers of two digits or more
    if not (digit[2:] & digit[1:-1] & digit[:-2]).any():  # every number fits a byte
        values = np.where(two, numbers * 10 + (following - 48), numbers)
        return _Numbers(values, at, newlines, newlines[:0])
    wide = np.where(two, numbers.astype(np.int64) * 10 + following - 48, numbers)
    longer = np.flatnonzero(two)
    longer = longer[digit[at[longer] + 2]]
    for k in range(2, _DIGITS):
        places = at[longer] + k
        wide[longer] = wide[longer] * 10 + codes[places] - 48
        longer = longer[digit[places + 1]]
    long_lines = np.unique(np.searchsorted(newlines, longer))  # more than 18 digits
    return _Numbers(wide, at, newlines, long_lines)


def _chunk_keys(
    codes: NDArray[np.uint8], ncand: int, bits: int
) -> tuple[tuple[NDArray[np.uint64], NDArray[np.int64], NDArray[np.intp]], NDArray[np.intp], bool]:
    """Lines of digits and spaces, each ending in a newline: for each line that holds
    a number and no long one, its ranking packed into words (first mark highest, the
    candidate number in ``bits`` bits, 0 after the end, ncand + 1 for an unknown
    candidate), its weight and where it ends; where the lines with a long number end;
    and whether a line holds a lone 0."""
    values, at, newlines, long_lines = _read_numbers(codes)
    tokens = np.diff(newlines, prepend=-1) - 1  # numbers on each line
    lines = np.flatnonzero(tokens)  # blank lines hold no number
    if not len(lines):
        none = np.zeros((0, 1), dtype=np.uint64)
        return (none, np.zeros(0, dtype=np.int64), newlines[:0]), at[newlines[long_lines]], False
    first = newlines - tokens  # each line's first number: its weight
    weights = values[first].astype(np.int64)
    lone_zero = bool(((tokens == 1) & (weights == 0)).any())
    np.minimum(values, min(ncand + 1, np.iinfo(values.dtype).max), out=values)
    values[first] = 0
    values[newlines] = 0
    keys = _pack(values, _Layout(first, tokens, newlines), bits)
    ends = at[newlines]
    if len(long_lines) or len(lines) < len(tokens):
        keep = np.zeros(len(tokens), dtype=bool)
        keep[lines] = True
        keep[long_lines] = False
        keys, weights, ends = keys[keep], weights[keep], ends[keep]
    return (keys, weights, ends), at[newlines[long_lines]], lone_zero


class _Layout(NamedTuple):
    """Where a chunk's lines are among its numbers: each line's first number (its
    weight), how many numbers it holds, and its newline's place."""

    first: NDArray[np.intp]
    tokens: NDArray[np.intp]
    newlines: NDArray[np.intp]


def _pack(
    values: NDArray[np.uint8] | NDArray[np.int64], layout: _Layout, bits: int
) -> NDArray[np.uint64]:
    """Each line's marks (weights and newlines read as 0) packed into 64-bit words,
    ``bits`` a mark, first mark highest; the marks after a 0 are not read."""
    per_word = 64 // bits
    first, tokens, newlines = layout
    position = None
    if (
        tokens.min() >= 2
        and np.count_nonzero(values) == len(values) - 3 * len(tokens)
        and not values[newlines - 1].any()
    ):  # every ranking ends with its only 0
        length = int(tokens.max()) - 2
    else:  # the marks after a 0 are not read
        ended = np.cumsum(values == 0)
        ended -= np.repeat(ended[first], tokens + 1)
        values[ended > 0] = 0
        position = np.arange(len(values)) - np.repeat(first + 1, tokens + 1)
        length = int(np.where(values > 0, position, -1).max()) + 1
    words = max(1, -(-length // per_word))
    keys = np.empty((len(tokens), words), dtype=np.uint64)
    marks = values.astype(np.uint64)
    if words == 1:  # each mark shifted by bits * (per_word - 1 - its place in the ranking)
        shift = np.repeat(bits * (per_word + first), tokens + 1)
        shift -= bits * np.arange(len(values))  # below 0 or from 64 on: a 0 (weight, end)
        total = np.cumsum(marks << shift.view(np.uint64))
        keys[:, 0] = total[newlines] - total[first]  # a line's weight adds 0
        return keys
    if position is None:
        position = np.arange(len(values)) - np.repeat(first + 1, tokens + 1)
    for word in range(words):
        place = position - word * per_word
        shift = np.clip(bits * (per_word - 1 - place), 0, 63).astype(np.uint64)
        inside = np.where((place >= 0) & (place < per_word), marks, 0)
        total = np.cumsum(inside << shift)
        keys[:, word] = total[newlines] - total[first]
    return keys


def _merge_keys(
    keys: NDArray[np.uint64], weights: NDArray[np.int64] | None, bits: int, per_word: int
) -> tuple[NDArray[np.uint64], NDArray[np.int64], NDArray[np.intp] | None]:
    """The distinct rows of ``keys`` in order, the sum of the weights of each (None:
    each weighs 1), and which distinct row each row is (None when one word holds every
    key: then ``numpy.isin`` finds them)."""
    if keys.shape[1] > 1:
        unique, inverse = np.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        counts = np.zeros(len(unique), dtype=np.int64)
        np.add.at(counts, inverse, 1 if weights is None else weights)
        return unique, counts, inverse
    column = keys[:, 0]
    if weights is not None:
        order = np.argsort(column)
        ordered = column[order]
        bounds = _bounds(ordered)
        return ordered[bounds][:, None], np.add.reduceat(weights[order], bounds), None
    # short rankings (the first ``marks`` marks, 16 bits at most) are counted by
    # np.bincount, the others sorted; the two sorted runs are then merged
    marks = min(16 // bits, per_word)
    low = bits * (per_word - marks)
    short = (column & np.uint64((1 << low) - 1)) == 0
    tally = np.bincount((column[short] >> np.uint64(low)).astype(np.intp), minlength=1)
    found = np.flatnonzero(tally)
    ordered = np.sort(column[~short])
    bounds = _bounds(ordered)
    unique = np.concatenate([found.astype(np.uint64) << np.uint64(low), ordered[bounds]])
    counts = np.concatenate([tally[found], np.diff(bounds, append=len(ordered))])
    order = np.argsort(unique, kind="stable")  # two sorted runs: one merge
    return unique[order][:, None], counts[order].astype(np.int64), None


def _bounds(ordered: NDArray[np.uint64]) -> NDArray[np.intp]:
    """Where each run of equal values starts in a sorted array."""
    new = np.empty(len(ordered), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return np.flatnonzero(new)


def _repeats(marks: NDArray[np.int16]) -> NDArray[np.bool_]:
    """Rows naming a candidate twice (-1 is padding)."""
    if marks.max(initial=-1) < 64:  # a bit a candidate: a repeat sets no new bit
        seen = np.zeros(len(marks), dtype=np.uint64)
        repeated = np.zeros(len(marks), dtype=bool)
        for column in marks.T:
            bit = np.left_shift(np.uint64(1), column.astype(np.uint64)) * (column >= 0)
            repeated |= (seen & bit) != 0
            seen |= bit
        return repeated
    ordered = np.sort(marks, axis=1)
    return np.asarray(((ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] >= 0)).any(axis=1))
