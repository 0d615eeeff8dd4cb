"""Verb cues: the source and the content of a speech verb, "according to" or "quoted X as saying"."""
from __future__ import annotations

from ..frames import char_span, first_token_at
from ..phrases import PhraseReader
from .cue import Cue


def read_cue(reader: PhraseReader, first: int, last: int, lemma: str, verb_class: str) -> Cue | None:
    """Source and content of the cue whose words are tokens[first:last+1]."""
    tokens, lex = reader.tokens, reader.lex
    kinds, texts, lows = tokens.kinds, tokens.texts, tokens.lows
    frame = reader.frame
    cue = Cue(frame.index, tokens.starts[first], tokens.ends[last], lemma, verb_class, token_span=(first, last))
    n = len(tokens)
    before, cue.negated = reader.skip_back(first - 1)
    cue.cut_at = first

    def content_after(k: int) -> None:
        k = reader.skip_forward(k)
        for look in range(k, min(n, k + 9)):  # "said in a statement on Friday that ..."
            if kinds[look] != "word" or lows[look] in lex.finite_words or lows[look] in lex.infinitive_markers \
                    or texts[look] in lex.verb_forms:
                break
            if lows[look] in lex.complementizers:
                cue.via_that = True
                cue.content = char_span(tokens, look + 1, n - 1)
                return
        if reader.is_punct(k, ":,") and k + 1 < n and kinds[k + 1] == "quote" or kinds[k:k + 1] and kinds[k] == "quote":
            cue.colon = reader.is_punct(k, ":")
            cue.content = char_span(tokens, k + (kinds[k] != "quote"), n - 1)
            return
        if reader.is_punct(k, ":") and k + 1 >= n - 1:
            cue.colon = True
            return
        if lex.comma_complementizer and reader.is_punct(k, ",") and reader.is_word(k + 1) \
                and not reader.opens_parenthetical(k + 1) \
                and not any(reader.is_punct(j, ",;()—–") for j in range(k + 1, n)) and reader.is_clause(k + 1, n - 1):
            cue.via_that = True  # "Ia menambahkan, pemerintah belum menerima ...": the comma stands for "bahwa"
            cue.content = char_span(tokens, k + 1, n - 1)
            return
        if k < n and kinds[k] == "word" and lows[k] not in lex.adjunct_prepositions:
            cue.content = char_span(tokens, k, n - 1)

    def content_before(subject_first: int) -> bool:
        """"CLAUSE, X said": the clause ends at the comma (or quote) right before the speaker."""
        k = subject_first - 1
        if k >= 0 and (reader.is_punct(k, ",") or kinds[k] == "quote"):
            end = k - 1 if reader.is_punct(k, ",") else k
            if end >= 0:
                cue.content = char_span(tokens, 0, end)
                cue.content_before = True
                cue.cut_at = subject_first
                return True
        return False

    def nothing_substantive_after(k: int) -> bool:
        k = reader.skip_forward(k)
        return k >= n or kinds[k] == "punct" and texts[k] != ":" or lows[k] in lex.adjunct_prepositions

    # "according to X": the clause is the rest of the sentence (or the part before it)
    if verb_class == "according":
        cue.source = reader.np_after(last + 1) and char_span(tokens, *reader.np_after(last + 1))
        cue.source = _suffix_source(reader, last) or cue.source  # "Menurutnya, ..."
        if first > 0 and (reader.is_punct(first - 1, ",") or kinds[first - 1] == "quote"):
            content_before(first)
        else:
            span = reader.np_after(last + 1)
            k = (span[1] + 1) if span else last + 1
            while k < n and not reader.is_punct(k, ","):
                k += 1
            segments = reader.segments(k + 1, n)
            while len(segments) > 1 and reader.opens_parenthetical(segments[0][0]) and \
                    lows[segments[0][0]] not in lex.adjunct_prepositions:
                segments = segments[1:]  # an apposition after the source: ", a professor at Y,"
            cue.content = char_span(tokens, segments[0][0], n - 1) if segments else None
        return cue

    # "Y quoted X as saying ..." / "X was quoted by Y as saying ..."
    if verb_class == "quoted" or (lemma == lex.quoted_as_lemma and lex.quoted_as_marker):
        found = _quoted_as_marker(lows, last + 1, min(n, last + 14), lex.quoted_as_marker_words)
        if found is not None:
            marker, size = found
            if verb_class == "quoted":  # passive: the subject is the speaker
                span = reader.np_before(before)
            else:
                span = reader.np_after(last + 1)
                outlet = reader.np_before(before) if before >= 0 else None
                if outlet:  # "KCNA quoted the North's defense minister as saying": KCNA relays
                    cue.relayed_by = char_span(tokens, *outlet)
            cue.end = tokens.ends[marker + size - 1]
            cue.source = span and char_span(tokens, *span)
            cue.verb_class = "clause"
            k = marker + size
            if reader.low(k) in lex.complementizers:
                k += 1
                cue.via_that = True
            if nothing_substantive_after(k) and span:
                content_before(span[0])  # "'...,' Shoigu was quoted by TASS as saying."
            else:
                cue.content = char_span(tokens, k, n - 1)
            return cue
        if verb_class == "quoted":
            return None

    # Indonesian "…," kata KCNA: the speaker follows the verb
    inverted = verb_class == "inverted"
    if not inverted and lemma not in lex.addressee_verbs and before >= 0 and (reader.is_punct(before, ",") or kinds[before] == "quote") and before == first - 1:
        span = reader.np_after(last + 1)
        if span and (span[1] + 1 >= n or reader.is_punct(span[1] + 1, ",.;!?")) and not reader.low(last + 1) in lex.subject_pronouns:
            inverted = True
    if inverted:
        span = speaker_after(reader, last + 1) if verb_class == "inverted" else reader.np_after(last + 1)
        if span and reader.is_punct(span[1] + 1, ",") and reader.is_cap(span[1] + 2) and not reader.is_cap(span[0]):
            named = reader.np_after(span[1] + 2)  # a role, then the name: "said its spokesperson, NAME"
            if named and (named[1] + 1 >= n or reader.is_punct(named[1] + 1, ",.;!?")):
                span = (span[0], named[1])
        cue.source = span and char_span(tokens, *span)
        if _suffix_source(reader, last):
            cue.source = _suffix_source(reader, last)  # "...," ujarnya.
        if span:
            cue.end = tokens.ends[last]
        end = first - 1
        if end >= 0 and reader.is_punct(end, ","):
            end -= 1
        cue.content = char_span(tokens, 0, end)
        cue.content_before = True
        return cue

    # ", saying that ...", ", adding ...": the subject is the sentence's speaker
    form = lows[last]
    comma_before = reader.is_punct(before, ",") or before >= 0 and kinds[before] == "quote" \
        and texts[before].rstrip("\"'”’»").endswith(",")
    if form.endswith(lex.participle_endings) and comma_before:
        cue.inherit = True
        cue.cut_at = before + 1 if kinds[before] == "quote" else before  # "as 'ravings,' noting"
        content_after(last + 1)
        return cue

    # "... and warned that", "... but added that": coordinated with the sentence's main verb
    if before >= 0 and reader.low(before) in lex.conjunctions:
        cue.inherit = True
        cue.cut_at = before - 1 if reader.is_punct(before - 1, ",") else before
        content_after(last + 1)
        return cue

    # "Trump, who earlier this week said ..."
    if before >= 0 and reader.low(before) in lex.relative_pronouns:
        k, _ = reader.skip_back(before - 1)
        if reader.is_punct(k, ","):
            span = reader.np_before(k - 1)
            cue.source = span and char_span(tokens, *span)
        content_after(last + 1)
        return cue

    # the speaker phrase before the verb, past any parenthetical ("X, a professor at Y, said")
    subject = None
    if before >= 0 and reader.is_punct(before, ","):
        segments = reader.segments(0, before + 1)[:-1]
        for index in range(len(segments) - 1):
            seg_first, seg_last = segments[index]
            next_first = segments[index + 1][0]
            if seg_first > seg_last or not reader.opens_parenthetical(next_first):
                continue
            span = reader.np_before(seg_last, seg_first)
            if span:
                subject = span
                for relay_first, relay_last in segments[index + 1:]:
                    relayed = _relay_source(reader, relay_first, relay_last)
                    if relayed:
                        cue.relayed_by = char_span(tokens, *span)
                        subject = relayed
                break
        if subject is None and len(segments) >= 2 and segments[-1][0] <= segments[-1][1] \
                and reader.is_cap(segments[-1][0]):
            subject = reader.np_before(segments[-1][1], segments[-1][0])  # "The spokesperson for X, NAME, said"
        if subject is None:
            subject = _described_subject(reader, segments)
    elif before >= 0:
        subject, cue.skipped = _subject_across(reader, before)
    if subject is None:
        if not cue.content:
            content_after(last + 1)
        return cue
    cue.source = char_span(tokens, *subject)
    if lemma in lex.addressee_verbs:
        addressee = reader.np_after(last + 1)
        if addressee and reader.low(addressee[0]) not in lex.complementizers:
            cue.end = tokens.ends[addressee[1]]
            last = addressee[1]
    relayed = _trailing_relay(reader, last + 1)
    if relayed:  # "..., Yonhap reported, citing KCNA": the cited source speaks, the outlet relays
        cue.relayed_by, cue.source = cue.source, char_span(tokens, *relayed)
        if reader.is_punct(relayed[1] + 1, ",") and relayed[1] + 2 < n:
            content_after(relayed[1] + 2)  # "Yonhap reported, citing KCNA, that ..."
            if cue.content:
                return cue
    subject_first = subject[0]
    if kinds[subject_first - 1:subject_first] and kinds[subject_first - 1] == "quote" \
            and reader.low(subject_first - 2) not in lex.title_markers:  # not "a report titled '...,' the X said"
        content_before(subject_first)  # "'...,' Trump said he told Putin": the quote is the content
        return cue
    if reader.is_punct(subject_first - 1, ",") and kinds[subject_first - 2:subject_first - 1] and \
            kinds[subject_first - 2] == "quote" and reader.low(subject_first - 3) not in lex.title_markers:
        content_before(subject_first)
        return cue
    content_after(last + 1)
    if cue.content is None and not cue.colon and nothing_substantive_after(last + 1):
        content_before(subject_first)
    elif cue.content and not relayed:
        _relay_at_end(reader, cue)
    return cue


def _quoted_as_marker(lows: tuple[str, ...], start: int, stop: int,
                      markers: tuple[tuple[str, ...], ...]) -> tuple[int, int] | None:
    """The first marker ("as saying") starting in lows[start:stop]: its first token and its length."""
    for k in range(start, stop):
        for words in markers:
            if lows[k:k + len(words)] == words:
                return k, len(words)
    return None


def _described_subject(reader: PhraseReader, segments: list[tuple[int, int]]) -> tuple[int, int] | None:
    """"An official familiar with X, who spoke on condition of anonymity, said", "One arrival, a former
    official in his 40s who asked not to be named, told": an anonymous source described at length; the
    speaker phrase runs from a segment's determiner to its first person head word."""
    lex = reader.lex
    for seg_first, seg_last in segments:
        if seg_first > seg_last or not (reader.low(seg_first) in lex.determiners and reader.is_word(seg_first)):
            continue
        for k in range(seg_first + 1, min(seg_last, seg_first + 5) + 1):
            if not reader.is_word(k) or reader.low(k) in lex.boundaries or reader.low(k) in lex.relative_pronouns:
                break
            if reader.low(k) in lex.anonymous_heads or reader.low(k) in lex.role_types:
                return seg_first, k
    return None


def _relay_at_end(reader: PhraseReader, cue: Cue) -> None:
    """"X reported that CLAUSE, citing KCNA.": the clause stops at the comma and KCNA speaks."""
    tokens = reader.tokens
    first = first_token_at(tokens, cue.content[0])
    for k in range(len(tokens) - 2, first, -1):
        if not reader.is_punct(k, ","):
            continue
        end = len(tokens) - 1
        while end > k and tokens.kinds[end] == "punct" and tokens.texts[end] in ".!?":
            end -= 1
        relayed = _relay_source(reader, k + 1, end)
        if relayed and relayed[1] == end:
            cue.relayed_by, cue.source = cue.source, char_span(tokens, *relayed)
            cue.content = (cue.content[0], tokens.ends[k - 1])
        return


def _relay_source(reader: PhraseReader, first: int, last: int) -> tuple[int, int] | None:
    """"citing KCNA" / "mengutip dari KCNA" inside a parenthetical: the source being relayed."""
    for words in reader.lex.relay_words:
        if [reader.low(k) for k in range(first, first + len(words))] == words:
            span = reader.np_after(first + len(words))
            return span if span and span[1] <= last else None
    return None


def _trailing_relay(reader: PhraseReader, k: int) -> tuple[int, int] | None:
    """", citing KCNA" right after the cue (and its time words): the source being relayed."""
    k = reader.skip_forward(k)
    if not reader.is_punct(k, ","):
        return None
    stop = k + 1
    while stop < reader.size and not reader.is_punct(stop, ",;.!?"):
        stop += 1
    return _relay_source(reader, k + 1, stop - 1)


def _subject_across(reader: PhraseReader, before: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The speaker before a restrictive relative clause ("Seorang diplomat yang enggan disebut namanya
    mengatakan") or a short adjunct ("Kementerian itu dalam pernyataan tertulis menyatakan"), and the
    tokens skipped; else the phrase right before the verb, and None."""
    lex = reader.lex
    if lex.restrictive_relatives:
        for k in range(before, max(-1, before - 10), -1):
            if not reader.is_word(k) or reader.low(k) in lex.complementizers:
                break
            if reader.low(k) in lex.restrictive_relatives and k < before and reader.is_word(k - 1):
                subject = reader.np_before(k - 1)
                if subject and not _speaker_like(reader, subject):
                    subject = None  # "Laporan yang dirilis Senin menyebutkan": not a speaker
                return subject, (k, before)
    right_before = reader.np_before(before)
    if right_before is None:
        for k in range(before, max(-1, before - 4), -1):
            if not reader.is_word(k) or reader.texts[k][0].isupper():
                break
            if reader.low(k) in lex.adjunct_prepositions and k < before and reader.is_np_word(k - 1):
                subject = reader.np_before(k - 1)
                if subject:
                    return subject, (k, before)
                break
    return right_before, None


def _speaker_like(reader: PhraseReader, span: tuple[int, int]) -> bool:
    """Does the phrase name a source: a person's or body's head word, or a name (not one capitalised
    word opening the sentence, which may be any noun)?"""
    lex = reader.lex
    words = [k for k in range(span[0], span[1] + 1) if reader.is_word(k)]
    if any(reader.low(k) in lex.anonymous_heads or reader.low(k) in lex.role_types or reader.low(k) in lex.org_noun_kinds
           or f"{reader.low(k)} {reader.low(k + 1)}" in lex.role_types for k in words):
        return True
    capitals = [k for k in words if reader.is_cap(k)]
    return len(capitals) >= 2 or bool(capitals) and capitals[0] > 0


def speaker_after(reader: PhraseReader, k: int) -> tuple[int, int] | None:
    """The speaker phrase after an inverted verb, across an acronym in brackets and what follows it:
    "kata Kepala Staf Gabungan (JCS) Korea Selatan"."""
    span = reader.np_after(k)
    if span and reader.is_punct(span[1] + 1, "(") and reader.is_punct(span[1] + 3, ")") and reader.is_cap(span[1] + 2):
        span = (span[0], span[1] + 3)
        more = reader.np_after(span[1] + 1) if reader.is_cap(span[1] + 1) else None
        if more:
            span = (span[0], more[1])
    lex = reader.lex
    if span and lex.definite_after and not reader.is_cap(span[0]):
        for end in range(span[1] + 1, min(reader.size, span[1] + 9)):
            if not reader.is_word(end):
                break
            if reader.low(end) in lex.definite_after:
                return span[0], end  # "tulis harian milik Partai Buruh Korea itu"
    return span


def _suffix_source(reader: PhraseReader, index: int) -> tuple[int, int] | None:
    """The pronoun written onto a cue word ("katanya", "Menurutnya"), as a character span."""
    end = reader.tokens.ends[index]
    found = reader.lex.suffixed_cues.get(reader.texts[index])
    return (end - len(found[1]), end) if found else None
