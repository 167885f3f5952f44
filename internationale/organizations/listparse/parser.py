"""The list parser: each pasted line classified, then read by the rules of the
package's docstring (country, acronym, name, region), then matched."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .matching import _Choices
from .records import Known, Parsed, Place
from .text import (
    _COLON,
    _COMMA,
    _DASH,
    _DASHES,
    _NETWORK_WORDS,
    _NUMBERING,
    _balanced,
    _bracket_tail,
    _clean,
    _first_split,
    _initials_cover,
    _is_title,
    _regions_named,
    _splits,
    _trim,
    _wordset,
    is_acronym,
    normalize,
)

#: Lowest :func:`rapidfuzz.fuzz.ratio` (0..100) of a normalized country as written
#: against a place's normalized name for a fuzzy country. "Cape Green" scores 70
#: against "Cape Verde", "Catalans Countries" 97 against "Catalan Countries";
#: "Vamos" scores 60 against "Samoa". Always flagged ``country-fuzzy``.
COUNTRY_CUTOFF = 70.0

NETWORKS_REGION = "international"


@dataclass(frozen=True, slots=True)
class _Heading:
    text: str
    networks: bool
    region: str | None  # the one region the heading names, if only one
    country: str | None  # a country heading ("Brazil")


@dataclass(slots=True)
class _Line:
    country: str | None = None
    country_text: str | None = None
    name: str = ""
    acronym: str | None = None
    other_names: tuple[str, ...] = ()
    reasons: list[str] = field(default_factory=list)


_PLACE_PREPOSITIONS = _wordset("de del do da du of the in en em d")


class ListParser:
    """Parses pasted lists against one set of places and known organizations.

    Building it indexes the places and the known organizations (by normalized
    name, other name and acronym, and by country for fuzzy matching); keep one
    to parse several texts against the same directory.
    """

    def __init__(self, places: Sequence[Place], known: Sequence[Known] = ()) -> None:
        self._places = {place.code: place for place in places}
        self._place_by_name: dict[str, str] = {}
        ambiguous: set[str] = set()
        for place in places:
            for name in place.names:
                key = normalize(name)
                if not key:
                    continue
                if self._place_by_name.setdefault(key, place.code) != place.code:
                    ambiguous.add(key)
        # a name two places share ("Congo" in some catalogue) is matched by neither
        for key in ambiguous:
            del self._place_by_name[key]
        self._place_keys = list(self._place_by_name)
        self._place_codes = [self._place_by_name[key] for key in self._place_keys]

        self._known = {entry.id: entry for entry in known}
        self._by_name: dict[str, list[Known]] = {}
        self._by_acronym: dict[str, list[Known]] = {}
        self._choices: dict[str | None, _Choices] = {}
        self._all_choices = _Choices()
        for entry in known:
            for name in dict.fromkeys((entry.name, *entry.other_names)):
                key = normalize(name)
                if not key:
                    continue
                self._by_name.setdefault(key, []).append(entry)
                self._choices.setdefault(entry.country, _Choices()).add(key, entry)
                self._all_choices.add(key, entry)
            acronym = normalize(entry.acronym) if entry.acronym else ""
            if acronym:
                self._by_acronym.setdefault(acronym, []).append(entry)

    # ------------------------------------------------------------------ public

    def parse(self, text: str) -> list[Parsed]:
        """One :class:`Parsed` per content line of ``text``, in order."""
        rows: list[Parsed] = []
        heading: _Heading | None = None
        seen: set[tuple[str | None, str]] = set()
        for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
            kind, body = self._classify(raw)
            if kind == "skip":
                continue
            if kind == "heading":
                heading = self._heading(body)
                continue
            line = self._read(body, heading)
            key = (line.country, normalize(line.name))
            if key[1] and key in seen:
                line.reasons.append("duplicate")
            seen.add(key)
            match, match_id, score = self._match(line)
            if match == "ambiguous":
                line.reasons.append("match-ambiguous")
                match = "probable"
            region = self._region(line, heading)
            rows.append(
                Parsed(
                    line=number,
                    raw=raw,
                    country=line.country,
                    country_text=line.country_text,
                    name=line.name,
                    acronym=line.acronym,
                    region=region,
                    heading=heading.text if heading else None,
                    flagged=bool(line.reasons),
                    reasons=tuple(dict.fromkeys(line.reasons)),
                    match=match,
                    match_id=match_id,
                    match_score=score,
                    other_names=line.other_names,
                )
            )
        return rows

    def find_place(self, text: str) -> tuple[str | None, bool]:
        """(code, fuzzy) for a country as written; (None, False) when nothing is close."""
        code = self._exact_place(text)
        if code is not None:
            return code, False
        fuzzy, _ = self._fuzzy_place(text)
        return fuzzy, fuzzy is not None

    # ------------------------------------------------------------------ lines

    def _classify(self, raw: str) -> tuple[str, str]:
        """("skip" | "heading" | "content", the text without numbering)."""
        text = _clean(raw)
        if not any(ch.isalnum() for ch in text):
            return "skip", ""
        if text.startswith("#"):
            return _marked(text)
        numbered = _NUMBERING.match(text)
        if numbered:
            return "content", text[numbered.end() :]
        title = _trim(text)
        if self._is_heading(text, title):
            return "heading", title
        return "content", text

    def _is_heading(self, text: str, title: str) -> bool:
        """An unnumbered line ending with a colon (and not split by a comma or dash), or
        only a region or section title, or only a place."""
        if text.endswith(":") and not (_first_split(title, _COMMA) or _first_split(title, _DASH)):
            return True
        key = normalize(title)
        return _is_title(key) or key in self._place_by_name

    def _heading(self, text: str) -> _Heading:
        key = normalize(text)
        words = set(key.split())
        regions = _regions_named(key)
        networks = bool(_NETWORK_WORDS & words) or regions == ["international"]
        country = self._exact_place(text)
        regions = [slug for slug in regions if slug != NETWORKS_REGION]
        region = regions[0] if len(regions) == 1 else None
        return _Heading(text=text, networks=networks, region=region, country=country)

    def _region(self, line: _Line, heading: _Heading | None) -> str | None:
        if line.country is not None:
            return self._places[line.country].region
        if heading is None:
            return None
        if heading.networks:
            return heading.region or NETWORKS_REGION
        return heading.region

    def _read(self, body: str, heading: _Heading | None) -> _Line:
        line = _Line()
        rest = _trim(body)
        whole = self._exact_place(rest)
        if whole is not None:  # "12. Brazil": a country and no name
            line.country, line.country_text, rest = whole, rest, ""
        rest = self._leading_country(rest, line)
        if line.country is None:
            rest = self._acronym_comma(rest, line)
        if line.country is None:
            rest = self._trailing_country(rest, line)
        if line.country is not None:
            rest = self._drop_repeated_country(rest, line.country)
        rest = self._acronym(rest, line)
        line.name = _trim(rest)
        if line.country is None and heading is not None and heading.country is not None:
            line.country = heading.country
        if line.country is None and not (heading and heading.networks):
            self._country_from_name(line)
        if line.country is None and not (heading and heading.networks):
            line.reasons.append("no-country")
        if not line.name:
            line.reasons.append("no-name")
        elif not _balanced(line.name):
            line.reasons.append("unbalanced-brackets")
        return line

    # ------------------------------------------------------------------ countries

    def _exact_place(self, text: str) -> str | None:
        return self._place_by_name.get(normalize(text))

    def _fuzzy_place(self, text: str) -> tuple[str | None, bool]:
        """(code, ambiguous) for the closest place name at or above COUNTRY_CUTOFF."""
        key = normalize(text)
        if len(key) < 4 or len(key.split()) > 6 or is_acronym(text.strip()):
            return None, False
        found = process.extract(
            key, self._place_keys, scorer=fuzz.ratio, processor=None,
            score_cutoff=COUNTRY_CUTOFF, limit=8,
        )  # fmt: skip
        if not found:
            return None, False
        best_score = found[0][1]
        best = self._place_codes[found[0][2]]
        rivals = {self._place_codes[index] for _, score, index in found if score >= best_score - 3}
        return best, len(rivals) > 1

    def _leading_country(self, text: str, line: _Line) -> str:
        """Take "Country, ..." / "Country - ..." / "Country: ..." off the front."""
        candidates: list[tuple[str, str, str]] = []
        for kind, pattern in (("comma", _COMMA), ("dash", _DASH), ("colon", _COLON)):
            for left, right in _splits(text, pattern, limit=3):
                candidates.append((kind, left, right))
        exact = [
            (kind, left, right, code)
            for kind, left, right in candidates
            if (code := self._exact_place(left)) is not None
        ]
        if exact:
            kind, left, right, code = max(exact, key=lambda found: len(normalize(found[1])))
            line.country, line.country_text = code, _trim(left)
            if kind == "dash" and is_acronym(left) and _first_split(right, _DASH) is None:
                line.reasons.append("acronym-or-country")
            return right
        for kind, left, right in candidates:
            if kind == "colon":
                continue
            if kind == "dash" and not self._looks_like_country(left):
                continue
            code, ambiguous = self._fuzzy_place(left)
            if code is not None:
                line.country, line.country_text = code, left
                line.reasons.append("country-fuzzy")
                if ambiguous:
                    line.reasons.append("country-ambiguous")
                return right
        return text

    @staticmethod
    def _looks_like_country(text: str) -> bool:
        """Before a dash, only a short capitalised phrase may be a misspelt country."""
        words = text.split()
        return 0 < len(words) <= 4 and words[0][:1].isupper() and not is_acronym(text)

    def _trailing_country(self, text: str, line: _Line) -> str:
        """ "Name (Cuba)", "Name, Cuba", "Name - Cuba": an exact country at the end."""
        bracket = _bracket_tail(text)
        tails: list[tuple[str, str]] = [bracket] if bracket else []
        for pattern in (_COMMA, _DASH):
            found = _splits(text, pattern, last=True)
            if found:
                tails.append(found[-1])
        for head, tail in tails:
            code = self._exact_place(tail)
            if code is not None and normalize(head):
                line.country, line.country_text = code, tail.strip()
                line.reasons.append("country-at-end")
                return head
        return text

    def _country_from_name(self, line: _Line) -> None:
        """ "Esquerra Unida i Alternativa de Catalunya": suggest the place, flagged."""
        words = line.name.split()
        for start in range(max(1, len(words) - 4), len(words)):
            if normalize(words[start - 1]) not in _PLACE_PREPOSITIONS:
                continue
            code = self._exact_place(" ".join(words[start:]))
            if code is not None:
                line.country, line.country_text = code, None
                line.reasons.append("country-from-name")
                return

    def _drop_repeated_country(self, text: str, code: str) -> str:
        """ "Norway, Norge/Asociación ..." -> "Asociación ..."."""
        found = re.match(r"^([^/]{2,40})/\s*(\S.*)$", text)
        if found and self._exact_place(found.group(1)) == code:
            return found.group(2)
        return text

    # ------------------------------------------------------------------ acronyms

    def _acronym_comma(self, text: str, line: _Line) -> str:
        """ "DFLP-Europe, Democratic Front ...": an acronym before a comma."""
        found = _first_split(text, _COMMA)
        if found is None:
            return text
        left, right = found
        if is_acronym(left) and len(right.split()) >= 2 and self._exact_place(left) is None:
            line.acronym = left
            return right
        return text

    def _acronym(self, text: str, line: _Line) -> str:
        if line.acronym is None:
            text = self._bracketed_acronym(text, line)
        if line.acronym is None:
            text = self._leading_acronym(text, line)
        if line.acronym is None:
            text = self._trailing_acronym(text, line)
        return text

    def _bracketed_acronym(self, text: str, line: _Line) -> str:
        """ "Name (PCV)" or "Name [TUNE - Trade Unionists Network Europe]"."""
        found = _bracket_tail(text)
        if found is None:
            return text
        head, inner = found
        if is_acronym(inner) and len(head.split()) >= 2:
            line.acronym = inner
            return head
        split = _first_split(inner, _DASH)
        if split and is_acronym(split[0]) and len(split[1].split()) >= 2:
            line.acronym = split[0]
            line.other_names = (_trim(split[1]),)
            return head
        return text

    def _leading_acronym(self, text: str, line: _Line) -> str:
        """ "MST - Movimento dos Trabalhadores ..."."""
        found = _first_split(text, _DASH)
        if found is None:
            return text
        left, right = found
        if is_acronym(left):
            if is_acronym(right):  # "MAS - IPSP" is one name
                return text
            line.acronym = left
            return right
        words = left.split()
        if len(words) <= 2 and len(right.split()) >= 2 and words[0][:1].isupper():
            line.reasons.append("ambiguous-separator")
        return text

    def _trailing_acronym(self, text: str, line: _Line) -> str:
        """ "... la Hoyada ACCUMHB" or "Name - PCV", when the letters are the initials."""
        if " " not in text:
            return text
        head, token = text.rsplit(" ", 1)
        head = head.rstrip(f" -{_DASHES}")
        letters = [ch for ch in token if ch.isalpha()]
        if (
            len(letters) >= 3
            and all(ch.isupper() for ch in letters)
            and is_acronym(token)
            and len(head.split()) >= 3
            and _initials_cover(token, head)
        ):
            line.acronym = token
            return head
        return text

    # ------------------------------------------------------------------ matching

    def _match(self, line: _Line) -> tuple[str, int | None, float | None]:
        """("exact" | "probable" | "new" | "ambiguous", id, score)."""
        if not self._known:
            return "new", None, None
        country = line.country
        candidates: list[Known] = []
        for name in (line.name, *line.other_names):
            candidates += self._by_name.get(normalize(name), [])
        candidates = [k for k in candidates if country is None or k.country in (None, country)]
        acronym = line.acronym or (line.name if is_acronym(line.name) else None)
        if acronym:
            candidates += [
                k for k in self._by_acronym.get(normalize(acronym), []) if k.country == country
            ]
        if candidates:
            same = [k for k in candidates if k.country == country] or candidates
            ids = sorted({k.id for k in same})
            return ("exact" if len(ids) == 1 else "ambiguous"), ids[0], 100.0
        key = normalize(line.name)
        if not key:
            return "new", None, None
        choices = self._all_choices if country is None else self._choices.get(country)
        found = choices.best(key) if choices is not None else None
        if found is None:
            return "new", None, None
        score, entry = found
        return "probable", entry.id, score


def _marked(text: str) -> tuple[str, str]:
    """A line starting with "#": a "## heading" with a letter or digit, else a comment."""
    heading = re.match(r"^#{2,}\s*(.*)$", text)
    if heading and any(ch.isalnum() for ch in heading.group(1)):
        return "heading", _trim(heading.group(1).rstrip("#"))
    return "skip", ""


def parse_list(text: str, places: Sequence[Place], known: Sequence[Known] = ()) -> list[Parsed]:
    """Parse a pasted list: one :class:`Parsed` per content line (see the module's rules)."""
    return ListParser(places, known).parse(text)
