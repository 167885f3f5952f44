"""Numbers read from what people send: ASCII digits, or nothing.

``str.isdigit`` is true for "²" (and ``int`` then raises) and for "١٢" (which
``int`` reads as 12); ``int`` also takes " 1", "+1" and "1_000". A row's
number in a form is one the page wrote, so anything else is refused.
"""

from __future__ import annotations

#: The largest key a row can have (a 64-bit signed integer on every database used).
MAX_ID = 2**63 - 1


def parse_id(text: str) -> int | None:
    """A row's number as a page sent it: 1 to MAX_ID in ASCII digits, nothing else; else None."""
    if not (text.isascii() and text.isdecimal()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
