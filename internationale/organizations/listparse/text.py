"""Text helpers of the list parser: cleaning, normalizing, splitting at top-level
separators, acronyms, and the words of region and section headings."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

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


def _is_title(normalized: str) -> bool:
    """Only region, network and section words: "Latin America, the Caribbean and North America"."""
    words = normalized.split()
    if not words:
        return False
    return all(word in _TITLE_WORDS for word in words) and bool(
        _regions_named(normalized) or _NETWORK_WORDS & set(words)
    )
