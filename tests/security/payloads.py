"""What the hostile-input battery sends: the payloads for each field, the files, and
the baseline a form is filled with so that one field at a time is hostile."""

from __future__ import annotations

import re
import struct
from collections.abc import Callable

from tests.security.browser import Field, Form


def script(marker: str) -> str:
    return f"<script>alert('{marker}')</script>\"><img src=x onerror=alert('{marker}')>"


NUMERIC_NAME = re.compile(
    r"(^|[_-])(id|pk|page|number|year|founded|size|count|organization|signature|point|a|b|"
    r"link-\d+)$"
)


def numeric_looking(item: Field) -> bool:
    options = [o for o in item.options if o]
    return (
        item.kind == "number"
        or bool(NUMERIC_NAME.search(item.name))
        or (item.value.isdecimal() and item.value.isascii())
        or (bool(options) and all(o.isdecimal() for o in options))
    )


def url_looking(item: Field) -> bool:
    return item.kind == "url" or any(w in item.name for w in ("url", "link", "website", "next"))


def field_payloads(item: Field, marker: Callable[[], str], *, ours: bool) -> list[tuple[str, str]]:
    """(kind, value) pairs tried in ``item``, one request each, other fields as the page had.

    Forms of Django's admin and of allauth (not ``ours``) get fewer: their code is
    tested upstream; what matters here is how the platform's models and settings
    meet it.
    """
    tried = [("NUL byte", "Battery\x00text"), ("script", script(marker()))]
    if ours:
        tried.append(("ESC and U+202E", "Battery\x1b[31m\u202etext"))
    if numeric_looking(item):
        tried += [("superscript digit ²", "²"), ("Arabic-Indic digits ١٢٣", "١٢٣")]
    if url_looking(item) and ours:
        tried.append(("javascript: URL", f"javascript:alert('{marker()}')"))
    if item.kind == "textarea" and ours:
        tried.append(("javascript: link in Markdown", f"[x](javascript:alert('{marker()}'))"))
    return tried


def baseline(form: Form, button: tuple[str, str] | None) -> list[tuple[str, str]]:
    """The values a person would send: what the page filled in, and plausible text elsewhere."""
    pairs: list[tuple[str, str]] = []
    radios_done: set[str] = set()
    for item in form.fields:
        if item.kind == "file":
            continue
        if item.kind == "checkbox":
            if item.checked:
                pairs.append((item.name, item.value))
        elif item.kind == "radio":
            if item.name not in radios_done and (item.checked or not any(
                f.checked for f in form.fields if f.name == item.name
            )):  # fmt: skip
                pairs.append((item.name, item.value))
                radios_done.add(item.name)
        else:
            pairs.append((item.name, item.value or filler(item)))
    if button is not None:
        pairs.append(button)
    return pairs


def filler(item: Field) -> str:
    name = item.name.lower()
    if item.kind == "email" or "email" in name or name == "login":
        return "battery@example.org"
    if item.kind == "url" or "website" in name:
        return "https://example.org/"
    if item.kind == "number" or numeric_looking(item):
        return "3"
    if item.kind == "date":
        return "2026-05-01"
    if item.kind == "datetime-local":
        return "2026-05-01T10:00"
    if item.kind == "password":
        return "a-long-battery-password-42"
    if item.kind in ("hidden", "select"):
        return ""
    return "Battery text"


def with_value(pairs: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    replaced = [(k, value if k == name else v) for k, v in pairs]
    return replaced if any(k == name for k, _ in pairs) else [*pairs, (name, value)]


def multipart(
    pairs: list[tuple[str, str]], files: list[tuple[str, str, bytes]]
) -> tuple[str, bytes]:
    boundary = "----battery7MA4YWxkTrZu0gW"
    parts = []
    for name, value in pairs:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, filename, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body


def hostile_files(marker: str) -> list[tuple[str, str, bytes]]:
    """(kind, file name, bytes): uploads that are empty, truncated, looping or deeply nested."""
    frame = b"\xff\xfb\x90\x00"
    ape_footer = b"APETAGEX" + struct.pack("<IIII", 2000, 0, 0, 0) + b"\0" * 8
    nested = b""
    for _ in range(3000):
        nested = struct.pack(">I4s", 8 + len(nested), b"trak") + nested
    mp4 = (
        struct.pack(">I4s4sI", 16, b"ftyp", b"isom", 0)
        + struct.pack(">I4s", 8 + len(nested), b"moov")
        + nested
    )
    png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I4s", 13, b"IHDR") + b"\0\0\x10\0"
    wav = b"RIFF" + struct.pack("<I", 36) + b"WAVEfmt " + struct.pack("<I", 2**31)
    return [
        ("empty file", "empty.png", b""),
        ("truncated PNG", "photo.png", png),
        ("MP3 with an APEv2 tag of size 0", "song.mp3", frame + b"\0" * 406 + ape_footer),
        ("MP4 of 3,000 nested boxes", "video.mp4", mp4),
        ("WAV chunk larger than the file", "sound.wav", wav),
        ("SVG with script", "logo.svg",
         f"<svg xmlns='http://www.w3.org/2000/svg'>{script(marker)}</svg>".encode()),
        ("CSV with script", "list.csv", f"name,country\n{script(marker)},BR\n".encode()),
    ]  # fmt: skip
