from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError, connections
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_http_methods

from internationale.accounts.access import allowed_user
from internationale.accounts.models import AuditEntry
from internationale.accounts.permissions import can_edit_site_pages, can_view_audit_log
from internationale.core.markdown import render_markdown
from internationale.web import queries, services
from internationale.web.forms import SitePageForm
from internationale.web.models import SitePage

logger = logging.getLogger(__name__)

AUDIT_PAGE_SIZE = 50


def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and the benchmarks: answers without touching the database."""
    return HttpResponse("ok\n", content_type="text/plain")


#: Seconds a client is asked to wait when the database cannot be reached.
RETRY_AFTER = 5


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or a 503 asking to come back when the database is out of reach.

    Called by Django for any uncaught exception, in views and middleware alike
    (the exception is still being handled). A lost connection (PostgreSQL
    restarting, a network cut) is closed so that the next request on this
    thread connects afresh. Rendered without the request: nothing here may
    need the database.
    """
    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
        return defaults.server_error(request)
    logger.warning("database out of reach, answered 503: %s", error)
    connections.close_all()  # this thread's; outside a transaction, nothing is lost
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    return redirect(static("img/favicon.svg"), permanent=True)


def home(request: HttpRequest) -> HttpResponse:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return render(request, "web/home.html", {"home": queries.home_page(language)})


def about(request: HttpRequest) -> HttpResponse:
    page = queries.site_page(SitePage.Slug.ABOUT, get_language())
    return render(
        request,
        "web/about.html",
        {
            "page": page,
            "body": render_markdown(page.body) if page else "",
            "can_edit": can_edit_site_pages(request.user),
        },
    )


@login_required
def staff(request: HttpRequest) -> HttpResponse:
    allowed_user(request, can_view_audit_log(request.user))
    return render(request, "web/staff/index.html")


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    allowed_user(request, can_view_audit_log(request.user))
    entries = AuditEntry.objects.all()
    action = request.GET.get("action", "")[:80]
    if action:
        entries = entries.filter(action=action)
    page_obj = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    return render(
        request,
        "web/staff/audit_log.html",
        {"page_obj": page_obj, "actions": list(actions), "selected_action": action},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_page(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    user = allowed_user(request, can_edit_site_pages(request.user))
    languages = dict(settings.LANGUAGES)
    if slug not in SitePage.Slug.values or language not in languages:
        raise Http404
    page = SitePage.objects.filter(slug=slug, language=language).first()
    if request.method == "POST":
        form = SitePageForm(request.POST)
        if form.is_valid():
            services.save_site_page(by=user, slug=slug, language=language, **form.cleaned_data)
            messages.success(request, _("The page was saved."))
            return redirect("web:about")
    else:
        initial = {"title": page.title, "body": page.body} if page else {}
        form = SitePageForm(initial=initial)
    return render(
        request,
        "web/staff/edit_page.html",
        {
            "form": form,
            "slug": slug,
            "language": language,
            "language_name": languages[language],
            "page_languages": settings.LANGUAGES,
            "page_label": SitePage.Slug(slug).label,
        },
    )
