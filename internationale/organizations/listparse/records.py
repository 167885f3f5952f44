"""The values the list parser takes (places, known organizations) and gives (rows)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Place:
    """A country or territory as the directory knows it."""

    code: str  # ISO alpha-2 ("BR") or territory code ("X-EUS", "XK")
    region: str  # region slug
    names: tuple[str, ...]  # every name and alias in every language


@dataclass(frozen=True, slots=True)
class Known:
    """An organization already in the directory."""

    id: int
    name: str
    acronym: str
    other_names: tuple[str, ...]
    country: str | None


@dataclass(frozen=True, slots=True)
class Parsed:
    """One content line of a pasted list, as the parser read it."""

    line: int  # 1-based line number in the pasted text
    raw: str
    country: str | None  # place code or None
    country_text: str | None  # the country as written
    name: str
    acronym: str | None
    region: str | None  # from the place; "international" for networks
    heading: str | None  # the section heading the line sits under, if any
    flagged: bool  # a person must look at it
    reasons: tuple[str, ...]  # why it is flagged
    match: str  # "exact" | "probable" | "new"
    match_id: int | None
    match_score: float | None  # 0..100
    other_names: tuple[str, ...] = field(default=())  # e.g. the long form in "[TUNE - ...]"
