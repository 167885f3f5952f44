"""Writes about organizations: entries, status, descriptions.

Each function is one transaction and records itself in the audit log.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from internationale.accounts.models import User
from internationale.accounts.services import record_audit
from internationale.core.images import clean_image
from internationale.core.translations import write_version
from internationale.organizations.models import (
    AgreementPoint,
    Country,
    Description,
    Organization,
    OrganizationStatus,
    Region,
    StatusChange,
)

INTERNATIONAL = "international"
LOGO_SIDE = 512


def normalize(text: str) -> str:
    """Lower case, no accents, single spaces: how names are compared and searched."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())


def search_text_for(name: str, acronym: str, other_names: list[str]) -> str:
    return "\n".join(normalize(part) for part in [name, acronym, *other_names] if part)


@dataclass
class OrganizationData:
    """What a person may set on an organization's entry (not its status)."""

    name: str
    acronym: str = ""
    other_names: list[str] = field(default_factory=list)
    kind: str = "other"
    country: Country | None = None
    region_override: Region | None = None
    founded: int | None = None
    website: str = ""
    email: str = ""


def _region_for(country: Country | None, override: Region | None) -> Region:
    if override is not None:
        return override
    if country is not None:
        return country.region
    return Region.objects.get(slug=INTERNATIONAL)


def _apply(organization: Organization, data: OrganizationData) -> list[str]:
    changed = []
    for name, value in vars(data).items():
        current = getattr(organization, name)
        if current != value:
            setattr(organization, name, value)
            changed.append(name)
    organization.region = _region_for(data.country, data.region_override)
    organization.search_text = search_text_for(data.name, data.acronym, data.other_names)
    return changed


@transaction.atomic
def create_organization(
    *,
    by: User | None,
    data: OrganizationData,
    status: str = OrganizationStatus.NONE,
    status_since: date | None = None,
) -> Organization:
    organization = Organization(status=status, status_since=status_since)
    _apply(organization, data)
    organization.save()
    record_audit(actor=by, action="organization.create", target=organization)
    return organization


@transaction.atomic
def update_organization(
    *, by: User | None, organization_id: int, data: OrganizationData
) -> Organization:
    """Change an entry's details; its status is changed only by ``change_status``."""
    organization = Organization.objects.select_for_update().get(pk=organization_id)
    changed = _apply(organization, data)
    organization.save()
    if changed:
        record_audit(
            actor=by, action="organization.update", target=organization, details={"fields": changed}
        )
    return organization


@transaction.atomic
def set_logo(*, by: User, organization_id: int, upload: UploadedFile) -> Organization:
    """Store a logo re-encoded without metadata under a random name."""
    cleaned = clean_image(upload, max_side=LOGO_SIDE)
    organization = Organization.objects.select_for_update().get(pk=organization_id)
    old = organization.logo.name if organization.logo else None
    organization.logo.save("logo.png", cleaned, save=True)
    if old:
        transaction.on_commit(lambda: organization.logo.storage.delete(old))
    record_audit(actor=by, action="organization.logo", target=organization)
    return organization


@transaction.atomic
def change_status(
    *,
    by: User | None,
    organization_id: int,
    status: str,
    effective_on: date | None = None,
    reason: str = "",
) -> Organization:
    """Give an organization a new status, dated, and keep the old one in its history.

    Locks the organization row so two secretaries changing it at once leave
    a history in which each change's ``previous`` is the status it replaced.
    """
    organization = Organization.objects.select_for_update().get(pk=organization_id)
    if organization.status == status:
        return organization
    effective_on = effective_on or timezone.localdate()
    StatusChange.objects.create(
        organization=organization,
        previous=organization.status,
        status=status,
        effective_on=effective_on,
        reason=reason,
        changed_by=by,
    )
    previous = organization.status
    organization.status, organization.status_since = status, effective_on
    organization.save(update_fields=["status", "status_since", "updated_at"])
    record_audit(
        actor=by,
        action="organization.status",
        target=organization,
        details={"from": previous, "to": status, "reason": reason[:200]},
    )
    return organization


@transaction.atomic
def set_description(
    *, by: User | None, organization_id: int, language: str, text: str, original: bool = False
) -> Description:
    """Write an organization's description in one language.

    Editing the original moves its version on, which makes every translation
    made from an earlier version outdated. Writing a translation records the
    original's version it was made from. Making a language the original
    demotes the former original to a translation of the new one.
    """
    organization = Organization.objects.select_for_update().get(pk=organization_id)
    description, changed = write_version(
        Description.objects.filter(organization=organization),
        lambda: Description(organization=organization, language=language),
        language=language,
        values={"text": text},
        original=original,
    )
    if not changed:
        return description
    record_audit(
        actor=by,
        action="organization.description",
        target=organization,
        details={"language": language, "original": original},
    )
    return description


def organization_data(organization: Organization, **changes: Any) -> OrganizationData:
    """The editable data of an existing organization, with ``changes`` applied."""
    data = OrganizationData(
        name=organization.name,
        acronym=organization.acronym,
        other_names=list(organization.other_names),
        kind=organization.kind,
        country=organization.country,
        region_override=organization.region_override,
        founded=organization.founded,
        website=organization.website,
        email=organization.email,
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


@transaction.atomic
def save_agreement_point(
    *, by: User, point_id: int | None, position: int, texts: dict[str, str]
) -> AgreementPoint:
    """Create or change a point of agreement; earlier answers keep pointing at it."""
    if point_id is None:
        point = AgreementPoint.objects.create(position=position, texts=texts)
        record_audit(actor=by, action="agreement_point.create", target=point)
        return point
    point = AgreementPoint.objects.select_for_update().get(pk=point_id)
    point.position, point.texts = position, texts
    point.save()
    record_audit(actor=by, action="agreement_point.update", target=point)
    return point
