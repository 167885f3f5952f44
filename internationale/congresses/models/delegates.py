"""Delegates and alternates: nominated by their section, accepted by the credentials committee."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["Delegate"]


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
        ]

    def __str__(self) -> str:
        return self.name
