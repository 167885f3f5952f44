"""The secretariat convenes a congress: its settings, the call in each language, the phases,
and the call mailed to the sections."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from internationale.accounts.access import allowed_user
from internationale.accounts.permissions import is_secretariat
from internationale.congresses import queries
from internationale.congresses.access import congress_for
from internationale.congresses.forms_convening import (
    CallForm,
    CongressForm,
    PhaseForm,
    SendCallForm,
)
from internationale.congresses.models import PHASE_ORDER, Congress
from internationale.congresses.navigation import menu
from internationale.congresses.permissions import Action
from internationale.congresses.services import convening
from internationale.core.markdown import render_markdown


def _values(form: CongressForm) -> dict[str, Any]:
    return {n: form.cleaned_data[n] for n in convening.SETTINGS_FIELDS if n in form.cleaned_data}


def _sent(request: HttpRequest) -> Any:
    """The posted data (a form posted empty is still bound), or None for a GET."""
    return request.POST if request.method == "POST" else None


def _refused(form: BaseForm, error: convening.ConveningError) -> None:
    for name, message in error.errors.items():
        form.add_error(name if name in form.fields else None, message)


def _page(request: HttpRequest, template: str, congress: Congress, **context: Any) -> HttpResponse:
    """A manage page of ``congress``, 400 when its form came back with errors."""
    form = context.get("form")
    return render(
        request,
        f"congresses/convening/{template}.html",
        {
            "congress": congress,
            "menu": menu(request.user, congress, "congresses:manage"),
            **context,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def congress_new(request: HttpRequest) -> HttpResponse:
    user = allowed_user(request, is_secretariat(request.user))
    form = CongressForm(_sent(request))
    if request.method == "POST" and form.is_valid():
        try:
            congress = convening.convene_congress(by=user, values=_values(form))
        except convening.ConveningError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The congress is convened. Now write its call."))
            return redirect("congresses:manage", congress.slug)
    status = 400 if form.errors else 200
    return render(request, "congresses/convening/new.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.MANAGE)
    user = allowed_user(request, True)
    form = CongressForm(_sent(request), instance=copy.copy(congress))
    if request.method == "POST" and form.is_valid():
        try:
            congress = convening.update_congress(
                by=user, congress_id=congress.pk, values=_values(form)
            )
        except convening.ConveningError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("congresses:manage", congress.slug)
    return _page(request, "manage", congress, form=form, call_rows=queries.call_languages(congress))


@login_required
@require_http_methods(["GET", "POST"])
def manage_call(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.MANAGE)
    rows = queries.call_languages(congress)
    row = next((r for r in rows if r.code == language), None)
    if row is None:
        raise Http404
    call = row.item
    initial = {"title": call.title, "body": call.body} if call else {}
    form = CallForm(_sent(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        convening.write_call(
            by=allowed_user(request, True),
            congress_id=congress.pk,
            language=language,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            original=form.cleaned_data["original"],
        )
        messages.success(request, _("The call was saved."))
        return redirect("congresses:manage", congress.slug)
    original = next((r.item for r in rows if r.status == "original" and r.code != language), None)
    return _page(
        request, "call", congress, form=form, row=row, original=original,
        original_body=render_markdown(original.body) if original else "",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def manage_phase(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.MANAGE)
    form = PhaseForm(_sent(request), congress=congress)
    if request.method == "POST" and form.is_valid():
        try:
            congress = convening.advance_phase(
                by=allowed_user(request, True),
                congress_id=congress.pk,
                expected=form.cleaned_data["phase"],
            )
        except convening.ConveningError as error:
            messages.info(request, str(error))
        else:
            message = _("The congress is now in the phase “%(phase)s”.")
            messages.success(request, message % {"phase": congress.phase_label})
        closed = congress.next_phase is None  # a closed congress is no longer managed
        return redirect("congresses:detail" if closed else "congresses:manage_phase", congress.slug)
    return _page(
        request, "phase", congress, form=form, phases=PHASE_ORDER, following=congress.next_phase
    )


@login_required
@require_http_methods(["GET", "POST"])
def send_call(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.MANAGE)
    people, sections = queries.sections_told()
    form = SendCallForm(_sent(request), people=people, sections=sections)
    if request.method == "POST" and form.is_valid():
        try:
            sent = convening.send_call(
                by=allowed_user(request, True),
                congress_id=congress.pk,
                base_url=request.build_absolute_uri("/"),
            )
        except convening.ConveningError as error:
            _refused(form, error)
        else:
            _told(request, sent)
            return redirect("congresses:manage", congress.slug)
    written = [row for row in queries.call_languages(congress) if row.item]
    return _page(request, "send", congress, form=form, written=written)


def _told(request: HttpRequest, sent: int | None) -> None:
    if sent is None:
        minutes = int(convening.CALL_RESEND_AFTER.total_seconds() // 60)
        text = _("The call was sent less than %(minutes)s minutes ago; nothing was sent again.")
        messages.info(request, text % {"minutes": minutes})
    elif sent == 0:
        messages.warning(request, _("No section has a representative to mail the call to."))
    else:
        text = ngettext(
            "The call was mailed to %(count)s representative.",
            "The call was mailed to %(count)s representatives.",
            sent,
        )
        messages.success(request, text % {"count": sent})
