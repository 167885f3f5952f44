"""The forms of the delegates' pages: nomination, credentials, proxies, attendance."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from internationale.congresses.models import Delegate


class NominationForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("As the congress will show it.")
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("An invitation to open an account goes there, unless it has one already."),
    )
    kind = forms.ChoiceField(
        label=_("Nominated as"),
        choices=Delegate.Kind.choices,
        initial=Delegate.Kind.DELEGATE,
        widget=forms.RadioSelect,
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("reject", "reject")])
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class ReplacementForm(forms.Form):
    alternate = forms.IntegerField(min_value=1)
    delegate = forms.IntegerField(label=_("Replaces"), min_value=1)


class ProxyForm(forms.Form):
    holder = forms.IntegerField(label=_("Give my vote to"), min_value=1, required=False)


class CheckForm(forms.Form):
    entering = forms.TypedChoiceField(
        choices=[("1", "in"), ("0", "out")], coerce=lambda value: value == "1"
    )


class HallCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Hall code"),
        max_length=12,
        help_text=_("The code the credentials desk shows in the hall."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
