"""The pre-congress debate: the contributions, a new one, one contribution and its texts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from internationale.accounts.access import allowed_user
from internationale.accounts.models import User
from internationale.congresses import access_debate, queries_debate
from internationale.congresses.access import congress_for
from internationale.congresses.forms_debate import ContributionForm, EndorseForm, TextForm
from internationale.congresses.models import Congress, Contribution
from internationale.congresses.navigation import menu
from internationale.congresses.permissions import Action, may, represented_sections
from internationale.congresses.services import debate as services
from internationale.core.markdown import render_markdown


def reader_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def page(
    request: HttpRequest, template: str, congress: Congress, current: str, **context: Any
) -> HttpResponse:
    """Render a debate page with the congress's menu (400 when a form has errors)."""
    form = context.get("form")
    status = 400 if form is not None and form.is_bound and form.errors else 200
    context.update(congress=congress, menu=menu(request.user, congress, current))
    return render(request, f"congresses/debate/{template}", context, status=status)


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.READ_INTERNAL)
    language = reader_language()
    return page(
        request,
        "index.html",
        congress,
        "congresses:debate",
        waiting=queries_debate.shown(queries_debate.waiting(congress), language),
        withdrawn=queries_debate.shown(
            queries_debate.withdrawn_for(request.user, congress), language
        ),
        bulletins=queries_debate.bulletins(congress),
        may_contribute=may(request.user, congress, Action.CONTRIBUTE)
        and isinstance(request.user, User)
        and bool(services.allowed_kinds(request.user, congress).kinds),
        may_publish=may(request.user, congress, Action.PUBLISH_BULLETIN),
        past_deadline=services.past_deadline(congress),
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.CONTRIBUTE)
    user = allowed_user(request, True)
    if services.past_deadline(congress) and request.method != "POST":
        return page(request, "closed.html", congress, "congresses:debate")
    kinds = services.allowed_kinds(user, congress)
    if not kinds.kinds:
        response = page(request, "not_allowed.html", congress, "congresses:debate", kinds=kinds)
        response.status_code = 403
        return response
    form = ContributionForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            contribution = services.submit_contribution(by=user, congress=congress, **form.values())
        except services.DebateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your contribution was submitted."))
            return redirect("congresses:contribution", congress.slug, contribution.pk)
    return page(request, "new.html", congress, "congresses:debate", form=form)


def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A contribution in the reader's language, else its original. Public ones to anyone."""
    try:
        congress, contribution = access_debate.readable(request, slug, pk)
    except access_debate.LoginNeededError:
        return redirect_to_login(request.get_full_path())
    chosen = queries_debate.shown([contribution], reader_language())[0].text
    user = request.user
    endorsements = queries_debate.endorsements(contribution)
    return page(
        request,
        "contribution.html",
        congress,
        "congresses:debate",
        contribution=contribution,
        chosen=chosen,
        body=render_markdown(chosen.item.body),
        endorsements=endorsements,
        internal=may(user, congress, Action.READ_INTERNAL),
        endorsed=any(e.user_id == user.pk for e in endorsements),
        may_endorse=may(user, congress, Action.CONTRIBUTE)
        and contribution.state != Contribution.State.WITHDRAWN,
        sections=queries_debate.sections(represented_sections(user)),
        may_write=isinstance(user, User) and _may_write(user, congress, contribution),
        may_publish=may(user, congress, Action.PUBLISH_BULLETIN),
        text_languages=settings.LANGUAGES,
    )


def _may_write(user: User, congress: Congress, contribution: Contribution) -> bool:
    return (
        may(user, congress, Action.READ_INTERNAL)
        and services.may_write_text(user, contribution)
        and contribution.state != Contribution.State.WITHDRAWN
    )


@login_required
@require_POST
def endorse(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Endorse (``endorse=1``) or withdraw one's endorsement."""
    congress, contribution = access_debate.contribution_for(request, slug, pk, Action.CONTRIBUTE)
    user = allowed_user(request, True)
    form = EndorseForm(request.POST)
    if request.POST.get("endorse") != "1":
        if services.withdraw_endorsement(by=user, contribution=contribution):
            messages.success(request, _("Your endorsement was withdrawn."))
    elif not form.is_valid():
        messages.error(request, _("Choose a section you represent."))
    else:
        try:
            services.endorse(
                by=user,
                contribution=contribution,
                organization_id=form.cleaned_data["organization"],
            )
            messages.success(request, _("You endorsed this contribution."))
        except services.DebateError as error:
            messages.error(request, str(error))
    return redirect("congresses:contribution", congress.slug, contribution.pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    congress, contribution = access_debate.contribution_for(request, slug, pk, Action.READ_INTERNAL)
    writer = request.user if isinstance(request.user, User) else None
    user = allowed_user(
        request, writer is not None and services.may_write_text(writer, contribution)
    )
    try:
        services.withdraw_contribution(by=user, contribution=contribution)
        messages.success(request, _("The contribution was withdrawn."))
    except services.DebateError as error:
        messages.error(request, str(error))
    return redirect("congresses:contribution", congress.slug, contribution.pk)


@login_required
@require_POST
def make_public(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The secretariat makes a contribution public (``public=1``) or internal again."""
    congress, contribution = access_debate.contribution_for(
        request, slug, pk, Action.PUBLISH_BULLETIN
    )
    user = allowed_user(request, True)
    public = request.POST.get("public") == "1"
    try:
        services.set_contribution_public(by=user, contribution=contribution, public=public)
        messages.success(
            request,
            _("The contribution is public.") if public else _("The contribution is internal."),
        )
    except services.DebateError as error:
        messages.error(request, str(error))
    return redirect("congresses:contribution", congress.slug, contribution.pk)


@login_required
@require_http_methods(["GET", "POST"])
def text(request: HttpRequest, slug: str, pk: int, language: str) -> HttpResponse:
    """The submitter or the secretariat writes the contribution in ``language``."""
    congress, contribution = access_debate.contribution_for(request, slug, pk, Action.READ_INTERNAL)
    if language not in dict(settings.LANGUAGES):
        raise Http404
    writer = request.user if isinstance(request.user, User) else None
    user = allowed_user(request, writer is not None and _may_write(writer, congress, contribution))
    state = _TextState(contribution, language)
    form = TextForm(request.POST or None, initial=state.initial)
    if request.method == "POST" and not state.fixed and form.is_valid():
        try:
            services.write_contribution_text(
                by=user, contribution=contribution, language=language, **form.cleaned_data
            )
        except services.DebateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The text was saved."))
            return redirect("congresses:contribution", congress.slug, contribution.pk)
    return page(request, "text.html", congress, "congresses:debate", form=form, state=state)


class _TextState:
    """A contribution's text in one language, beside its original, for the text page."""

    def __init__(self, contribution: Contribution, language: str) -> None:
        texts = {t.language: t for t in contribution.texts.all()}
        self.contribution = contribution
        self.language = language
        self.original = next(t for t in texts.values() if t.is_original)
        self.current = texts.get(language)
        self.is_original = self.original.language == language
        self.fixed = self.is_original and contribution.state != Contribution.State.SUBMITTED
        self.original_body = render_markdown(self.original.body)
        self.initial = (
            {"title": self.current.title, "body": self.current.body} if self.current else None
        )
        self.is_outdated = bool(
            self.current
            and not self.current.is_original
            and (self.current.translated_from_version or 0) < self.original.version
        )
