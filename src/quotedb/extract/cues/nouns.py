"""Noun cues: "X's disclosure that ...", "his claim that ...", "Her view was blunt: '...'"."""
from __future__ import annotations

from ..frames import Frame, char_span
from ..phrases import POSSESSIVE, PhraseReader
from .cue import Cue


def noun_cues(reader: PhraseReader, frame: Frame) -> list[Cue]:
    """"X's disclosure that ...", "his claim that ...": the possessor is the source."""
    cues = []
    tokens, lex = reader.tokens, reader.lex
    texts, lows = tokens.texts, tokens.lows
    colon_intro = None  # "Her view of the talks was blunt: '...'": the possessor introduces the quote
    for k in range(len(tokens) - 1):
        if reader.is_punct(k, ":") and tokens.kinds[k + 1] == "quote":
            colon_intro = k
            break
    for k in range(len(tokens) - 1):
        via_colon = False
        if lows[k] not in lex.speech_nouns or lows[k + 1] not in lex.complementizers:
            if colon_intro is None or k >= colon_intro or lows[k] not in lex.speech_nouns | lex.speech_products \
                    or not any(low in lex.auxiliaries for low in lows[k + 1:colon_intro]):
                continue
            via_colon = True
        if k == 0:
            continue
        owner = k - 1
        while owner > 0 and owner > k - 3 and reader.is_word(owner) and texts[owner][0].islower() \
                and not POSSESSIVE.search(texts[owner]) and lows[owner] not in lex.possessive_pronouns:
            owner -= 1
        if lows[owner] in lex.possessive_pronouns:
            source = (owner, owner)
        elif POSSESSIVE.search(texts[owner]):
            source = reader.np_before(owner)
        else:
            continue
        if not source:
            continue
        if via_colon:
            cue = Cue(frame.index, tokens.starts[k], tokens.ends[colon_intro], lows[k], "noun",
                      token_span=(source[0], colon_intro))
            cue.source = char_span(tokens, *source)
            cue.colon = True
            cue.content = char_span(tokens, colon_intro + 1, len(tokens) - 1)
            cues.append(cue)
            colon_intro = None  # one introduction per sentence: "the allies' response" is not another
            continue
        cue = Cue(frame.index, tokens.starts[k], tokens.ends[k + 1], lows[k], "noun", token_span=(source[0], k + 1))
        cue.source = char_span(tokens, *source)
        cue.via_that = True
        cue.content = char_span(tokens, k + 2, len(tokens) - 1)
        cut = source[0] - 1
        while cut > 0 and reader.is_word(cut) and texts[cut][0].islower() and cut > source[0] - 3 \
                and lows[cut] not in lex.conjunctions:
            cut -= 1
        if reader.low(cut) in lex.conjunctions:
            cue.cut_at = cut - 1 if reader.is_punct(cut - 1, ",") else cut
        cues.append(cue)
    return cues
