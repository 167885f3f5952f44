"""The congress's agenda: read by those inside; kept by the secretariat and the chair."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from internationale.accounts.models import User
from internationale.congresses import queries_floor
from internationale.congresses.access import congress_for
from internationale.congresses.models import AgendaItem, Congress
from internationale.congresses.navigation import menu
from internationale.congresses.permissions import Action, may_keep_agenda
from internationale.congresses.services import floor as services
from internationale.congresses.views.floor_forms import AgendaItemForm


def language() -> str:
    return (get_language() or "en").split("-")[0]


def _kept(request: HttpRequest, slug: str) -> tuple[User, Congress]:
    """The congress whose agenda the user may keep (403 otherwise)."""
    congress = congress_for(request, slug, Action.READ_INTERNAL)
    if not may_keep_agenda(request.user, congress):
        raise PermissionDenied
    assert isinstance(request.user, User)
    return request.user, congress


def _item(congress: Congress, item_id: int) -> AgendaItem:
    try:
        return congress.agenda_items.get(pk=item_id)
    except AgendaItem.DoesNotExist:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.READ_INTERNAL)
    keeps = may_keep_agenda(request.user, congress)
    form = AgendaItemForm(request.POST or None, congress=congress, initial={"language": language()})
    if request.method == "POST":
        user, congress = _kept(request, slug)
        if form.is_valid():
            services.add_item(by=user, congress=congress, **form.cleaned_data)
            messages.success(request, _("The item was added to the agenda."))
            return redirect("congresses:agenda", congress.slug)
    context = {
        "congress": congress,
        "menu": menu(request.user, congress, "congresses:agenda"),
        "items": [(item, item.title_in(language())) for item in queries_floor.agenda(congress)],
        "current_id": queries_floor.state_of(congress).item_id,
        "language": language(),
        "keeps": keeps,
        "form": form,
    }
    status = 400 if form.errors else 200
    return render(request, "congresses/floor/agenda.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    user, congress = _kept(request, slug)
    item = _item(congress, item_id)
    chosen = request.GET.get("language", item.language)
    initial = {
        "title": item.titles.get(chosen, ""),
        "language": chosen,
        "starts_at": item.starts_at,
        "duration": item.duration,
        "rapporteurs": item.rapporteurs,
        "documents": item.documents,
    }
    form = AgendaItemForm(request.POST or None, congress=congress, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_item(by=user, congress=congress, item_id=item.pk, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("congresses:agenda", congress.slug)
    context = {"congress": congress, "item": item, "form": form, "language": language()}
    context["menu"] = menu(request.user, congress, "congresses:agenda")
    status = 400 if form.errors else 200
    return render(request, "congresses/floor/agenda_item.html", context, status=status)


@login_required
@require_POST
def agenda_move(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    user, congress = _kept(request, slug)
    item = _item(congress, item_id)
    services.move_item(
        by=user, congress=congress, item_id=item.pk, up=request.POST.get("up") == "1"
    )
    return redirect(f"{congress_url(congress)}#item-{item.pk}")


@login_required
@require_POST
def agenda_current(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    user, congress = _kept(request, slug)
    item = _item(congress, item_id)
    services.set_current_item(by=user, congress=congress, item_id=item.pk)
    messages.success(request, _("This item is now under discussion."))
    return redirect(f"{congress_url(congress)}#item-{item.pk}")


def congress_url(congress: Congress) -> str:
    return reverse("congresses:agenda", args=[congress.slug])
