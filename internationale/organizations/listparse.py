"""Reading a pasted list of organizations: the pure parser behind the paste-a-list import.

Signatory lists arrive pasted from e-mail and are messy: ``Country, Name``,
``Country - Name``, ``ACRONYM - Name``, names with commas, brackets and dashes,
numbering, stray punctuation, no country at all, typos in country names, four
languages. This module turns such a text into one :class:`Parsed` row per
content line, with the country or territory, the name, the acronym, the region,
the reasons a person must look at the line, and the organization of the
directory it probably is.

It imports nothing from Django: the import service, the web preview and the
command line build :class:`Place` and :class:`Known` values from the database
and call :func:`parse_list` (or keep a :class:`ListParser` to parse many texts
against the same directory).

The rules, in the order they are applied to a line:

1. Blank lines, lines without a letter or digit (``----``), comments (``# ...``)
   give no row. ``## Title`` is a heading; so is an unnumbered line that is only
   a region or section title (``Europe``, ``International networks``,
   ``Redes internacionales``), only a country (``Brazil``) or ends with a colon.
   A heading names the section for the lines under it: under a networks heading
   a line without a country is an international (or regional) network and is not
   flagged; under a country heading it takes that country.
2. List numbering (``12.``, ``12)``, ``(12)``, ``12 -``, ``-``, ``*``, ``•``) is removed,
   and stray punctuation at either end.
3. The country is the part before the first comma, dash (hyphen, en or em dash)
   or colon, compared with every name and alias of every place ignoring case,
   accents and punctuation. Failing that, the same parts are compared fuzzily
   (:data:`COUNTRY_CUTOFF`); a fuzzy country is kept but the line is flagged
   ``country-fuzzy``: the parser never guesses silently. A country at the end
   (``Name (Cuba)``, ``Name, Cuba``) or only inside the name (``... de
   Catalunya``) is taken too, flagged ``country-at-end`` or ``country-from-name``.
4. The acronym is a leading token in capitals, digits and dashes followed by a
   dash and the long name (``MST - Movimento ...``, ``PCdoB - ...``,
   ``OLP-RL - ...``), a token in brackets (``Name (PCV)``, ``Name [TUNE -
   Trade Unionists Network Europe]``), or a trailing capitalised token made of
   the initials of the words before it (``... la Hoyada ACCUMHB``). Two
   acronyms on either side of a dash are one name (``MAS - IPSP``). A short
   name that is not an acronym before a dash (``Vamos - Frente Patria Grande``)
   keeps the whole text as the name and is flagged ``ambiguous-separator``.
5. The organization is looked up among the known ones: the same normalized name
   or other name, or the same acronym in the same country, is an ``exact``
   match; otherwise the best fuzzy score (see :data:`MATCH_CUTOFF`) among the
   organizations of the same country (all of them when the line has no country)
   at or above :data:`MATCH_CUTOFF` is a ``probable`` match; else ``new``.

Flag reasons: ``country-fuzzy`` (and ``country-ambiguous`` when two places are
about as close), ``country-at-end``, ``country-from-name``, ``acronym-or-country``
(``UK - ...``), ``no-country``, ``no-name``, ``ambiguous-separator``,
``unbalanced-brackets``, ``duplicate`` (the same country and name earlier in the
paste) and ``match-ambiguous`` (several known organizations fit exactly).

:class:`Parsed` carries one field beyond the preview's needs, ``other_names``:
the long form of ``Name [ACRONYM - Long name]``, for the organization's other
names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

#: Lowest :func:`rapidfuzz.fuzz.ratio` (0..100) of a normalized country as written
#: against a place's normalized name for a fuzzy country. "Cape Green" scores 70
#: against "Cape Verde", "Catalans Countries" 97 against "Catalan Countries";
#: "Vamos" scores 60 against "Samoa". Always flagged ``country-fuzzy``.
COUNTRY_CUTOFF = 70.0

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

NETWORKS_REGION = "international"


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


# --------------------------------------------------------------------------- text helpers

_WORDS = re.compile(r"[^\W_]+")


# combining marks (accents, Arabic and Hebrew vowel signs) left by NFKD
_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)


def normalize(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: "São-Tomé!" -> "sao tome"."""
    if text.isascii():
        bare = text.lower()
    else:
        bare = _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    return " ".join(_WORDS.findall(bare))


_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Cn"}
_DASHES = "\u2013\u2014"  # en and em dash
_APOSTROPHE_LIKE = re.compile("(?<=[^\\W\\d_])[\u00b4`]")  # acute accent or backtick
_SPACES = re.compile(r"\s+")
_NUMBERING = re.compile(
    rf"^(?:\(?\d{{1,4}}\s*[.)](?!\d)|\(\d{{1,4}}\)|\d{{1,4}}\s+[-{_DASHES}](?=\s)"
    rf"|[-*•·‣▪◦{_DASHES}+>])\s*"
)
_LEAD_JUNK = f" ,;:.-{_DASHES}*•·|/\\_=~"
_TRAIL_JUNK = f" ,;:-{_DASHES}*•·|/\\_=~"


def _clean(text: str) -> str:
    """Spaces made plain, invisible characters dropped, an acute accent after a letter made '."""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE
    )
    return _SPACES.sub(" ", _APOSTROPHE_LIKE.sub("'", kept)).strip()


def _trim(text: str) -> str:
    """Stray punctuation off both ends: ",, Name ," -> "Name"."""
    text = _SPACES.sub(" ", text).lstrip(_LEAD_JUNK).rstrip(_TRAIL_JUNK).strip()
    # a full stop ends a sentence, not a name, unless it ends an abbreviation ("A.C.", "Inc.")
    last = text.rsplit(" ", 1)[-1]
    if last.endswith(".") and len(last) > 4 and "." not in last[:-1]:
        text = text[:-1].rstrip(_TRAIL_JUNK).strip()
    return text


_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»", "„": "“", '"': '"'}


def _depths(text: str) -> list[int]:
    """Nesting depth (brackets and quotation marks) at each character."""
    depths: list[int] = []
    stack: list[str] = []
    for ch in text:
        if stack and (ch == _PAIRS[stack[-1]] or (stack[-1] == "„" and ch == "”")):
            depths.append(len(stack))
            stack.pop()
            continue
        if ch in _PAIRS:
            stack.append(ch)
        depths.append(len(stack))
    return depths


def _balanced(text: str) -> bool:
    stack: list[str] = []
    for ch in text:
        if ch in "([{":
            stack.append(ch)
        elif ch in ")]}" and (not stack or {"(": ")", "[": "]", "{": "}"}[stack.pop()] != ch):
            return False
    return not stack and text.count('"') % 2 == 0


_DASH = re.compile(rf"\s+[-{_DASHES}]+\s+|\s*[{_DASHES}]\s*|\s+-+(?=[^\W\d_])|(?<=[^\W\d_])-+\s+")
_COMMA = re.compile("\\s*[,\u060c\uff0c]\\s*")  # also the Arabic and the full-width comma
_COLON = re.compile(r"\s*:\s+")


def _splits(
    text: str, pattern: re.Pattern[str], *, limit: int = 3, last: bool = False
) -> list[tuple[str, str]]:
    """(left, right) at the first ``limit`` (or the last) top-level matches of ``pattern``."""
    depths = _depths(text)
    points = [
        (match.start(), match.end())
        for match in pattern.finditer(text)
        if match.start() > 0
        and match.end() < len(text)
        and depths[match.start()] == 0
        and depths[match.end() - 1] == 0
    ]
    chosen = points[-1:] if last else points[:limit]
    return [(_trim(text[:start]), _trim(text[end:])) for start, end in chosen]


def _first_split(text: str, pattern: re.Pattern[str]) -> tuple[str, str] | None:
    found = _splits(text, pattern, limit=1)
    return found[0] if found else None


def _bracket_tail(text: str) -> tuple[str, str] | None:
    """("Name", "PCV") for "Name (PCV)" or "Name [PCV]"; None otherwise."""
    if not text.endswith((")", "]")):
        return None
    opener = "(" if text.endswith(")") else "["
    start = text.rfind(opener)
    inner = text[start + 1 : -1]
    if start <= 0 or any(ch in inner for ch in "()[]"):
        return None
    head = text[:start].strip()
    return (head, inner.strip()) if head and inner.strip() else None


def is_acronym(token: str) -> bool:
    """A token in capitals, digits and dashes: "MST", "PCdoB", "OLP-RL", "IzCa", "DFLP-Europe".

    Not "CodePink", "Vamos", "Cubanismo.br", "4T" or "intal".
    """
    if not token or len(token) > 16 or not (token[0].isupper() or token[0].isdigit()):
        return False
    if any(not (ch.isalnum() or ch in ".&'-/") for ch in token):
        return False
    letters = [ch for ch in token if ch.isalpha()]
    upper = sum(1 for ch in letters if ch.isupper())
    if len(letters) < 2 or upper < 2:
        return False
    head = re.split(r"[-./&]", token, maxsplit=1)[0]
    if len(head) >= 2 and head.isupper():
        return True
    return upper * 2 >= len(letters)


def _initials_cover(acronym: str, words: str) -> bool:
    """Whether the acronym's letters are initials of the words (in any order)."""
    wanted = Counter(normalize(ch) for ch in acronym if ch.isalpha())
    have = Counter(normalize(word)[:1] for word in _WORDS.findall(words))
    return len(wanted) > 0 and not wanted - have


# --------------------------------------------------------------------------- headings


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_REGION_WORDS: dict[str, tuple[str, ...]] = {
    "international": (
        "international", "internacional", "internacionales", "internacionais",
        "internationaux", "internationales", "mundial", "mundiales", "mundiais", "world",
        "global", "monde",
    ),
    "asia": ("asia", "asie", "south asia", "southeast asia", "sudeste asiatico", "asie du sud"),
    "arab-maghreb": (
        "arab", "arabe", "arabes", "maghreb", "magreb", "magrebe", "middle east",
        "oriente medio", "medio oriente", "moyen orient", "monde arabe", "mena",
        "north africa", "africa del norte", "norte de africa", "afrique du nord",
    ),
    "europe": ("europe", "europa", "european", "europeo", "europeia", "europeen", "europeenne"),
    "latin-america-caribbean": (
        "latin america", "america latina", "amerique latine", "caribbean", "caribe",
        "caraibes", "south america", "america del sur", "america do sul", "amerique du sud",
        "central america", "america central", "amerique centrale", "latinoamerica",
        "latino america", "nuestra america",
    ),
    "north-america": (
        "north america", "america del norte", "america do norte", "amerique du nord",
        "norteamerica",
    ),
    "sub-saharan-africa": (
        "africa", "afrique", "sub saharan africa", "subsaharan africa", "africa subsahariana",
        "africa subsaariana", "afrique subsaharienne", "african", "africana", "africaine",
    ),
    "oceania": ("oceania", "oceanie", "pacific", "pacifico", "pacifique"),
}  # fmt: skip

_NETWORK_WORDS = _wordset(
    "network networks redes reseaux reseau rede articulations articulaciones articulacoes "
    "coordinations coordinaciones coalitions coaliciones internationals internacionales "
    "internacionais internationaux"
)

_HEADING_FILLER = _wordset(
    "and the of y e et de del la las los el do da das dos du des le les region regions "
    "regiones regioes north south east west central sub saharan subsaharan "
    "organizations organisations organizaciones organizacoes organization signatories "
    "signatures firmantes firmas signatarios signataires assinaturas adhesiones adhesoes "
    "adhesions members miembros membros membres section sections seccion secciones secao "
    "secoes continental continentales continentais regional regionales regionais other others "
    "otras otros outras outros autres list lista liste movements movimientos movimentos "
    "mouvements parties partidos partis unions sindicatos syndicats individuals personas "
    "pessoas personnes individuales individuos"
)


def _regions_named(normalized: str) -> list[str]:
    padded = f" {normalized} "
    found: list[str] = []
    # "north africa" is not also sub-saharan; "north america" is not also latin
    for slug, phrases in _REGION_WORDS.items():
        for phrase in phrases:
            if f" {phrase} " in padded:
                found.append(slug)
                break
    if (
        "arab-maghreb" in found
        and "sub-saharan-africa" in found
        and ("north africa" in normalized or "afrique du nord" in normalized)
    ):
        found.remove("sub-saharan-africa")
    latin = r"\b(latin|latina|latine|latinoamerica|caribbean|caribe|caraibes|sur|sul|sud|central)\b"
    if (
        "north-america" in found
        and "latin-america-caribbean" in found
        and not re.search(latin, normalized)
    ):
        found.remove("latin-america-caribbean")
    return found


_TITLE_WORDS = (
    frozenset(word for phrases in _REGION_WORDS.values() for p in phrases for word in p.split())
    | _NETWORK_WORDS
    | _HEADING_FILLER
)


@dataclass(frozen=True, slots=True)
class _Heading:
    text: str
    networks: bool
    region: str | None  # the one region the heading names, if only one
    country: str | None  # a country heading ("Brazil")


def _is_title(normalized: str) -> bool:
    """Only region, network and section words: "Latin America, the Caribbean and North America"."""
    words = normalized.split()
    if not words:
        return False
    return all(word in _TITLE_WORDS for word in words) and bool(
        _regions_named(normalized) or _NETWORK_WORDS & set(words)
    )


# --------------------------------------------------------------------------- the parser


@dataclass(slots=True)
class _Line:
    country: str | None = None
    country_text: str | None = None
    name: str = ""
    acronym: str | None = None
    other_names: tuple[str, ...] = ()
    reasons: list[str] = field(default_factory=list)


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
            heading = re.match(r"^#{2,}\s*(.*)$", text)
            if heading and any(ch.isalnum() for ch in heading.group(1)):
                return "heading", _trim(heading.group(1).rstrip("#"))
            return "skip", ""
        numbered = _NUMBERING.match(text)
        if numbered:
            return "content", text[numbered.end() :]
        title = _trim(text)
        if text.endswith(":") and not (_first_split(title, _COMMA) or _first_split(title, _DASH)):
            return "heading", title
        key = normalize(title)
        if _is_title(key) or key in self._place_by_name:
            return "heading", title
        return "content", text

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


def parse_list(text: str, places: Sequence[Place], known: Sequence[Known] = ()) -> list[Parsed]:
    """Parse a pasted list: one :class:`Parsed` per content line (see the module's rules)."""
    return ListParser(places, known).parse(text)
