from __future__ import annotations

from typing import Any

from allauth.core import context
from allauth.mfa.totp import forms as totp_forms
from allauth.mfa.totp.internal import auth as totp_auth
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


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):  # type: ignore[misc]
    """allauth's enrolment form, keeping the pending secret until enrolment succeeds.

    allauth draws a new secret each time the page is shown: a person who scanned
    the code and then reloaded the page held a secret that no longer counted.
    The pending secret stays in the session (where allauth keeps it between the
    page and its form) until allauth removes it on enrolment.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        session = context.request.session
        pending = session.get(totp_auth.SECRET_SESSION_KEY)
        super().__init__(*args, **kwargs)
        if pending:
            self.secret = session[totp_auth.SECRET_SESSION_KEY] = pending
