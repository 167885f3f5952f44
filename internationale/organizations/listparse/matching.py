"""Fuzzy matching of a pasted name against the names of known organizations."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from .records import Known
from .text import _wordset, normalize

#: Lowest score (0..100) between normalized names for a ``probable`` match. The
#: score is the higher of :func:`rapidfuzz.fuzz.token_sort_ratio` (same words,
#: any order, small typos: "Nepal Communist Party" and "Communist Party of Nepal"
#: score 93) and 0.9 x :func:`rapidfuzz.fuzz.token_set_ratio` (one name's words
#: all in the other: "Cuba Support Group" and "Cuba Support Group Ireland" score
#: 90). WRatio is not used: on names sharing only "de" it gives 85.5. "Partido
#: Comunista do Brasil" scores 87 against "Partido Comunista Brasileiro", another
#: party: that is why a probable match is shown with its score for a person to
#: confirm. "Partido Comunista de Venezuela" scores 76.5 against "Partido
#: Socialista de Venezuela".
MATCH_CUTOFF = 85.0
SUBSET_WEIGHT = 0.9


_STOPWORDS = _wordset(
    "de del la las los el lo do da dos das du des le les l d of the and y e et i a al au aux "
    "por para pela pelo pelos for in en em con com with"
)


def _sorted_tokens(key: str) -> str:
    return " ".join(sorted(key.split()))


def _significant(key: str) -> frozenset[str]:
    return frozenset(word for word in key.split() if word not in _STOPWORDS)


def similarity(one: str, other: str) -> float:
    """How alike two names are (0..100), as the matcher scores them: the higher of
    :func:`rapidfuzz.fuzz.token_sort_ratio` and SUBSET_WEIGHT x
    :func:`rapidfuzz.fuzz.token_set_ratio`, on normalized names."""
    a, b = normalize(one), normalize(other)
    return round(max(fuzz.token_sort_ratio(a, b), SUBSET_WEIGHT * fuzz.token_set_ratio(a, b)), 1)


class _Choices:
    """Known names of one country (or all of them), ready for fuzzy matching.

    The names are kept with their words sorted, so that one
    :func:`rapidfuzz.process.extractOne` with :func:`rapidfuzz.fuzz.ratio` gives
    the :func:`rapidfuzz.fuzz.token_sort_ratio` of every name without sorting
    20,000 names again for each line. Names whose significant words contain, or
    are contained in, the line's are found through an inverted index and scored
    with :func:`rapidfuzz.fuzz.token_set_ratio` (x :data:`SUBSET_WEIGHT`).
    """

    __slots__ = ("keys", "owners", "postings", "sorted_keys", "words")

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.owners: list[Known] = []
        # built on first use: most countries of a big directory are not in a given list
        self.sorted_keys: list[str] = []
        self.words: list[frozenset[str]] = []
        self.postings: dict[str, list[int]] = {}

    def add(self, key: str, owner: Known) -> None:
        self.keys.append(key)
        self.owners.append(owner)

    def _prepare(self) -> None:
        if len(self.sorted_keys) == len(self.keys):
            return
        self.sorted_keys = [_sorted_tokens(key) for key in self.keys]
        self.words = [_significant(key) for key in self.keys]
        self.postings = {}
        for index, words in enumerate(self.words):
            for word in words:
                self.postings.setdefault(word, []).append(index)

    def _subset_candidates(self, words: frozenset[str]) -> list[int]:
        """Names with all of ``words`` (two or more), or all of whose words are in ``words``.

        A single word of the line ("Consulta") is in too many names to mean
        anything; a single-word name found whole in the line ("Sortu" in
        "Partido Sortu") does.
        """
        if not words:
            return []
        lists = sorted((self.postings.get(word, []) for word in words), key=len)
        found: set[int] = set()
        if len(words) >= 2 and lists[0]:
            common = set(lists[0]).intersection(*lists[1:])
            found |= common
        hits: dict[int, int] = {}
        for postings in lists:
            for index in postings:
                hits[index] = hits.get(index, 0) + 1
        found.update(index for index, count in hits.items() if count == len(self.words[index]))
        return sorted(found)

    def best(self, key: str) -> tuple[float, Known] | None:
        """(score, owner) of the closest name at or above MATCH_CUTOFF, or None."""
        self._prepare()
        found: list[tuple[float, int]] = []
        by_order = process.extractOne(
            _sorted_tokens(key), self.sorted_keys, scorer=fuzz.ratio, processor=None,
            score_cutoff=MATCH_CUTOFF,
        )  # fmt: skip
        if by_order is not None:
            found.append((by_order[1], by_order[2]))
        candidates = self._subset_candidates(_significant(key))
        if candidates:
            by_subset = process.extractOne(
                key, [self.keys[index] for index in candidates], scorer=fuzz.token_set_ratio,
                processor=None, score_cutoff=MATCH_CUTOFF / SUBSET_WEIGHT,
            )  # fmt: skip
            if by_subset is not None:
                found.append((by_subset[1] * SUBSET_WEIGHT, candidates[by_subset[2]]))
        if not found:
            return None
        score, index = max(found, key=lambda pair: (pair[0], -pair[1]))
        return round(float(score), 1), self.owners[index]
