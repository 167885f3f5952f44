"""Organizations written as CSV, in the documented columns."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from django.db.models import QuerySet

from internationale.core.spreadsheet import csv_lines
from internationale.organizations.models import Description, Organization

from .columns import COLUMN_NAMES, DESCRIPTION_LANGUAGES, EMAIL_COLUMN, OTHER_NAMES_SEPARATOR

CHUNK = 2000  # organizations (and descriptions) read from the database at a time


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
