"""Convening a congress: its settings and standing orders, the call, the phases, the mail.

Every function is one transaction and writes the audit log in it. Phases only
move forward, one step at a time (decision 0031); entering the credentials phase
freezes the apportionment (``Congress.apportionment_frozen_at``), which the
sections' part reads as "figures can no longer change".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from internationale.accounts.models import User
from internationale.accounts.services import record_audit
from internationale.congresses import queries
from internationale.congresses.models import (
    Congress,
    CongressCall,
    MandateRule,
    Phase,
)
from internationale.core.translations import choose, write_version
from internationale.mail.services import send_email

#: The fields of a congress the secretariat sets when convening it and edits afterwards.
SETTINGS_FIELDS = (
    "number", "title", "slug", "opens_on", "closes_on", "place", "online", "working_languages",
    "figures_due", "contributions_due", "nominations_due",
    "apportionment_method", "delegates_total", "minimum_delegates", "sympathizing_sections_vote",
    "mandate_rule", "votes_total", "contributors", "proxy_limit", "quorum_percent",
    "speaking_time", "alternation",
)  # fmt: skip
#: The rules of the apportionment: fixed once it is frozen (credentials open).
APPORTIONMENT_FIELDS = (
    "apportionment_method", "delegates_total", "minimum_delegates",
    "sympathizing_sections_vote", "mandate_rule", "votes_total",
)  # fmt: skip
DEADLINES = ("figures_due", "contributions_due", "nominations_due")
#: Addresses under /congresses/ that are pages of their own, not congresses.
RESERVED_SLUGS = frozenset({"new"})
#: A second "send the call" within this time sends nothing (a double click, a reload).
CALL_RESEND_AFTER = timedelta(minutes=5)


class ConveningError(Exception):
    """A change refused, with a message for the person per field ("" for the whole form)."""

    def __init__(self, errors: Mapping[str, Any]) -> None:
        super().__init__("; ".join(str(m) for m in errors.values()))
        self.errors = dict(errors)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def settings_errors(values: Mapping[str, Any]) -> dict[str, Any]:
    """What is wrong with a congress's settings, by field; empty when they may be saved."""
    errors: dict[str, Any] = {}
    opens, closes = values.get("opens_on"), values.get("closes_on")
    if opens and closes and closes < opens:
        errors["closes_on"] = _("The congress cannot close before the day it opens.")
    languages = values.get("working_languages") or []
    known = {code for code, _name in settings.LANGUAGES}
    if not languages:
        errors["working_languages"] = _("Choose at least one working language.")
    elif not set(languages) <= known:
        errors["working_languages"] = _("Choose among the languages of the site.")
    if not values.get("contributors"):
        errors["contributors"] = _("Choose who may submit contributions to the debate.")
    for name in DEADLINES:
        due = values.get(name)
        if due and opens and due >= _start_of(opens):
            errors[name] = _("This deadline must fall before the congress opens.")
    figures, nominations = values.get("figures_due"), values.get("nominations_due")
    if figures and nominations and nominations < figures and "nominations_due" not in errors:
        errors["nominations_due"] = _(
            "Nominations are due after the membership figures: the seats come from the figures."
        )
    if values.get("mandate_rule") == MandateRule.SECTION_VOTES and not values.get("votes_total"):
        errors["votes_total"] = _(
            "Give the votes to apportion when each section's votes are split among its delegates."
        )
    if str(values.get("slug", "")).lower() in RESERVED_SLUGS:
        errors["slug"] = _("This address is kept for the site's own pages.")
    return errors


def _plain(value: Any) -> Any:
    """A value as the audit log's JSON keeps it."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _same(new: Any, old: Any) -> bool:
    """Whether a setting is unchanged (a list of choices in another order is the same)."""
    if isinstance(new, list) and isinstance(old, list):
        return sorted(new) == sorted(old)
    return bool(new == old)


@transaction.atomic
def convene_congress(*, by: User, values: Mapping[str, Any]) -> Congress:
    """Convene a new congress with ``values`` (SETTINGS_FIELDS); it starts in the first phase."""
    errors = settings_errors(values)
    if Congress.objects.filter(slug=values.get("slug")).exists():
        errors["slug"] = _("Another congress already has this address.")
    if errors:
        raise ConveningError(errors)
    congress = Congress(**{name: values[name] for name in SETTINGS_FIELDS if name in values})
    congress.phase, congress.phase_since = Phase.CONVENED, timezone.now()
    congress.save()
    record_audit(
        actor=by,
        action="congress.convene",
        target=congress,
        details={name: _plain(getattr(congress, name)) for name in SETTINGS_FIELDS},
    )
    return congress


@transaction.atomic
def update_congress(*, by: User, congress_id: int, values: Mapping[str, Any]) -> Congress:
    """Change a congress's settings; once the apportionment is frozen its rules stay.

    Locks the congress row (select_for_update), so a phase change cannot slip between
    the check of the frozen apportionment and the write.
    """
    congress = Congress.objects.select_for_update().get(pk=congress_id)
    frozen = congress.apportionment_frozen_at is not None
    merged = {name: getattr(congress, name) for name in SETTINGS_FIELDS} | dict(values)
    errors = settings_errors(merged)
    if Congress.objects.filter(slug=merged["slug"]).exclude(pk=congress.pk).exists():
        errors["slug"] = _("Another congress already has this address.")
    for name in APPORTIONMENT_FIELDS if frozen else ():
        if merged[name] != getattr(congress, name):
            errors[name] = _("The apportionment is frozen since credentials opened.")
    if errors:
        raise ConveningError(errors)
    changed = {
        n: _plain(merged[n]) for n in SETTINGS_FIELDS if not _same(merged[n], getattr(congress, n))
    }
    if changed:
        for name in changed:
            setattr(congress, name, merged[name])
        congress.save(update_fields=list(changed))
        record_audit(actor=by, action="congress.update", target=congress, details=changed)
    return congress


@transaction.atomic
def write_call(
    *, by: User, congress_id: int, language: str, title: str, body: str, original: bool = False
) -> CongressCall:
    """Write the call in one language (core.translations.write_version); audited if it changed.

    ``original`` makes this language the original; editing the original keeps it one,
    and makes every translation outdated until it is saved again. Locks the congress row.
    """
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ConveningError({"": _("This language is not one of the site's.")})
    congress = Congress.objects.select_for_update().get(pk=congress_id)
    versions = CongressCall.objects.filter(congress=congress)
    # The original stays the original when it is edited (never demoted by omission).
    original = original or versions.filter(language=language, is_original=True).exists()
    call, changed = write_version(
        versions,
        lambda: CongressCall(congress=congress, language=language),
        language=language,
        values={"title": title, "body": body},
        original=original,
    )
    if changed:
        record_audit(
            actor=by,
            action="congress.call",
            target=congress,
            details={"language": language, "original": call.is_original, "version": call.version},
        )
    return call


@transaction.atomic
def advance_phase(*, by: User, congress_id: int, expected: str) -> Congress:
    """Move the congress from phase ``expected`` to the next one, and only from it.

    Locks the congress row (select_for_update): of two people (or two clicks)
    moving it from the same phase at once, the second finds it already moved and
    is refused, so it moves one step only. Entering CREDENTIALS freezes the
    apportionment (``apportionment_frozen_at``). Never backward (decision 0031).
    """
    congress = Congress.objects.select_for_update().get(pk=congress_id)
    following = congress.next_phase
    if congress.phase != expected or following is None:
        raise ConveningError(
            {"": _("The congress is already in the phase “%(phase)s”; nothing was changed.")
             % {"phase": congress.phase_label}}
        )  # fmt: skip
    now = timezone.now()
    previous, congress.phase, congress.phase_since = congress.phase, following, now
    if following == Phase.CREDENTIALS and congress.apportionment_frozen_at is None:
        congress.apportionment_frozen_at = now
    congress.save(update_fields=["phase", "phase_since", "apportionment_frozen_at"])
    record_audit(
        actor=by,
        action="congress.phase",
        target=congress,
        details={"from": previous, "to": str(following)},
    )
    return congress


@transaction.atomic
def send_call(*, by: User, congress_id: int, base_url: str) -> int | None:
    """Mail the call to every representative of an official or sympathizing section.

    Each mail is in the representative's language as the mail door takes it (see
    ``queries.call_recipients``), stored in the outbox in this transaction. Returns
    how many were mailed, or None when it was sent less than CALL_RESEND_AFTER ago
    (nothing is sent again). Locks the congress row, so two clicks at once send once.
    """
    congress = Congress.objects.select_for_update().get(pk=congress_id)
    if not congress.calls.exists():
        raise ConveningError({"": _("Write the call before sending it.")})
    now = timezone.now()
    if congress.call_sent_at is not None and now - congress.call_sent_at < CALL_RESEND_AFTER:
        return None
    link = base_url.rstrip("/") + reverse("congresses:detail", args=[congress.slug])
    calls = list(congress.calls.all())
    recipients = queries.call_recipients(congress)
    if not recipients:
        return 0  # nobody to tell: the call stays unsent
    for recipient in recipients:
        chosen = choose(calls, recipient.language)
        send_email(
            to=[recipient.email],
            template="congresses/convening/email/call",
            context={"congress": congress, "call": chosen.item if chosen else None, "link": link},
            language=recipient.language,
        )
    congress.call_sent_at = now
    congress.save(update_fields=["call_sent_at"])
    record_audit(
        actor=by, action="congress.call_sent", target=congress, details={"to": len(recipients)}
    )
    return len(recipients)
