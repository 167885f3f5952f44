"""The chair's console: one page of big buttons, every move a plain form post."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from internationale.accounts.models import User
from internationale.congresses import queries_floor
from internationale.congresses.access import congress_for
from internationale.congresses.models import AgendaItem, Congress
from internationale.congresses.permissions import Action
from internationale.congresses.services import floor as services
from internationale.congresses.views.floor import live_context
from internationale.congresses.views.floor_agenda import language
from internationale.congresses.views.floor_forms import ChairForm

Move = Callable[[User, Congress, dict[str, int | None]], object]


def _item_move(by: User, congress: Congress, data: dict[str, int | None]) -> object:
    if data["item"] is None or not congress.agenda_items.filter(pk=data["item"]).exists():
        raise services.FloorError(_("Choose an item of the agenda."))
    return services.set_current_item(by=by, congress=congress, item_id=data["item"])


def _request_id(data: dict[str, int | None]) -> int:
    if data["request"] is None:
        raise services.FloorError(_("Choose a request."))
    return data["request"]


def _version(data: dict[str, int | None]) -> int:
    if data["version"] is None:
        raise services.FloorError(_("The floor changed meanwhile; nothing was done. Look again."))
    return data["version"]


MOVES: dict[str, Move] = {
    "next": lambda by, c, d: services.next_speaker(by=by, congress=c, seen_version=_version(d)),
    "start": lambda by, c, d: services.start_timer(by=by, congress=c),
    "stop": lambda by, c, d: services.stop_timer(by=by, congress=c),
    "minute": lambda by, c, d: services.add_minute(by=by, congress=c, seen_version=_version(d)),
    "remove": lambda by, c, d: services.remove_request(
        by=by, congress=c, request_id=_request_id(d)
    ),
    "up": lambda by, c, d: services.move_request_up(
        by=by, congress=c, request_id=_request_id(d), seen_version=_version(d)
    ),
    "item": _item_move,
}


@login_required
@require_http_methods(["GET", "POST"])
def chair(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.CHAIR)
    if request.method == "POST":
        _apply(request, congress)
        return redirect("congresses:floor_chair", congress.slug)
    context = live_context(request, congress, "congresses:floor_chair")
    context["waiting"] = queries_floor.all_waiting(congress)
    context["items"] = [
        (item, item.title_in(language())) for item in queries_floor.agenda(congress)
    ]
    return render(request, "congresses/floor/chair.html", context)


def _apply(request: HttpRequest, congress: Congress) -> None:
    assert isinstance(request.user, User)
    form = ChairForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That is not a move the console knows."))
        return
    data = {name: form.cleaned_data[name] for name in ("version", "request", "item")}
    try:
        MOVES[form.cleaned_data["do"]](request.user, congress, data)
    except (services.FloorError, AgendaItem.DoesNotExist) as error:
        messages.error(request, str(error))
