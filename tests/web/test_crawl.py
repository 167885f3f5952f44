"""A newcomer's clicks, for every role: from the home page, three links deep, in English and Arabic.

Each role (not logged in, a member, a correspondent, an editor, the
secretariat past its second factor) follows every link of this site that its
pages show it, GET only, three clicks from the home page. Fails when a link
answers 4xx or 5xx (a link shown to a role that it cannot use, or broken), or
when a page lacks a title or has other than one <h1> (a PDF still being made
answers 503 with Retry-After and a page saying so: that is its design). Links that act (log
out, the language switch) are not followed; feeds, media, PDFs and
spreadsheets are asked for once and not read as HTML. So that the crawl stays
short, it visits at most PER_VIEW pages of each view (ten reports are one
report page).
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from internationale.demo import load_demo
from tests.web.visitors import ROLES, visitor

DEPTH = 3
PER_VIEW = 3
LANGUAGES = ("en", "ar")
#: Links not followed: they act (log out, change language), or are the admin's own pages
#: (Django's, with their own layout: its index is requested, nothing under it).
NOT_FOLLOWED = ("/accounts/logout/", "/i18n/setlang/")
NOT_EXPANDED = ("/admin/",)


class Page(HTMLParser):
    """The links, title and top-level headings of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.title = ""
        self.h1 = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and (href := dict(attrs).get("href")):
            self.links.append(href)
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self.h1 += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


@dataclass
class Crawl:
    client: Client
    found: list[str] = field(default_factory=list)  # what is wrong, one line each
    pages: int = 0

    def view_name(self, path: str) -> str:
        try:
            match = resolve(path)
        except Resolver404:
            return path
        return match.view_name or match.route

    def run(self, start: str = "/") -> None:
        seen = {start}
        per_view: Counter[str] = Counter()
        queue = deque([(start, 0, "(start)")])
        while queue:
            url, depth, shown_on = queue.popleft()
            for link in self.visit(url, shown_on):
                path = urlsplit(link).path
                if depth + 1 > DEPTH or link in seen or path.startswith(NOT_FOLLOWED):
                    continue
                seen.add(link)
                name = self.view_name(path)
                per_view[name] += 1
                if per_view[name] <= PER_VIEW:
                    queue.append((link, depth + 1, url))

    def visit(self, url: str, shown_on: str) -> list[str]:
        """Ask for ``url``; note what is wrong; return the same-site links it shows."""
        response = self.client.get(url)
        self.pages += 1
        status = response.status_code
        # A PDF the worker has yet to make answers a page asking to come back later.
        waits = status == 503 and response.has_header("Retry-After")
        if status >= 400 and not waits:
            self.found.append(f"{status} {url} (linked from {shown_on})")
            return []
        if status in (301, 302, 303, 307, 308):
            return [local(url, response["Location"])] if local(url, response["Location"]) else []
        if not response["Content-Type"].startswith("text/html"):
            return []  # a feed, a file, a PDF, a spreadsheet: asked for, not read
        page = Page()
        page.feed(response.content.decode())
        name = page.title.strip()
        if not name or name.startswith("·"):
            self.found.append(f"no title: {url} ({page.title.strip()!r})")
        if page.h1 != 1 and not url.startswith(NOT_EXPANDED):
            self.found.append(f"{page.h1} <h1> on {url}")
        if url.startswith(NOT_EXPANDED):
            return []
        return [link for href in page.links if (link := local(url, href))]


def local(base: str, href: str) -> str:
    """The path and query of ``href`` (read on ``base``) if it is a page of this site."""
    absolute = urlsplit(urljoin("http://testserver" + base, href.strip()))
    if absolute.scheme not in ("http", "https") or absolute.netloc != "testserver":
        return ""
    return absolute.path + (f"?{absolute.query}" if absolute.query else "")


@pytest.mark.parametrize("role", list(ROLES))
def test_every_link_a_role_is_shown_leads_to_a_page_with_a_title_and_one_h1(places, role) -> None:
    load_demo()
    found: list[str] = []
    pages = 0
    for language in LANGUAGES:
        crawl = Crawl(visitor(role, language))
        crawl.run()
        found += [f"[{role}, {language}] {line}" for line in crawl.found]
        pages += crawl.pages
    assert pages > 30  # the crawl went somewhere
    assert not found, "\n".join(found)
