"""Finding the cues of a text: cue words in one pass over the text, then each frame's cues read."""
from __future__ import annotations

import bisect
import re

from ...lang import LanguagePack
from ...lexicon import word_start_spans
from ..frames import Frame, Tokens
from ..phrases import POSSESSIVE, PhraseReader
from .cue import ACCORDING_LEMMA, Cue
from .nouns import noun_cues
from .settle import inherited_source, settle
from .verbs import read_cue, speaker_after

_SPACES = re.compile(r"\s+")
_COMPOUND_ADJECTIVE = re.compile(r"\w+-[a-z]+")


def find_cues(text: str, frames: list[Frame], lexicon: LanguagePack) -> list[Cue]:
    """Every cue in every frame, in text order (the cue words are found in one pass over the text)."""
    starts = [frame.start for frame in frames]

    def frame_of(offset: int) -> int | None:
        index = bisect.bisect_right(starts, offset) - 1
        return index if index >= 0 and offset < frames[index].end else None

    matches: dict[int, list[tuple[int, int]]] = {}
    for span in word_start_spans(text, lexicon.cue_re, lexicon.cue_after_break_re):
        index = frame_of(span[0])
        if index is not None:
            matches.setdefault(index, []).append(span)
    with_nouns = {frame_of(start) for start in _speech_noun_starts(text, lexicon)} - {None}
    with_nouns |= {frame.index for frame in frames  # "Her view was blunt: '...'": a colon introduction
                   if frame.quotes and text.find(":", frame.start, frame.end) >= 0}
    cues = []
    for index in sorted(matches.keys() | with_nouns):
        cues.extend(_frame_cues(text, frames[index], lexicon, matches.get(index, []), index in with_nouns))
    return cues


def _speech_noun_starts(text: str, lexicon: LanguagePack) -> list[int]:
    """Where ``lexicon.speech_noun_re.finditer(text)`` matches, found in a fraction of the time.

    The pattern is slow to try at every position of a text, and every match begins with one of
    ``lexicon.speech_noun_openers``, which ``str.find`` locates fast: the pattern is tried only there, in
    text order, resuming after each match as finditer does.
    """
    candidates = set()
    for word in lexicon.speech_noun_openers:
        at = text.find(word)
        while at >= 0:
            candidates.add(at)
            at = text.find(word, at + 1)
    starts = []
    resume = 0
    for at in sorted(candidates):
        if at >= resume:
            match = lexicon.speech_noun_re.match(text, at)
            if match:
                starts.append(at)
                resume = match.end()
    return starts


def _frame_cues(text: str, frame: Frame, lexicon: LanguagePack, spans: list[tuple[int, int]], nouns: bool) -> list[Cue]:
    reader = PhraseReader(frame, lexicon)
    tokens = frame.tokens
    cues: list[Cue] = []
    for match_start, match_end in spans:
        first, last = _word_at(tokens, tokens.starts, match_start), _word_at(tokens, tokens.ends, match_end)
        if first is None or last is None:
            continue
        phrase = text[match_start:match_end]
        key = _SPACES.sub(" ", phrase)
        base = lexicon.suffixed_cues[key][0] if key in lexicon.suffixed_cues else key  # "Menurutnya", "katanya"
        if base.lower() in lexicon.according_lower:
            lemma, verb_class = ACCORDING_LEMMA, "according"
        elif base in lexicon.inverted_verbs:
            lemma, verb_class = base, "inverted"
        elif key in lexicon.quoted_as_passive:
            lemma, verb_class = lexicon.quoted_as_lemma, "quoted"
        elif key in lexicon.relay:
            continue
        else:
            lemma, verb_class = lexicon.verb_forms.get(key, (key, "clause"))
        if cues and cues[-1].end > match_start:
            continue  # already read as part of the previous cue ("quoted X as saying")
        if verb_class == "inverted" and not _after_quote(tokens, first) and not _after_clause(reader, first, last):
            continue  # "kata", "jelas" are cues only right after a quote or a reported clause
        if first > 0 and (tokens.lows[first - 1] in lexicon.determiners or POSSESSIVE.search(tokens.texts[first - 1])) \
                and verb_class not in ("according", "inverted"):
            continue  # a noun, not a verb: "the report", "Trump's call"
        if first > 1 and verb_class not in ("according", "inverted") and tokens.kinds[first - 1] == "word" \
                and _COMPOUND_ADJECTIVE.fullmatch(tokens.texts[first - 1]) \
                and tokens.lows[first - 2] in lexicon.determiners:
            continue  # a noun after a compound adjective: "a state-funded think tank", "a Seoul-based report"
        cue = read_cue(reader, first, last, lemma, verb_class)
        if cue is not None:
            cues.append(cue)
    skipped = [c.skipped for c in cues if c.skipped]
    if skipped:  # "yang ... disebutkan namanya"
        cues = [c for c in cues if not any(a <= c.token_span[0] <= b for a, b in skipped)]
    if nouns:
        cues.extend(noun_cues(reader, frame))
    cues.sort(key=lambda c: c.token_span[0])
    settle(reader, cues)
    for cue in cues:
        if cue.inherit and cue.source is None:
            cue.source = inherited_source(reader, cues, cue)
    return cues


def _word_at(tokens: Tokens, edges: tuple[int, ...], offset: int) -> int | None:
    """The word whose edge (``tokens.starts`` or ``tokens.ends``, both sorted) is at ``offset``."""
    k = bisect.bisect_left(edges, offset)
    return k if k < len(edges) and edges[k] == offset and tokens.kinds[k] == "word" else None


def _after_quote(tokens: Tokens, index: int) -> bool:
    """Is token ``index`` right after a closing quote (a comma between allowed)?"""
    previous = index - 1
    if previous >= 0 and tokens.kinds[previous] == "punct" and tokens.texts[previous] == ",":
        previous -= 1
    return previous >= 0 and tokens.kinds[previous] == "quote"


def _after_clause(reader: PhraseReader, first: int, last: int) -> bool:
    """"CLAUSE, kata Budi Santoso (kepada wartawan).": an inverted verb after a clause, then its speaker."""
    if first < 4 or not reader.is_punct(first - 1, ","):
        return False
    if reader.texts[last] in reader.lex.suffixed_cues:  # "CLAUSE, katanya."
        follower = last + 1
    else:
        span = speaker_after(reader, last + 1)
        if not span or not (reader.is_cap(span[0]) or reader.low(span[0]) in reader.lex.pronoun_kinds):
            return False
        follower = span[1] + 1
    return follower >= reader.size or reader.is_punct(follower, ",.;!?") \
        or reader.low(follower) in reader.lex.adjunct_prepositions
