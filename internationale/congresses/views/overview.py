"""The list of congresses and a congress's overview page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from internationale.accounts.permissions import is_secretariat
from internationale.congresses import queries
from internationale.congresses.access import congress_for
from internationale.congresses.models import PHASE_ORDER
from internationale.congresses.navigation import menu
from internationale.congresses.permissions import Action
from internationale.core.markdown import render_markdown


def congress_list(request: HttpRequest) -> HttpResponse:
    listed = queries.coming_and_past(timezone.localdate())
    context = {
        "coming": listed.coming,
        "past": listed.past,
        "can_convene": is_secretariat(request.user),
    }
    return render(request, "congresses/list.html", context)


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.VIEW)
    call = queries.call_in(congress, (get_language() or "en").split("-")[0])
    context = {
        "congress": congress,
        "menu": menu(request.user, congress, "congresses:detail"),
        "phases": PHASE_ORDER,
        "call": call,
        "call_html": render_markdown(call.item.body) if call else "",
    }
    return render(request, "congresses/detail.html", context)
