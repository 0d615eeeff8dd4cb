"""The rules backend: lines, paragraphs and sentences from regular expressions, no model.

``rules_annotation(text, language)`` is the fastest backend and the fallback of every other:
``split_lines`` finds the hard lines (paragraphs) every backend's sentences are cut at, and
``split_sentences`` the sentence ends within a line (abbreviations read from the language's
lexicon).
"""
from __future__ import annotations

import re

from ..lexicon import load
from .base import Annotation, Line, Segmentation

# A line break inside prose ("...the\nministry said") joins two lines; any other break ends one.
_SOFT_WRAP_END = re.compile(r"[a-z,;\-]$")
_SOFT_WRAP_START = re.compile(r"[a-z]")
# A sentence ends at . ! ? (and closing quotes or brackets after them) before a capital, digit or opener.
# "[.!?]+ or …" is written to open with a character set, which lets the regex engine skip to candidates.
_TERMINATOR = re.compile(r"[.!?…](?:(?<=[.!?])[.!?]*)?[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9\u00C0-\u024F])")
_WORD_AFTER = re.compile(r"\s+(\S+)")
_INITIAL = re.compile(r"[A-Z]\.")
# No real sentence is longer; capping it keeps every later stage linear on pathological input.
MAX_SENTENCE = 1500


def _raw_lines(text: str):
    """(start, end, blank_lines_before) for each non-empty line, stripped of outer spaces."""
    position, blanks = 0, 0
    # splitlines breaks at \n, \r\n, \r, \x0b, \x0c, \x1c-\x1e, \x85, \u2028 and \u2029, all of which
    # strip() removes with the outer spaces.
    for piece in text.splitlines(keepends=True):
        content = piece.strip()
        if content:
            start = position + len(piece) - len(piece.lstrip())
            yield start, start + len(content), blanks
            blanks = 0
        else:
            blanks += 1
        position += len(piece)


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    paragraph = -1
    for start, end, blanks in _raw_lines(text):
        if lines and blanks == 0:
            previous = lines[-1]
            if _SOFT_WRAP_END.search(text, previous.end - 1, previous.end) and _SOFT_WRAP_START.match(text, start):
                lines[-1] = Line(previous.start, end, previous.paragraph)
                continue
        if blanks or paragraph < 0:
            paragraph += 1
        lines.append(Line(start, end, paragraph))
    return lines


def _is_abbreviation(word: str, next_word: str, lexicon) -> bool:
    """True when the period ending ``word`` belongs to an abbreviation, not to the sentence."""
    word = word.lstrip("\"'“‘«([")
    if _INITIAL.fullmatch(word):  # an initial: "N. Korea", "Donald J. Trump"
        return True
    if word in lexicon.abbreviations or (word[:1].isupper() and word.lower() in lexicon.abbreviations_lower):
        starter = next_word.lstrip("\"'“‘«([")
        return not (word in lexicon.sentence_final_abbreviations and starter in lexicon.sentence_starters)
    return False


def capped(text: str, start: int, end: int):
    """Cut a run-on span into pieces of at most MAX_SENTENCE characters, at spaces where possible."""
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end


def split_sentences(text: str, start: int, end: int, lexicon) -> list[tuple[int, int]]:
    return [piece for span in _split(text, start, end, lexicon) for piece in capped(text, *span)]


def _split(text: str, start: int, end: int, lexicon) -> list[tuple[int, int]]:
    sentences = []
    begin = start
    for match in _TERMINATOR.finditer(text, start, end):
        stop = match.end()
        if match.group().startswith(".") and len(match.group().rstrip("\"'”’»)]")) == 1:
            word_start = word_end = match.start() + 1  # the word ending in this period, back to a space
            while word_start > begin and not text[word_start - 1].isspace():
                word_start -= 1
            after = _WORD_AFTER.match(text, stop, min(end, stop + 40))
            if _is_abbreviation(text[word_start:word_end], after.group(1) if after else "", lexicon):
                continue
        sentences.append((begin, stop))
        begin = stop
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end:
        sentences.append((begin, end))
    return sentences


def segment(text: str, language: str = "en") -> Segmentation:
    """Lines, paragraphs and sentences of ``text``; linear in its length."""
    lexicon = load(language)
    lines = split_lines(text)
    sentences, sentence_lines = [], []
    for index, line in enumerate(lines):
        for span in split_sentences(text, line.start, line.end, lexicon):
            sentences.append(span)
            sentence_lines.append(index)
    return Segmentation(text, tuple(lines), tuple(sentences), tuple(sentence_lines))


def rules_annotation(text: str, language: str = "en") -> Annotation:
    """Sentences (and lines) only: what the regex split gives."""
    return Annotation(text, f"rules:{language}", segment(text, language))
