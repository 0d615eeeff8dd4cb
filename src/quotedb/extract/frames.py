"""Frames: sentences merged wherever a direct quote crosses a sentence boundary, and their tokens.

``build_frames`` makes one ``Frame`` per merged sentence; a frame is tokenized (words,
punctuation marks and whole direct quotations, in text order) the first time a stage reads it.
"""
from __future__ import annotations

import bisect
import re

from ..lang import LanguagePack
from ..nlp.base import Segmentation
from .quotes import QuoteSpan

# the spaces before each token, then the token: findall gives strings, with no match object per token
_SPACED_TOKEN = re.compile(r"(\s*)(\d+(?:[.,:/]\d+)+|\w+(?:[-'’&.]\w+)*\.?|\S)")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+")


class Tokens:
    """A frame's words, punctuation marks and whole direct quotations ("quote"), in text order.

    Kept as one tuple per field (``kinds[i]`` is the kind of token i), not as an object per token:
    five tuples cost a fraction of a few hundred objects to build, and the readers look at one field
    of a token at a time. Tokens never overlap, so ``starts`` and ``ends`` are both sorted.
    """

    __slots__ = ("starts", "ends", "texts", "kinds", "lows")

    def __init__(self, rows: list[tuple[int, int, str, str]]):
        self.starts, self.ends, self.texts, self.kinds = zip(*rows) if rows else ((), (), (), ())
        self.lows = tuple(map(str.lower, self.texts))

    def __len__(self) -> int:
        return len(self.kinds)


class Frame:
    """A sentence, or several when a direct quote spans them; tokenized on first use."""

    __slots__ = ("index", "start", "end", "line", "quotes", "_source", "_tokens")

    def __init__(self, index: int, start: int, end: int, line: int, quotes: list[int], source: tuple):
        self.index, self.start, self.end, self.line = index, start, end, line
        self.quotes = quotes  # indices of the direct quotes inside
        self._source = source  # (text, quote spans inside, lexicon)
        self._tokens: Tokens | None = None

    @property
    def tokens(self) -> Tokens:
        if self._tokens is None:
            text, quotes, lexicon = self._source
            self._tokens = _tokens(text, self.start, self.end, quotes, lexicon)
        return self._tokens


def build_frames(segmentation: Segmentation, quotes: list[QuoteSpan], lexicon: LanguagePack) -> list[Frame]:
    """Sentences merged wherever a direct quote crosses a sentence boundary, then tokenized."""
    text = segmentation.text
    spans: list[list[int]] = []
    quote_index = 0
    for (start, end), line in zip(segmentation.sentences, segmentation.sentence_lines):
        if spans and spans[-1][2] == line and spans[-1][1] > start:
            spans[-1][1] = max(spans[-1][1], end)
            continue
        spans.append([start, end, line])
        # a quote opened in this sentence and closed later pulls the next sentences in
        while quote_index < len(quotes) and quotes[quote_index].open < end:
            spans[-1][1] = max(spans[-1][1], quotes[quote_index].close)
            quote_index += 1
    frames = []
    quote_index = 0
    for index, (start, end, line) in enumerate(spans):
        inside = []
        while quote_index < len(quotes) and quotes[quote_index].open < end:
            if quotes[quote_index].open >= start:
                inside.append(quote_index)
            quote_index += 1
        frames.append(Frame(index, start, end, line, inside, (text, [quotes[i] for i in inside], lexicon)))
    return frames


def _tokens(text: str, start: int, end: int, quotes: list[QuoteSpan], lexicon: LanguagePack) -> Tokens:
    # the hottest loop of the extraction: lookups hoisted, offsets counted from the lengths
    rows: list[tuple[int, int, str, str]] = []
    append = rows.append
    abbreviations, abbreviations_lower = lexicon.abbreviations, lexicon.abbreviations_lower
    position = start
    for quote in [*quotes, None]:
        gap_end = quote.open if quote else end
        token_end = position
        for spaces, word in _SPACED_TOKEN.findall(text, position, gap_end):
            token_start = token_end + len(spaces)
            token_end = token_start + len(word)
            if not word[0].isalnum():
                append((token_start, token_end, word, "punct"))
            elif word[-1] == "." and word not in abbreviations and word.lower() not in abbreviations_lower \
                    and not _DOTTED.fullmatch(word):
                # keep the period only on an abbreviation ("Rep.", "Adm.", "St.")
                append((token_start, token_end - 1, word[:-1], "word"))
                append((token_end - 1, token_end, ".", "punct"))
            else:
                append((token_start, token_end, word, "word"))
        if quote:
            close = min(quote.close, end)
            append((quote.open, close, text[quote.open:close], "quote"))
            position = close
    return Tokens(rows)


def char_span(tokens: Tokens, first: int, last: int) -> tuple[int, int] | None:
    """The characters of tokens[first:last+1], or None for an empty or out-of-range run."""
    if first > last or first < 0 or last >= len(tokens):
        return None
    return tokens.starts[first], tokens.ends[last]


def first_token_at(tokens: Tokens, offset: int) -> int:
    """The first token starting at or after ``offset``."""
    return bisect.bisect_left(tokens.starts, offset)
