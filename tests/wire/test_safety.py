"""No wire page loads anything from another host, whatever a correspondent writes."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import feedparser
import pytest

from internationale.wire import services
from internationale.wire.models import Media
from tests.wire.conftest import logged_in


class Loads(HTMLParser):
    """Every address a browser would fetch by itself from a page: src, link href, action, poster."""

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (
                name in ("src", "srcset", "poster", "action", "data")
                or (tag == "link" and name == "href")
            ):
                self.addresses.append(value)

    def elsewhere(self) -> list[str]:
        return [a for a in self.addresses if urlsplit(a).netloc or a.startswith("//")]


def loads_elsewhere(html: str) -> list[str]:
    parser = Loads()
    parser.feed(html)
    return parser.elsewhere()


def test_no_wire_page_or_feed_loads_from_another_host(
    file_report, publish, regional_editor, carla, client, settings
) -> None:
    settings.WIRE_MEDIA_HOSTS = ["media.example.org"]
    report = file_report(
        body=(
            "![tracker](https://tracker.example/pixel.png)\n\n"
            '<img src="https://tracker.example/b.png"> <script src="//cdn.example/x.js"></script>'
            '<iframe src="https://video.example/embed"></iframe>\n\n'
            "[A link is fine](https://union.example/statement)"
        )
    )
    services.add_media(
        by=carla,
        report_id=report.pk,
        kind=Media.Kind.VIDEO,
        link="https://media.example.org/v/1.mp4",
        caption="Assembleia",
    )
    publish(report)
    public = [
        "/wire/",
        f"/wire/report/{report.pk}/",
        "/wire/country/BR/",
        "/wire/search/?q=link",
        "/wire/feed.atom",
        "/wire/feed.rss",
    ]
    editor = logged_in(regional_editor)
    desk = ["/wire/desk/", f"/wire/desk/{report.pk}/", f"/wire/desk/{report.pk}/diff/"]
    for path, browser in [*((p, client) for p in public), *((p, editor) for p in desk)]:
        body = browser.get(path).content.decode()
        if path.endswith((".atom", ".rss")):
            # Feed readers render the content: it must make them fetch nothing either.
            for entry in feedparser.parse(body).entries:
                html = entry.content[0].value if "content" in entry else entry.summary
                assert loads_elsewhere(html) == [], path
            continue
        assert loads_elsewhere(body) == [], path
        assert "<iframe" not in body
    page = client.get(f"/wire/report/{report.pk}/").content.decode()
    assert '<a href="https://union.example/statement"' in page
    assert '<a href="https://media.example.org/v/1.mp4"' in page  # linked, not embedded


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<img src="https://x.example/a.png">', ["https://x.example/a.png"]),
        ('<link rel="stylesheet" href="//cdn.example/a.css">', ["//cdn.example/a.css"]),
        (
            '<video poster="https://x.example/p.jpg" src="/wire/media/a.mp4">',
            ["https://x.example/p.jpg"],
        ),
        ('<p>&lt;img src="https://x.example/a.png"&gt;</p>', []),  # text, not an element
        ('<a href="https://union.example/">a link</a>', []),  # linking is not loading
    ],
)
def test_the_check_tells_loading_from_linking_and_text(html, found) -> None:
    assert loads_elsewhere(html) == found
