"""CSV export and import of organizations, with documented columns that round-trip.

The columns are listed in ``COLUMNS`` and described for people in
``docs/csv-format.md``. Exporting then importing the file changes nothing;
importing it into an empty directory and exporting again gives the same file
but for the ``id`` column.

Import validates every row before writing anything: a file with one bad row
writes nothing, and every problem is reported with its line number. Writes go
through the services (``create_organization``, ``update_organization``,
``change_status``, ``set_description``), so each change is audited as if made
by hand.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from internationale.accounts.models import User
from internationale.accounts.services import record_audit
from internationale.core.spreadsheet import csv_lines, restore
from internationale.core.validators import reject_control_characters
from internationale.organizations import services
from internationale.organizations.models import (
    Country,
    Description,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Region,
)

#: The languages a description column exists for: the languages the site ships in.
DESCRIPTION_LANGUAGES = ("en", "es", "pt", "fr", "ar")
#: How the other names share one cell.
OTHER_NAMES_SEPARATOR = " | "

MAX_NAME = 300
MAX_ACRONYM = 40
MAX_OTHER_NAMES = 30
MAX_WEBSITE = 300
MAX_EMAIL = 254
MAX_DESCRIPTION = 5000
FOUNDED_RANGE = (1800, 2100)
CHUNK = 2000


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str | Promise


COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        _(
            "The organization's number in the directory. Empty for a new organization; "
            "a number that does not exist is treated as empty."
        ),
    ),
    Column("name", _("The full name. Required.")),
    Column("acronym", _("The acronym, if any.")),
    Column(
        "other_names",
        _("Translations and former names, separated by “ | ” (a vertical bar between spaces)."),
    ),
    Column("kind", _("The kind of organization, as one of the codes listed below.")),
    Column(
        "country",
        _(
            "The code of the country or territory (BR, ZA, X-EUS…). "
            "Empty for international and regional networks."
        ),
    ),
    Column(
        "region",
        _(
            "Only when the region is not the country's: the region's code. "
            "Empty means the country's region, or “international” without a country."
        ),
    ),
    Column("founded", _("The founding year, from 1800 to 2100.")),
    Column("website", _("The web address, starting with https:// or http://.")),
    Column("status", _("The status in the international, as one of the codes listed below.")),
    Column("status_since", _("The date of the current status, as YYYY-MM-DD.")),
    *(
        Column(f"description_{language}", _("The description in this language."))
        for language in DESCRIPTION_LANGUAGES
    ),
    Column(
        "original_language",
        _("Which description is the original (en, es, pt, fr or ar); the others translate it."),
    ),
)
#: Exported only on request and never shown on the site.
EMAIL_COLUMN = Column(
    "email", _("The organization's e-mail address, for the secretariat only (private).")
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
ALL_COLUMN_NAMES = (*COLUMN_NAMES, EMAIL_COLUMN.name)


# --- Export -----------------------------------------------------------------


def _export_row(
    organization: Organization,
    descriptions: list[tuple[int, str, str, bool]],
    include_private: bool,
) -> list[str]:
    texts = {language: text for _pk, language, text, _original in descriptions}
    original = next(
        (language for _pk, language, _t, is_original in descriptions if is_original), ""
    )
    row = [
        str(organization.pk),
        organization.name,
        organization.acronym,
        OTHER_NAMES_SEPARATOR.join(organization.other_names),
        organization.kind,
        organization.country.code if organization.country else "",
        organization.region_override.slug if organization.region_override else "",
        str(organization.founded) if organization.founded is not None else "",
        organization.website,
        organization.status,
        organization.status_since.isoformat() if organization.status_since else "",
        *(texts.get(language, "") for language in DESCRIPTION_LANGUAGES),
        original if original in DESCRIPTION_LANGUAGES else "",
    ]
    if include_private:
        row.append(organization.email)
    return row


def export_organizations(
    queryset: QuerySet[Organization], *, include_private: bool = False
) -> Iterator[str]:
    """The organizations as CSV text, one row at a time, the header first, ordered by id.

    Runs exactly two queries whatever the number of organizations: one over
    the organizations with their country and region, one over their
    descriptions in the same order, read side by side in chunks. The
    secretariat's e-mail column is added only with ``include_private``.
    """
    header = [*COLUMN_NAMES, EMAIL_COLUMN.name] if include_private else list(COLUMN_NAMES)
    return csv_lines(itertools.chain([header], _export_rows(queryset, include_private)))


def _export_rows(queryset: QuerySet[Organization], include_private: bool) -> Iterator[list[str]]:
    organizations = queryset.select_related("country", "region_override").order_by("pk")
    descriptions = (
        Description.objects.filter(organization__in=queryset.values("pk"))
        .order_by("organization_id", "language")
        .values_list("organization_id", "language", "text", "is_original")
        .iterator(chunk_size=CHUNK)
    )
    following = next(descriptions, None)
    for organization in organizations.iterator(chunk_size=CHUNK):
        own: list[tuple[int, str, str, bool]] = []
        while following is not None and following[0] < organization.pk:
            following = next(descriptions, None)
        while following is not None and following[0] == organization.pk:
            own.append(following)
            following = next(descriptions, None)
        yield _export_row(organization, own, include_private)


# --- Import -----------------------------------------------------------------


class UploadError(ValueError):
    """An uploaded file that is not text this module can read."""


def decode_upload(data: bytes) -> str:
    """The upload as text: UTF-8, with or without a byte-order mark."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadError(
            gettext(
                "The file is not UTF-8 text (the first invalid byte is at position "
                "%(position)d). Save it from your spreadsheet as “CSV UTF-8” and try again."
            )
            % {"position": error.start + 1}
        ) from error


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return gettext("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


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


def _read(text: str, report: ImportReport) -> list[_Row]:
    """Every row parsed and checked; problems go to ``report.errors``."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        report.errors.append(RowError(1, gettext("the file is empty.")))
        return []
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    places: _Places | None = None
    rows: list[_Row] = []
    header: list[str] | None = None
    end = 0
    try:
        for cells in reader:
            line, end = end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in cells]
                problems = _header_errors(header)
                if problems:
                    report.errors.extend(RowError(line, problem) for problem in problems)
                    return []
                continue
            if len(cells) != len(header):
                report.errors.append(
                    RowError(
                        line,
                        gettext("this line has %(found)d fields; the header has %(expected)d.")
                        % {"found": len(cells), "expected": len(header)},
                    )
                )
                continue
            places = places or _Places.load()
            row, problems = _parse_row(line, dict(zip(header, cells, strict=True)), places)
            report.errors.extend(RowError(line, problem) for problem in problems)
            rows.append(row)
    except csv.Error as error:
        report.errors.append(
            RowError(
                reader.line_num,
                gettext("the file cannot be read as CSV from here on (%(problem)s).")
                % {"problem": error},
            )
        )
    if header is None:
        report.errors.append(RowError(1, gettext("the file has no header row.")))
    return rows


def _targets(rows: list[_Row], report: ImportReport) -> dict[int, Organization]:
    """Decide which organization each row updates; returns those organizations by row line.

    A row updates the organization with its id if that exists, otherwise the
    one organization with the same normalized name and country. Two rows
    aiming at the same organization, or a name shared by several, are errors.
    """
    ids = {row.id for row in rows if row.id is not None}
    existing_ids = set(Organization.objects.filter(pk__in=ids).values_list("pk", flat=True))
    by_name: dict[tuple[str, int | None], list[int]] | None = None
    target_pk: dict[int, int] = {}
    seen: dict[object, int] = {}
    for row in rows:
        pk: int | None = row.id if row.id in existing_ids else None
        country = row.fields.get("country")
        key = (services.normalize(row.name), country.pk if country else None)
        if pk is None:
            if by_name is None:
                by_name = defaultdict(list)
                for found, name, country_id in Organization.objects.values_list(
                    "pk", "name", "country_id"
                ):
                    by_name[(services.normalize(name), country_id)].append(found)
            matches = by_name.get(key, [])
            if len(matches) > 1:
                report.errors.append(
                    RowError(
                        row.line,
                        gettext(
                            "%(count)d organizations in the directory have this name and "
                            "country; give the id of the one to update."
                        )
                        % {"count": len(matches)},
                    )
                )
                continue
            pk = matches[0] if matches else None
        identity: object = pk if pk is not None else key
        if identity in seen:
            report.errors.append(
                RowError(
                    row.line,
                    gettext("this is the same organization as line %(other)d.")
                    % {"other": seen[identity]},
                )
            )
            continue
        seen[identity] = row.line
        if pk is not None:
            target_pk[row.line] = pk
    organizations = (
        Organization.objects.filter(pk__in=set(target_pk.values()))
        .select_related("country", "region_override")
        .prefetch_related("descriptions")
        .in_bulk()
    )
    return {line: organizations[pk] for line, pk in target_pk.items()}


def _same_text(stored: str, imported: str) -> bool:
    """Equal but for line endings and surrounding space (browsers send CRLF)."""
    return stored.replace("\r\n", "\n").strip() == imported


def _description_changes(
    row: _Row, existing: dict[str, Description]
) -> list[tuple[str, str, bool]]:
    """(language, text, original) for each description to write, the original first."""
    changes = []
    original = row.original_language
    if original and original in row.descriptions:
        current = existing.get(original)
        text = row.descriptions[original]
        if current is None or not _same_text(current.text, text) or not current.is_original:
            changes.append((original, text, True))
    for language, text in row.descriptions.items():
        if language == original:
            continue
        current = existing.get(language)
        wanted = False if original else bool(current and current.is_original)
        if current is None or not _same_text(current.text, text) or current.is_original != wanted:
            changes.append((language, text, wanted))
    return changes


def _write(row: _Row, organization: Organization | None, by: User) -> str:
    """Apply one row; returns "created", "updated" or "unchanged"."""
    if organization is None:
        organization = services.create_organization(
            by=by,
            data=services.OrganizationData(name=row.name, **row.fields),
            status=row.status or OrganizationStatus.NONE,
            status_since=row.status_since,
        )
        existing: dict[str, Description] = {}
        outcome = "created"
    else:
        existing = {d.language: d for d in organization.descriptions.all()}
        outcome = "unchanged"
        data = services.organization_data(organization, name=row.name, **row.fields)
        if data != services.organization_data(organization):
            services.update_organization(by=by, organization_id=organization.pk, data=data)
            outcome = "updated"
        if row.status and row.status != organization.status:
            services.change_status(
                by=by,
                organization_id=organization.pk,
                status=row.status,
                effective_on=row.status_since,
                reason=gettext("CSV import"),
            )
            outcome = "updated"
    for language, text, original in _description_changes(row, existing):
        services.set_description(
            by=by, organization_id=organization.pk, language=language, text=text, original=original
        )
        outcome = "updated" if outcome == "unchanged" else outcome
    return outcome


def import_organizations(text: str, *, by: User) -> ImportReport:
    """Create and update organizations from CSV text in the documented columns.

    Every row is checked first; if any is wrong the report lists every problem
    with its line and nothing is written. Otherwise all rows are written in one
    transaction: a row whose ``id`` exists updates that organization, a row
    without one updates the organization of the same normalized name and
    country, or creates it. Importing the same file twice creates nothing the
    second time. Columns absent from the file leave those fields as they are.
    """
    report = ImportReport()
    rows = _read(text, report)
    if report.errors:
        return report
    targets = _targets(rows, report)
    if report.errors:
        return report
    with transaction.atomic():
        for row in rows:
            outcome = _write(row, targets.get(row.line), by)
            setattr(report, outcome, getattr(report, outcome) + 1)
        record_audit(
            actor=by,
            action="organization.import_csv",
            details={
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            },
        )
    return report
