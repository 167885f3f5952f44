"""The cells of an imported CSV row, each read and checked, and the row made of them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext, ngettext

from internationale.core.spreadsheet import restore
from internationale.core.validators import reject_control_characters
from internationale.organizations.models import (
    Country,
    OrganizationKind,
    OrganizationStatus,
    Region,
)

from .columns import (
    ALL_COLUMN_NAMES,
    DESCRIPTION_LANGUAGES,
    FOUNDED_RANGE,
    MAX_ACRONYM,
    MAX_DESCRIPTION,
    MAX_EMAIL,
    MAX_NAME,
    MAX_OTHER_NAMES,
    MAX_WEBSITE,
)


class _CellError(Exception):
    pass


@dataclass
class _Row:
    line: int
    id: int | None
    name: str
    # OrganizationData fields given by the file's columns; absent columns keep what is there.
    fields: dict[str, Any]
    status: str | None
    status_since: date | None
    descriptions: dict[str, str]
    original_language: str | None


@dataclass
class _Places:
    countries: dict[str, Country]
    regions: dict[str, Region]

    @classmethod
    def load(cls) -> _Places:
        return cls(
            countries={c.code: c for c in Country.objects.select_related("region")},
            regions={r.slug: r for r in Region.objects.all()},
        )


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


def _shown(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "…"


def _text(value: str, limit: int, *, one_line: bool = True) -> str:
    if len(value) > limit:
        raise _CellError(
            gettext("too long: %(length)d characters, at most %(limit)d.")
            % {"length": len(value), "limit": limit}
        )
    if one_line and ("\n" in value or "\r" in value):
        raise _CellError(gettext("must fit on one line."))
    try:
        reject_control_characters(value)
    except ValidationError as error:
        raise _CellError(" ".join(error.messages)) from error
    return value


def _integer(value: str) -> int:
    if not re.fullmatch(r"[0-9]{1,9}", value):
        raise _CellError(gettext("“%(value)s” is not a whole number.") % {"value": _shown(value)})
    return int(value)


def _choice(value: str, allowed: Iterable[str], message: str) -> str:
    allowed = list(allowed)
    if value.lower() in allowed:
        return value.lower()
    raise _CellError(message % {"value": _shown(value), "allowed": ", ".join(allowed)})


def _parse_id(value: str, places: _Places) -> int | None:
    return _integer(value) if value else None


def _parse_name(value: str, places: _Places) -> str:
    if not value:
        raise _CellError(gettext("the name is required."))
    return _text(value, MAX_NAME)


def _parse_acronym(value: str, places: _Places) -> str:
    return _text(value, MAX_ACRONYM)


def _parse_other_names(value: str, places: _Places) -> list[str]:
    names = [part.strip() for part in value.split("|") if part.strip()]
    if len(names) > MAX_OTHER_NAMES:
        raise _CellError(
            gettext("at most %(limit)d other names, not %(count)d.")
            % {"limit": MAX_OTHER_NAMES, "count": len(names)}
        )
    return [_text(name, MAX_NAME) for name in names]


def _parse_kind(value: str, places: _Places) -> str | None:
    if not value:
        return None
    return _choice(
        value,
        OrganizationKind.values,
        gettext("unknown kind “%(value)s”; the kinds are %(allowed)s."),
    )


def _parse_status(value: str, places: _Places) -> str | None:
    if not value:
        return None
    return _choice(
        value,
        OrganizationStatus.values,
        gettext("unknown status “%(value)s”; the statuses are %(allowed)s."),
    )


def _parse_country(value: str, places: _Places) -> Country | None:
    if not value:
        return None
    country = places.countries.get(value.upper())
    if country is None:
        raise _CellError(
            gettext("unknown country or territory code “%(value)s”.") % {"value": _shown(value)}
        )
    return country


def _parse_region(value: str, places: _Places) -> Region | None:
    if not value:
        return None
    slug = _choice(
        value,
        places.regions,
        gettext("unknown region “%(value)s”; the regions are %(allowed)s."),
    )
    return places.regions[slug]


def _parse_founded(value: str, places: _Places) -> int | None:
    if not value:
        return None
    year = _integer(value)
    low, high = FOUNDED_RANGE
    if not low <= year <= high:
        raise _CellError(
            gettext("the founding year must be between %(low)d and %(high)d.")
            % {"low": low, "high": high}
        )
    return year


def _parse_website(value: str, places: _Places) -> str:
    if not value:
        return ""
    url = value if "://" in value else f"https://{value}"
    _text(url, MAX_WEBSITE)
    try:
        _url(url)
    except ValidationError as error:
        raise _CellError(
            gettext("“%(value)s” is not a valid web address.") % {"value": _shown(value)}
        ) from error
    return url


def _parse_email(value: str, places: _Places) -> str:
    if not value:
        return ""
    _text(value, MAX_EMAIL)
    try:
        _email(value)
    except ValidationError as error:
        raise _CellError(
            gettext("“%(value)s” is not a valid e-mail address.") % {"value": _shown(value)}
        ) from error
    return value


def _parse_date(value: str, places: _Places) -> date | None:
    if not value:
        return None
    try:
        if not _DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError as error:
        raise _CellError(
            gettext("“%(value)s” is not a date written YYYY-MM-DD.") % {"value": _shown(value)}
        ) from error


def _parse_description(value: str, places: _Places) -> str:
    return _text(value.replace("\r\n", "\n"), MAX_DESCRIPTION, one_line=False)


def _parse_language(value: str, places: _Places) -> str | None:
    if not value:
        return None
    return _choice(
        value,
        DESCRIPTION_LANGUAGES,
        gettext("unknown language “%(value)s”; the languages are %(allowed)s."),
    )


_PARSERS: dict[str, Callable[[str, _Places], Any]] = {
    "id": _parse_id,
    "name": _parse_name,
    "acronym": _parse_acronym,
    "other_names": _parse_other_names,
    "kind": _parse_kind,
    "country": _parse_country,
    "region": _parse_region,
    "founded": _parse_founded,
    "website": _parse_website,
    "status": _parse_status,
    "status_since": _parse_date,
    **{f"description_{language}": _parse_description for language in DESCRIPTION_LANGUAGES},
    "original_language": _parse_language,
    "email": _parse_email,
}
# Columns that set an OrganizationData field of the same meaning.
_DATA_FIELDS = {
    "acronym": "acronym",
    "other_names": "other_names",
    "kind": "kind",
    "country": "country",
    "region": "region_override",
    "founded": "founded",
    "website": "website",
    "email": "email",
}


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _header_errors(header: list[str]) -> list[str]:
    problems = []
    unknown = [name for name in header if name not in ALL_COLUMN_NAMES]
    if unknown:
        problems.append(
            ngettext(
                "unknown column %(unknown)s. The columns are: %(allowed)s.",
                "unknown columns %(unknown)s. The columns are: %(allowed)s.",
                len(unknown),
            )
            % {
                "unknown": ", ".join(f"“{_shown(name)}”" for name in unknown),
                "allowed": ", ".join(ALL_COLUMN_NAMES),
            }
        )
    for name in sorted({name for name in header if header.count(name) > 1}):
        problems.append(gettext("the column “%(column)s” appears twice.") % {"column": name})
    if "name" not in header:
        problems.append(gettext("the column “name” is required."))
    return problems


def _parse_row(line: int, cells: dict[str, str], places: _Places) -> tuple[_Row, list[str]]:
    values: dict[str, Any] = {}
    problems = []
    for column, raw in cells.items():
        value = restore(raw.strip())  # what the export's neutralise added
        try:
            values[column] = _PARSERS[column](value, places)
        except _CellError as error:
            problems.append(
                gettext("%(column)s: %(problem)s") % {"column": column, "problem": error}
            )
    descriptions = {
        language: values[f"description_{language}"]
        for language in DESCRIPTION_LANGUAGES
        if values.get(f"description_{language}", "").strip()
    }
    original = values.get("original_language")
    if original and original not in descriptions:
        problems.append(
            gettext("original_language is %(language)s but description_%(language)s is empty.")
            % {"language": original}
        )
    row = _Row(
        line=line,
        id=values.get("id"),
        name=values.get("name", ""),
        fields={_DATA_FIELDS[c]: values[c] for c in _DATA_FIELDS if c in values},
        status=values.get("status"),
        status_since=values.get("status_since"),
        descriptions=descriptions,
        original_language=original,
    )
    if row.fields.get("kind", "") is None:
        del row.fields["kind"]
    return row, problems
