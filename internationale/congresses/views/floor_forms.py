"""The floor's forms: an agenda item, a request to speak, a move of the chair."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from internationale.congresses.models import Alternation, Congress, SpeakerRequest

CHAIR_MOVES = ("next", "start", "stop", "minute", "remove", "up", "item")


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(label=_("Language of this title"))
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Date and time, for example 2027-06-12 10:00."),
    )
    duration = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=1, max_value=1440
    )
    rapporteurs = forms.CharField(label=_("Rapporteurs"), max_length=300, required=False)
    documents = forms.CharField(
        label=_("Documents"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One link or title a line."),
    )

    def __init__(self, *args: Any, congress: Congress, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        codes = [c for c in congress.working_languages if c in names] or list(names)
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(c, names[c]) for c in codes]


class AskForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("I ask to speak"),
        choices=SpeakerRequest.Kind.choices,
        initial=SpeakerRequest.Kind.ON,
        widget=forms.RadioSelect,
    )
    list = forms.ChoiceField(
        label=_("On the list"),
        choices=SpeakerRequest.List.choices,
        initial=SpeakerRequest.List.GENERAL,
        widget=forms.RadioSelect,
        help_text=_("Your answer is kept with this request only."),
    )

    def __init__(self, *args: Any, congress: Congress, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        special = {
            Alternation.WOMEN: SpeakerRequest.List.WOMEN,
            Alternation.FIRST_TIME: SpeakerRequest.List.FIRST_TIME,
        }.get(Alternation(congress.alternation))
        field = self.fields["list"]
        assert isinstance(field, forms.ChoiceField)
        if special is None:
            field.choices = [SpeakerRequest.List.choices[0]]
            field.widget = forms.HiddenInput()
        else:
            field.choices = [
                (v, label)
                for v, label in SpeakerRequest.List.choices
                if v in (SpeakerRequest.List.GENERAL, special)
            ]


class ChairForm(forms.Form):
    do = forms.ChoiceField(choices=[(m, m) for m in CHAIR_MOVES])
    version = forms.IntegerField(required=False, min_value=0)
    request = forms.IntegerField(required=False, min_value=1)
    item = forms.IntegerField(required=False, min_value=1)
