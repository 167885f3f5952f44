"""The floor of the hall: the agenda, speakers' lists and the state the projector shows."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["AgendaItem", "FloorState", "SpeakerRequest"]


class AgendaItem(models.Model):
    """One item of a congress's agenda, in the order the chair keeps.

    ``titles`` holds the title by language code; ``language`` names the original,
    which is shown where the reader's language has no title.
    """

    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveIntegerField(_("position"))
    titles = models.JSONField(_("titles"), default=dict)
    language = models.CharField(_("language of the original"), max_length=8)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    duration = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    rapporteurs = models.CharField(_("rapporteurs"), max_length=300, blank=True)
    documents = models.TextField(
        _("documents"), blank=True, help_text=_("One link or title a line.")
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["congress", "position"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "position"], name="agenda_item_position")
        ]

    def __str__(self) -> str:
        return self.title_in(self.language)

    def title_in(self, language: str) -> str:
        """The title in ``language``, else the original's."""
        titles: dict[str, str] = self.titles or {}
        return titles.get(language) or titles.get(self.language) or ""

    @property
    def document_lines(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]


class SpeakerRequest(models.Model):
    """A delegate's request to speak on one agenda item.

    The list (women, first-time speakers) is declared by the delegate when asking,
    for this request only; it is never kept on their profile.
    """

    class Kind(models.TextChoices):
        POINT_OF_ORDER = "order", _("point of order")
        FOR = "for", _("for")
        AGAINST = "against", _("against")
        ON = "on", _("on the item")

    class List(models.TextChoices):
        GENERAL = "general", _("general list")
        WOMEN = "women", _("women's list")
        FIRST_TIME = "first", _("first-time speakers' list")

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        SPEAKING = "speaking", _("speaking")
        DONE = "done", _("done")
        WITHDRAWN = "withdrawn", _("withdrawn")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speaker_requests")
    delegate = models.ForeignKey(
        "congresses.Delegate", on_delete=models.CASCADE, related_name="speaker_requests"
    )
    kind = models.CharField(_("to speak"), max_length=8, choices=Kind.choices, default=Kind.ON)
    list = models.CharField(_("list"), max_length=8, choices=List.choices, default=List.GENERAL)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)
    #: The order within its list: the order of asking, unless the chair moved it.
    rank = models.PositiveIntegerField(_("rank"), default=0)

    class Meta:
        verbose_name = _("request to speak")
        verbose_name_plural = _("requests to speak")
        ordering = ["item", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "delegate"],
                condition=Q(state__in=["waiting", "speaking"]),
                name="speaker_request_once_per_item",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["waiting", "speaking", "done", "withdrawn"]),
                name="speaker_request_state_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegate} ({self.get_kind_display()})"


class FloorState(models.Model):
    """What the hall sees now: one row per congress, its version moved by every change.

    The timer: while it runs, ``timer_started_at`` is set and the time left is
    ``seconds_left`` minus the seconds since; stopped, ``seconds_left`` is what is left
    (below zero when a speaker ran over).
    """

    congress = models.OneToOneField(
        "congresses.Congress", on_delete=models.CASCADE, related_name="floor_state"
    )
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    speaker = models.ForeignKey(
        SpeakerRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    timer_started_at = models.DateTimeField(null=True, blank=True)
    seconds_left = models.IntegerField(default=0)
    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("state of the floor")
        verbose_name_plural = _("states of the floor")

    def __str__(self) -> str:
        return f"{self.congress} v{self.version}"
