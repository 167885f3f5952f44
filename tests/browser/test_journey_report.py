"""Journey: a correspondent files a report with a photo in one go, an editor publishes it,
and it is on the wire and in its feeds with the photo as an enclosure; in English and Arabic.

A first try with a file that is not a photo shows the journey's one detour: the
file is refused with a reason and nothing typed is lost. ``look`` is called at
every page reached.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from lxml import etree

from internationale.demo import load_demo
from internationale.wire.models import Media, Report
from tests.browser.look import look
from tests.browser.test_wire import signed_in
from tests.wire.test_media import geotagged_jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ATOM = "{http://www.w3.org/2005/Atom}"
#: What the correspondent writes, in the language of the pages they use.
TEXT = {
    "en": {
        "title": "Recife dockers stop work over unpaid wages",
        "lede": "Four hundred dockers stopped the port of Recife on Monday morning.",
        "body": "The union says wages have been **three months** late.",
        "caption": "The picket at gate 2",
        "description": "Dockers with red flags stand before the closed port gate.",
        "headline": "Brazil: Recife dockers stop work over unpaid wages",
    },
    "ar": {
        "title": "عمال ميناء ريسيفي يضربون بسبب الأجور غير المدفوعة",
        "lede": "أوقف أربعمائة عامل ميناء ريسيفي صباح الاثنين.",
        "body": "تقول النقابة إن الأجور متأخرة منذ **ثلاثة أشهر**.",
        "caption": "الاعتصام عند البوابة ٢",
        "description": "عمال يحملون أعلامًا حمراء أمام بوابة الميناء المغلقة.",
        "headline": "البرازيل: عمال ميناء ريسيفي يضربون بسبب الأجور غير المدفوعة",
    },
}


def fill_report(page: Any, language: str) -> None:
    text = TEXT[language]
    page.select_option("#id_kind", "report")
    page.select_option("#id_language", language)
    page.select_option("#id_dateline", "BR")
    page.fill("#id_title", text["title"])
    page.fill("#id_lede", text["lede"])
    page.fill("#id_body", text["body"])
    page.check("input[name=topics][value=strikes-and-labour]")
    page.fill("#id_media-caption", text["caption"])
    page.fill("#id_media-description", text["description"])


def choose_file(page: Any, name: str, mime: str, content: bytes) -> None:
    page.set_input_files(
        "#id_media-file", files=[{"name": name, "mimeType": mime, "buffer": content}]
    )


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_a_correspondent_files_a_report_with_a_photo_and_an_editor_publishes_it(
    places, live_server, browser, artifacts, settings, tmp_path, language, direction
) -> None:
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    text = TEXT[language]
    site = urlsplit(live_server.url).netloc

    # The correspondent files the report and its photo from one page.
    context, recorder = signed_in(browser, live_server, "correspondent@demo.invalid", language)
    page = context.new_page()
    page.goto(live_server.url + "/wire/mine/")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("nav.wire-nav a[href='/wire/desk/']").count() == 0  # not an editor
    look(page, artifacts, f"journey-report-1-mine-{language}")
    page.click("a[href='/wire/mine/new/']")
    page.wait_for_url("**/wire/mine/new/")
    look(page, artifacts, f"journey-report-2-new-{language}")
    fill_report(page, language)
    # A document instead of the photo: refused, with the reason; the text stays.
    choose_file(page, "photo.jpg", "image/jpeg", b"%PDF-1.4 not a photo")
    page.click("main form button[type=submit]")
    page.locator(".error-summary").wait_for()  # the answer's page, not the one sent from
    assert page.locator("#id_media-file").get_attribute("aria-invalid") == "true" or (
        page.locator(".has-error #id_media-file").count() == 1
    )
    assert page.input_value("#id_title") == text["title"]
    assert page.input_value("#id_lede") == text["lede"]
    assert page.input_value("#id_media-description") == text["description"]
    assert page.is_checked("input[name=topics][value=strikes-and-labour]")
    assert not Report.objects.filter(title=text["title"]).exists()
    look(page, artifacts, f"journey-report-3-refused-{language}")
    # The photo itself, then.
    choose_file(page, "IMG_20240511_Recife.jpg", "image/jpeg", geotagged_jpeg())
    page.click("main form button[type=submit]")
    page.wait_for_url("**/wire/desk/*/")
    report = Report.objects.get(title=text["title"])
    photo = Media.objects.get(report=report)
    assert page.locator(f"a[href='/wire/media/{photo.name}']").count() == 1
    look(page, artifacts, f"journey-report-4-draft-{language}")
    page.click("form:has(input[name=action][value=submit]) button")
    page.wait_for_url(f"**/wire/desk/{report.pk}/")
    assert Report.objects.get(pk=report.pk).state == "submitted"
    look(page, artifacts, f"journey-report-5-submitted-{language}")
    context.close()
    assert recorder.hosts() == {site}, recorder.requests
    assert recorder.errors == [  # the refused file, and nothing else
        f"400 {live_server.url}/wire/mine/new/",
        "Failed to load resource: the server responded with a status of 400 (Bad Request)",
    ]

    # The editor finds it on the desk and publishes it.
    context, recorder = signed_in(browser, live_server, "editor@demo.invalid", language)
    page = context.new_page()
    page.goto(live_server.url + "/wire/desk/")
    page.click(f"table.queue a[href='/wire/desk/{report.pk}/']")
    page.wait_for_url(f"**/wire/desk/{report.pk}/")
    look(page, artifacts, f"journey-report-6-desk-{language}")
    page.check("input[name=when][value=now]")
    page.click("form:has(input[name=action][value=publish]) button")
    page.wait_for_url(f"**/wire/desk/{report.pk}/")
    assert Report.objects.get(pk=report.pk).is_live()
    look(page, artifacts, f"journey-report-7-published-{language}")
    context.close()
    assert recorder.hosts() == {site}, recorder.requests
    assert recorder.errors == []

    # A reader sees it on the wire with its photo, and its feeds carry the photo.
    context = browser.new_context(locale=language)
    page = context.new_page()
    page.goto(live_server.url + "/wire/country/BR/")
    page.get_by_text(text["headline"]).first.click()
    page.wait_for_url(f"**/wire/report/{report.pk}/")
    image = page.locator(f"figure img[src='/wire/media/{photo.name}']")
    assert image.get_attribute("alt") == text["description"]
    image.scroll_into_view_if_needed()  # loading="lazy": fetched once it comes into view
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    look(page, artifacts, f"journey-report-8-on-the-wire-{language}")
    photo_url = f"{live_server.url}/wire/media/{photo.name}"
    rss = etree.fromstring(page.request.get(live_server.url + "/wire/country/BR/feed.rss").body())
    item = next(i for i in rss.iter("item") if i.findtext("title") == text["headline"])
    enclosure = item.find("enclosure")
    assert enclosure is not None
    assert (enclosure.get("url"), enclosure.get("type")) == (photo_url, "image/jpeg")
    served = page.request.get(photo_url)
    assert served.status == 200
    assert int(enclosure.get("length")) == len(served.body()) == photo.size
    atom = etree.fromstring(page.request.get(live_server.url + "/wire/feed.atom").body())
    entry = next(
        e for e in atom.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == text["headline"]
    )
    assert [
        link.get("href") for link in entry.iter(f"{ATOM}link") if link.get("rel") == "enclosure"
    ] == [photo_url]
    context.close()
