"""Uploaded recordings and videos: typed by their content, stripped of metadata.

Phones write the place (GPS in MP4's ``udta/©xyz``), the device, the owner's
name and the time into recordings. Like images (``core/images.py``), a
recording is judged by its bytes, never its name or declared type, and is
rewritten keeping only what plays it:

- MP3: ID3v2, ID3v1, APEv2 and Lyrics3 tags are cut off; what remains must
  start with an MPEG audio frame.
- WAV: only the ``fmt``, ``fact`` and ``data`` chunks are kept.
- MP4 / M4A (and QuickTime MOV): only the boxes that carry the media are
  kept; ``udta``, ``meta``, ``uuid`` (XMP), ``free`` and every other box
  are dropped at every level, the creation and modification times of the
  movie, tracks and media are set to zero, and the chunk offsets are moved
  by what was removed before the media data.

Other formats (Ogg, WebM, FLAC…) are refused with a message: they can be
linked from the international's own media host instead.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

MAX_AUDIO_BYTES = 40 * 1024 * 1024
MAX_VIDEO_BYTES = 150 * 1024 * 1024


@dataclass(frozen=True)
class CleanMedia:
    kind: str  # "audio" or "video"
    content_type: str
    extension: str
    data: bytes


class _NotReadableError(ValueError):
    pass


def clean_recording(upload: UploadedFile) -> CleanMedia:
    """Return the recording rewritten without metadata, or raise ValidationError."""
    if upload.size is not None and upload.size > MAX_VIDEO_BYTES:
        raise ValidationError(_("The file is larger than 150 MB."), code="too_large")
    data = upload.read(MAX_VIDEO_BYTES + 1)
    if len(data) > MAX_VIDEO_BYTES:
        raise ValidationError(_("The file is larger than 150 MB."), code="too_large")
    try:
        cleaned = clean_recording_bytes(data)
    except _NotReadableError as error:
        raise ValidationError(
            _(
                "This file is not a recording we can take. Please upload MP3, M4A or WAV "
                "audio or MP4 video, or link it from the international's media host."
            ),
            code="bad_media",
        ) from error
    if cleaned.kind == "audio" and len(cleaned.data) > MAX_AUDIO_BYTES:
        raise ValidationError(_("An audio file may be at most 40 MB."), code="too_large")
    return cleaned


def clean_recording_bytes(data: bytes) -> CleanMedia:
    """Sniff ``data`` and rewrite it without metadata; raises _NotReadableError."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return CleanMedia("audio", "audio/wav", "wav", _clean_wav(data))
    if data[4:8] == b"ftyp":
        cleaned, handlers = _clean_mp4(data)
        if b"vide" in handlers:
            return CleanMedia("video", "video/mp4", "mp4", cleaned)
        if b"soun" in handlers:
            return CleanMedia("audio", "audio/mp4", "m4a", cleaned)
        raise _NotReadableError("an MP4 file without sound or video")
    if data[:3] == b"ID3" or _is_mpeg_frame(data, 0):
        return CleanMedia("audio", "audio/mpeg", "mp3", _clean_mp3(data))
    raise _NotReadableError("unknown format")


# --- MP3 ----------------------------------------------------------------------


def _syncsafe(raw: bytes) -> int:
    return (raw[0] << 21) | (raw[1] << 14) | (raw[2] << 7) | raw[3]


def _is_mpeg_frame(data: bytes, at: int) -> bool:
    if len(data) < at + 4:
        return False
    b1, b2, b3 = data[at + 1], data[at + 2], data[at + 3]
    return (
        data[at] == 0xFF
        and b1 & 0xE0 == 0xE0
        and (b1 >> 3) & 0b11 != 0b01  # MPEG version not reserved
        and (b1 >> 1) & 0b11 != 0  # layer not reserved
        and (b2 >> 4) != 0b1111  # bitrate index not bad
        and (b2 >> 2) & 0b11 != 0b11  # sample rate not reserved
        and b3 & 0b11 != 0b10  # emphasis not reserved
    )


def _clean_mp3(data: bytes) -> bytes:
    start, end = 0, len(data)
    while data[start : start + 3] == b"ID3" and end - start >= 10:
        flags = data[start + 5]
        size = 10 + _syncsafe(data[start + 6 : start + 10]) + (10 if flags & 0x10 else 0)
        start += size
    changed = True
    while changed:
        changed = False
        if end - start >= 128 and data[end - 128 : end - 125] == b"TAG":
            end -= 128
            changed = True
            if end - start >= 227 and data[end - 227 : end - 223] == b"TAG+":
                end -= 227
        if end - start >= 32 and data[end - 32 : end - 24] == b"APETAGEX":
            size, flags = struct.unpack("<II", data[end - 20 : end - 12])
            end -= size + (32 if flags & 0x80000000 else 0)
            changed = True
        if end - start >= 15 and data[end - 9 : end] == b"LYRICS200":
            size = (
                int(data[end - 15 : end - 9] or b"0") if data[end - 15 : end - 9].isdigit() else 0
            )
            end -= size + 15
            changed = True
        if data[end - 10 : end - 7] == b"3DI" and end - start >= 10:  # an ID3v2 footer
            end -= 20 + _syncsafe(data[end - 4 : end])
            changed = True
    if start >= end or not _is_mpeg_frame(data, start):
        raise _NotReadableError("no MPEG audio frame after the tags")
    return data[start:end]


# --- WAV ----------------------------------------------------------------------


def _clean_wav(data: bytes) -> bytes:
    kept = []
    at = 12
    while at + 8 <= len(data):
        chunk_id = data[at : at + 4]
        (size,) = struct.unpack("<I", data[at + 4 : at + 8])
        payload = data[at + 8 : at + 8 + size]
        if len(payload) < size:
            raise _NotReadableError("truncated chunk")
        if chunk_id in (b"fmt ", b"fact", b"data"):
            kept.append(chunk_id + struct.pack("<I", size) + payload + (b"\0" if size % 2 else b""))
        at += 8 + size + (size % 2)
    if not any(c.startswith(b"fmt ") for c in kept) or not any(c.startswith(b"data") for c in kept):
        raise _NotReadableError("no fmt or data chunk")
    body = b"WAVE" + b"".join(kept)
    return b"RIFF" + struct.pack("<I", len(body)) + body


# --- MP4 ----------------------------------------------------------------------

#: Boxes kept at the top of the file; every other one is dropped.
_TOP_KEPT = {b"ftyp", b"moov", b"mdat", b"moof", b"mfra", b"sidx", b"styp"}
#: Container boxes whose children are filtered in turn.
_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"mvex", b"traf"}
#: Children dropped inside containers: user data, metadata, XMP, padding.
_DROPPED = {b"udta", b"meta", b"uuid", b"free", b"skip", b"ilst", b"XMP_", b"cprt"}
#: Boxes whose creation and modification times are zeroed.
_TIMED = {b"mvhd", b"tkhd", b"mdhd"}


@dataclass
class _Box:
    kind: bytes
    start: int  # offset of the header in the original file
    header: int  # header length
    end: int  # offset just after the box


def _boxes(data: bytes, start: int, end: int) -> list[_Box]:
    boxes = []
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        header = 8
        if size == 1:
            if at + 16 > end:
                raise _NotReadableError("truncated box")
            (size,) = struct.unpack(">Q", data[at + 8 : at + 16])
            header = 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            raise _NotReadableError("bad box size")
        boxes.append(_Box(kind, at, header, at + size))
        at += size
    if at != end:
        raise _NotReadableError("trailing bytes")
    return boxes


def _header(kind: bytes, payload_length: int) -> bytes:
    size = payload_length + 8
    if size > 0xFFFFFFFF:
        return struct.pack(">I4sQ", 1, kind, payload_length + 16)
    return struct.pack(">I4s", size, kind)


def _rewrite(
    data: bytes, box: _Box, handlers: set[bytes], shift: list[tuple[int, int, int]]
) -> bytes:
    """The box without metadata; ``shift`` maps old media-data ranges to offset changes."""
    payload_start = box.start + box.header
    if box.kind in _CONTAINERS:
        children = [
            _rewrite(data, child, handlers, shift)
            for child in _boxes(data, payload_start, box.end)
            if child.kind not in _DROPPED
        ]
        joined = b"".join(children)
        return _header(box.kind, len(joined)) + joined
    payload = bytearray(data[payload_start : box.end])
    if box.kind == b"hdlr" and len(payload) >= 12:
        handlers.add(bytes(payload[8:12]))
        payload[24:] = b"\0"  # the handler's name is free text: keep it empty
    elif box.kind in _TIMED and payload:
        wide = payload[0] == 1
        length = 16 if wide else 8
        payload[4 : 4 + length] = bytes(length)
    elif box.kind in (b"stco", b"co64") and len(payload) >= 8:
        (count,) = struct.unpack(">I", payload[4:8])
        width, code = (4, ">I") if box.kind == b"stco" else (8, ">Q")
        if len(payload) < 8 + count * width:
            raise _NotReadableError("truncated chunk offsets")
        for i in range(count):
            at = 8 + i * width
            (offset,) = struct.unpack(code, payload[at : at + width])
            delta = next((d for s, e, d in shift if s <= offset < e), 0)
            payload[at : at + width] = struct.pack(code, offset + delta)
    return data[box.start : payload_start] + bytes(payload)


def _clean_mp4(data: bytes) -> tuple[bytes, set[bytes]]:
    top = [box for box in _boxes(data, 0, len(data)) if box.kind in _TOP_KEPT]
    if not top or top[0].kind != b"ftyp" or not any(b.kind == b"moov" for b in top):
        raise _NotReadableError("no ftyp or moov")
    # First pass: the new size of every kept box, hence where each media box moves to.
    handlers: set[bytes] = set()
    sizes = [
        len(_rewrite(data, box, handlers, [])) if box.kind == b"moov" else box.end - box.start
        for box in top
    ]
    shift = []
    new_start = 0
    for box, size in zip(top, sizes, strict=True):
        if box.kind == b"mdat":
            shift.append((box.start, box.end, new_start - box.start))
        new_start += size
    parts = [
        _rewrite(data, box, handlers, shift) if box.kind == b"moov" else data[box.start : box.end]
        for box in top
    ]
    return b"".join(parts), handlers
