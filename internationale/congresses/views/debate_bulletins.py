"""The debate's bulletins: the list, one bulletin, its PDF per language, the next one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from internationale.accounts.access import allowed_user
from internationale.congresses import bulletins as bulletin_pdfs
from internationale.congresses import queries_debate
from internationale.congresses.access import congress_for
from internationale.congresses.models import Bulletin, Congress
from internationale.congresses.permissions import Action, may
from internationale.congresses.services import debate as services
from internationale.congresses.views.debate import page, reader_language
from internationale.core.numbers import parse_id
from internationale.core.pdf import available


@login_required
def bulletins(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.READ_INTERNAL)
    return page(
        request,
        "bulletins.html",
        congress,
        "congresses:debate",
        bulletins=queries_debate.bulletins(congress),
        may_publish=may(request.user, congress, Action.PUBLISH_BULLETIN),
    )


def _bulletin(congress: Congress, number: int) -> Bulletin:
    found = queries_debate.bulletin(congress, number)
    if found is None:
        raise Http404
    return found


@login_required
def bulletin(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    congress = congress_for(request, slug, Action.READ_INTERNAL)
    found = _bulletin(congress, number)
    return page(
        request,
        "bulletin.html",
        congress,
        "congresses:debate",
        bulletin=found,
        items=queries_debate.shown(queries_debate.in_bulletin(found), reader_language()),
        pdf_languages=[code for code, _name in settings.LANGUAGES],
    )


@login_required
def pdf(request: HttpRequest, slug: str, number: int, language: str) -> HttpResponse:
    """The bulletin's PDF in ``language`` (made on the first request, then kept)."""
    congress = congress_for(request, slug, Action.READ_INTERNAL)
    found = _bulletin(congress, number)
    if language not in dict(settings.LANGUAGES):
        raise Http404
    if not available():
        context = {"congress": congress, "bulletin": found}
        return render(request, "congresses/debate/no_pdf.html", context, status=503)
    response = HttpResponse(bulletin_pdfs.pdf_for(found, language), content_type="application/pdf")
    name = f"{congress.slug}-bulletin-{found.number}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    """The next bulletin: the waiting contributions to choose from, then the confirmation."""
    congress = congress_for(request, slug, Action.PUBLISH_BULLETIN)
    user = allowed_user(request, True)
    waiting = queries_debate.shown(queries_debate.waiting(congress), reader_language())
    chosen = [pk for pk in map(parse_id, request.POST.getlist("contribution")) if pk]
    error = ""
    if request.method == "POST" and not chosen:
        error = _("Choose at least one contribution.")
    elif request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            made = services.publish_bulletin(by=user, congress=congress, contribution_ids=chosen)
        except services.DebateError as refused:
            messages.error(request, str(refused))
            return redirect("congresses:bulletins", congress.slug)
        messages.success(request, _("Bulletin %(number)s is published.") % {"number": made.number})
        return redirect("congresses:bulletin", congress.slug, made.number)
    return page(
        request, "publish.html", congress, "congresses:debate", waiting=waiting, error=error,
        confirming=request.method == "POST" and not error, chosen=chosen,
        next_number=queries_debate.next_bulletin_number(congress),
    )  # fmt: skip
