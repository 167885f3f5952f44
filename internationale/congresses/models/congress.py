"""A congress: its number and title, dates and place, phase, standing orders and call."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from internationale.core.models import TranslatedText, translated_text_constraints

__all__ = [
    "PHASE_ORDER",
    "Alternation",
    "ApportionmentMethod",
    "Congress",
    "CongressCall",
    "Contributor",
    "MandateRule",
    "Phase",
    "deadline_passed",
    "phase_after",
]


class Phase(models.TextChoices):
    """The life of a congress, in order. The phase decides what each role may do
    (congresses/permissions.py)."""

    CONVENED = "convened", _("convened")
    DEBATE = "debate", _("pre-congress debate")
    CREDENTIALS = "credentials", _("credentials")
    SESSION = "session", _("in session")
    CLOSED = "closed", _("closed")


#: The phases in the order a congress goes through them.
PHASE_ORDER: tuple[Phase, ...] = tuple(Phase)


def phase_after(phase: Phase | str) -> Phase | None:
    """The phase that follows ``phase``; None after the last. Only forward (decision 0031)."""
    index = PHASE_ORDER.index(Phase(phase))
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


class ApportionmentMethod(models.TextChoices):
    """How delegates are apportioned among sections (values of tally.apportion's methods)."""

    HAMILTON = "hamilton", _("largest remainder (Hamilton)")
    DHONDT = "dhondt", _("D'Hondt")
    SAINTE_LAGUE = "sainte-lague", _("Sainte-Laguë")


class MandateRule(models.TextChoices):
    """What a delegate's vote weighs."""

    PER_DELEGATE = "delegate", _("one vote per delegate")
    SECTION_VOTES = "section", _("each section's votes split among its delegates")


class Contributor(models.TextChoices):
    """Who may submit a contribution to the pre-congress debate."""

    SECTION = "section", _("a section")
    TENDENCY = "tendency", _("a tendency")
    EXECUTIVE = "executive", _("the outgoing executive")
    MEMBER = "member", _("a member")


class Alternation(models.TextChoices):
    """How the chair alternates between speakers' lists (the standing orders)."""

    NONE = "none", _("one list, in order of request")
    WOMEN = "women", _("alternate between women and others")
    FIRST_TIME = "first", _("first-time speakers before others")


def deadline_passed(deadline: datetime | None, *, now: datetime | None = None) -> bool:
    """Whether one of a congress's deadlines (``figures_due``…; None: none set) has passed."""
    return deadline is not None and (now or timezone.now()) > deadline


def default_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def default_contributors() -> list[str]:
    return list(Contributor.values)


class Congress(models.Model):
    """A world congress of the international."""

    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("15 for the XV World Congress.")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    working_languages = models.JSONField(_("working languages"), default=default_languages)
    phase = models.CharField(
        _("phase"), max_length=12, choices=Phase.choices, default=Phase.CONVENED
    )
    phase_since = models.DateTimeField(_("in this phase since"), default=timezone.now)

    # Deadlines of the call.
    figures_due = models.DateTimeField(_("membership figures due"), null=True, blank=True)
    contributions_due = models.DateTimeField(_("contributions due"), null=True, blank=True)
    nominations_due = models.DateTimeField(_("nominations of delegates due"), null=True, blank=True)

    # Standing orders: apportionment and mandates.
    apportionment_method = models.CharField(
        _("apportionment method"),
        max_length=16,
        choices=ApportionmentMethod.choices,
        default=ApportionmentMethod.HAMILTON,
    )
    delegates_total = models.PositiveIntegerField(_("delegates to apportion"), default=0)
    minimum_delegates = models.PositiveSmallIntegerField(_("minimum per section"), default=1)
    sympathizing_sections_vote = models.BooleanField(
        _("sympathizing sections vote"),
        default=False,
        help_text=_("By default official sections vote; sympathizing sections have voice only."),
    )
    mandate_rule = models.CharField(
        _("mandates"), max_length=10, choices=MandateRule.choices, default=MandateRule.PER_DELEGATE
    )
    votes_total = models.PositiveIntegerField(
        _("votes to apportion"),
        null=True,
        blank=True,
        help_text=_("With votes split among delegates: the votes apportioned among sections."),
    )
    apportionment_frozen_at = models.DateTimeField(
        _("apportionment frozen at"), null=True, blank=True
    )

    # When the call was last mailed to the sections' representatives (services/convening.py).
    call_sent_at = models.DateTimeField(_("call sent to the sections at"), null=True, blank=True)

    # Standing orders: debate and floor.
    contributors = models.JSONField(_("who may submit contributions"), default=default_contributors)
    proxy_limit = models.PositiveSmallIntegerField(_("proxies one delegate may hold"), default=1)
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum, in percent of the voting weight"), default=50
    )
    speaking_time = models.PositiveSmallIntegerField(_("speaking time (seconds)"), default=300)
    alternation = models.CharField(
        _("speakers' lists"), max_length=8, choices=Alternation.choices, default=Alternation.NONE
    )

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=1, quorum_percent__lte=100),
                name="congress_quorum_percent",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True)
                | Q(opens_on__isnull=True)
                | Q(closes_on__gte=F("opens_on")),
                name="congress_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(phase__in=Phase.values), name="congress_phase_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def phase_label(self) -> str:
        return str(Phase(self.phase).label)

    def reached(self, phase: Phase) -> bool:
        """Whether the congress is in ``phase`` or past it."""
        return PHASE_ORDER.index(Phase(self.phase)) >= PHASE_ORDER.index(phase)

    @property
    def next_phase(self) -> Phase | None:
        """The phase after this one; None once closed."""
        return phase_after(self.phase)


class CongressCall(TranslatedText):
    """The call convening a congress, in one language (the original marked)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="calls")
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), help_text=_("Markdown."))

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = translated_text_constraints("congress", "congress_call")

    def __str__(self) -> str:
        return f"{self.congress} ({self.language})"
