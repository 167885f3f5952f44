"""The secretariat's forms for convening a congress: settings, the call, the phase, the mail."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from internationale.congresses.models import Congress, Contributor, Phase, phase_after
from internationale.congresses.models.congress import default_contributors, default_languages
from internationale.congresses.services.convening import (
    APPORTIONMENT_FIELDS,
    SETTINGS_FIELDS,
    settings_errors,
)
from internationale.core.validators import reject_control_characters


class _Shown(forms.Widget):
    """A date input that shows back only a value the browser's picker could hold.

    A day that does not exist ("2029-02-30", sent by hand) is refused with its
    message; shown back in ``value`` it would make the page invalid HTML.
    """

    pattern = ""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str):
            try:
                time.strptime(value[:16], self.pattern)
            except ValueError:
                return None
        return super().format_value(value)


class _DayInput(_Shown, forms.DateInput):
    input_type = "date"
    pattern = "%Y-%m-%d"


class _DeadlineInput(_Shown, forms.DateTimeInput):
    input_type = "datetime-local"
    pattern = "%Y-%m-%dT%H:%M"


_DEADLINE = _DeadlineInput(format="%Y-%m-%dT%H:%M")
_DAY = _DayInput(format="%Y-%m-%d")


#: The settings' fields in the groups the page shows them in.
GROUPS: tuple[tuple[Promise, tuple[str, ...]], ...] = (
    (_("The congress"), SETTINGS_FIELDS[:8]),
    (_("Deadlines of the call"), ("figures_due", "contributions_due", "nominations_due")),
    (_("Standing orders"), SETTINGS_FIELDS[11:]),
)


class CongressForm(forms.ModelForm[Congress]):
    """Every setting of a congress; the apportionment's rules are shown fixed once frozen."""

    working_languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=settings.LANGUAGES,
        initial=default_languages,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one working language.")},
    )
    contributors = forms.MultipleChoiceField(
        label=_("Who may submit contributions"),
        choices=Contributor.choices,
        initial=default_contributors,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose who may submit contributions to the debate.")},
    )

    class Meta:
        model = Congress
        fields = SETTINGS_FIELDS
        widgets = {
            "opens_on": _DAY,
            "closes_on": _DAY,
            "figures_due": _DEADLINE,
            "contributions_due": _DEADLINE,
            "nominations_due": _DEADLINE,
        }
        labels = {
            "figures_due": _("Membership figures due (UTC)"),
            "contributions_due": _("Contributions due (UTC)"),
            "nominations_due": _("Nominations of delegates due (UTC)"),
        }
        help_texts = {
            "slug": _("Letters, digits and hyphens: the end of the congress's web address."),
            "place": _("A city, or leave empty for a congress held only online."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("title", "place"):
            self.fields[name].validators.append(reject_control_characters)
            self.fields[name].widget.attrs["dir"] = "auto"
        quorum = self.fields["quorum_percent"]
        quorum.validators += [MinValueValidator(1), MaxValueValidator(100)]
        quorum.widget.attrs.update(min=1, max=100)
        if self.instance.pk and self.instance.apportionment_frozen_at is not None:
            for name in APPORTIONMENT_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Frozen since credentials opened: the apportionment no longer changes."
                )

    def groups(self) -> list[tuple[Promise, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in GROUPS]

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"].lower()
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = {name: data[name] for name in SETTINGS_FIELDS if name in data}
        if self.instance.pk:
            values = {n: getattr(self.instance, n) for n in SETTINGS_FIELDS} | values
        for name, message in settings_errors(values).items():
            if name not in self.errors:
                self.add_error(name or None, message)
        return data


class CallForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        validators=[reject_control_characters],
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    body = forms.CharField(
        label=_("Text (Markdown)"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 18, "dir": "auto"}),
        validators=[reject_control_characters],
    )
    original = forms.BooleanField(
        label=_("Make this language the original (the others become its translations)"),
        required=False,
    )


#: What entering each phase changes, as the confirmation states it.
CONSEQUENCES: dict[Phase, Promise] = {
    Phase.DEBATE: _(
        "The pre-congress debate opens: members, sections and tendencies may submit "
        "contributions until the deadline."
    ),
    Phase.CREDENTIALS: _(
        "Credentials open: the apportionment is frozen and membership figures can no longer "
        "change; the credentials committee checks the delegates."
    ),
    Phase.SESSION: _(
        "The congress is in session: the chair runs the floor and delegates ask to speak and vote."
    ),
    Phase.CLOSED: _(
        "The congress closes: its pages stay readable, and nothing more can be managed or changed."
    ),
}


class PhaseForm(forms.Form):
    """Move one step forward from the phase the page showed, its consequence ticked.

    A form sent again after the congress moved still names the step it confirmed,
    so the service can answer that the congress has already moved.
    """

    phase = forms.ChoiceField(choices=Phase.choices, widget=forms.HiddenInput)
    confirm = forms.MultipleChoiceField(
        label=_("What this step changes"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, congress: Congress, **kwargs: Any) -> None:
        kwargs["initial"] = {"phase": congress.phase}
        super().__init__(*args, **kwargs)
        shown = self.data.get("phase") if self.is_bound else congress.phase
        if shown not in Phase.values:
            shown = congress.phase
        following = phase_after(shown)
        confirm = self.fields["confirm"]
        assert isinstance(confirm, forms.MultipleChoiceField)
        confirm.choices = [(following.value, CONSEQUENCES[following])] if following else []
        confirm.error_messages["required"] = _("Tick the box to confirm the change.")


class SendCallForm(forms.Form):
    confirm = forms.MultipleChoiceField(
        label=_("Confirm"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick the box to confirm the sending.")},
    )

    def __init__(self, *args: Any, people: int, sections: int, **kwargs: Any) -> None:
        from django.utils.translation import ngettext

        super().__init__(*args, **kwargs)
        confirm = self.fields["confirm"]
        assert isinstance(confirm, forms.MultipleChoiceField)
        label = ngettext(
            "Mail the call to %(people)s representative of the sections (%(sections)s sections)",
            "Mail the call to %(people)s representatives of the sections (%(sections)s sections)",
            people,
        ) % {"people": people, "sections": sections}
        confirm.choices = [("send", label)]
