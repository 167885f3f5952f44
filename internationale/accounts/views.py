from __future__ import annotations

from allauth.account.utils import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
