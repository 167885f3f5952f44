"""Writes about organizations: entries, status, descriptions, applications to join.

Each function is one transaction and records itself in the audit log. Each
step of an application also mails the applicant (through the outbox, so the
mail is committed with the step).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from internationale.accounts.models import Role, User
from internationale.accounts.services import assign_role, record_audit
from internationale.core.images import clean_image
from internationale.core.translations import write_version
from internationale.mail.services import send_email
from internationale.organizations.models import (
    AgreementPoint,
    Answer,
    Application,
    ApplicationMessage,
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


#: Organizations keyed per batch by ``rekey_organizations``.
REKEY_BATCH = 1000


@transaction.atomic
def rekey_organizations(*, region: Region | None = None, country: Country | None = None) -> int:
    """Write again the directory key of a region's or a country's organizations (all without
    either); return how many. For a change of a place: a region's position, a country's name."""
    organizations = Organization.objects.select_related("region", "country").order_by("pk")
    if region is not None:
        organizations = organizations.filter(region=region)
    if country is not None:
        organizations = organizations.filter(country=country)
    batch = []
    count = 0
    for organization in organizations.iterator(REKEY_BATCH):
        organization.sort_key = organization.compute_sort_key()
        batch.append(organization)
        if len(batch) == REKEY_BATCH:
            count += Organization.objects.bulk_update(batch, ["sort_key"])
            batch = []
    return count + Organization.objects.bulk_update(batch, ["sort_key"])


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


class ApplicationError(ValueError):
    """The step cannot be taken; the message says why, for the person."""


@dataclass(frozen=True)
class AnswerData:
    point_id: int
    choice: str
    comment: str = ""


class Decision:
    ADMIT_MEMBER = "admit-member"
    ADMIT_SYMPATHIZING = "admit-sympathizing"
    REJECT = "reject"
    DEFER = "defer"
    CHOICES = (ADMIT_MEMBER, ADMIT_SYMPATHIZING, REJECT, DEFER)


def _mail_applicant(application: Application, step: str, base_url: str, **extra: str) -> None:
    """Mail the applicant about ``step``, in the language they used the site in."""
    send_email(
        to=[application.applicant.email],
        template="organizations/email/application",
        context={
            "application": application,
            "organization": application.organization,
            "step": step,
            "link": base_url.rstrip("/")
            + reverse("organizations:application", args=[application.pk]),
            **extra,
        },
    )


@transaction.atomic
def submit_application(
    *,
    applicant: User,
    organization_data: OrganizationData | None,
    organization: Organization | None,
    requested: str,
    membership_size: int,
    contacts: str,
    answers: list[AnswerData],
    base_url: str,
) -> Application:
    """File an application, for a new organization or one already in the directory.

    Every point of agreement must be answered, with a comment unless the answer
    is "agree". The database allows one open application per organization, so
    a double submit or a second applicant for the same organization is refused.
    """
    # Serialise this applicant's submissions: a double click or two tabs give one application.
    User.objects.select_for_update().filter(pk=applicant.pk).first()
    if organization is None:
        assert organization_data is not None
        wanted = normalize(organization_data.name)
        for open_application in Application.objects.filter(
            applicant=applicant, state__in=Application.OPEN_STATES
        ).select_related("organization"):
            if normalize(open_application.organization.name) == wanted:
                raise ApplicationError(
                    _("An application for this organization is already being considered.")
                )
    points = set(AgreementPoint.objects.values_list("pk", flat=True))
    if {answer.point_id for answer in answers} != points:
        raise ApplicationError(_("Please answer every point of agreement."))
    if organization is None:
        assert organization_data is not None
        organization = create_organization(by=applicant, data=organization_data)
    elif organization.status not in (OrganizationStatus.NONE, OrganizationStatus.FORMER):
        raise ApplicationError(_("This organization is already part of the international."))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                organization=organization,
                applicant=applicant,
                requested=requested,
                membership_size=membership_size,
                contacts=contacts,
            )
    except IntegrityError as error:
        raise ApplicationError(
            _("An application for this organization is already being considered.")
        ) from error
    Answer.objects.bulk_create(
        Answer(application=application, point_id=a.point_id, choice=a.choice, comment=a.comment)
        for a in answers
    )
    assign_role(by=None, user=applicant, role=Role.REPRESENTATIVE, organization=organization)
    record_audit(actor=applicant, action="application.submit", target=application)
    _mail_applicant(application, "submitted", base_url)
    return application


def _locked(application_id: int) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("organization", "applicant")
        .get(pk=application_id)
    )


@transaction.atomic
def post_message(
    *, author: User, application_id: int, body: str, from_secretariat: bool, base_url: str
) -> ApplicationMessage:
    """Add a message to the thread; a question from the secretariat starts the review."""
    application = _locked(application_id)
    if not application.is_open:
        raise ApplicationError(_("This application has been decided; the thread is closed."))
    message = ApplicationMessage.objects.create(
        application=application, author=author, body=body, from_secretariat=from_secretariat
    )
    if from_secretariat:
        if application.state == Application.State.SUBMITTED:
            application.state = Application.State.UNDER_REVIEW
            application.save(update_fields=["state"])
        _mail_applicant(application, "question", base_url)
    record_audit(
        actor=author,
        action="application.message",
        target=application,
        details={"from_secretariat": from_secretariat},
    )
    return message


@transaction.atomic
def decide_application(
    *, by: User, application_id: int, decision: str, reason: str, base_url: str
) -> Application:
    """Admit, reject or defer, with a recorded reason; admitting changes the organization's status.

    Locks the application row: two secretaries deciding at once give one
    decision, and the second is told the application is already decided.
    """
    application = _locked(application_id)
    if not application.is_open:
        raise ApplicationError(_("This application has already been decided."))
    if not reason.strip():
        raise ApplicationError(_("Please give the reason for the decision."))
    if decision in (Decision.ADMIT_MEMBER, Decision.ADMIT_SYMPATHIZING):
        status = (
            OrganizationStatus.MEMBER
            if decision == Decision.ADMIT_MEMBER
            else OrganizationStatus.SYMPATHIZING_SECTION
        )
        change_status(
            by=by, organization_id=application.organization_id, status=status, reason=reason
        )
        application.state = Application.State.ADMITTED
    elif decision == Decision.REJECT:
        application.state = Application.State.REJECTED
    elif decision == Decision.DEFER:
        application.state = Application.State.DEFERRED
    else:
        raise ApplicationError(_("Unknown decision."))
    application.decision_reason = reason
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save()
    record_audit(
        actor=by, action="application.decide", target=application, details={"decision": decision}
    )
    _mail_applicant(application, application.state, base_url, reason=reason)
    return application
