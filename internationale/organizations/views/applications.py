"""Applying to join, the thread with the secretariat, and the decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from internationale.accounts.models import User
from internationale.accounts.permissions import is_secretariat
from internationale.organizations import access, joining, queries
from internationale.organizations import services as applications
from internationale.organizations.forms import ApplicationForm, DecisionForm, MessageForm
from internationale.organizations.models import AgreementPoint, Application
from internationale.organizations.permissions import (
    can_decide_application,
    can_review_application,
    can_write_on_application,
)

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("organizations:join")  # the public form opens the account too
    user = _user(request)
    points = list(AgreementPoint.objects.all())
    form = ApplicationForm(request.POST or None, points=points)
    if request.method == "POST" and form.is_valid():
        application = _submit(request, user, form)
        if application is not None:
            messages.success(request, _("Your application was sent to the secretariat."))
            return redirect("organizations:application", application.pk)
    return render(
        request,
        "organizations/apply.html",
        {"form": form},
    )


def _submit(request: HttpRequest, user: User, form: ApplicationForm) -> Application | None:
    """Send the application; None, with the reason on the form, if it was refused."""
    data = joining.application_data(form.cleaned_data, form.answers())
    try:
        return joining.submit_application_data(user, data, request.build_absolute_uri("/"))
    except applications.ApplicationError as error:
        form.add_error(None, str(error))
        return None


def _application_for(request: HttpRequest, pk: int) -> tuple[Application, bool]:
    """The application, and whether the viewer reviews it (the secretariat); 404 for anyone else."""
    application = access.application(request, pk)
    return application, can_review_application(request.user, application)


def _page(
    request: HttpRequest,
    application: Application,
    secretariat: bool,
    *,
    message_form: MessageForm | None = None,
    decision_form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_decide = can_decide_application(request.user, application)
    return render(
        request,
        "organizations/application.html",
        {
            "application": application,
            "secretariat": secretariat,
            "can_write": can_write_on_application(request.user, application),
            "message_form": message_form or MessageForm(),
            "decision_form": (decision_form or DecisionForm()) if can_decide else None,
        },
        status=status,
    )


@login_required
def application(request: HttpRequest, pk: int) -> HttpResponse:
    application, secretariat = _application_for(request, pk)
    return _page(request, application, secretariat)


@login_required
@require_http_methods(["POST"])
def post_message(request: HttpRequest, pk: int) -> HttpResponse:
    application, secretariat = _application_for(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            applications.post_message(
                author=_user(request),
                application_id=application.pk,
                body=form.cleaned_data["body"],
                from_secretariat=secretariat,
                base_url=request.build_absolute_uri("/"),
            )
        except applications.ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your message was sent."))
        return redirect("organizations:application", application.pk)
    return _page(request, application, secretariat, message_form=form, status=400)


@login_required
@require_http_methods(["POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    user, application = access.application_for(request, pk, can_review_application)
    secretariat = True
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            applications.decide_application(
                by=user,
                application_id=application.pk,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                base_url=request.build_absolute_uri("/"),
            )
        except applications.ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The decision was recorded and sent to the applicant."))
        return redirect("organizations:application", application.pk)
    return _page(request, application, secretariat, decision_form=form, status=400)


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    """The secretariat's queue; an applicant sees their own applications."""
    user = _user(request)
    state = request.GET.get("state", "")
    items = queries.applications(None if is_secretariat(user) else user, state=state)
    page_obj = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/applications.html",
        {"page_obj": page_obj, "states": Application.State.choices, "state": state},
    )
