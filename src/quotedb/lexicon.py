"""Regex building for word lists: patterns that find any of many phrases fast, on word starts.

The language packs (``quotedb.lang``) compile their word lists with these; ``load`` gives a
language's pack (kept here for the sentence splitter and the NLP layer, which read its
abbreviations).
"""
from __future__ import annotations

import re
import string
from collections.abc import Iterator


def load(language: str = "en"):
    """The LanguagePack of ``language`` (the neutral pack, with no words, for a language with none)."""
    from .lang import pack  # the packs compile their patterns with this module's helpers

    return pack(language)


# A phrase starts a word: no letter, digit, apostrophe or hyphen right before it.
_WORD_START = r"(?<![\w'’-])"
# The same check made after the phrase's first character (a two-character look-behind). A pattern
# that begins with its first character lets re skip straight to the places that character occurs,
# instead of trying the pattern at every position: several times faster when it is a capital.
_WORD_STARTED = r"(?<![\w'’-][\s\S])"
_WORD_CHARACTER = re.compile(r"\w")


def _trie_body(phrases, after_first: str = "") -> str:
    """A regex body for a set of phrases, shared prefixes factored (much faster than a|b|c in re).

    ``after_first`` is inserted right after each phrase's first character.
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in " ".join(phrase.split()):
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict, insert: str = "") -> str:
        branches = [(r"[^\S\n]+" if char == " " else re.escape(char)) + insert + build(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(trie, after_first)


def _starts_with_capitals(phrases) -> bool:
    return bool(phrases) and all(" ".join(p.split())[:1] in string.ascii_uppercase for p in phrases)


def _few_first_characters(phrases) -> bool:
    """Do the phrases start with word characters that are capitals or one of a few others ("state
    media", "official media")? Then beginning the pattern with the first character pays: re skips to
    those characters. With many lowercase starts, a \\b tried at each position is faster."""
    firsts = {" ".join(p.split())[:1] for p in phrases}
    return all(_WORD_CHARACTER.match(c) for c in firsts) \
        and len([c for c in firsts if c not in string.ascii_uppercase]) <= 3


def word_start_body(phrases, boundary: bool = True) -> str:
    """A regex body matching any of the phrases where it starts a word (and, with ``boundary``, at a \\b)."""
    if phrases and _few_first_characters(phrases):  # each starts with a word character: the \b holds anyway
        return _trie_body(phrases, after_first=_WORD_STARTED)
    return (r"\b" if boundary else "") + rf"{_WORD_START}(?:{_trie_body(phrases)})"


def one_of(words, space: str = r"\ ") -> str:
    """A regex group matching any of the words, tried in their order (never matching when there are
    none); a space inside a word matches ``space``."""
    if not words:
        return "(?!x)x"
    return "(?:" + "|".join(re.escape(word).replace(r"\ ", space) for word in words) + ")"


def org_phrase_re(heads, links, articles, joiners) -> re.Pattern:
    """"Korea Institute for National Unification", "UK's Defense Intelligence": up to six capitalised
    words (linked by "of/for (the)", the ``links`` and ``articles``) before an organization head word,
    continued by "of/for the ..." (whose capitalised words the ``joiners`` may link).

    When every head starts with a capital, the pattern begins with the capital every match begins
    with (see _WORD_STARTED) so that re skips ahead; its words and spaces are possessive (giving back
    part of one leaves a character that cannot start what follows), so only the number of words before
    the head is backtracked over; the heads are a trie; and a head written alone is found by its letters
    after the capital, the whole head checked behind them once they match.
    """
    space = r"[^\S\n]+"
    links, articles, joiners = one_of(links), one_of(articles), one_of(joiners)
    if not _starts_with_capitals(heads):
        cap = r"[A-Z][\w'’&.\-]*"
        link = rf"(?:{links}{space}(?:{articles}{space})?)?"
        tail = rf"(?![\w'’-])(?:{space}{links}(?:{space}{articles})?{space}{cap}(?:{space}(?:{joiners}{space})?{cap})*)?"
        alternatives = "|".join(map(re.escape, sorted(heads, key=len, reverse=True))) or "(?!x)x"
        return re.compile(rf"{_WORD_START}(?:{cap}{space}{link}){{0,6}}(?:{alternatives}){tail}")
    cap = r"[A-Z][\w'’&.\-]*+"
    space += "+"
    link = rf"(?>{links}{space}(?:{articles}{space})?)?"
    tail = rf"(?![\w'’-])(?:{space}{links}(?:{space}{articles})?{space}{cap}(?:{space}(?:{joiners}{space})?{cap})*)?"
    words_then_head = rf"[\w'’&.\-]*+{space}{link}(?:{cap}{space}{link}){{0,5}}(?:{_trie_body(heads)})"
    heads_by_length: dict[int, list[str]] = {}
    for head in sorted(heads):
        heads_by_length.setdefault(len(head), []).append(re.escape(head))
    whole_head_behind = "|".join(f"(?<={'|'.join(same)})" for _, same in sorted(heads_by_length.items()))
    head_alone = rf"(?:{_trie_body({head[1:] for head in heads})})(?:{whole_head_behind})"
    return re.compile(rf"[A-Z]{_WORD_STARTED}(?:{words_then_head}|{head_alone}){tail}")


def _phrase_forms(phrases, any_case: bool) -> set[str]:
    """The non-empty phrases, with ``any_case`` also lower case, Capitalised and In Title Case."""
    forms = set()
    for phrase in phrases:
        if phrase:
            forms.add(phrase)
            if any_case:
                forms.update({phrase.lower(), phrase[0].upper() + phrase[1:], phrase.title()})
    return forms


def alternation(phrases, any_case: bool = False, suffix: str = r"(?![\w'’-])") -> re.Pattern:
    """One regex matching any phrase, longest first, on word boundaries; a space matches spaces or tabs.

    ``any_case`` also matches the phrase Capitalised and In Title Case (faster than re.IGNORECASE).
    """
    unique = _phrase_forms(phrases, any_case)
    if not unique:
        return re.compile(r"(?!x)x")
    return re.compile(rf"(?:{word_start_body(unique)}){suffix}")


# A character that may stand before a word, or a letter outside ASCII (that \b then turns away). Behind it,
# a phrase pattern begins with a character set, which re skips through several times faster than it
# tests \b(?<![\w'’-]) at every character of the text.
_BEFORE_WORD = r"[^0-9A-Za-z_'’\-]"


def after_word_break(phrases, any_case: bool = False, suffix: str = r"(?![\w'’-])") -> re.Pattern:
    """``alternation(phrases, any_case, suffix)`` behind the character before the phrase, which is group 1.

    A phrase that begins with no word character never starts a word, so it is left out. Find the
    matches with ``word_start_spans``.
    """
    unique = {phrase for phrase in _phrase_forms(phrases, any_case) if _WORD_CHARACTER.match(phrase.lstrip())}
    if not unique:
        return re.compile(r"(?!x)x")
    return re.compile(rf"{_BEFORE_WORD}(\b(?:{_trie_body(unique)}){suffix})")


def word_start_spans(text: str, pattern: re.Pattern, after_break: re.Pattern) -> Iterator[tuple[int, int]]:
    """The spans of ``pattern.finditer(text)``, ``pattern`` an ``alternation`` and ``after_break`` its
    ``after_word_break`` twin. ``pattern`` only tries the start of the text, where no character stands before
    a word; each search of the twin starts on the last character of the previous match, which may stand
    before the next word ("Gen.Kim")."""
    match = pattern.match(text)
    end = match.end() if match else 0
    if match:
        yield match.span()
    while match := after_break.search(text, max(end - 1, 0)):
        yield match.span(1)
        end = match.end()
