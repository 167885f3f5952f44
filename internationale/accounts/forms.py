from __future__ import annotations

from typing import Any

from allauth.account import forms as account_forms
from allauth.core import context
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from allauth.mfa.totp.internal import auth as totp_auth
from django import forms
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from internationale.accounts.models import User
from internationale.core.validators import reject_control_characters


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        validators=[reject_control_characters],
        help_text=_("The person receives a link to open an account with this address."),
    )


def _labels() -> dict[str, Any]:
    """The site's own words for allauth's fields (one vocabulary, in the site's catalogues)."""
    return {
        "login": _("E-mail address"),
        "email": _("E-mail address"),
        "password": _("Password"),
        "oldpassword": _("Current password"),
        "remember": _("Keep me logged in on this device"),
        "password1": _("New password"),
        "password2": _("The new password again"),
        "code": _("Code from your authenticator app"),
    }


class OwnLabels:
    """Puts the site's labels on allauth's fields and drops their placeholders."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = _labels()
        for name, field in self.fields.items():
            if name in labels:
                field.label = labels[name]
                field.widget.attrs.pop("placeholder", None)


class LoginForm(OwnLabels, account_forms.LoginForm):  # type: ignore[misc]
    """The page links to the password reset under the button, in the site's words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


class ResetPasswordForm(OwnLabels, account_forms.ResetPasswordForm):  # type: ignore[misc]
    pass


class ResetPasswordKeyForm(OwnLabels, account_forms.ResetPasswordKeyForm):  # type: ignore[misc]
    pass


class ChangePasswordForm(OwnLabels, account_forms.ChangePasswordForm):  # type: ignore[misc]
    pass


class AddEmailForm(OwnLabels, account_forms.AddEmailForm):  # type: ignore[misc]
    pass


class ReauthenticateForm(OwnLabels, account_forms.ReauthenticateForm):  # type: ignore[misc]
    pass


class AuthenticateForm(OwnLabels, mfa_forms.AuthenticateForm):  # type: ignore[misc]
    pass


class MfaReauthenticateForm(OwnLabels, mfa_forms.ReauthenticateForm):  # type: ignore[misc]
    pass


class ActivateTOTPForm(OwnLabels, totp_forms.ActivateTOTPForm):  # type: ignore[misc]
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


class SignupForm(OwnLabels, account_forms.SignupForm):  # type: ignore[misc]
    """allauth's sign-up form; two sign-ups of one address at the same moment make one account.

    Both pass the form's check that the address is new; the second INSERT then meets
    the unique address and would answer 500. It is answered instead as allauth
    answers any sign-up of an address that has an account: the same page as a new
    one, and a mail to the address (no enumeration).
    """

    def try_save(self, request: HttpRequest) -> tuple[User | None, HttpResponse | None]:
        try:
            with transaction.atomic():
                saved: tuple[User | None, HttpResponse | None] = super().try_save(request)
                return saved
        except IntegrityError:
            email = self.cleaned_data.get("email") or ""
            if not User.objects.filter(email__iexact=email).exists():
                raise
        self.account_already_exists = True
        again: tuple[User | None, HttpResponse | None] = super().try_save(request)
        return again
