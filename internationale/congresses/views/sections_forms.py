"""The forms of the sections' pages: a section's membership figure, the secretariat's decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from internationale.congresses.models.sections import MOST_MEMBERS


class FigureForm(forms.Form):
    members = forms.IntegerField(
        label=_("Members"),
        min_value=0,
        max_value=MOST_MEMBERS,
        help_text=_("Members in good standing on that date."),
    )
    as_of = forms.DateField(
        label=_("Members on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The date the figure counts; not in the future."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Optional: how the figure was counted, for the secretariat."),
    )

    def clean_as_of(self) -> Any:
        as_of = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return as_of


class DecisionForm(forms.Form):
    """One POST on the secretariat's page: validate or reject a figure, or recompute."""

    DECISIONS = (
        ("validate", _("Validate")),
        ("reject", _("Reject")),
        ("recompute", _("Recompute the apportionment")),
    )

    decision = forms.ChoiceField(choices=DECISIONS)
    figure = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    reason = forms.CharField(required=False, max_length=500)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") in ("validate", "reject") and not data.get("figure"):
            raise forms.ValidationError(_("Choose a figure."))
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the figure is not accepted."))
        return data
