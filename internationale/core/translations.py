"""Choosing which language version of a text to show.

Texts kept in several languages (declarations, organizations' descriptions)
mark one row as the original; each translation records the original's
version it was made from, so "outdated" is derived, never stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

#: A model row with language, is_original, version and translated_from_version.
T = TypeVar("T")


@dataclass(frozen=True)
class Chosen(Generic[T]):
    item: T
    is_fallback: bool  # not in the language asked for: the original is shown instead
    is_outdated: bool  # a translation of an older version of the original


def choose(items: Iterable[T], language: str) -> Chosen[T] | None:
    """The version in ``language``, else the original (else any); None if there is none."""
    versions: list[Any] = list(items)
    original = next((v for v in versions if v.is_original), versions[0] if versions else None)
    chosen = next((v for v in versions if v.language == language), None) or original
    if chosen is None:
        return None
    outdated = (
        not chosen.is_original
        and original is not None
        and (chosen.translated_from_version or 0) < original.version
    )
    return Chosen(chosen, chosen.language != language, bool(outdated))
