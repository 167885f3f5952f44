"""Sections at a congress: their declared membership and the seats apportioned to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["ApportionmentRecord", "MembershipFigure", "SectionAllotment"]

#: The largest membership a section may declare (a guard against typing slips).
MOST_MEMBERS = 100_000_000


class MembershipFigure(models.Model):
    """A section's membership as its representative declared it, at a date.

    A section may declare again (a corrected figure): a new declaration
    supersedes the one still awaiting validation, and the latest validated one
    counts. Declarations and decisions are audited.
    """

    class State(models.TextChoices):
        DECLARED = "declared", _("declared, awaiting validation")
        VALIDATED = "validated", _("validated")
        REJECTED = "rejected", _("not accepted")
        SUPERSEDED = "superseded", _("replaced by a later declaration")

    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.CASCADE, related_name="membership_figures"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    members = models.PositiveIntegerField(_("members"))
    as_of = models.DateField(_("members on"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DECLARED
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("membership figure")
        verbose_name_plural = _("membership figures")
        ordering = ["-declared_at", "-id"]
        indexes = [models.Index(fields=["congress", "organization", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "organization"],
                condition=Q(state="declared"),
                name="figure_one_awaiting_per_section",
            ),
            models.CheckConstraint(
                condition=Q(members__lte=MOST_MEMBERS), name="figure_members_plausible"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["declared", "validated", "rejected", "superseded"]),
                name="figure_state_known",
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(reason=""), name="figure_rejected_with_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.members} ({self.as_of})"


class SectionAllotment(models.Model):
    """The seats (and, where the congress splits votes, the votes) of one section.

    Rewritten by the apportionment while figures may change; frozen with the
    congress's apportionment when credentials open.
    """

    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.CASCADE, related_name="allotments"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    members = models.PositiveIntegerField(_("members counted"))
    seats = models.PositiveIntegerField(_("delegates"))
    votes = models.DecimalField(_("votes"), max_digits=12, decimal_places=3, null=True, blank=True)
    voting = models.BooleanField(_("votes"), default=True)

    class Meta:
        verbose_name = _("section's allotment")
        verbose_name_plural = _("sections' allotments")
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "organization"], name="allotment_one_per_section"
            ),
            models.CheckConstraint(
                condition=Q(votes__isnull=True) | Q(votes__gte=0), name="allotment_votes_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.seats}"


class ApportionmentRecord(models.Model):
    """One computation of a congress's apportionment, kept as it was made.

    ``sections`` lists what was counted (each section's id, name, members, the
    figure counted and whether it votes); ``seats`` and ``votes`` hold the tally
    core's apportionments (``tally.apportion.Apportionment.to_json``) of the
    delegates and, where each section's votes are split among its delegates, of
    the votes. The latest record is the one in force; the allotments repeat it.
    """

    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.CASCADE, related_name="apportionments"
    )
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    method = models.CharField(_("method"), max_length=16)
    delegates_total = models.PositiveIntegerField(_("delegates apportioned"))
    minimum = models.PositiveSmallIntegerField(_("minimum per section"))
    seed = models.PositiveIntegerField(_("seed of the drawing of lots"))
    sections = models.JSONField(_("sections counted"), default=list)
    seats = models.JSONField(_("apportionment of delegates"))
    votes = models.JSONField(_("apportionment of votes"), null=True, blank=True)

    class Meta:
        verbose_name = _("apportionment")
        verbose_name_plural = _("apportionments")
        ordering = ["-computed_at", "-id"]
        get_latest_by = ["computed_at", "id"]

    def __str__(self) -> str:
        return f"{self.congress}: {self.computed_at:%Y-%m-%d %H:%M}"
