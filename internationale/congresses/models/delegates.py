"""Delegates and alternates: nominated by their section, accepted by the credentials committee.

Beside them: the proxies one delegate gives another of their section, the
check-ins and check-outs at the hall, and the hall's code for checking in oneself.

Personal data kept (least data): a nominee without an account yet is known by
the invitation the nomination sent (``Delegate.invitation``, whose row already
holds the address and only the hash of its token); the delegate row keeps no
copy of the address. When the invitation is accepted the account is linked and
the invitation no longer matters. The hall code is kept plain: the desk must
show it to the hall for as long as it is valid, and it only proves presence.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["CheckIn", "Delegate", "HallCode", "Proxy"]


class Delegate(models.Model):
    """One person a section sends to a congress, as delegate or alternate.

    The account is made by the invitation the nomination sends; until it is
    accepted ``user`` is empty. An accepted delegate holds the congress's
    delegate role (accounts.Role.DELEGATE), which the permissions read.
    """

    class Kind(models.TextChoices):
        DELEGATE = "delegate", _("delegate")
        ALTERNATE = "alternate", _("alternate")

    class Credentials(models.TextChoices):
        NOMINATED = "nominated", _("nominated")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.CASCADE, related_name="delegates"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invitation = models.ForeignKey(
        "accounts.Invitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Until the nominee opens their account: the invitation sent to them."),
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("As the congress shows it."))
    kind = models.CharField(_("as"), max_length=10, choices=Kind.choices, default=Kind.DELEGATE)
    credentials = models.CharField(
        _("credentials"), max_length=10, choices=Credentials.choices, default=Credentials.NOMINATED
    )
    credentials_reason = models.CharField(_("reason"), max_length=500, blank=True)
    weight = models.DecimalField(
        _("mandate weight"), max_digits=12, decimal_places=3, default=Decimal(1)
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    present = models.BooleanField(_("present"), default=False)
    nominated_at = models.DateTimeField(_("nominated at"), default=timezone.now)

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["organization__sort_key", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "user"],
                condition=Q(user__isnull=False),
                name="delegate_once_per_congress",
            ),
            models.CheckConstraint(condition=Q(weight__gte=0), name="delegate_weight_positive"),
            models.CheckConstraint(
                condition=~Q(credentials="rejected") | ~Q(credentials_reason=""),
                name="delegate_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(replaces=F("pk")), name="delegate_replaces_another"
            ),
            models.CheckConstraint(
                condition=Q(replaces__isnull=True) | Q(kind="alternate"),
                name="delegate_only_alternates_replace",
            ),
            models.UniqueConstraint(
                fields=["replaces"],
                condition=Q(replaces__isnull=False),
                name="delegate_replaced_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Proxy(models.Model):
    """A delegate's vote, handed to another delegate of the same section.

    One proxy per giver. A holder holds at most the congress's ``proxy_limit``:
    the service gives each proxy the holder's lowest free ``slot`` under a lock
    on the holder, and the unique (holder, slot) pair stops a second writer
    that would take the same slot.
    """

    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.CASCADE, related_name="proxies"
    )
    giver = models.OneToOneField(
        Delegate, on_delete=models.CASCADE, related_name="proxy_given", verbose_name=_("given by")
    )
    holder = models.ForeignKey(
        Delegate, on_delete=models.CASCADE, related_name="proxies_held", verbose_name=_("held by")
    )
    slot = models.PositiveSmallIntegerField(default=1)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.CheckConstraint(condition=~Q(giver=F("holder")), name="proxy_not_to_oneself"),
            models.CheckConstraint(condition=Q(slot__gte=1), name="proxy_slot_positive"),
            models.UniqueConstraint(fields=["holder", "slot"], name="proxy_holder_slot_once"),
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.holder}"


class CheckIn(models.Model):
    """A delegate entering or leaving the hall, at the desk or by themself."""

    class How(models.TextChoices):
        DESK = "desk", _("at the desk")
        SELF = "self", _("by themself, with the hall code")

    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.CASCADE, related_name="check_ins"
    )
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="check_ins")
    entering = models.BooleanField(_("entering"))
    how = models.CharField(_("how"), max_length=4, choices=How.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["congress", "-at"])]
        constraints = [
            models.CheckConstraint(condition=Q(how__in=["desk", "self"]), name="check_in_how_known")
        ]

    def __str__(self) -> str:
        return f"{self.delegate} {'in' if self.entering else 'out'} {self.at:%H:%M}"


class HallCode(models.Model):
    """The short code the desk shows in the hall; a delegate enters it to check in."""

    congress = models.OneToOneField(
        "congresses.Congress", on_delete=models.CASCADE, related_name="hall_code"
    )
    code = models.CharField(_("code"), max_length=12)
    made_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        verbose_name = _("hall code")
        verbose_name_plural = _("hall codes")

    def __str__(self) -> str:
        return str(self.congress)
