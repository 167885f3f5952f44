"""The hostile-input battery: what is sent, what counts as a failure, and the order of it.

Every request's answer is checked the same way: no 5xx (a 503 with
Retry-After is the platform's "wait a moment", allowed), an answer within
``TIME_LIMIT`` seconds, and no script of ours in a page unescaped: neither the
one just sent (reflected) nor one sent earlier or seeded (stored).
"""

from __future__ import annotations

import itertools
import re
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlencode, urlsplit
from xml.etree import ElementTree

from tests.security.browser import TIME_LIMIT, Agent, Answer, Form, read_forms
from tests.security.endpoints import Endpoint, parameters_read
from tests.security.payloads import (
    baseline,
    field_payloads,
    hostile_files,
    multipart,
    script,
    with_value,
)

T = TypeVar("T")

#: Client threads: the server has two workers of four threads; the box two cores.
THREADS = 6
MB = 1024 * 1024
#: Seconds a body that claims 50 MB (and stops) may wait for its answer: a refusal is at once.
DECLARED_LIMIT = 3.0
CHARSETS = ("utf-16", "utf-8-sig", "base64", "rot13", "idna", "no-such-charset")
#: Roles a form or an endpoint is tried as, first the one with the least rights.
#: A form seen by several roles is tried once, as the first of them.
#: Forms that end the session or delete what the rest of the battery uses run last.
LAST = re.compile(r"logout|delete|remove|deactivate|recovery-codes/generate|password/change")

# What a script of ours looks like when it reached a page unescaped.
UNESCAPED = re.compile(
    r"<script>alert\('(\w+)'\)|<img src=x onerror=alert\('(\w+)'\)"
    r"|(?:href|src|action)\s*=\s*[\"']?\s*javascript:alert\('(\w+)'\)",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


@dataclass(frozen=True)
class Failure:
    phase: str
    role: str
    endpoint: str
    method: str
    payload: str
    outcome: str
    replay: Callable[[], Answer] | None = field(default=None, compare=False, repr=False)

    @property
    def is_timeout(self) -> bool:
        return self.outcome.endswith(" s")

    def __str__(self) -> str:
        return f"{self.endpoint} [{self.method} as {self.role}] {self.payload}: {self.outcome}"


@dataclass
class Tally:
    """Every request sent and every failure seen, shared by the client threads."""

    requests: int = 0
    endpoints: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    forms: int = 0
    failures: list[Failure] = field(default_factory=list)
    injected: dict[str, str] = field(default_factory=dict)  # marker -> where it was sent
    slow_once: list[str] = field(default_factory=list)  # too slow under load, in time alone
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: itertools.count[int] = field(default_factory=itertools.count)
    started: float = field(default_factory=time.monotonic)

    def marker(self, where: str) -> str:
        name = f"bat{next(self.counter)}"
        with self.lock:
            self.injected[name] = where
        return name

    def check(
        self, answer: Answer, *, phase: str, role: str, endpoint: str, method: str, payload: str,
        replay: Callable[[], Answer] | None = None,
    ) -> Answer:  # fmt: skip
        outcomes = []
        if answer.status is None:
            outcomes.append(f"{answer.error} after {answer.seconds:.1f} s")
        elif answer.seconds > TIME_LIMIT:
            outcomes.append(f"{answer.status} after {answer.seconds:.1f} s")
        wait = answer.status == 503 and answer.headers.get("retry-after")
        if answer.status is not None and answer.status >= 500 and not wait:
            outcomes.append(f"status {answer.status}")
        for marker in unescaped_markers(answer):
            outcomes.append(
                f"script {marker} unescaped in the page (sent: {self.injected.get(marker, marker)})"
            )
        with self.lock:
            self.requests += 1
            self.endpoints.add(endpoint)
            self.roles.add(role)
            self.failures.extend(
                Failure(phase, role, endpoint, method, payload, outcome, replay)
                for outcome in outcomes
            )
        return answer

    def retry_timeouts(self, phase: str) -> None:
        """Send again, one at a time, what took too long while the battery kept the box busy.

        A request that answers in time when sent alone was slow only because of the
        load (password hashing on two shared cores); one that does not is a hang.
        """
        for failure in [f for f in self.failures if f.phase == phase and f.is_timeout]:
            if failure.replay is None:
                continue
            answer = failure.replay()
            with self.lock:
                self.requests += 1
                if (
                    answer.status is not None
                    and answer.seconds <= TIME_LIMIT
                    and (answer.status < 500)
                ):
                    self.failures.remove(failure)
                    self.slow_once.append(f"{failure} (then {answer.seconds:.1f} s alone)")

    def of(self, *phases: str) -> list[Failure]:
        return [f for f in self.failures if f.phase in phases]

    def summary(self) -> str:
        return (
            f"security battery: {self.requests} requests, {len(self.endpoints)} endpoints, "
            f"{len(self.roles)} roles, {self.forms} forms, {len(self.failures)} failures, "
            f"{time.monotonic() - self.started:.0f} s"
        )

    def counts(self) -> Counter[str]:
        return Counter(f.phase for f in self.failures)


def unescaped_markers(answer: Answer) -> list[str]:
    """Markers of our scripts that a browser or a feed reader would run from this answer."""
    if answer.content_type == "text/html":
        return sorted({next(filter(None, m.groups())) for m in UNESCAPED.finditer(answer.html)})
    if answer.content_type in ("application/rss+xml", "application/atom+xml"):
        # A feed's description (RSS) or html content and summary (Atom) is HTML to the reader.
        try:
            root = ElementTree.fromstring(answer.body)  # noqa: S314 - the site's own feed
        except ElementTree.ParseError:
            return []
        found = set()
        for element in root.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            is_html = tag == "description" or (
                tag in ("content", "summary") and element.get("type") in ("html", "xhtml")
            )
            if is_html and element.text:
                found |= {next(filter(None, m.groups())) for m in UNESCAPED.finditer(element.text)}
        return sorted(found)
    return []


def _ours(action: str) -> bool:
    """Whether a form posts to one of the platform's own views."""
    from django.urls import Resolver404, resolve

    try:
        return resolve(action.split("?")[0]).func.__module__.startswith("internationale.")
    except Resolver404:
        return False


def run_all(tasks: Iterable[Callable[[], object]], threads: int = THREADS) -> None:
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for result in pool.map(lambda task: task(), tasks):
            del result


# --- the battery itself ---------------------------------------------------------------------


@dataclass
class Found:
    """A form as first seen: on which page, by whom."""

    role: str
    endpoint: str
    page: str
    form: Form
    ours: bool  # a form of the platform's own views (not the admin's, not allauth's)


@dataclass
class Crawl:
    """Every endpoint requested by every role: the answers, and the forms on the pages."""

    answers: dict[tuple[str, str], Answer]
    forms: list[Found]


def body_allowance(action: str) -> int:
    """The largest body the view at ``action`` accepts (its upload allowance included)."""
    from django.conf import settings
    from django.urls import Resolver404, resolve

    from internationale.core.requests import ALLOWANCE

    try:
        view = resolve(urlsplit(action).path).func
    except Resolver404:
        return int(settings.MAX_REQUEST_BODY_BYTES)
    return int(settings.MAX_REQUEST_BODY_BYTES) + int(getattr(view, ALLOWANCE, 0))


class Battery:
    last_summary = ""  # the summary line of the last run, printed at the end of the session

    def __init__(
        self, agents: dict[str, Agent], endpoints: list[Endpoint], samples: dict[str, object]
    ) -> None:
        self.agents = agents
        self.endpoints = endpoints
        self.paths = {e.key: e.path(samples) for e in endpoints}
        self.tally = Tally()
        self.timings: dict[str, float] = {}

    def timed(self, name: str, phase: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        started = time.monotonic()
        try:
            return phase(*args, **kwargs)
        finally:
            self.timings[name] = time.monotonic() - started

    # --- phase 1: every endpoint as every role ----------------------------------------------

    def crawl(self, phase: str = "crawl", *, shown: Crawl | None = None) -> Crawl:
        """GET every endpoint as every role (``shown``: only where that role was shown a page)."""
        answers: dict[tuple[str, str], Answer] = {}

        def visit(endpoint: Endpoint) -> None:
            hung = False
            for role, agent in self.agents.items():
                if hung:  # one request held a thread; do not hold more
                    continue
                if (
                    shown is not None
                    and getattr(shown.answers.get((endpoint.key, role)), "status", None) != 200
                ):
                    continue
                path = self.paths[endpoint.key]

                def send(agent: Agent = agent, path: str = path) -> Answer:
                    return agent.request("GET", path)

                answer = self.tally.check(
                    send(), phase=phase, role=role, endpoint=endpoint.key, method="GET",
                    payload="plain GET", replay=send,
                )  # fmt: skip
                answers[endpoint.key, role] = answer
                hung = answer.status is None and "in time" in answer.error

        run_all([lambda e=e: visit(e) for e in self.endpoints])  # type: ignore[misc]
        forms: dict[tuple[str, str, tuple[str, ...]], Found] = {}
        for endpoint in self.endpoints:
            for role in self.agents:
                answer = answers.get((endpoint.key, role))
                if answer is None or answer.status != 200 or not answer.html:
                    continue
                for form in read_forms(self.paths[endpoint.key], answer.html):
                    ours = _ours(form.action)
                    forms.setdefault(
                        form.signature(),
                        Found(role, endpoint.key, self.paths[endpoint.key], form, ours),
                    )
        return Crawl(answers, list(forms.values()))

    # --- phase 2: query strings -------------------------------------------------------------

    def queries(self, crawl: Crawl) -> None:
        """Hand-read parameters of each endpoint's module, as the first role it answers 200."""
        tasks = []
        for endpoint in self.endpoints:
            names = sorted(parameters_read(endpoint))
            role = next(
                (r for r in self.agents if crawl.answers.get((endpoint.key, r), None) is not None
                 and crawl.answers[endpoint.key, r].status == 200),
                "anonymous",
            )  # fmt: skip
            for name in names:
                for kind, value in (
                    ("script", script(self.tally.marker(f"?{name}= on {endpoint.key}"))),
                    ("NUL byte", "1\x00"),
                    ("superscript digit ²", "²"),
                    ("Arabic-Indic digits ١٢٣", "١٢٣"),
                    ("8 KB value", "9" * 8192),
                ):
                    query = urlencode({name: value})
                    tasks.append(self._get(role, endpoint.key, f"?{name}= {kind}", query))
                tasks.append(self._get(role, endpoint.key, f"?{name}= bad UTF-8", f"{name}=%ff%fe"))
        run_all(tasks)

    def _get(self, role: str, key: str, payload: str, query: str) -> Callable[[], None]:
        def task() -> None:
            def send() -> Answer:
                return self.agents[role].request("GET", f"{self.paths[key]}?{query}")

            self.tally.check(send(), phase="query", role=role, endpoint=key, method="GET",
                             payload=payload, replay=send)  # fmt: skip

        return task

    # --- phase 3: forms ---------------------------------------------------------------------

    def forms(self, crawl: Crawl, *, last: bool) -> None:
        chosen = [f for f in crawl.forms if bool(LAST.search(f.form.action + f.endpoint)) == last]
        self.tally.forms += len(chosen)
        # Logging out ends the session the other forms of that role are sent in: those last.
        ending = [f for f in chosen if "logout" in f.form.action]
        for group, threads in (([f for f in chosen if f not in ending], THREADS), (ending, 1)):
            run_all([partial(self._fuzz_form, found) for found in group], threads=threads)

    def _send(self, found: Found, pairs: list[tuple[str, str]], payload: str, phase: str,
              files: list[tuple[str, str, bytes]] | None = None) -> Answer:  # fmt: skip
        agent, form = self.agents[found.role], found.form

        def send() -> Answer:
            if form.method == "GET":
                return agent.request("GET", f"{form.action.split('?')[0]}?{urlencode(pairs)}")
            if "multipart" in form.enctype or files:
                content_type, body = multipart(pairs, files or [])
                return agent.request(
                    "POST", form.action, body=body, headers={"Content-Type": content_type}
                )
            return agent.request(
                "POST", form.action, body=urlencode(pairs).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )  # fmt: skip

        answer = send()
        return self.tally.check(
            answer, phase=phase, role=found.role, endpoint=found.endpoint,
            method=f"{form.method} {form.action}", payload=payload,
            replay=send if phase != "upload" else None,
        )  # fmt: skip

    def _fuzz_form(self, found: Found) -> None:
        """Each field's payloads, one at a time; then long texts; then the body's encoding."""
        form = found.form
        pairs = baseline(form, form.buttons[0] if form.buttons else None)
        names = list(dict.fromkeys(
            f.name for f in form.fields if f.name != "csrfmiddlewaretoken" and f.kind != "file"
        ))  # fmt: skip
        tried = []
        for name in names:
            item = next(f for f in form.fields if f.name == name)
            where = f"{name} of {form.method} {form.action}"
            marker = lambda where=where: self.tally.marker(where)  # noqa: E731
            tried += [
                (name, kind, value) for kind, value in field_payloads(item, marker, ours=found.ours)
            ]
        # Digits first: a valid submission may use up a one-time object (a pasted list's
        # preview is imported once), after which the rest is refused before any parsing.
        tried.sort(key=lambda t: "digit" not in t[1])
        for name, kind, value in tried:
            self._send(found, with_value(pairs, name, value), f"{name}: {kind}", "field")
        for button in form.buttons[1:]:  # the other buttons, once each
            self._send(found, [*baseline(form, None), button], f"button {button[0]}", "field")
        texts = [f.name for f in form.fields if f.kind in ("textarea", "text", "search")]
        huge = MB if form.method == "POST" else 8 * 1024
        if texts and found.ours:
            self._send(found, with_value(pairs, texts[0], "x" * huge),
                       f"{texts[0]}: {huge // 1024} KB value", "field")  # fmt: skip
        if form.method != "POST":
            return
        self._bodies(found, pairs)
        # Long texts in each text area, last (the Markdown renderer; then two revisions whose
        # words are the same in another order, the last two, which the revision diff compares
        # when its page is shown in the second pass).
        long_texts = (("'[' x 60,000", "[" * 60_000), ("'a b ' x 15,000", "a b " * 15_000),
                      ("'b a ' x 15,000", "b a " * 15_000))  # fmt: skip
        for name in [f.name for f in form.fields if f.kind == "textarea"] if found.ours else []:
            for kind, value in long_texts:
                self._send(found, with_value(pairs, name, value), f"{name}: {kind}", "field")

    def _bodies(self, found: Found, pairs: list[tuple[str, str]]) -> None:
        """Wrong charsets, malformed multipart, bodies that claim 50 MB."""
        agent, form = self.agents[found.role], found.form

        def post(content_type: str, body: bytes) -> Callable[[], Answer]:
            headers = {"Content-Type": content_type}
            return lambda: agent.request("POST", form.action, body=body, headers=headers)

        def declared(content_type: str, sent: bytes) -> Callable[[], Answer]:
            # Refused at once when capped; a server that waits for the rest waits forever.
            return lambda: agent.declared_body(
                form.action, content_type, 50 * MB, sent, timeout=DECLARED_LIMIT
            )

        encoded = urlencode(pairs).encode()
        content_type, body = multipart(pairs, [("file", "a.txt", b"x" * 1000)])
        _, big = multipart(pairs, [("file", "big.bin", b"y" * 65536)])  # cut inside the file
        tried = [
            ("charset", f"Content-Type charset={charset}",
             post(f"application/x-www-form-urlencoded; charset={charset}", encoded))
            for charset in (CHARSETS if found.ours else CHARSETS[:1])
        ] + [
            ("body", "multipart without a boundary", post("multipart/form-data", body)),
            ("body", "multipart cut in the middle", post(content_type, body[: len(body) // 2])),
            ("body", "urlencoded body declaring 50 MB (64 KB sent)",
             declared("application/x-www-form-urlencoded", encoded + b"&x=" + b"x" * 65536)),
        ]  # fmt: skip
        if body_allowance(form.action) < 50 * MB:
            # A page that takes files this large (the wire's media) waits for the rest of
            # the body, as it should; the upload phase tries its files.
            cut = big[: big.index(b"y" * 65536) + 65536]
            tried.append(
                ("body", "multipart declaring 50 MB (a file's first 64 KB sent)",
                 declared(content_type, cut))
            )  # fmt: skip
        for phase, payload, send in tried:
            self.tally.check(
                send(), phase=phase, role=found.role, endpoint=found.endpoint,
                method=f"POST {form.action}", payload=payload,
                replay=None if "50 MB" in payload else send,
            )  # fmt: skip

    # --- phase 4: uploads -------------------------------------------------------------------

    def uploads(self, crawl: Crawl) -> None:
        tasks = []
        for found in crawl.forms:
            files = [f for f in found.form.fields if f.kind == "file"]
            if not files or LAST.search(found.form.action):
                continue
            # A link would be taken instead of the file: leave link fields empty.
            pairs = [(k, "" if "link" in k or "url" in k else v)
                     for k, v in baseline(found.form, None)]  # fmt: skip
            for upload in files:
                marker = self.tally.marker(f"{upload.name} of POST {found.form.action}")
                for kind, filename, content in hostile_files(marker):
                    tasks.append(
                        lambda found=found, pairs=pairs, upload=upload, kind=kind,
                        filename=filename, content=content: self._send(
                            found, pairs, f"{upload.name}: {kind}", "upload",
                            files=[(upload.name, filename, content)])
                    )  # fmt: skip
        run_all(tasks)


# --- what was stored ------------------------------------------------------------------------


def invalid_text_stored(database: Path) -> list[str]:
    """Text columns holding control characters or undecodable text (U+FFFD), by table."""
    found: Counter[str] = Counter()
    examples: dict[str, str] = {}
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )]  # fmt: skip
        for table in tables:
            columns = [r[1] for r in connection.execute(f'PRAGMA table_info("{table}")')]
            for column in columns:
                query = f'SELECT "{column}" FROM "{table}" WHERE typeof("{column}") = \'text\''  # noqa: S608
                for (value,) in connection.execute(query):
                    if _CONTROL.search(value):
                        found[f"{table}.{column}"] += 1
                        examples.setdefault(f"{table}.{column}", quote(value[:60]))
    finally:
        connection.close()
    return [f"{key}: {count} rows, e.g. {examples[key]}" for key, count in sorted(found.items())]
