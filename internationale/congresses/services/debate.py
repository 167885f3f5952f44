"""Writes of the pre-congress debate: contributions, endorsements, bulletins, tendencies.

Each function is one transaction, audited. Who may submit as what is decided
here (``allowed_kinds``), on top of the table (permissions.RULES): the
congress's ``contributors``, and the person (a section's representative, a
tendency's signatory, the secretariat for the outgoing executive, any member).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from internationale.accounts.models import User
from internationale.accounts.permissions import is_secretariat
from internationale.accounts.services import record_audit
from internationale.congresses.models import (
    Bulletin,
    Congress,
    Contribution,
    ContributionText,
    Contributor,
    Endorsement,
    Tendency,
    TendencyPlatform,
    TendencySignatory,
    deadline_passed,
)
from internationale.congresses.permissions import CongressRole, represented_sections, roles_at
from internationale.core.translations import write_version
from internationale.organizations.models import Organization


class DebateError(ValueError):
    """The step cannot be taken; the message says why, in the user's language."""


@dataclass(frozen=True)
class Kinds:
    """What ``user`` may submit as at one congress: the kinds, the sections, the tendency."""

    kinds: tuple[str, ...]
    sections: tuple[Organization, ...]
    tendency: Tendency | None


def tendency_of(user: User, congress: Congress) -> Tendency | None:
    """The tendency ``user`` signed at ``congress`` (one at most), or None."""
    signed = (
        TendencySignatory.objects.filter(congress=congress, user=user)
        .select_related("tendency")
        .first()
    )
    return signed.tendency if signed else None


def allowed_kinds(user: User, congress: Congress) -> Kinds:
    """The kinds of author ``user`` may submit as, among the congress's ``contributors``."""
    roles = roles_at(user, congress)
    sections = tuple(
        Organization.objects.filter(pk__in=represented_sections(user)).order_by("name")
    )
    tendency = tendency_of(user, congress)
    possible = {
        Contributor.SECTION: bool(sections),
        Contributor.TENDENCY: tendency is not None,
        Contributor.EXECUTIVE: CongressRole.SECRETARIAT in roles,
        Contributor.MEMBER: CongressRole.MEMBER in roles,
    }
    kinds = tuple(k.value for k in Contributor if possible[k] and k.value in congress.contributors)
    return Kinds(kinds, sections, tendency)


def past_deadline(congress: Congress) -> bool:
    return deadline_passed(congress.contributions_due)


@transaction.atomic
def submit_contribution(
    *,
    by: User,
    congress: Congress,
    kind: str,
    language: str,
    title: str,
    body: str,
    organization_id: int | None = None,
) -> Contribution:
    """Submit a contribution with its original text. Locks the congress row, so that the
    deadline and the rules are read as they stand when it is stored, and the same text
    sent twice by one person (a double submit) gives the one contribution."""
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    if past_deadline(congress):
        raise DebateError(_("Contributions were due by %(date)s.") % {"date": _due(congress)})
    allowed = allowed_kinds(by, congress)
    if kind not in allowed.kinds:
        raise DebateError(_("You may not submit a contribution as this."))
    organization = tendency = None
    if kind == Contributor.SECTION:
        organization = next((s for s in allowed.sections if s.pk == organization_id), None)
        if organization is None:
            raise DebateError(_("Choose a section you represent."))
    if kind == Contributor.TENDENCY:
        tendency = allowed.tendency
    same = ContributionText.objects.filter(
        contribution__congress=congress,
        contribution__submitted_by=by,
        contribution__state=Contribution.State.SUBMITTED,
        is_original=True,
        title=title,
        body=body,
    ).first()
    if same is not None:  # the same form sent twice
        return same.contribution
    contribution = Contribution.objects.create(
        congress=congress,
        author_kind=kind,
        organization=organization,
        tendency=tendency,
        submitted_by=by,
    )
    ContributionText.objects.create(
        contribution=contribution, language=language, is_original=True, title=title, body=body
    )
    record_audit(
        actor=by,
        action="congress.contribution_submitted",
        target=contribution,
        details={"kind": kind, "language": language},
    )
    return contribution


def _due(congress: Congress) -> str:
    from django.utils.formats import date_format

    assert congress.contributions_due is not None
    return date_format(timezone.localtime(congress.contributions_due), "DATETIME_FORMAT")


def may_write_text(user: User, contribution: Contribution) -> bool:
    """The submitter and the secretariat write a contribution's texts."""
    return is_secretariat(user) or contribution.submitted_by_id == user.pk


@transaction.atomic
def write_contribution_text(
    *, by: User, contribution: Contribution, language: str, title: str, body: str
) -> ContributionText:
    """Write the contribution in ``language``: a translation, or the original while the
    contribution waits for a bulletin (a published bulletin is fixed). Locks the contribution."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if not may_write_text(by, contribution) or contribution.state == Contribution.State.WITHDRAWN:
        raise DebateError(_("You may not change this contribution."))
    versions = ContributionText.objects.filter(contribution=contribution)
    original = versions.filter(is_original=True).first()
    is_original = original is not None and original.language == language
    if is_original and contribution.state != Contribution.State.SUBMITTED:
        raise DebateError(_("The original is fixed once its bulletin is published."))
    row, changed = write_version(
        versions,
        lambda: ContributionText(contribution=contribution, language=language),
        language=language,
        values={"title": title, "body": body},
        original=is_original,
    )
    if changed:
        record_audit(
            actor=by,
            action="congress.contribution_text_written",
            target=contribution,
            details={"language": language},
        )
    return row


@transaction.atomic
def withdraw_contribution(*, by: User, contribution: Contribution) -> Contribution:
    """Withdraw a contribution that waits for a bulletin (its submitter or the secretariat).
    Locks the contribution; withdrawing twice does nothing more."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if not may_write_text(by, contribution):
        raise DebateError(_("You may not change this contribution."))
    if contribution.state == Contribution.State.WITHDRAWN:
        return contribution
    if contribution.state != Contribution.State.SUBMITTED:
        raise DebateError(_("A contribution in a published bulletin cannot be withdrawn."))
    contribution.state = Contribution.State.WITHDRAWN
    contribution.save(update_fields=["state"])
    record_audit(actor=by, action="congress.contribution_withdrawn", target=contribution)
    return contribution


@transaction.atomic
def set_contribution_public(*, by: User, contribution: Contribution, public: bool) -> Contribution:
    """The secretariat publishes a contribution to the public, or takes it back. Locks it."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if public and contribution.state == Contribution.State.WITHDRAWN:
        raise DebateError(_("A withdrawn contribution cannot be made public."))
    if contribution.public == public:
        return contribution
    contribution.public = public
    contribution.published_by = by if public else None
    contribution.published_at = timezone.now() if public else None
    contribution.save(update_fields=["public", "published_by", "published_at"])
    record_audit(
        actor=by,
        action="congress.contribution_public" if public else "congress.contribution_internal",
        target=contribution,
    )
    return contribution


def endorse(
    *, by: User, contribution: Contribution, organization_id: int | None = None
) -> Endorsement:
    """Endorse a contribution, on behalf of a section ``by`` represents if named. Endorsing
    again returns the endorsement there is (the unique constraint decides between two at once)."""
    organization = None
    if organization_id is not None:
        if organization_id not in represented_sections(by):
            raise DebateError(_("Choose a section you represent."))
        organization = Organization.objects.get(pk=organization_id)
    if contribution.state == Contribution.State.WITHDRAWN:
        raise DebateError(_("This contribution was withdrawn."))
    try:
        with transaction.atomic():
            endorsement = Endorsement.objects.create(
                contribution=contribution, user=by, organization=organization
            )
            record_audit(
                actor=by,
                action="congress.contribution_endorsed",
                target=contribution,
                details={"organization": organization_id},
            )
    except IntegrityError:
        return Endorsement.objects.get(contribution=contribution, user=by)
    return endorsement


@transaction.atomic
def withdraw_endorsement(*, by: User, contribution: Contribution) -> bool:
    """Take back ``by``'s endorsement; True if there was one."""
    deleted, _rows = Endorsement.objects.filter(contribution=contribution, user=by).delete()
    if deleted:
        record_audit(actor=by, action="congress.endorsement_withdrawn", target=contribution)
    return bool(deleted)


@transaction.atomic
def publish_bulletin(*, by: User, congress: Congress, contribution_ids: list[int]) -> Bulletin:
    """Publish the next bulletin with these submitted contributions, in the order given.

    Locks the congress row, then the contributions: two secretaries publishing at
    once get bulletins 1 and 2 (and the unique (congress, number) constraint holds
    it besides); a contribution already taken into a bulletin is not taken again.
    """
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    wanted = list(dict.fromkeys(contribution_ids))
    waiting = {
        c.pk: c
        for c in Contribution.objects.select_for_update().filter(
            congress=congress, pk__in=wanted, state=Contribution.State.SUBMITTED
        )
    }
    chosen = [waiting[pk] for pk in wanted if pk in waiting]
    if not chosen:
        raise DebateError(_("None of these contributions waits for a bulletin any more."))
    last = Bulletin.objects.filter(congress=congress).aggregate(last=Max("number"))["last"]
    bulletin = Bulletin.objects.create(congress=congress, number=(last or 0) + 1, published_by=by)
    for position, contribution in enumerate(chosen, start=1):
        contribution.state = Contribution.State.IN_BULLETIN
        contribution.bulletin = bulletin
        contribution.position = position
        contribution.save(update_fields=["state", "bulletin", "position"])
    record_audit(
        actor=by,
        action="congress.bulletin_published",
        target=bulletin,
        details={"number": bulletin.number, "contributions": [c.pk for c in chosen]},
    )
    return bulletin


@transaction.atomic
def declare_tendency(
    *, by: User, congress: Congress, name: str, language: str, platform: str
) -> Tendency:
    """Declare a tendency with its platform; the declarer signs it. Locks the congress row;
    a name taken (in any case) or a declarer who signed another tendency is refused."""
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    name = " ".join(name.split())
    if Tendency.objects.filter(congress=congress, name__iexact=name).exists():
        raise DebateError(_("A tendency of this name is already declared."))
    if TendencySignatory.objects.filter(congress=congress, user=by).exists():
        raise DebateError(_("You have signed another tendency; withdraw that signature first."))
    tendency = Tendency.objects.create(congress=congress, name=name, declared_by=by)
    TendencyPlatform.objects.create(
        tendency=tendency, language=language, is_original=True, body=platform
    )
    TendencySignatory.objects.create(tendency=tendency, congress=congress, user=by)
    record_audit(
        actor=by,
        action="congress.tendency_declared",
        target=tendency,
        details={"language": language},
    )
    return tendency


def sign_tendency(*, by: User, tendency: Tendency) -> TendencySignatory:
    """Sign a tendency's platform; signing it again returns the signature there is. A member
    who signed another tendency of the congress is refused (the constraint decides races)."""
    existing = TendencySignatory.objects.filter(congress_id=tendency.congress_id, user=by).first()
    if existing is not None:
        if existing.tendency_id == tendency.pk:
            return existing
        raise DebateError(_("You have signed another tendency; withdraw that signature first."))
    try:
        with transaction.atomic():
            signed = TendencySignatory.objects.create(
                tendency=tendency, congress_id=tendency.congress_id, user=by
            )
            record_audit(actor=by, action="congress.tendency_signed", target=tendency)
    except IntegrityError:
        existing = TendencySignatory.objects.filter(tendency=tendency, user=by).first()
        if existing is None:
            raise DebateError(
                _("You have signed another tendency; withdraw that signature first.")
            ) from None
        return existing
    return signed


def may_write_platform(user: User, tendency: Tendency) -> bool:
    """The tendency's signatories and the secretariat write its platform's languages."""
    return is_secretariat(user) or tendency.signatories.filter(user=user).exists()


@transaction.atomic
def write_platform(*, by: User, tendency: Tendency, language: str, body: str) -> TendencyPlatform:
    """Write the platform in ``language`` (its original's language edits the original, which
    makes the translations outdated). Locks the tendency."""
    tendency = Tendency.objects.select_for_update().get(pk=tendency.pk)
    if not may_write_platform(by, tendency):
        raise DebateError(_("Only the tendency's signatories write its platform."))
    versions = TendencyPlatform.objects.filter(tendency=tendency)
    original = versions.filter(is_original=True).first()
    row, changed = write_version(
        versions,
        lambda: TendencyPlatform(tendency=tendency, language=language),
        language=language,
        values={"body": body},
        original=original is not None and original.language == language,
    )
    if changed:
        record_audit(
            actor=by,
            action="congress.tendency_platform_written",
            target=tendency,
            details={"language": language},
        )
    return row


@transaction.atomic
def withdraw_signature(*, by: User, tendency: Tendency) -> bool:
    """Take back ``by``'s signature of a tendency; True if there was one."""
    deleted, _rows = TendencySignatory.objects.filter(tendency=tendency, user=by).delete()
    if deleted:
        record_audit(actor=by, action="congress.tendency_signature_withdrawn", target=tendency)
    return bool(deleted)
