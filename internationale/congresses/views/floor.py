"""The floor as delegates and the hall follow it: the delegate's page, the projector and
the state the live pages poll.

The state answers with an ETag naming the floor's version and the reader's
language. A page that already holds that version asks with If-None-Match and a
follower's token (signed, naming the congress and the user, given by the page
that was allowed to show the floor): that answer, 304, is made without reading
the session or the user, in one query (decision 0027). Every other answer goes
through the full check of who may follow the floor.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from internationale.accounts.models import User
from internationale.congresses import queries_floor
from internationale.congresses.access import congress_for
from internationale.congresses.models import Congress
from internationale.congresses.navigation import menu
from internationale.congresses.permissions import Action, may
from internationale.congresses.services import floor as services
from internationale.congresses.views.floor_agenda import language
from internationale.congresses.views.floor_forms import AskForm

TOKEN_SALT = "congresses.floor.follow"  # noqa: S105 (a signing salt, not a secret)
TOKEN_MAX_AGE = 12 * 3600


def follower_token(congress: Congress, user: User) -> str:
    return signing.dumps([congress.pk, user.pk], salt=TOKEN_SALT, compress=False)


def _token_congress(token: str) -> int | None:
    try:
        congress_id, _user_id = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return congress_id if isinstance(congress_id, int) else None


def _etag(version: int) -> str:
    return f'"{version}-{language()}"'


def live_context(request: HttpRequest, congress: Congress, current: str) -> dict[str, object]:
    assert isinstance(request.user, User)
    floor = queries_floor.floor(congress, language())
    return {
        "congress": congress,
        "menu": menu(request.user, congress, current),
        "floor": floor,
        "language": language(),
        "token": follower_token(congress, request.user),
        "etag": _etag(floor.version),
    }


@login_required
@require_GET
def floor_page(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.FOLLOW_FLOOR)
    context = live_context(request, congress, "congresses:floor")
    delegate = queries_floor.delegate_of(request.user, congress)
    context["mine"] = queries_floor.waiting_request(delegate, context["floor"].item)  # type: ignore[attr-defined]
    context["may_ask"] = delegate is not None and may(request.user, congress, Action.ASK_TO_SPEAK)
    context["form"] = AskForm(congress=congress)
    return render(request, "congresses/floor/floor.html", context)


@login_required
@require_POST
def floor_ask(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.ASK_TO_SPEAK)
    assert isinstance(request.user, User)
    form = AskForm(request.POST, congress=congress)
    if not form.is_valid():
        messages.error(request, _error_text(form))
        return redirect("congresses:floor", congress.slug)
    try:
        services.ask_to_speak(
            by=request.user, congress=congress, kind=form.cleaned_data["kind"],
            list_=form.cleaned_data["list"],
        )  # fmt: skip
    except services.FloorError as error:
        messages.error(request, str(error))
    return redirect("congresses:floor", congress.slug)


def _error_text(form: AskForm) -> str:
    return " ".join(
        f"{form[name].label}: {' '.join(str(e) for e in errors)}"
        for name, errors in form.errors.items()
    )


@login_required
@require_POST
def floor_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.ASK_TO_SPEAK)
    assert isinstance(request.user, User)
    services.withdraw_request(by=request.user, congress=congress)
    return redirect("congresses:floor", congress.slug)


@login_required
@require_GET
def projector(request: HttpRequest, slug: str) -> HttpResponse:
    congress = congress_for(request, slug, Action.FOLLOW_FLOOR)
    context = live_context(request, congress, "congresses:projector")
    return render(request, "congresses/floor/projector.html", context)


@require_GET
def floor_state(request: HttpRequest, slug: str) -> HttpResponse:
    """The state as JSON, or 304 when the follower holds it already (see above)."""
    congress_id = _token_congress(request.GET.get("t", ""))
    if congress_id is not None:
        version = queries_floor.version_by(congress_id, slug)
        if version is not None:
            etag = _etag(version)
            if request.headers.get("If-None-Match") == etag:
                return _not_modified(etag)
            shared = queries_floor.floor_at(congress_id, version, language())
            return _state_response(shared.as_json(), _etag(shared.version))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    assert isinstance(request.user, User)
    congress = congress_for(request, slug, Action.FOLLOW_FLOOR)
    current = queries_floor.floor(congress, language())
    payload = current.as_json()
    payload["token"] = follower_token(congress, request.user)
    return _state_response(payload, _etag(current.version))


def _state_response(payload: dict[str, object], etag: str) -> HttpResponse:
    response = JsonResponse(payload)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def _not_modified(etag: str) -> HttpResponse:
    response = HttpResponse(status=304)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response
