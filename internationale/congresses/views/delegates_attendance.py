"""The hall: the desk checks delegates in and out; delegates check in and give proxies."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from internationale.congresses import queries_delegates as queries
from internationale.congresses.access import congress_for
from internationale.congresses.forms_delegates import CheckForm, HallCodeForm, ProxyForm
from internationale.congresses.models import CheckIn, Congress
from internationale.congresses.navigation import menu
from internationale.congresses.permissions import Action
from internationale.congresses.services import delegates_attendance as services
from internationale.congresses.views.delegates import _user


def _desk(request: HttpRequest, congress: Congress, status: int = 200) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:120]
    context = {
        "congress": congress,
        "menu": menu(request.user, congress, "congresses:attendance"),
        "rows": queries.desk_rows(congress, search),
        "search": search,
        "quorum": queries.quorum(congress),
        "hall_code": queries.hall_code(congress),
    }
    return render(request, "congresses/delegates/attendance.html", context, status=status)


@login_required
@require_GET
def desk(request: HttpRequest, slug: str) -> HttpResponse:
    return _desk(request, congress_for(request, slug, Action.CHECK_IN))


@login_required
@require_POST
def check(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    congress = congress_for(request, slug, Action.CHECK_IN)
    form = CheckForm(request.POST)
    try:
        if not form.is_valid():
            raise services.AttendanceError(_("Choose to check in or out."))
        services.check(
            by=_user(request),
            congress=congress,
            delegate_id=pk,
            entering=form.cleaned_data["entering"],
            how=CheckIn.How.DESK,
        )
    except services.AttendanceError as error:
        messages.error(request, str(error))
        return _desk(request, congress, status=400)
    search = request.POST.get("q", "").strip()[:120]
    url = reverse("congresses:attendance", args=[congress.slug])
    query = "?" + urlencode({"q": search}) if search else ""
    return redirect(f"{url}{query}#d{pk}")


@login_required
@require_POST
def code(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.CHECK_IN)
    services.new_hall_code(by=_user(request), congress=congress)
    messages.success(request, _("A new hall code was made; the previous one no longer works."))
    return redirect("congresses:attendance", congress.slug)


@login_required
@require_http_methods(["GET", "POST"])
def check_self(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.CHECK_IN_SELF)
    entering = request.POST.get("entering", "1") != "0"
    form = HallCodeForm(request.POST if request.method == "POST" and entering else None)
    if request.method == "POST" and (form.is_valid() or not entering):
        try:
            services.check_self(
                by=_user(request),
                congress=congress,
                code=form.cleaned_data["code"] if entering else "",
                entering=entering,
            )
        except services.AttendanceError as error:
            form.add_error("code" if entering else None, str(error))
        else:
            messages.success(
                request, _("You are checked in.") if entering else _("You are checked out.")
            )
            return redirect("congresses:attendance_self", congress.slug)
    context = {
        "congress": congress,
        "menu": menu(request.user, congress, "congresses:attendance_self"),
        "delegate": queries.own_delegate(congress, request.user.pk),
        "form": form,
    }
    status = 400 if form.errors else 200
    return render(request, "congresses/delegates/self.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def proxy(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.GIVE_PROXY)
    delegate = queries.own_delegate(congress, request.user.pk)
    form = ProxyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        holder = form.cleaned_data["holder"]
        back = request.POST.get("take_back") == "1"
        try:
            if back:
                services.take_back_proxy(by=_user(request), congress=congress)
            elif holder is None:
                raise services.AttendanceError(_("Choose the delegate who holds your vote."))
            else:
                services.give_proxy(by=_user(request), congress=congress, holder_id=holder)
        except services.AttendanceError as error:
            form.add_error("holder", str(error))
        else:
            done = _("Your vote is your own again.") if back else _("Your proxy was given.")
            messages.success(request, done)
            return redirect("congresses:proxy", congress.slug)
    context = {
        "congress": congress,
        "menu": menu(request.user, congress, "congresses:proxy"),
        "delegate": delegate,
        "choices": queries.proxy_choices(congress, delegate) if delegate else [],
        "form": form,
    }
    return render(
        request, "congresses/delegates/proxy.html", context, status=400 if form.errors else 200
    )
