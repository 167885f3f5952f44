"""Nothing leaves the site, and the headers say so."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from django.test import Client

STATIC = Path(__file__).resolve().parents[2] / "internationale" / "web" / "static"
TEMPLATES = Path(__file__).resolve().parents[2] / "internationale"


def test_the_content_security_policy_allows_only_this_site(places) -> None:
    policy = Client().get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "http" not in policy


def test_security_headers_are_sent(places) -> None:
    headers = Client().get("/").headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_inline_script_or_style(places) -> None:
    offenders = []
    for template in TEMPLATES.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?P<attrs>[^>]*)>", text):
            if "src=" not in match["attrs"] and "application/json" not in match["attrs"]:
                offenders.append(f"{template}: inline <script>")
        if re.search(r"\\sstyle=|<style", text) or re.search(r"\son[a-z]+=", text):
            offenders.append(f"{template}: inline style or event handler")
    assert offenders == []


# What makes a browser fetch from another host: src=, <link href=>, a form's action=, CSS url().
LOADS_ELSEWHERE = re.compile(
    r"(?:\bsrc\s*=|<link\b[^>]*\bhref\s*=|\baction\s*=|url\()\s*[\"']?(?:https?:)?//", re.I
)


def test_no_page_or_asset_loads_from_another_host() -> None:
    """Links a reader may click (share links) are fine; nothing may be loaded from elsewhere."""
    offenders = [
        str(path)
        for path in [*TEMPLATES.rglob("*.html"), *STATIC.rglob("*.css")]
        if LOADS_ELSEWHERE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("markup", "loads"),
    [
        ('<script src="https://cdn.example/x.js"></script>', True),
        ('<link rel="stylesheet" href="//fonts.example/css">', True),
        ("body { background: url(https://img.example/a.png) }", True),
        ('<a href="https://t.me/share/url?url=x">Telegram</a>', False),
    ],
)
def test_the_check_tells_loading_from_linking(markup, loads) -> None:
    assert bool(LOADS_ELSEWHERE.search(markup)) is loads


def test_vendored_files_match_their_recorded_checksums() -> None:
    manifest = json.loads((STATIC / "vendor" / "VENDOR.json").read_text())
    assert manifest
    for name, record in manifest.items():
        digest = hashlib.sha256((STATIC / "vendor" / name).read_bytes()).hexdigest()
        assert digest == record["sha256"], name
    vendored = {p.name for p in (STATIC / "vendor").iterdir() if p.suffix == ".js"}
    assert vendored == set(manifest), "every vendored script is recorded in VENDOR.json"


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_account_pages_render_in_the_site_layout(db, path) -> None:
    body = Client().get(path).content.decode()
    assert 'class="skip-link"' in body
    assert "<main" in body
