"""Markdown from users, rendered and then sanitised: no stored XSS, no slow pages.

markdown-it-py looks for the end of a link's label from every ``[`` it meets,
and when the label does not close (``[[[[...``, ``![![...``) each search goes
about ``maxNesting`` tokens further before giving up, so a body of unclosed
brackets is slow to render (decision 0017). ``_link_label`` is its
parseLinkLabel with the answers remembered: a search that meets a ``[`` whose
label is already known jumps to that label's end, or fails with it, so every
bracket is scanned about once.
The answers are those of markdown-it-py's own function (a test compares the two).
"""

from __future__ import annotations

from types import SimpleNamespace

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it import helpers as markdown_helpers
from markdown_it.rules_inline import StateInline

# "js-default" is CommonMark with raw HTML switched off and links validated. The rules
# that only check that an option is off (raw HTML, linkify) are taken out of the chains:
# the same HTML, one call fewer for every punctuation character.
_renderer = (
    MarkdownIt("js-default", {"typographer": False})
    .enable("table")
    .enable("strikethrough")
    .disable(["html_block", "html_inline", "linkify"])
)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}

#: Where each inline run being parsed keeps its labels' ends (an attribute of the run's
#: state, so that it lives as long as the run and is never shared between threads):
#: (start, nested links refused, end of the run) -> the position of the label's closing
#: "]", or -1 when there is none.
_LABEL_ENDS = "internationale_label_ends"


def _link_label(state: StateInline, start: int, disableNested: bool = False) -> int:  # noqa: N803
    """markdown-it-py's parseLinkLabel, remembering each label's end (see the module).

    From ``start`` (a "["), skip token by token to the "]" that closes it. A "[" that
    is text opens a nested label: one whose end is known is jumped over, one known to
    have none makes this one fail too (it cannot close inside it, nor after it).
    """
    known: dict[tuple[int, bool, int], int] = state.__dict__.setdefault(_LABEL_ENDS, {})
    end_of_run = state.posMax
    if (start, disableNested, end_of_run) in known:
        return known[(start, disableNested, end_of_run)]
    last = known.get((-1, False, end_of_run))  # where the last "]" of the run is
    if last is None:
        last = known[(-1, False, end_of_run)] = state.src.rfind("]", 0, end_of_run)
    if last <= start:
        return -1  # no "]" after the "[": nothing to look for
    old_pos = state.pos
    found = _scan_label(state, start, disableNested, known)
    state.pos = old_pos
    return found


def _scan_label(
    state: StateInline, start: int, no_nested: bool, known: dict[tuple[int, bool, int], int]
) -> int:
    """The position of the "]" closing the label opened at ``start``, or -1; the ends
    of the labels passed on the way are remembered in ``known``."""
    end_of_run = state.posMax
    opened = [start]  # labels open at this point, the innermost last
    state.pos = start + 1
    while state.pos < end_of_run:
        marker = state.src[state.pos]
        if marker == "]":
            known[(opened.pop(), no_nested, end_of_run)] = state.pos
            if not opened:
                return state.pos
        before = state.pos
        state.md.inline.skipToken(state)
        if marker == "[" and not _nested_label(state, before, opened, no_nested, known):
            break
    for label in opened:
        known[(label, no_nested, end_of_run)] = -1
    return -1


def _nested_label(
    state: StateInline,
    before: int,
    opened: list[int],
    no_nested: bool,
    known: dict[tuple[int, bool, int], int],
) -> bool:
    """After the token of a "[" at ``before`` was skipped: whether the search for the
    outer label's end goes on (a known nested label is jumped over, an unknown one is
    opened)."""
    if before != state.pos - 1:  # a "[" inside a token: a nested link or image
        return not no_nested
    nested = known.get((before, no_nested, state.posMax))
    if nested is None:
        opened.append(before)
    elif nested < 0:
        return False
    else:  # its "]" ends the nested label, then the search goes on after it
        state.pos = nested
        state.md.inline.skipToken(state)
    return True


_renderer.helpers = SimpleNamespace(  # type: ignore[assignment]
    parseLinkLabel=_link_label,
    parseLinkDestination=markdown_helpers.parseLinkDestination,
    parseLinkTitle=markdown_helpers.parseLinkTitle,
)


def render_markdown(text: str) -> SafeString:
    """Render Markdown to HTML that is safe to put in a page."""
    html = _renderer.render(text or "")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
