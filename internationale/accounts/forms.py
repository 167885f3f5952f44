from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from internationale.core.validators import reject_control_characters


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        validators=[reject_control_characters],
        help_text=_("The person receives a link to open an account with this address."),
    )
