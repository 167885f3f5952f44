"""Organizations created and updated from CSV text: the file read and checked, each
row's organization found, then every row written in one transaction."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from internationale.accounts.models import User
from internationale.accounts.services import record_audit
from internationale.organizations import services
from internationale.organizations.models import Description, Organization, OrganizationStatus

from .cells import _delimiter, _header_errors, _parse_row, _Places, _Row


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
