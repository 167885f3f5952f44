"""A small HTTP client for the battery: one cookie jar per role, a time limit, forms read.

Written on ``http.client`` and raw sockets rather than a library so that it can
send what a browser would not: a wrong charset, a body shorter than its
Content-Length, a multipart body without its boundary.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import http.client
import re
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

#: Seconds a request may take; past it the request counts as a hang.
TIME_LIMIT = 5.0


@dataclass
class Answer:
    """What the server said, or ``status`` None with ``error`` when it said nothing in time."""

    status: int | None
    headers: dict[str, str]
    body: bytes
    seconds: float
    error: str = ""

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("location", "")).path

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()

    @property
    def html(self) -> str:
        if self.content_type != "text/html":
            return ""
        return self.body.decode("utf-8", "replace")


class Agent:
    """One person's browser: their cookies, sent with every request."""

    def __init__(self, port: int, role: str) -> None:
        self.port = port
        self.role = role
        self.cookies: dict[str, str] = {}
        self._lock = threading.Lock()

    def cookie_header(self) -> str:
        with self._lock:
            return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _keep_cookies(self, headers: list[tuple[str, str]]) -> None:
        for name, value in headers:
            if name.lower() != "set-cookie":
                continue
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value)
            except Exception:  # noqa: BLE001, S112 - a cookie the jar cannot read is not kept
                continue
            with self._lock:
                for key, morsel in jar.items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(key, None)
                    else:
                        self.cookies[key] = morsel.value

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        timeout: float = TIME_LIMIT,
    ) -> Answer:
        sent = {"Host": f"127.0.0.1:{self.port}", "Connection": "close"}
        if self.cookies:
            sent["Cookie"] = self.cookie_header()
        sent.update(headers or {})
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body or None, headers=sent)
            response = connection.getresponse()
            data = response.read()
            raw_headers = response.getheaders()
        except TimeoutError:
            return Answer(None, {}, b"", time.monotonic() - started, "no answer in time")
        except (OSError, http.client.HTTPException) as error:
            return Answer(None, {}, b"", time.monotonic() - started, f"connection cut ({error})")
        finally:
            connection.close()
        self._keep_cookies(raw_headers)
        return Answer(
            response.status,
            {k.lower(): v for k, v in raw_headers if k.lower() != "set-cookie"},
            data,
            time.monotonic() - started,
        )

    def declared_body(
        self, path: str, content_type: str, declared: int, sent: bytes, timeout: float = TIME_LIMIT
    ) -> Answer:
        """POST a body that claims ``declared`` bytes and send only ``sent``; read the answer."""
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nConnection: close\r\n"
            f"Cookie: {self.cookie_header()}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {declared}\r\n\r\n"
        ).encode()
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            with contextlib.suppress(OSError):  # refused while sending: an answer may be there
                sock.sendall(head + sent)
            chunks = []
            try:
                while True:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
                    if b"\r\n\r\n" in b"".join(chunks):
                        break
            except TimeoutError:
                return Answer(None, {}, b"", time.monotonic() - started, "no answer in time")
            except OSError as error:
                if not chunks:
                    return Answer(None, {}, b"", time.monotonic() - started, f"cut ({error})")
        raw = b"".join(chunks)
        found = re.match(rb"HTTP/1\.[01] (\d{3})", raw)
        if not found:
            return Answer(None, {}, raw, time.monotonic() - started, "connection cut")
        return Answer(int(found[1]), {}, raw, time.monotonic() - started)


def totp_now(secret: str) -> str:
    """RFC 6238 code for now, computed here rather than by the code under test."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found[1] if found else ""


def log_in(agent: Agent, email: str, password: str, totp_secret: str) -> None:
    """Log in through the real pages, passing the second factor when the account has one."""
    page = agent.request("GET", "/accounts/login/")
    form = {"login": email, "password": password, "csrfmiddlewaretoken": csrf_token(page.html)}
    answer = agent.request(
        "POST", "/accounts/login/", body=urlencode(form).encode(), headers=FORM_HEADERS
    )
    assert answer.status == 302, f"{email} could not log in: {answer.status} {answer.error}"
    if totp_secret:
        assert answer.location == "/accounts/2fa/authenticate/", answer.location
        page = agent.request("GET", answer.location)
        code = {"code": totp_now(totp_secret), "csrfmiddlewaretoken": csrf_token(page.html)}
        answer = agent.request(
            "POST", answer.location, body=urlencode(code).encode(), headers=FORM_HEADERS
        )
        assert answer.status == 302, f"{email}: second factor refused ({answer.status})"
    assert "sessionid" in agent.cookies, f"{email}: no session after logging in"


FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


# --- forms ----------------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # the input's type, or "select", "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    multiple: bool = False


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: list[Field] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def signature(self) -> tuple[str, str, tuple[str, ...]]:
        names = sorted({f.name for f in self.fields} | {name for name, _ in self.buttons})
        return (self.method, self.action, tuple(names))


class FormReader(HTMLParser):
    """Every <form> of a page with its fields, as a browser would submit them."""

    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: str | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urlsplit(urljoin(self.page_path, a.get("action") or self.page_path))
            self._form = Form(
                action=action.path + (f"?{action.query}" if action.query else ""),
                method=(a.get("method") or "get").upper(),
                enctype=a.get("enctype") or "application/x-www-form-urlencoded",
            )
            self.forms.append(self._form)
            return
        if tag == "option":
            if self._select is not None:
                self._option = a.get("value")
                self._select.options.append(self._option or "")
                if "selected" in a:
                    self._select.value, self._select.checked = self._option or "", True
            return
        form = self._form
        if form is None or "name" not in a:
            return
        kind = (a.get("type") or ("submit" if tag == "button" else "text")).lower()
        if tag == "input" and kind not in ("submit", "image", "button", "reset"):
            default = "on" if kind in ("checkbox", "radio") else ""
            form.fields.append(
                Field(a["name"], kind, a.get("value", default), checked="checked" in a)
            )
        elif tag in ("input", "button") and kind in ("submit", "image"):
            form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea")
            form.fields.append(self._textarea)
        elif tag == "select":
            self._select = Field(a["name"], "select", multiple="multiple" in a)
            form.fields.append(self._select)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data
        elif self._select is not None and self._option is None and self._select.options:
            self._select.options[-1] += data.strip()  # an option without value= sends its text

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            if self._select is not None and not self._select.checked:
                chosen = [o for o in self._select.options if o]
                self._select.value = chosen[0] if chosen else ""
            self._select = None
        elif tag == "option":
            self._option = ""


def read_forms(page_path: str, html: str) -> list[Form]:
    reader = FormReader(page_path)
    reader.feed(html)
    return reader.forms
