from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from allauth.account.utils import get_adapter, get_next_redirect_url
from allauth.mfa.recovery_codes import views as recovery_codes_views
from allauth.mfa.totp import views as totp_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from internationale.accounts import queries, services
from internationale.accounts.access import allowed_user
from internationale.accounts.adapter import SESSION_KEY
from internationale.accounts.forms import InvitationForm
from internationale.accounts.permissions import can_manage_roles


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Open the sign-up form for the holder of a valid invitation link."""
    invitation = services.find_invitation(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    request.session[SESSION_KEY] = invitation.pk
    # allauth treats this address as verified: the invitation reached it.
    get_adapter(request).stash_verified_email(request, invitation.email)
    messages.info(request, _("Welcome. Choose a password to open your account."))
    return redirect("account_signup")


INVITATIONS_PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest) -> HttpResponse:
    """The secretariat invites people and sees which invitations were used."""
    user = allowed_user(request, can_manage_roles(request.user))
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite(
                by=user, email=form.cleaned_data["email"], base_url=request.build_absolute_uri("/")
            )
        except services.InvitationError as refusal:
            form.add_error("email", str(refusal))
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("accounts:invitations")
    page_obj = Paginator(queries.invitations(), INVITATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/invitations.html", {"form": form, "page_obj": page_obj})


class ActivateTOTPView(totp_views.ActivateTOTPView):  # type: ignore[misc]
    """allauth's enrolment page, which carries ``next`` on to the recovery codes.

    Staff are sent here from the page they asked for (``?next=``, see
    accounts.middleware); after enrolment the recovery codes page offers to
    continue there. The pending secret is kept by accounts.forms.ActivateTOTPForm
    (settings.MFA_FORMS).
    """

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        data: dict[str, Any] = super().get_context_data(**kwargs)
        data["next"] = get_next_redirect_url(self.request) or ""
        return data

    def get_success_url(self) -> str:
        url: str = super().get_success_url()
        after = get_next_redirect_url(self.request)
        return f"{url}?{urlencode({'next': after})}" if after else url


class RecoveryCodesView(recovery_codes_views.ViewRecoveryCodesView):  # type: ignore[misc]
    """allauth's recovery codes page, with a way on: to ``next``, or home."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        data: dict[str, Any] = super().get_context_data(**kwargs)
        data["continue_url"] = get_next_redirect_url(self.request) or reverse("web:home")
        return data


activate_totp = ActivateTOTPView.as_view()
recovery_codes = RecoveryCodesView.as_view()
