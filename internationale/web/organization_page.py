"""Reads for an organization's public page, composed from the apps that know about it.

The directory (organizations) holds the entry, its descriptions and its status
history; declarations hold the signatures; the wire holds the reports that name
the organization (as their correspondent or editor named it, never through who
filed them). Declarations and the wire import organizations, so the page that
shows them all is composed here, in the site layer (decision 25).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from internationale.declarations.models import Declaration, Signature
from internationale.declarations.queries import VISIBLE, text_for
from internationale.organizations import queries as directory
from internationale.organizations.models import Organization, StatusChange
from internationale.wire.models import Report
from internationale.wire.queries import published_reports_of

#: Address schemes a website may have to be linked (a javascript: or data: "website" is not).
WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class SignedDeclaration:
    declaration: Declaration
    title: str
    title_language: str  # the language the title is shown in (not the page's, on a fallback)
    signed_at: datetime | None


@dataclass(frozen=True)
class OrganizationPage:
    organization: Organization
    description: directory.ShownDescription | None
    website: str  # "" when there is none, or none that may be linked
    history: list[StatusChange]
    declarations: list[SignedDeclaration]
    reports: list[Report]  # live reports naming it, newest first, in the reader's language


def website_link(address: str) -> str:
    """``address`` if it is an http(s) address with a host, else "" (never linked)."""
    address = address.strip()
    try:
        parts = urlsplit(address)
    except ValueError:
        return ""
    return address if parts.scheme.lower() in WEB_SCHEMES and parts.hostname else ""


def signed_declarations(organization_id: int, language: str) -> list[SignedDeclaration]:
    """The published declarations the organization signed, newest signature first.

    Only confirmed signatures the public list shows (not awaiting the
    secretariat, not hidden, rejected or withdrawn); an organization that
    signed one declaration twice is listed once, at its first signature.
    Two queries: the signatures with their declarations, and the texts.
    """
    signatures = (
        Signature.objects.filter(
            VISIBLE, organization_id=organization_id, kind=Signature.Kind.ORGANIZATION
        )
        .exclude(declaration__state=Declaration.State.DRAFT)
        .select_related("declaration")
        .prefetch_related("declaration__texts")
        .order_by("confirmed_at", "pk")
    )
    first: dict[int, Signature] = {}
    for signature in signatures:
        first.setdefault(signature.declaration_id, signature)
    signed = []
    for signature in first.values():
        shown = text_for(signature.declaration, language)
        signed.append(
            SignedDeclaration(
                declaration=signature.declaration,
                title=shown.item.title if shown else signature.declaration.slug,
                title_language=shown.item.language if shown else "",
                signed_at=signature.confirmed_at,
            )
        )
    signed.reverse()  # the first signatures came in oldest first
    return signed


def organization_page(pk: int, language: str) -> OrganizationPage | None:
    """Everything the organization's page shows, in eight queries at most (five for the
    entry and its signatures, three for its reports); None if there is no such one."""
    organization = directory.organization_detail(pk)
    if organization is None:
        return None
    return OrganizationPage(
        organization=organization,
        description=directory.description_for(organization, language),
        website=website_link(organization.website),
        history=list(organization.status_changes.all()),
        declarations=signed_declarations(organization.pk, language),
        reports=published_reports_of(organization.pk, language),
    )
