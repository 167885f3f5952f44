"""Joining from the public page: the application, the mail, the link that confirms both."""

from __future__ import annotations

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from internationale.accounts.models import User
from internationale.organizations import joining
from internationale.organizations.forms import JoinConfirmForm, JoinForm
from internationale.organizations.models import AgreementPoint

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
TOO_MANY = gettext_lazy(
    "Many applications were sent from here in the last hour: please send yours later. "
    "Nothing you typed is lost."
)


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """The public application form; a logged-in person applies from their account."""
    if request.user.is_authenticated:
        return redirect("organizations:apply")
    form = JoinForm(request.POST or None, points=list(AgreementPoint.objects.all()))
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, action="join"):
            form.add_error(None, TOO_MANY)
            return render(request, "organizations/join.html", {"form": form}, status=429)
        email = form.cleaned_data["email"]
        # Past a few an hour to one address, nothing more is mailed to it, and the
        # page answers as always: it must not become a way to flood someone's inbox.
        if ratelimit.consume(request, action="join_address", key=email.strip().lower()):
            joining.request_to_join(
                email=email,
                data=joining.application_data(form.cleaned_data, form.answers()),
                language=(get_language() or "").split("-")[0],
                base_url=request.build_absolute_uri("/"),
            )
        return redirect("organizations:join_sent")
    return render(request, "organizations/join.html", {"form": form})


def join_sent(request: HttpRequest) -> HttpResponse:
    """The same answer for every address: whether it has an account is not said."""
    return render(request, "organizations/join_sent.html")


@require_http_methods(["GET", "POST"])
def join_confirm(request: HttpRequest, token: str) -> HttpResponse:
    pending = joining.find_pending(token)
    if pending is None:
        return render(request, "organizations/join_invalid.html", status=404)
    user = request.user if isinstance(request.user, User) else None
    has_account = joining.account_exists(pending)
    form = None if has_account else JoinConfirmForm(request.POST or None, email=pending.email)
    signed_in_as_other = user is not None and user.email != pending.email
    if request.method == "POST" and not signed_in_as_other and (form is None or form.is_valid()):
        try:
            joined = joining.confirm_join(
                token=token,
                password=form.cleaned_data["password1"] if form else "",
                applicant=user,
                base_url=request.build_absolute_uri("/"),
            )
        except joining.JoinError as error:
            messages.error(request, str(error))
            return redirect("organizations:join")
        if joined.new_account:
            login(request, joined.user, backend=BACKEND)
        messages.success(request, _("Your application was sent to the secretariat."))
        return redirect("organizations:application", joined.application.pk)
    context = {
        "pending": pending,
        "form": form,
        "has_account": has_account,
        "signed_in_as_other": signed_in_as_other,
    }
    return render(request, "organizations/join_confirm.html", context)
