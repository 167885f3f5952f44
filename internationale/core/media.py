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

``serve_upload`` answers with a stored upload (a recording, a photo, a logo):
no web server serves MEDIA_ROOT, so the application does, one way for all.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

import mutagen.apev2
import mutagen.id3
import numpy as np
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from mutagen import MutagenError

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


def serve_upload(stored: FieldFile, content_type: str, cache_control: str) -> FileResponse:
    """A stored upload, shown inline under its checked type and in a sandbox.

    Raises FileNotFoundError when the row outlived its file.
    """
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = cache_control
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- MP3 ----------------------------------------------------------------------

#: A file carries at most a few tags; more cleaning passes than this is a hostile file.
_MAX_TAG_PASSES = 16


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
    """Cut every tag off both ends, or refuse a file that keeps one.

    mutagen finds and removes ID3v2 (at the start), ID3v1 and APEv2; it reads
    neither Lyrics3v2 nor an ID3v2 tag appended at the end, which
    ``_cut_appended_tag`` removes, and it leaves the footer of an ID3v2.4 tag.
    Each pass must shorten the file and there are at most ``_MAX_TAG_PASSES``:
    a tag declaring a size of zero (which removes nothing) or hundreds of
    stacked tags end in a refusal, never a loop.
    """
    audio = io.BytesIO(data)
    length = len(data)
    for _pass in range(_MAX_TAG_PASSES):
        try:
            mutagen.id3.delete(audio)
            mutagen.apev2.delete(audio)
        except (MutagenError, ValueError, OSError, struct.error) as error:
            raise _NotReadableError("an unreadable tag") from error
        _cut_appended_tag(audio)
        audio.seek(0)
        if audio.read(3) == b"3DI":  # mutagen leaves the footer of an ID3v2.4 tag it removed
            audio = io.BytesIO(audio.getvalue()[10:])
        shorter = audio.seek(0, io.SEEK_END)
        if shorter == length:
            break
        length = shorter
    else:
        raise _NotReadableError("too many tags")
    cleaned = audio.getvalue()
    if _tag_at_an_end(cleaned) or not _is_mpeg_frame(cleaned, 0):
        raise _NotReadableError("a tag we cannot remove, or no MPEG audio frame after the tags")
    return cleaned


def _cut_appended_tag(audio: io.BytesIO) -> None:
    """Remove one Lyrics3v2 block or appended ID3v2 tag at the end, if its size holds."""
    end = audio.seek(0, io.SEEK_END)
    audio.seek(max(0, end - 15))
    tail = audio.read()
    cut = 0
    if tail.endswith(b"LYRICS200") and tail[-15:-9].isdigit() and tail[-15:-9].isascii():
        cut = int(tail[-15:-9]) + 15  # the size counts from LYRICSBEGIN to before itself
        audio.seek(max(0, end - cut))
        if audio.read(11) != b"LYRICSBEGIN":
            cut = 0
    elif tail[-10:-7] == b"3DI" and len(tail) >= 10:
        cut = 20 + _syncsafe(tail[-4:])  # header, tag, footer
        audio.seek(max(0, end - cut))
        if audio.read(3) != b"ID3":
            cut = 0
    if not cut and end >= 227:  # an extended ID3v1 tag, once mutagen removed the ID3v1 after it
        audio.seek(end - 227)
        cut = 227 if audio.read(4) == b"TAG+" else 0
    if 0 < cut <= end:
        audio.truncate(end - cut)


def _tag_at_an_end(data: bytes) -> bool:
    return (
        data[:3] == b"ID3"
        or data[:8] == b"APETAGEX"
        or data[-128:-125] == b"TAG"
        or data[-32:-24] == b"APETAGEX"
        or data[-227:-223] == b"TAG+"
        or data[-9:] == b"LYRICS200"
        or data[-10:-7] == b"3DI"
    )


# --- WAV ----------------------------------------------------------------------

#: A recorder writes a dozen chunks at most (fmt, fact, data, LIST, bext, cue, padding…).
_MAX_WAV_CHUNKS = 1024


def _clean_wav(data: bytes) -> bytes:
    """Keep the fmt, fact and data chunks; every step moves on by at least 8 bytes."""
    kept = []
    at = 12
    for _chunk in range(_MAX_WAV_CHUNKS):
        if at + 8 > len(data):
            break
        chunk_id = data[at : at + 4]
        (size,) = struct.unpack("<I", data[at + 4 : at + 8])
        payload = data[at + 8 : at + 8 + size]
        if len(payload) < size:
            raise _NotReadableError("truncated chunk")
        if chunk_id in (b"fmt ", b"fact", b"data"):
            kept.append(chunk_id + struct.pack("<I", size) + payload + (b"\0" if size % 2 else b""))
        at += 8 + size + (size % 2)
    else:
        raise _NotReadableError("too many chunks")
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
#: moov/trak/mdia/minf/stbl, the deepest kept path, is five boxes deep.
_MAX_DEPTH = 8
#: A phone's recording has a few dozen boxes, an hour of video cut in one-second
#: fragments some 7,200; a file of millions of empty boxes is refused after
#: 20,000, before walking them holds the worker up.
_MAX_BOXES = 20_000


@dataclass
class _Box:
    kind: bytes
    start: int  # offset of the header in the original file
    header: int  # header length
    end: int  # offset just after the box


@dataclass
class _Walk:
    """What one pass over the boxes has seen: the handlers and how many boxes were read."""

    handlers: set[bytes]
    boxes_left: int = _MAX_BOXES


def _boxes(data: bytes, start: int, end: int, walk: _Walk) -> list[_Box]:
    """The boxes between ``start`` and ``end``; each is at least 8 bytes, so the walk ends."""
    boxes = []
    at = start
    while at + 8 <= end:
        walk.boxes_left -= 1
        if walk.boxes_left < 0:
            raise _NotReadableError("too many boxes")
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


@dataclass(frozen=True)
class _Shift:
    """Where each media-data box moves: sorted old starts, old ends and offset changes."""

    starts: list[int]
    ends: list[int]
    deltas: list[int]


def _rewrite(data: bytes, box: _Box, walk: _Walk, shift: _Shift, depth: int = 0) -> bytes:
    """The box without metadata, its chunk offsets moved by ``shift``."""
    payload_start = box.start + box.header
    if box.kind in _CONTAINERS:
        if depth >= _MAX_DEPTH:
            raise _NotReadableError("boxes nested too deep")
        children = [
            _rewrite(data, child, walk, shift, depth + 1)
            for child in _boxes(data, payload_start, box.end, walk)
            if child.kind not in _DROPPED
        ]
        joined = b"".join(children)
        return _header(box.kind, len(joined)) + joined
    payload = bytearray(data[payload_start : box.end])
    if box.kind == b"hdlr" and len(payload) >= 12:
        walk.handlers.add(bytes(payload[8:12]))
        payload[24:] = b"\0"  # the handler's name is free text: keep it empty
    elif box.kind in _TIMED and payload:
        wide = payload[0] == 1
        length = 16 if wide else 8
        payload[4 : 4 + length] = bytes(length)
    elif box.kind in (b"stco", b"co64") and len(payload) >= 8:
        (count,) = struct.unpack(">I", payload[4:8])
        dtype = np.dtype(">u4" if box.kind == b"stco" else ">u8")
        if len(payload) < 8 + count * dtype.itemsize:
            raise _NotReadableError("truncated chunk offsets")
        payload[8 : 8 + count * dtype.itemsize] = _moved(
            np.frombuffer(payload, dtype=dtype, count=count, offset=8), shift
        ).tobytes()
    return data[box.start : payload_start] + bytes(payload)


def _moved(offsets: np.ndarray, shift: _Shift) -> np.ndarray:
    """Each offset plus the change of the media-data box it points into (0 if none).

    One vectorised lookup, not a Python loop: a table can hold millions of offsets.
    """
    if not shift.starts:
        return offsets
    wide = offsets.astype(np.int64)
    index = np.searchsorted(np.array(shift.starts, dtype=np.int64), wide, side="right") - 1
    found = index >= 0
    inside = found & (wide < np.array(shift.ends, dtype=np.int64)[np.maximum(index, 0)])
    deltas = np.where(inside, np.array(shift.deltas, dtype=np.int64)[np.maximum(index, 0)], 0)
    return (wide + deltas).astype(offsets.dtype)


def _clean_mp4(data: bytes) -> tuple[bytes, set[bytes]]:
    walk = _Walk(handlers=set())
    top = [box for box in _boxes(data, 0, len(data), walk) if box.kind in _TOP_KEPT]
    if not top or top[0].kind != b"ftyp" or not any(b.kind == b"moov" for b in top):
        raise _NotReadableError("no ftyp or moov")
    # First pass: the new size of every kept box, hence where each media box moves to.
    unmoved = _Shift([], [], [])
    sizes = [
        len(_rewrite(data, box, walk, unmoved)) if box.kind == b"moov" else box.end - box.start
        for box in top
    ]
    moves: list[tuple[int, int, int]] = []
    new_start = 0
    for box, size in zip(top, sizes, strict=True):
        if box.kind == b"mdat":
            moves.append((box.start, box.end, new_start - box.start))
        new_start += size
    moves.sort()
    shift = _Shift([s for s, _, _ in moves], [e for _, e, _ in moves], [d for _, _, d in moves])
    second = _Walk(handlers=walk.handlers)
    parts = [
        _rewrite(data, box, second, shift) if box.kind == b"moov" else data[box.start : box.end]
        for box in top
    ]
    return b"".join(parts), walk.handlers
