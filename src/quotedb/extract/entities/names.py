"""Names: how two names compare (``fold``), and how a name is read from the text."""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...lang import LanguagePack
    from .registry import Registry

_FOLD_PUNCT = re.compile(r"[\u2010-\u2015\-_.,'’`\"]")
_POSSESSIVE_END = re.compile(r"['’]s?$")
_NAME_TOKEN = re.compile(r"[A-Z][\w'’\-]*(?<![-'’])")


def fold(name: str | None, articles: tuple[str, ...] = ()) -> str:
    """Compare names ignoring case, accents, hyphens, punctuation and a leading article ("the")."""
    folded = _folded(name)
    for article in articles:
        if folded.startswith(article) and folded[len(article):len(article) + 1] == " ":
            return folded[len(article) + 1:]
    return folded


@functools.lru_cache(maxsize=4096)  # the same names are folded at each mention, and article after article
def _folded(name: str | None) -> str:
    if not name:
        return ""
    s = name.lower()
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return " ".join(_FOLD_PUNCT.sub(" ", s).split())


def strip_possessive(name: str) -> str:
    return _POSSESSIVE_END.sub("", name) if name.endswith(("'s", "’s", "s'", "s’")) else name


def strip_leading(lex: LanguagePack, phrase: str, start: int) -> tuple[str, int]:
    """Drop sentence words caught at the front of a capitalised run ("The", "However", "On")."""
    while True:
        word, space, rest = phrase.partition(" ")
        if not space or not (word.lower() in lex.leading_words_lower or word in lex.calendar_words):
            return phrase, start
        rest = rest.lstrip()
        start += len(phrase) - len(rest)
        phrase = rest


def name_after(registry: Registry, position: int, limit: int = 4) -> tuple[int, int] | None:
    """The name starting at ``position``: capitalised words that are not roles, places or orgs."""
    text, lex = registry.text, registry.lex
    tokens = []
    k = position
    while len(tokens) < limit:
        match = _NAME_TOKEN.match(text, k)
        if not match:
            break
        token = match.group()
        word = strip_possessive(token)
        low = word.lower().rstrip(".")
        if (low in lex.name_breaks_lower or word in lex.name_breaks or not tokens and low in lex.name_first_breaks_lower
                or word.rstrip(".") + "." in lex.titles):
            if word in lex.honorifics and not tokens:
                k = match.end() + 1
                continue
            break
        next_char = text[match.end():match.end() + 1]
        if not tokens and lex.country_for(word) and not (next_char == " " and _NAME_TOKEN.match(text, match.end() + 1)):
            break
        tokens.append((match.start(), match.start() + len(word)))
        if word != token or next_char != " ":
            break
        k = match.end() + 1
    if not tokens:
        return None
    start, end = tokens[0][0], tokens[-1][1]
    if lex.country_for(text[start:end]) or registry.org_at(start, end):
        return None
    return start, end


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect.bisect_right(spans, (start, 10**12))
    return any(s < end and start < e for s, e in spans[max(0, index - 3):index + 1])


def name_char(char: str) -> bool:
    return bool(char) and (char.isalnum() or char in "_-")


def covered(spans, start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)
