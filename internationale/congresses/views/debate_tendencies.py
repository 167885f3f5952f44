"""The congress's tendencies: the registry, a new one, one tendency and its signatories."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from internationale.accounts.access import allowed_user
from internationale.accounts.models import User
from internationale.congresses import queries_debate
from internationale.congresses.access import congress_for
from internationale.congresses.forms_debate import PlatformForm, TendencyForm
from internationale.congresses.models import Congress, Tendency
from internationale.congresses.permissions import Action, may
from internationale.congresses.services import debate as services
from internationale.congresses.views.debate import page, reader_language
from internationale.core.markdown import render_markdown
from internationale.core.translations import choose


@login_required
def tendencies(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.READ_INTERNAL)
    language = reader_language()
    rows = [
        (
            t,
            choose(t.platforms.all(), language),
            queries_debate.shown(t.contributions.all(), language),
        )
        for t in queries_debate.tendencies(congress)
    ]
    return page(
        request,
        "tendencies.html",
        congress,
        "congresses:tendencies",
        rows=rows,
        may_declare=may(request.user, congress, Action.DECLARE_TENDENCY),
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.DECLARE_TENDENCY)
    user = allowed_user(request, True)
    form = TendencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.declare_tendency(
                by=user,
                congress=congress,
                name=data["name"],
                language=data["language"],
                platform=data["platform"],
            )
        except services.DebateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The tendency is declared, and you signed its platform."))
            return redirect("congresses:tendency", congress.slug, made.pk)
    return page(request, "tendency_new.html", congress, "congresses:tendencies", form=form)


def _tendency(congress: Congress, pk: int) -> Tendency:
    found = queries_debate.tendency(congress, pk)
    if found is None:
        raise Http404
    return found


@login_required
def tendency(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    congress = congress_for(request, slug, Action.READ_INTERNAL)
    found = _tendency(congress, pk)
    language = reader_language()
    platform = choose(found.platforms.all(), language)
    return page(
        request, "tendency.html", congress, "congresses:tendencies", tendency=found,
        platform=platform, platform_html=render_markdown(platform.item.body) if platform else "",
        signatories=queries_debate.signatories(found),
        contributions=queries_debate.shown(found.contributions.all(), language),
        signed=queries_debate.signed(request.user, congress),
        may_sign=may(request.user, congress, Action.DECLARE_TENDENCY),
        may_write=isinstance(request.user, User)
        and services.may_write_platform(request.user, found),
        text_languages=settings.LANGUAGES,
    )  # fmt: skip


@login_required
@require_POST
def sign(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Sign the tendency's platform (``sign=1``) or withdraw one's signature."""
    congress = congress_for(request, slug, Action.DECLARE_TENDENCY)
    found = _tendency(congress, pk)
    user = allowed_user(request, True)
    if request.POST.get("sign") != "1":
        if services.withdraw_signature(by=user, tendency=found):
            messages.success(request, _("Your signature was withdrawn."))
    else:
        try:
            services.sign_tendency(by=user, tendency=found)
            messages.success(request, _("You signed this tendency's platform."))
        except services.DebateError as error:
            messages.error(request, str(error))
    return redirect("congresses:tendency", congress.slug, found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def platform(request: HttpRequest, slug: str, pk: int, language: str) -> HttpResponse:
    """A signatory (or the secretariat) writes the tendency's platform in ``language``."""
    congress = congress_for(request, slug, Action.READ_INTERNAL)
    found = _tendency(congress, pk)
    if language not in dict(settings.LANGUAGES):
        raise Http404
    writer = request.user if isinstance(request.user, User) else None
    user = allowed_user(request, writer is not None and services.may_write_platform(writer, found))
    texts = {t.language: t for t in found.platforms.all()}
    original = next(t for t in texts.values() if t.is_original)
    current = texts.get(language)
    form = PlatformForm(request.POST or None, initial={"body": current.body} if current else None)
    if request.method == "POST" and form.is_valid():
        services.write_platform(by=user, tendency=found, language=language, **form.cleaned_data)
        messages.success(request, _("The platform was saved."))
        return redirect("congresses:tendency", congress.slug, found.pk)
    return page(
        request, "platform.html", congress, "congresses:tendencies", form=form, tendency=found,
        language=language, original=original, original_html=render_markdown(original.body),
        is_outdated=bool(current and not current.is_original
                         and (current.translated_from_version or 0) < original.version),
    )  # fmt: skip
