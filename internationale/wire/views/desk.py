"""The newsroom: correspondents file and follow their reports; editors work the queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from internationale.accounts.access import allowed_user
from internationale.accounts.models import User
from internationale.core.media import MAX_VIDEO_BYTES
from internationale.core.numbers import parse_id
from internationale.core.requests import accepts_upload
from internationale.organizations.models import Region
from internationale.wire import access, history, permissions, queries, services
from internationale.wire.forms import (
    CommentForm,
    CorrespondentForm,
    FirstMediaForm,
    MediaForm,
    PublishForm,
    ReportForm,
    TranslationForm,
    UnpublishForm,
)
from internationale.wire.models import Action, Correspondent, Report, Revision


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _form_data(form: ReportForm) -> services.ReportData:
    data = form.cleaned_data
    return services.ReportData(
        kind=data["kind"],
        language=data["language"],
        title=data["title"],
        lede=data["lede"],
        body=data["body"],
        countries=form.countries(),
        topics=list(data["topics"]),
        organizations=data["organizations"],
    )


# --- the correspondent's side -------------------------------------------------------------


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    user = allowed_user(request, permissions.can_file_reports(request.user))
    page_obj = Paginator(queries.my_reports(user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "wire/desk/mine.html",
        {
            "page_obj": page_obj,
            "profile": Correspondent.objects.filter(user=user).first(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = allowed_user(request, permissions.can_file_reports(request.user))
    current = Correspondent.objects.filter(user=user).first()
    form = CorrespondentForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.save_correspondent(
            user=user,
            pen_name=data["pen_name"],
            public_name=data["public_name"],
            byline=data["byline"],
        )
        messages.success(request, _("Your byline was saved."))
        return redirect("wire:mine")
    return render(
        request, "wire/desk/profile.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
@accepts_upload(MAX_VIDEO_BYTES)
def new_report(request: HttpRequest) -> HttpResponse:
    """File a new draft, with a photo or a recording if one comes with it."""
    user = allowed_user(request, permissions.can_file_reports(request.user))
    if not Correspondent.objects.filter(user=user).exists():
        messages.info(request, _("First choose how your reports are signed."))
        return redirect("wire:profile")
    form = ReportForm(
        request.POST or None,
        initial={"language": get_language()},  # most write in the language they read the site in
        datelines=queries.dateline_choices(user),
    )
    media_form = FirstMediaForm(request.POST or None, request.FILES or None, prefix="media")
    if request.method == "POST" and all([form.is_valid(), media_form.is_valid()]):
        report = _file(user, form, media_form)
        if report is not None:
            messages.success(request, _("The draft was saved. Submit it when it is ready."))
            return redirect("wire:desk_report", report.pk)
    return render(
        request,
        "wire/desk/edit.html",
        {"form": form, "media_form": media_form, "report": None},
        status=400 if form.errors or media_form.errors else 200,
    )


def _file(user: User, form: ReportForm, media_form: FirstMediaForm) -> Report | None:
    """The new draft, its upload cleaned first; None, with the forms' errors, if refused."""
    data = media_form.cleaned_data
    try:
        attachment = (
            services.clean_upload(
                upload=data["file"], caption=data["caption"], description=data["description"]
            )
            if data.get("file")
            else None
        )
        return services.file_report(by=user, data=_form_data(form), attachment=attachment)
    except ValidationError as error:
        media_form.add_error("file", error)
    except services.WireError as error:
        form.add_error(None, str(error))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def edit_report(request: HttpRequest, pk: int) -> HttpResponse:
    user, report = access.report_for(request, pk, permissions.can_work_on)
    # Its editors may dateline it anywhere; its correspondent where they file from.
    datelines = queries.dateline_choices(user) if not permissions.can_edit(user, report) else None
    form = ReportForm(
        request.POST or None,
        initial=ReportForm.initial_for(report),
        datelines=datelines,
        translation=report.translation_of_id is not None,
        named=[row.organization for row in report.listed_organizations],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_report(
                by=user,
                report_id=report.pk,
                data=_form_data(form),
                follows_original=form.cleaned_data.get("follows_original", False),
            )
        except services.WireError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The report was saved."))
            return redirect("wire:desk_report", report.pk)
    status = 400 if form.errors else 200
    return render(request, "wire/desk/edit.html", {"form": form, "report": report}, status=status)


# --- one report on the desk ---------------------------------------------------------------


def _identity(request: HttpRequest, report: Report) -> User | None:
    """The account behind the byline, if this viewer may know it."""
    region_ids = queries.correspondent_region_ids(report.author_id)
    if permissions.can_see_identity(request.user, correspondent_region_ids=region_ids):
        return report.author
    return None


def _last_comment(revisions: list[Revision]) -> Revision | None:
    return next((r for r in reversed(revisions) if r.action == Action.RETURNED and r.comment), None)


def _render_desk(
    request: HttpRequest, report: Report, status: int = 200, **forms: Any
) -> HttpResponse:
    revisions = history.revisions(report)
    can_edit = permissions.can_edit(request.user, report)
    return render(
        request,
        "wire/desk/report.html",
        {
            "report": report,
            "revisions": revisions,
            "last_comment": _last_comment(revisions),
            "identity": _identity(request, report),
            "can_edit": can_edit,
            "can_change": permissions.can_change_draft(request.user, report),
            "can_take": permissions.can_take(request.user, report),
            "can_return": permissions.can_return(request.user, report),
            "can_publish": permissions.can_publish(request.user, report),
            "can_unpublish": permissions.can_unpublish(request.user, report),
            "media": queries.media_of(report),
            "translations": queries.translations_of(report),
            "original": report.translation_of,
            "comment_form": forms.get("comment_form") or CommentForm(),
            "publish_form": forms.get("publish_form") or PublishForm(),
            "media_form": forms.get("media_form") or MediaForm(),
        },
        status=status,
    )


#: A step posted from the desk page answers with a page (a form to correct) or None (done).
Step = Callable[[HttpRequest, User, Report], HttpResponse | None]


def _submit(request: HttpRequest, user: User, report: Report) -> None:
    services.submit_report(by=user, report_id=report.pk, base_url=_base_url(request))
    messages.success(request, _("Submitted: the desk has it."))


def _take(request: HttpRequest, user: User, report: Report) -> None:
    services.take_report(by=user, report_id=report.pk, base_url=_base_url(request))
    messages.success(request, _("You have taken the report in edit."))


def _return(request: HttpRequest, user: User, report: Report) -> HttpResponse | None:
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_desk(request, report, 400, comment_form=form)
    services.return_report(
        by=user,
        report_id=report.pk,
        comment=form.cleaned_data["comment"],
        base_url=_base_url(request),
    )
    messages.success(request, _("Returned to the correspondent with your comments."))
    return None


def _publish(request: HttpRequest, user: User, report: Report) -> HttpResponse | None:
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _render_desk(request, report, 400, publish_form=form)
    done = services.publish_report(
        by=user, report_id=report.pk, at=form.cleaned_data["at"], base_url=_base_url(request)
    )
    messages.success(request, _("Scheduled.") if done.is_scheduled else _("Published on the wire."))
    return None


def _lift(request: HttpRequest, user: User, report: Report) -> None:
    services.lift_appeal(by=user, report_id=report.pk, base_url=_base_url(request))
    messages.success(request, _("The appeal is no longer pinned."))


STEPS: dict[str, Step] = {
    "submit": _submit,
    "take": _take,
    "return": _return,
    "publish": _publish,
    "lift": _lift,
}


@login_required
@require_http_methods(["GET", "POST"])
def desk_report(request: HttpRequest, pk: int) -> HttpResponse:
    """A report as its correspondent and its editors see it, with the steps they may take."""
    if request.method == "GET":
        return _render_desk(request, access.report_on_desk(request, pk))
    user, report = access.report_for(request, pk, permissions.may_act_on_desk)
    step = STEPS.get(request.POST.get("action", ""))
    if step is None:
        raise Http404
    try:
        page = step(request, user, report)
    except services.WireError as error:
        messages.error(request, str(error))
    else:
        if page is not None:
            return page
    return redirect("wire:desk_report", report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for a reason and a confirmation before a report leaves the wire."""
    user, report = access.report_for(request, pk, permissions.can_unpublish)
    form = UnpublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unpublish_report(
                by=user,
                report_id=report.pk,
                reason=form.cleaned_data["reason"],
                base_url=_base_url(request),
            )
        except services.WireError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The report was taken off the wire."))
        return redirect("wire:desk_report", report.pk)
    return render(
        request,
        "wire/desk/unpublish.html",
        {"report": report, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def diff(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between any two revisions (by default the last two)."""
    report = access.report_on_desk(request, pk)
    revisions = history.revisions(report)
    old, new = history.revision_pair(
        revisions, parse_id(request.GET.get("a", "")), parse_id(request.GET.get("b", ""))
    )
    changes = history.compare_revisions(old, new)
    return render(
        request,
        "wire/desk/diff.html",
        {
            "report": report,
            "revisions": revisions,
            "old": old,
            "new": new,
            "fields": changes.fields,
            "details": changes.details,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def translate(request: HttpRequest, pk: int) -> HttpResponse:
    user, report = access.report_for(request, pk, permissions.may_translate)
    original = report.translation_of or report
    languages = queries.untranslated_languages(original)
    if not languages:
        messages.info(request, _("This report is already in every language of the site."))
        return redirect("wire:desk_report", report.pk)
    form = TranslationForm(request.POST or None, languages=languages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.start_translation(
                by=user,
                original_id=original.pk,
                language=data["language"],
                title=data["title"],
                lede=data["lede"],
                body=data["body"],
            )
        except services.WireError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The translation was saved; publish it when it is ready."))
            return redirect("wire:desk_report", made.pk)
    return render(
        request,
        "wire/desk/translate.html",
        {"report": original, "form": form},
        status=400 if form.errors else 200,
    )


# --- media --------------------------------------------------------------------------------


@login_required
@require_POST
@accepts_upload(MAX_VIDEO_BYTES)
def add_media(request: HttpRequest, pk: int) -> HttpResponse:
    user, report = access.report_for(request, pk, permissions.can_work_on)
    form = MediaForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.attach_media(
                by=user,
                report_id=report.pk,
                upload=data["file"],
                link=data["link"],
                link_kind=data["link_kind"],
                caption=data["caption"],
                description=data["description"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        except services.WireError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Added. Location, camera and author data were removed."))
            return redirect("wire:desk_report", report.pk)
    return _render_desk(request, report, 400, media_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def remove_media(request: HttpRequest, media_id: int) -> HttpResponse:
    user, report, item = access.media_for(request, media_id, permissions.can_work_on)
    if request.method == "POST":
        services.remove_media(by=user, media_id=item.pk)
        messages.success(request, _("Removed."))
        return redirect("wire:desk_report", report.pk)
    return render(request, "wire/desk/remove_media.html", {"report": report, "item": item})


# --- the editor's queue -------------------------------------------------------------------


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """What waits for this editor, oldest first, by region and by age."""
    user = allowed_user(request, permissions.can_open_desk(request.user))
    regions = list(Region.objects.order_by("position"))
    chosen = next((r for r in regions if r.slug == request.GET.get("region")), None)
    page_obj = Paginator(queries.queue(user, region=chosen), queries.QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "wire/desk/queue.html",
        {
            "page_obj": page_obj,
            "summary": queries.queue_summary(user),
            "regions": regions,
            "chosen": chosen,
        },
    )
