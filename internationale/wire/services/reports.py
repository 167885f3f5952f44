"""Filing a report and the desk's steps: submit, take, return, publish, unpublish, lift.

The locking contract is in the package's docstring (wire/services/__init__.py).
Which state allows which step is asked of wire/permissions.py, of the locked row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from internationale.accounts.models import User
from internationale.accounts.services import record_audit
from internationale.mail.services import send_email
from internationale.organizations.models import Country, Organization
from internationale.wire import permissions, search
from internationale.wire.models import (
    Action,
    Kind,
    Report,
    ReportCountry,
    ReportOrganization,
    ReportRegion,
    ReportTopic,
    Revision,
    State,
    Topic,
)
from internationale.wire.services.correspondents import byline_for

MAX_COUNTRIES = 8
MAX_ORGANIZATIONS = 20


class WireError(ValueError):
    """The step cannot be taken; the message says why, for the person who asked."""


class NotAllowedError(WireError):
    pass


@dataclass(frozen=True)
class ReportData:
    kind: str
    language: str
    title: str
    lede: str
    body: str
    countries: list[Country]
    topics: list[Topic] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)


# --- checks -------------------------------------------------------------------------

_PREFIX = re.compile(r"^\s*([^:]{2,80}?)\s*[:\uff1a]\s*\S")


def check_title(title: str, countries: list[Country]) -> None:
    """Refuse a headline that starts with its country: the wire adds "Country: " itself."""
    match = _PREFIX.match(title)
    if not match:
        return
    prefix = match.group(1).casefold()
    for country in countries:
        names = {country.name, *country.names.values(), *country.aliases, country.code}
        if prefix in {str(name).casefold() for name in names}:
            raise WireError(
                _(
                    "Leave the country out of the headline: the wire puts “%(country)s:” "
                    "before it from the countries you chose."
                )
                % {"country": country.local_name}
            )


def _check_data(data: ReportData) -> None:
    if data.language not in dict(settings.LANGUAGES):
        raise WireError(_("Please choose one of the site's languages."))
    if data.kind not in Kind.values:
        raise WireError(_("Please choose a type."))
    if not data.countries:
        raise WireError(_("Please choose at least one country or territory."))
    if len(data.countries) > MAX_COUNTRIES:
        raise WireError(_("A report may be listed under at most 8 countries."))
    if len(data.organizations) > MAX_ORGANIZATIONS:
        raise WireError(_("A report may name at most 20 organizations."))
    check_title(data.title, data.countries)


# --- revisions, listings, index ---------------------------------------------------------


def write_revision(report: Report, *, action: str, by: User | None, comment: str = "") -> Revision:
    last = report.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    places = list(report.places.select_related("country").order_by("position"))
    details = {
        "kind": report.kind,
        "language": report.language,
        "countries": [place.country.code for place in places],
        "topics": sorted(report.topic_rows.values_list("topic__slug", flat=True)),
        # Names as they then were: the snapshot reads without the directory.
        "organizations": [str(row.organization) for row in report.listed_organizations],
        "byline": report.byline,
        "published_at": report.published_at.isoformat() if report.published_at else None,
        "pinned": report.pinned,
    }
    return Revision.objects.create(
        report=report,
        number=last + 1,
        action=action,
        state=report.state,
        version=report.version,
        title=report.title,
        lede=report.lede,
        body=report.body,
        details=details,
        comment=comment,
        by=by,
    )


def _listed_at(report: Report) -> datetime | None:
    """When the report shows in its listings: its publication, and never for a translation.

    Lists show each story once, through its original (queries swap in the
    reader's translation); a translation's rows exist for the editors' scopes.
    """
    return report.published_at if report.translation_of_id is None else None


def set_places(
    report: Report,
    countries: list[Country],
    topics: list[Topic],
    organizations: list[Organization] | None = None,
) -> None:
    """The report's countries (first is the dateline), regions derived from them, topics,
    and the organizations it names (left as they are when ``organizations`` is None)."""
    listed_at = _listed_at(report)
    ReportCountry.objects.filter(report=report).delete()
    ReportRegion.objects.filter(report=report).delete()
    ReportTopic.objects.filter(report=report).delete()
    if organizations is not None:
        ReportOrganization.objects.filter(report=report).delete()
        ReportOrganization.objects.bulk_create(
            ReportOrganization(
                report=report, organization=organization, position=i, published_at=listed_at
            )
            for i, organization in enumerate(dict.fromkeys(organizations))
        )
    unique = list(dict.fromkeys(countries))
    ReportCountry.objects.bulk_create(
        ReportCountry(report=report, country=country, position=i, published_at=listed_at)
        for i, country in enumerate(unique)
    )
    ReportRegion.objects.bulk_create(
        ReportRegion(report=report, region_id=region_id, published_at=listed_at)
        for region_id in dict.fromkeys(country.region_id for country in unique)
    )
    ReportTopic.objects.bulk_create(
        ReportTopic(report=report, topic=topic, published_at=listed_at)
        for topic in dict.fromkeys(topics)
    )


def _relist(report: Report) -> None:
    """Copy the report's publication time to its listings and (un)index it."""
    for model in (ReportCountry, ReportRegion, ReportTopic, ReportOrganization):
        model.objects.filter(report=report).update(published_at=_listed_at(report))
    if report.published_at is not None:
        search.index([search.document_for(report)])
    else:
        search.remove([report.pk])


def lock_report(report_id: int) -> Report:
    return Report.objects.select_for_update().get(pk=report_id)


def _original_id(report_id: int) -> int | None:
    """The id of the report a translation was made from; None for an original."""
    original_id: int | None = Report.objects.values_list("translation_of_id", flat=True).get(
        pk=report_id
    )
    return original_id


def _original_locked(report_id: int) -> Report | None:
    """The original of a translation, locked; None for an original.

    Steps that touch an original and its translations lock the original
    first, then the translations, so two of them never wait on each other.
    """
    original_id = _original_id(report_id)
    return lock_report(original_id) if original_id is not None else None


def _mail_correspondent(report: Report, action: str, base_url: str, comment: str = "") -> None:
    """Tell the correspondent what happened, in the language of their report."""
    author = report.author
    if not author.email:
        return
    send_email(
        to=[author.email],
        template="wire/email/step",
        context={
            "report": report,
            "action": action,
            "comment": comment,
            "link": base_url.rstrip("/") + reverse("wire:desk_report", args=[report.pk]),
        },
        language=report.language,
    )


# --- filing -----------------------------------------------------------------------------


@transaction.atomic
def create_report(*, by: User, data: ReportData) -> Report:
    """A new draft, datelined in its first country, signed with the author's byline."""
    _check_data(data)
    if not permissions.can_file_for(by, data.countries[0]):
        raise NotAllowedError(_("You do not file reports for this country or territory."))
    report = Report.objects.create(
        kind=data.kind,
        language=data.language,
        title=data.title.strip(),
        lede=data.lede.strip(),
        body=data.body,
        author=by,
        byline=byline_for(by),
    )
    set_places(report, data.countries, data.topics, data.organizations)
    write_revision(report, action=Action.CREATED, by=by)
    return report


@transaction.atomic
def update_report(
    *, by: User, report_id: int, data: ReportData, follows_original: bool = False
) -> Report:
    """Change a report's text and places; the version moves on when the text changed.

    Its correspondent changes it while it is a draft or returned to them; its
    editors while it waits, and after publication (a correction: the page and
    feeds show the new text, the revisions keep the old). An editor changing a
    report that was only submitted takes it in edit. ``follows_original``
    (translations) records that the translation now follows the original's
    current version.
    """
    report = lock_report(report_id)
    editing = permissions.can_edit(by, report)
    if not permissions.can_change_text(by, report):
        if editing:  # an editor may not change it only while it is with its correspondent
            raise NotAllowedError(_("This report is with its correspondent."))
        raise NotAllowedError(_("You cannot change this report now."))
    _check_data(data)
    if report.translation_of_id is not None and data.language != report.language:
        raise WireError(_("A translation keeps its language."))
    text_changed = (report.title, report.lede, report.body) != (
        data.title.strip(),
        data.lede.strip(),
        data.body,
    )
    if data.kind != report.kind and report.state == State.PUBLISHED:
        # Made an urgent appeal after publication, it is pinned like one published as
        # such; made something else, it is no longer pinned (the database insists).
        report.pinned = data.kind == Kind.APPEAL and report.translation_of_id is None
    report.kind, report.language = data.kind, data.language
    report.title, report.lede, report.body = data.title.strip(), data.lede.strip(), data.body
    if text_changed:
        report.version += 1
    if follows_original and report.translation_of_id is not None:
        report.translated_from_version = (
            Report.objects.filter(pk=report.translation_of_id)
            .values_list("version", flat=True)
            .get()
        )
    if report.state == State.SUBMITTED and editing:
        report.state = State.IN_EDIT
    report.updated_at = timezone.now()
    report.save()
    set_places(report, data.countries, data.topics, data.organizations)
    _relist(report)
    write_revision(report, action=Action.EDITED, by=by)
    if report.translation_of_id is None and report.state == State.PUBLISHED:
        record_audit(actor=by, action="report.correct", target=report)
    return report


@transaction.atomic
def submit_report(*, by: User, report_id: int, base_url: str) -> Report:
    report = lock_report(report_id)
    if not permissions.can_change_draft(by, report):
        raise NotAllowedError(_("Only its correspondent submits a draft or a returned report."))
    report.state = State.SUBMITTED
    report.submitted_at = timezone.now()
    report.save(update_fields=["state", "submitted_at"])
    write_revision(report, action=Action.SUBMITTED, by=by)
    _mail_correspondent(report, Action.SUBMITTED, base_url)
    return report


def _locked_for_editor(by: User, report_id: int) -> Report:
    report = lock_report(report_id)
    if not permissions.can_edit(by, report):
        raise NotAllowedError(_("You are not an editor for this report's region or language."))
    return report


def _step_allowed(allowed: bool, report: Report) -> None:
    if not allowed:
        raise WireError(
            _("This report is now “%(state)s”: the step no longer applies.")
            % {"state": State(report.state).label}
        )


def _editor_step(by: User, report_id: int, may: Callable[[User, Report], bool]) -> Report:
    """The report, locked, when ``may`` (a predicate of wire/permissions.py) allows the step.

    The predicate reads the locked row: a step another editor took meanwhile is refused.
    """
    report = _locked_for_editor(by, report_id)
    _step_allowed(may(by, report), report)
    return report


@transaction.atomic
def take_report(*, by: User, report_id: int, base_url: str) -> Report:
    """An editor takes a submitted report in edit: the correspondent is told."""
    report = _editor_step(by, report_id, permissions.can_take)
    report.state = State.IN_EDIT
    report.save(update_fields=["state"])
    write_revision(report, action=Action.TAKEN, by=by)
    _mail_correspondent(report, Action.TAKEN, base_url)
    return report


@transaction.atomic
def return_report(*, by: User, report_id: int, comment: str, base_url: str) -> Report:
    """Back to the correspondent with the editor's comments (required)."""
    if not comment.strip():
        raise WireError(_("Please tell the correspondent what to change."))
    report = _editor_step(by, report_id, permissions.can_return)
    report.state = State.RETURNED
    report.submitted_at = None
    report.save(update_fields=["state", "submitted_at"])
    write_revision(report, action=Action.RETURNED, by=by, comment=comment.strip())
    _mail_correspondent(report, Action.RETURNED, base_url, comment.strip())
    return report


@transaction.atomic
def publish_report(
    *, by: User, report_id: int, base_url: str, at: datetime | None = None
) -> Report:
    """Publish now, or at ``at`` (an embargo: nothing shows it before then).

    An urgent appeal is pinned at the top of the wire and of its countries'
    pages until an editor lifts it. Publishing again a report that was
    unpublished is allowed, as is moving the time of a scheduled one.
    """
    original = _original_locked(report_id)
    report = _locked_for_editor(by, report_id)
    now = timezone.now()
    if report.state == State.PUBLISHED and report.is_live(now):
        raise WireError(_("This report is already published."))
    _step_allowed(permissions.can_publish(by, report), report)
    if at is not None and at < now - timedelta(minutes=1):
        raise WireError(_("The publication time is in the past."))
    when = at if at is not None and at > now else now
    if original is not None:
        # A translation never goes out before its original: not while the original is a
        # draft or off the wire, and not before its embargo ends.
        if original.published_at is None:
            raise WireError(
                _("Publish the original first: a translation goes on the wire with it or after it.")
            )
        when = max(when, original.published_at)
    report.state = State.PUBLISHED
    report.published_at = when
    report.first_published_at = report.first_published_at or when
    report.submitted_at = None
    report.unpublished_reason = ""
    # The story is pinned once, through its original; readers see their translation of it.
    report.pinned = report.kind == Kind.APPEAL and report.translation_of_id is None
    report.save()
    _relist(report)
    action = Action.SCHEDULED if when > now else Action.PUBLISHED
    write_revision(report, action=action, by=by)
    record_audit(
        actor=by, action=f"report.{action}", target=report, details={"at": when.isoformat()}
    )
    _mail_correspondent(report, action, base_url)
    if report.translation_of_id is None:
        _hold_translations(report, by=by, base_url=base_url)
    return report


def _hold_translations(original: Report, *, by: User, base_url: str) -> None:
    """Move translations published before their (re)scheduled original to its time."""
    assert original.published_at is not None
    early = Report.objects.select_for_update().filter(
        translation_of=original, state=State.PUBLISHED, published_at__lt=original.published_at
    )
    for translation_ in early:
        translation_.published_at = original.published_at
        translation_.save(update_fields=["published_at"])
        _relist(translation_)
        write_revision(translation_, action=Action.SCHEDULED, by=by)
        _mail_correspondent(translation_, Action.SCHEDULED, base_url)


@transaction.atomic
def unpublish_report(*, by: User, report_id: int, reason: str, base_url: str) -> Report:
    """Take a published (or scheduled) report off the wire, with a reason (required, audited)."""
    if not reason.strip():
        raise WireError(_("Please give the reason for unpublishing."))
    report = _editor_step(by, report_id, permissions.can_unpublish)
    _take_off(report, by=by, reason=reason, base_url=base_url)
    if report.translation_of_id is None:
        # What made the original unsafe or wrong is in its translations too.
        for translation_ in Report.objects.select_for_update().filter(
            translation_of=report, state=State.PUBLISHED
        ):
            _take_off(translation_, by=by, reason=reason, base_url=base_url)
    return report


def _take_off(report: Report, *, by: User, reason: str, base_url: str) -> None:
    report.state = State.UNPUBLISHED
    report.published_at = None
    report.pinned = False
    report.unpublished_reason = reason.strip()[:1000]
    report.save()
    _relist(report)
    write_revision(report, action=Action.UNPUBLISHED, by=by, comment=reason.strip())
    record_audit(
        actor=by, action="report.unpublish", target=report, details={"reason": reason[:200]}
    )
    _mail_correspondent(report, Action.UNPUBLISHED, base_url, reason.strip())


@transaction.atomic
def lift_appeal(*, by: User, report_id: int, base_url: str) -> Report:
    """Unpin an urgent appeal (the activist was freed, or found): it stays published.

    A translation's page lifts its original, which is what is pinned.
    """
    report = _editor_step(by, _original_id(report_id) or report_id, permissions.can_lift_appeal)
    if not report.pinned:
        raise WireError(_("This appeal is not pinned."))
    report.pinned = False
    report.save(update_fields=["pinned"])
    write_revision(report, action=Action.LIFTED, by=by)
    record_audit(actor=by, action="report.lift", target=report)
    _mail_correspondent(report, Action.LIFTED, base_url)
    return report
