"""Direct quotations: the spans between quotation marks, found line by line.

Each mark is read from its neighbours as an opener, a closer or an apostrophe (Korea's,
don't, '90s), then paired with a stack. A closer of the other family ('…" from sloppy web
conversion) closes only when it is unmistakable (right after . , ! ? ; :). A quote still open
at the end of a line stops there: the next paragraph reopening with a mark continues it.
Linear in the text: every mark is pushed and popped at most once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..nlp.base import Line

DOUBLE, SINGLE = "double", "single"
_MARK = re.compile(r"[\"'“”„‟«»‘’‚‛‹›]")
_FAMILY = {c: DOUBLE for c in "\"“”„‟«»"} | {c: SINGLE for c in "'‘’‚‛‹›"}
_PREFERS_OPEN = set("“„‟«‘‚‛‹")
_PREFERS_CLOSE = set("”»’›")
_OPENING_CONTEXT = set("([{<—–-/:;") | set(_FAMILY)
_CLOSING_CONTEXT = set(".,;:!?)]}>—–-…/") | set(_FAMILY)
_STRONG_BEFORE_CLOSE = set(".,!?;:…")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_DECADE = re.compile(r"\d0s\b")
_LETTERS = re.compile(r"[A-Za-z]+")
_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True)
class QuoteSpan:
    """One top-level quotation: marks at ``open`` and ``close - 1`` (unless unclosed)."""

    open: int  # offset of the opening mark
    close: int  # offset just after the closing mark, or the line end when unclosed
    start: int  # the quoted words: text[start:end], marks and outer spaces excluded
    end: int
    line: int  # index into Segmentation.lines
    closed: bool
    opens_line: bool  # the opening mark is the first character of its line


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _is_apostrophe(text: str, i: int, prev: str, nxt: str, apostrophe_words) -> bool:
    if prev.isalnum() and nxt.isalnum():  # don't, Korea's, Gov't
        return True
    if prev in "nN" and i >= 2 and text[i - 2] in "'’" and (i == 2 or text[i - 3].isspace()) and not nxt.isalnum():
        return True  # the second mark of rock 'n' roll
    if (prev.isspace() or i == 0) and nxt.isalnum():  # '90s, 'em, 'n'
        if _DECADE.match(text, i + 1):
            return True
        word = _LETTERS.match(text[i + 1:i + 8])
        return bool(word) and word.group().lower() in apostrophe_words and not text[i + 1 + len(word.group()):][:1].isalpha()
    return False


def _pairs_in_line(text: str, line: Line, apostrophe_words) -> tuple[list[tuple[int, int]], list[int]]:
    """Paired (open, close) mark offsets in one line, and the openers left unclosed (outermost first)."""
    stack: list[tuple[int, str]] = []  # (offset, family)
    by_family: dict[str, list[int]] = {DOUBLE: [], SINGLE: []}  # stack indices, per family
    pairs: list[tuple[int, int]] = []
    # a pair closed by a plural possessive ("'... the Koreas' leaders know it.'"): while nothing is open
    # after it, a later unmistakable closer of its family moves its end there
    possessive: int | None = None

    def pop_to(depth: int) -> int:
        """Pop the stack down to ``depth`` entries; return the offset of the last entry popped."""
        offset = -1
        while len(stack) > depth:
            offset, family = stack.pop()
            by_family[family].pop()
        return offset

    for match in _MARK.finditer(text, line.start, line.end):
        i = match.start()
        char = match.group()
        family = _FAMILY[char]
        prev = text[i - 1] if i > line.start else " "
        nxt = text[i + 1] if i + 1 < line.end else " "
        if family == SINGLE and _is_apostrophe(text, i, prev, nxt, apostrophe_words):
            continue
        can_open = (prev.isspace() or prev in _OPENING_CONTEXT) and not nxt.isspace()
        can_close = not prev.isspace() and (nxt.isspace() or nxt in _CLOSING_CONTEXT)
        if can_open and can_close:  # between two marks or dashes: let direction or the stack decide
            if char in _PREFERS_OPEN:
                can_close = False
            elif char in _PREFERS_CLOSE or (stack and stack[-1][1] == family):
                can_open = False
            else:
                can_close = False
        elif not can_open and not can_close:  # free-standing mark
            if family == SINGLE:
                continue
            if char in _PREFERS_OPEN:
                can_open = True
            elif char in _PREFERS_CLOSE or (stack and stack[-1][1] == family):
                can_close = True
            else:
                can_open = True
        strong = prev in _STRONG_BEFORE_CLOSE or nxt.isspace() and i + 1 >= line.end
        if can_close and not stack and possessive is not None and strong and family == SINGLE:
            pairs[possessive] = (pairs[possessive][0], i)
            possessive = None
            continue
        if can_close and stack:
            same = by_family[family]
            if same and (same[-1] == len(stack) - 1 or strong):
                pairs.append((pop_to(same[-1]), i))
                possessive = len(pairs) - 1 if (family == SINGLE and not stack and not strong and prev in "sS"
                                                and nxt == " " and text[i + 2:i + 3].isalpha()) else None
                continue
            if not same and strong:
                pairs.append((pop_to(len(stack) - 1), i))
                continue
            if not can_open:
                continue  # a weak closer of the other family: an apostrophe (the Koreas' leaders)
        if can_open:
            by_family[family].append(len(stack))
            stack.append((i, family))
    return pairs, [offset for offset, _ in stack]


def _accept_unclosed(text: str, line: Line, offset: int) -> bool:
    """An opener never closed runs to the line end when it opens the line or clearly starts speech."""
    if offset == line.start:
        return True
    return _FAMILY[text[offset]] == DOUBLE and word_count(text[offset + 1:line.end]) >= 4


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quotes(text: str, lines, apostrophe_words=frozenset()) -> list[QuoteSpan]:
    """Top-level quotations in ``text``, in order; nested quotes stay inside their outer quote."""
    found: list[QuoteSpan] = []
    for index, line in enumerate(lines):
        pairs, unclosed = _pairs_in_line(text, line, apostrophe_words)
        spans = [(open_, close + 1, close, True) for open_, close in pairs]
        for offset in unclosed:
            if _accept_unclosed(text, line, offset):
                spans.append((offset, line.end, line.end, False))
                break
        spans.sort()
        reach = -1
        for open_, close, inner_end, closed in spans:
            if open_ < reach:
                continue  # nested inside the previous top-level quote
            reach = close
            start, end = _inner(text, open_ + 1, inner_end)
            if _WORD_CHAR.search(text, start, end):
                found.append(QuoteSpan(open_, close, start, end, index, closed, open_ == line.start))
    return found
