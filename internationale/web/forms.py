from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from internationale.core.validators import reject_control_characters


class SitePageForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, validators=[reject_control_characters]
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 18}),
        validators=[reject_control_characters],
        help_text=_(
            "Markdown: *emphasis*, **strong**, [link](https://…), lists, headings with ##."
        ),
    )
