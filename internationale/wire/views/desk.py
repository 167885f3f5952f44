"""The newsroom: correspondents file and follow their reports; editors work the queue."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from internationale.accounts.access import allowed_user
from internationale.accounts.models import Role, User
from internationale.accounts.permissions import grants, is_secretariat
from internationale.core.images import clean_photo
from internationale.core.media import MAX_VIDEO_BYTES, clean_recording
from internationale.core.numbers import parse_id
from internationale.core.requests import accepts_upload
from internationale.organizations.models import Country, Region
from internationale.texts.diff import changed, diff_words
from internationale.wire import access, permissions, queries, services
from internationale.wire.forms import (
    CommentForm,
    CorrespondentForm,
    MediaForm,
    PublishForm,
    ReportForm,
    TranslationForm,
    UnpublishForm,
)
from internationale.wire.models import Action, Correspondent, Media, Report, Revision

IMAGE_SIDE = 1600


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _files_anywhere(user: Any) -> bool:
    return permissions.is_correspondent(user) or permissions.is_editor(user)


def _datelines(user: Any) -> QuerySet[Country]:
    """The countries this person may dateline a report in."""
    countries = Country.objects.select_related("region").order_by("name")
    if is_secretariat(user):
        return countries
    ids = permissions.correspondent_country_ids(user)
    editor_regions = set()
    for grant in grants(user):
        if grant.role == Role.EDITOR and grant.region_id is None and not grant.language:
            return countries
        if grant.role == Role.EDITOR and grant.region_id is not None:
            editor_regions.add(grant.region_id)
    return countries.filter(pk__in=ids) | countries.filter(region_id__in=editor_regions)


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
    )


# --- the correspondent's side -------------------------------------------------------------


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    user = allowed_user(request, _files_anywhere(request.user))
    page_obj = Paginator(queries.my_reports(user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "wire/desk/mine.html",
        {
            "page_obj": page_obj,
            "profile": Correspondent.objects.filter(user=user).first(),
            "is_editor": permissions.is_editor(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = allowed_user(request, _files_anywhere(request.user))
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
def new_report(request: HttpRequest) -> HttpResponse:
    user = allowed_user(request, _files_anywhere(request.user))
    if not Correspondent.objects.filter(user=user).exists():
        messages.info(request, _("First choose how your reports are signed."))
        return redirect("wire:profile")
    datelines = _datelines(user)
    form = ReportForm(request.POST or None, datelines=datelines)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.create_report(by=user, data=_form_data(form))
        except services.WireError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The draft was saved. Submit it when it is ready."))
            return redirect("wire:desk_report", report.pk)
    return render(
        request,
        "wire/desk/edit.html",
        {"form": form, "report": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_report(request: HttpRequest, pk: int) -> HttpResponse:
    user, report = access.report_for(request, pk, permissions.can_work_on)
    places = report.listed_places
    initial = {
        "kind": report.kind,
        "language": report.language,
        "title": report.title,
        "lede": report.lede,
        "body": report.body,
        "dateline": places[0].country.code if places else None,
        "other_countries": [p.country.code for p in places[1:]],
        "topics": [row.topic.slug for row in report.listed_topics],
    }
    is_translation = report.translation_of_id is not None
    datelines = _datelines(user) if not permissions.can_edit(user, report) else None
    form = ReportForm(
        request.POST or None, initial=initial, datelines=datelines, translation=is_translation
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
    return render(
        request,
        "wire/desk/edit.html",
        {"form": form, "report": report},
        status=400 if form.errors else 200,
    )


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
    revisions = queries.revisions(report)
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


@login_required
@require_http_methods(["GET", "POST"])
def desk_report(request: HttpRequest, pk: int) -> HttpResponse:
    """A report as its correspondent and its editors see it, with the steps they may take."""
    if request.method == "GET":
        return _render_desk(request, access.report_on_desk(request, pk))
    user, report = access.report_for(request, pk, permissions.may_act_on_desk)
    action = request.POST.get("action", "")
    base_url = _base_url(request)
    try:
        if action == "submit":
            services.submit_report(by=user, report_id=report.pk, base_url=base_url)
            messages.success(request, _("Submitted: the desk has it."))
        elif action == "take":
            services.take_report(by=user, report_id=report.pk, base_url=base_url)
            messages.success(request, _("You have taken the report in edit."))
        elif action == "return":
            comment_form = CommentForm(request.POST)
            if not comment_form.is_valid():
                return _render_desk(request, report, 400, comment_form=comment_form)
            services.return_report(
                by=user,
                report_id=report.pk,
                comment=comment_form.cleaned_data["comment"],
                base_url=base_url,
            )
            messages.success(request, _("Returned to the correspondent with your comments."))
        elif action == "publish":
            publish_form = PublishForm(request.POST)
            if not publish_form.is_valid():
                return _render_desk(request, report, 400, publish_form=publish_form)
            done = services.publish_report(
                by=user, report_id=report.pk, at=publish_form.cleaned_data["at"], base_url=base_url
            )
            messages.success(
                request, _("Scheduled.") if done.is_scheduled else _("Published on the wire.")
            )
        elif action == "lift":
            services.lift_appeal(by=user, report_id=report.pk, base_url=base_url)
            messages.success(request, _("The appeal is no longer pinned."))
        else:
            raise Http404
    except services.WireError as error:
        messages.error(request, str(error))
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
    revisions = queries.revisions(report)
    numbers = [r.number for r in revisions]

    def pick(name: str, default: int) -> Revision:
        number = parse_id(request.GET.get(name, ""))
        return revisions[numbers.index(number if number in numbers else default)]

    new = pick("b", numbers[-1])
    old = pick("a", numbers[-2] if len(numbers) > 1 else numbers[-1])
    fields = [
        (_("Headline"), diff_words(old.title, new.title)),
        (_("Lede"), diff_words(old.lede, new.lede)),
        (_("Text"), diff_words(old.body, new.body)),
    ]
    details = [
        (key, old.details.get(key), new.details.get(key))
        for key in ("kind", "language", "countries", "topics", "byline")
        if old.details.get(key) != new.details.get(key)
    ]
    return render(
        request,
        "wire/desk/diff.html",
        {
            "report": report,
            "revisions": revisions,
            "old": old,
            "new": new,
            "fields": [(label, pieces, changed(pieces)) for label, pieces in fields],
            "details": details,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def translate(request: HttpRequest, pk: int) -> HttpResponse:
    user, report = access.report_for(request, pk, permissions.may_translate)
    original = report.translation_of or report
    taken = {original.language} | {t.language for t in queries.translations_of(original)}
    languages = [(code, str(name)) for code, name in settings.LANGUAGES if code not in taken]
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
            _store_media(user, report, data)
        except ValidationError as error:
            form.add_error("file", error)
        except services.WireError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Added. Location, camera and author data were removed."))
            return redirect("wire:desk_report", report.pk)
    return _render_desk(request, report, 400, media_form=form)


def _store_media(user: User, report: Report, data: dict[str, Any]) -> None:
    common = {"caption": data["caption"], "description": data["description"]}
    if data["link"]:
        services.add_media(
            by=user, report_id=report.pk, kind=data["link_kind"], link=data["link"], **common
        )
        return
    upload = data["file"]
    head = upload.read(12)
    upload.seek(0)
    if (
        head[:3] == b"\xff\xd8\xff"
        or head[:8] == b"\x89PNG\r\n\x1a\n"
        or head[:4] in (b"GIF8",)
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    ):
        if not data["description"]:
            raise ValidationError(_("Please describe the photo for people who cannot see it."))
        photo = clean_photo(upload, max_side=IMAGE_SIDE)
        extension = (photo.name or "image.png").rsplit(".", 1)[-1]
        services.add_media(
            by=user,
            report_id=report.pk,
            kind=Media.Kind.IMAGE,
            content=photo,
            content_type="image/jpeg" if extension == "jpg" else "image/png",
            extension=extension,
            **common,
        )
        return
    recording = clean_recording(upload)
    services.add_media(
        by=user,
        report_id=report.pk,
        kind=recording.kind,
        content=ContentFile(recording.data),
        content_type=recording.content_type,
        extension=recording.extension,
        **common,
    )


@login_required
@require_http_methods(["GET", "POST"])
def remove_media(request: HttpRequest, media_id: int) -> HttpResponse:
    item = get_object_or_404(Media, pk=media_id)
    user, report = access.report_for(request, item.report_id, permissions.can_work_on)
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
