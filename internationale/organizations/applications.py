"""Writes about applications to join: submit, discuss, decide.

Every step is one transaction, is recorded in the audit log, and mails the
applicant (through the outbox, so the mail is committed with the step).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from internationale.accounts.models import Role, User
from internationale.accounts.services import assign_role, record_audit
from internationale.mail.services import send_email
from internationale.organizations import services
from internationale.organizations.models import (
    AgreementPoint,
    Answer,
    Application,
    ApplicationMessage,
    Organization,
    OrganizationStatus,
)


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
    organization_data: services.OrganizationData | None,
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
        wanted = services.normalize(organization_data.name)
        for open_application in Application.objects.filter(
            applicant=applicant, state__in=Application.OPEN_STATES
        ).select_related("organization"):
            if services.normalize(open_application.organization.name) == wanted:
                raise ApplicationError(
                    _("An application for this organization is already being considered.")
                )
    points = set(AgreementPoint.objects.values_list("pk", flat=True))
    if {answer.point_id for answer in answers} != points:
        raise ApplicationError(_("Please answer every point of agreement."))
    if organization is None:
        assert organization_data is not None
        organization = services.create_organization(by=applicant, data=organization_data)
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
        services.change_status(
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


def load_points(points: list[dict[str, str]]) -> int:
    """Create the points of agreement if there are none yet; return how many were created."""
    if AgreementPoint.objects.exists():
        return 0
    AgreementPoint.objects.bulk_create(
        AgreementPoint(position=i, texts=texts) for i, texts in enumerate(points, start=1)
    )
    return len(points)
