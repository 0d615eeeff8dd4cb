"""Reported speech: cues (speech verbs, "according to", "X's claim that") with their source
phrase and their content, read from word lists without a parser.

``build_frames`` merges sentences so that no direct quote crosses a frame; ``find_cues`` reads
every cue of every frame (the attribution stage uses them for direct quotes too);
``find_indirect`` keeps the cues whose content is a reported clause.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .nlp.base import Segmentation
from .lexicon import Lexicon, word_start_spans
from .quotes import QuoteSpan, word_count

# the spaces before each token, then the token: findall gives strings, with no match object per token
_SPACED_TOKEN = re.compile(r"(\s*)(\d+(?:[.,:/]\d+)+|\w+(?:[-'’&.]\w+)*\.?|\S)")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+")
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_YEAR = re.compile(r"(?:19|20)\d\d$")
_ID_VERB_PREFIX = re.compile(r"(?:me|di|ber|ter)[a-z]{3,}")  # Indonesian verb forms
_SPACES = re.compile(r"\s+")
_COMPOUND_ADJECTIVE = re.compile(r"\w+-[a-z]+")
_LEADING_PUNCT = re.compile(r"[\s,:;—–-]+")
_LEADING_WORD = re.compile(r"(\w+)\b,?\s*")
_CLAUSE_WORD = re.compile(r"[\w'’-]+")
# "SEOUL -- ", "ST. PETERSBURG, Russia (AP) — ", "JAKARTA, KOMPAS.com - ": a dateline, not part of any clause
_DATELINE = re.compile(r"(?:[A-Z][A-Z.'’\- ]{2,}(?:,[^—–\n]{0,40}?)?\s*(?:\([^)\n]{1,20}\)\s*)?"
                       r"|[A-Z][a-z]+(?: [A-Z][a-z]+)? \([A-Z][A-Za-z.]{1,15}\)\s*)(?:--|—|–|-)\s+")  # or "Seoul (KBN) - "


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


def _base(word: str) -> str:
    """The word without a possessive ending: "Korea's" -> "Korea"."""
    if word.endswith(("s", "'", "’")):  # only these can end a possessive
        return _POSSESSIVE.sub("", word)
    return word


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


@dataclass
class Cue:
    """One attribution: the cue words, who they name as the source, and what was said."""

    frame: int
    start: int  # the cue words as written: text[start:end]
    end: int
    lemma: str
    verb_class: str  # clause | that | object | inverted | according | noun | quoted
    source: tuple[int, int] | None = None  # the source phrase as written
    inherit: bool = False  # the source is the subject of the sentence ("..., adding that")
    content: tuple[int, int] | None = None  # what was said
    content_before: bool = False  # "CLAUSE, X said." rather than "X said CLAUSE"
    via_that: bool = False
    colon: bool = False  # "X said:" introduces the quote that follows
    negated: bool = False
    token_span: tuple[int, int] = (0, 0)  # first and last token index of the cue words
    cut_at: int | None = None  # where a clause before this cue must end, when it is a new clause
    nested: bool = False
    relayed_by: tuple[int, int] | None = None  # "Reuters, citing KCNA": the relaying outlet
    skipped: tuple[int, int] | None = None  # tokens between the speaker and the verb ("yang enggan disebut namanya")


@dataclass
class IndirectQuote:
    start: int
    end: int
    cue: Cue
    frame: int


def build_frames(segmentation: Segmentation, quotes: list[QuoteSpan], lexicon: Lexicon) -> list[Frame]:
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


def _tokens(text: str, start: int, end: int, quotes: list[QuoteSpan], lexicon: Lexicon) -> Tokens:
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


class _Reader:
    """Reads noun phrases and clauses around a cue in one frame's tokens."""

    def __init__(self, frame: Frame, lexicon: Lexicon):
        self.frame = frame
        self.tokens = tokens = frame.tokens
        # the fields the word-class tests below read, thousands of times an article
        self.size, self.kinds, self.texts, self.lows = len(tokens), tokens.kinds, tokens.texts, tokens.lows
        self.lex = lexicon

    # ---- word classes -------------------------------------------------------------------
    def is_word(self, i: int) -> bool:
        return 0 <= i < self.size and self.kinds[i] == "word"

    def is_cap(self, i: int) -> bool:
        return self.is_word(i) and (self.texts[i][0].isupper() or self.texts[i][0].isdigit() and "-" in self.texts[i])

    def is_np_word(self, i: int) -> bool:
        """A word that can sit inside a speaker phrase: a name, a role, an organization noun."""
        if not self.is_word(i):
            return False
        text = self.texts[i]
        low = _base(text).lower()
        if text[0].isupper():
            return low not in self.lex.boundaries and low not in self.lex.subject_pronouns or low == "it"
        return low in self.lex.np_words or low in self.lex.anonymous_heads or low in self.lex.media_heads

    def _is_person_head(self, i: int) -> bool:
        """A lowercase word naming a person by function: "official", "spokesperson", "researcher"."""
        low = self.lows[i]
        return low in self.lex.anonymous_heads or low in self.lex.role_types

    def is_time(self, i: int) -> bool:
        if not self.is_word(i):
            return False
        text = self.texts[i]
        return text in self.lex.calendar_words or self.lows[i] in self.lex.time_words or bool(_YEAR.match(text))

    def is_punct(self, i: int, chars: str = ",") -> bool:
        return 0 <= i < self.size and self.kinds[i] == "punct" and self.texts[i] in chars

    def low(self, i: int) -> str:
        return self.lows[i] if 0 <= i < self.size else ""

    # ---- skipping -----------------------------------------------------------------------
    def skip_back(self, i: int) -> tuple[int, bool]:
        """Step left over adverbs, auxiliaries and time phrases; report a negation on the way."""
        lex = self.lex
        negated = False
        if self.is_punct(i, ")") and self.is_punct(i - 2, "("):
            i -= 3  # "the Joint Chiefs of Staff (JCS) said"
        while i >= 0 and self.is_word(i):
            low = self.lows[i]
            if lex.time_phrases and i >= 1 and f"{self.low(i - 1)} {low}" in lex.time_phrases:
                i -= 2  # "Kim saat itu menyebut ..."
                continue
            if low in lex.negations or low.endswith("n't"):
                negated = True
            elif self.is_time(i):
                if self.low(i - 1) in lex.time_prepositions:
                    i -= 1
            elif not (low in lex.adverbs or low in lex.auxiliaries):
                break
            i -= 1
        return i, negated

    def skip_forward(self, i: int) -> int:
        """Step right over adverbs and time phrases ("said on Friday that")."""
        lex = self.lex
        while self.is_word(i):
            low = self.lows[i]
            if lex.time_phrases and f"{low} {self.low(i + 1)}" in lex.time_phrases:
                i += 2
            elif low in lex.time_prepositions and self.is_time(i + 1):
                i += 2
                while self.is_time(i):
                    i += 1
            elif self.is_time(i) or low in lex.adverbs:
                i += 1
            else:
                break
        return i

    # ---- noun phrases -------------------------------------------------------------------
    def np_before(self, j: int, floor: int = 0) -> tuple[int, int] | None:
        """The speaker phrase ending at token j (inclusive): "The former South Korean top nuclear envoy"."""
        if self.is_word(j) and self.low(j) in self.lex.pronoun_kinds:
            return j, j
        i = j
        stopped_at_determiner = False
        while i >= floor:
            if self.is_np_word(i):
                i -= 1
                continue
            low = self.low(i)
            if low in ("the", "its") and i < j and self.low(i - 1) in ("of", "for", "at", "in", "on", "from", "with") \
                    and self.is_word(i - 2) and (self._is_person_head(i - 2)
                                                 or self.low(i - 1) in ("of", "from") and self.is_cap(i - 2)):
                i -= 2  # "A senior official at the Foreign Ministry", "Rep. NAME of the Democratic Party"
                continue
            if low == "the" and i < j and self.low(i - 1) in self.lex.conjunctions and self.is_cap(i - 2):
                i -= 2  # "South Korea and the United States"
                continue
            if low in self.lex.determiners and self.is_word(i):
                i -= 1
                stopped_at_determiner = True
                break
            if low in self.lex.conjunctions and self.is_cap(i - 1) and self.is_cap(i + 1) and i < j:
                i -= 1  # "The US and South Korea", "Seoul dan Washington"
                continue
            if low in ("of", "for", "at", "in", "on") and i < j and self.is_np_word(i - 1) and self.is_np_word(i + 1):
                i -= 1  # "An official at South Korea's unification ministry"
                continue
            break
        start = i + 1
        if start <= j and not stopped_at_determiner and not self.is_cap(start):
            # "The department director": lowercase words back to a determiner belong to the phrase
            k = start - 1
            while k >= max(floor, start - 3) and self.is_word(k) and self.texts[k][0].islower() \
                    and self.low(k) not in self.lex.boundaries and self.low(k) not in self.lex.determiners:
                k -= 1
            if k >= floor and self.low(k) in self.lex.determiners and self.is_word(k):
                start = k
        start = self._trim_np_start(start, j)
        if start > j:
            return None
        return start, j

    def _trim_np_start(self, start: int, end: int) -> int:
        """Drop sentence connectives read as capitalised words ("However North Korea")."""
        lex = self.lex
        while start <= end:
            low = self.low(start)
            if not (low in lex.intro_words or low in lex.discourse_markers or low in lex.boundaries
                    or low in ("of", "for", "at", "in", "on") or low in lex.conjunctions) or low in lex.determiners:
                break
            if self.texts[start][0].isupper() and self.is_cap(start + 1) and low not in lex.intro_words \
                    and low not in lex.discourse_markers and low not in lex.conjunctions:
                break
            start += 1
        return start

    def np_after(self, i: int) -> tuple[int, int] | None:
        """The speaker phrase starting at token i: "South Korea's Unification Ministry"."""
        if self.is_word(i) and self.low(i) in self.lex.pronoun_kinds:
            return i, i
        if self.low(i) in self.lex.determiners and self.is_word(i):
            k = i + 1
        else:
            k = i
        start = k
        while k < self.size:
            if self.is_np_word(k):
                k += 1
                continue
            low = self.low(k)
            if low in self.lex.conjunctions and self.is_cap(k - 1) and self.is_cap(k + 1) and k > start:
                k += 1
                continue
            if low in ("of", "for", "at", "from") and k > start and self.is_np_word(k - 1) and (
                    self.is_cap(k + 1) or self.low(k + 1) in self.lex.determiners and self.is_cap(k + 2)):
                k += 2 if self.is_cap(k + 1) else 3
                continue
            break
        while k - 1 > start and not self.texts[k - 1][0].isupper() and self.low(k - 1) in ("of", "for", "at", "from"):
            k -= 1  # "Rep. NAME of the parliamentary committee": a role word's "of" is no part of the name
        if k == start:
            return None
        return i, k - 1

    def opens_parenthetical(self, i: int) -> bool:
        """A comma segment starting here describes the phrase before it ("X, a professor at Y, said")."""
        if not self.is_word(i):
            return False
        low = self.low(i)
        lex = self.lex
        return (low in lex.determiners or low in lex.relative_pronouns or low in lex.adjunct_prepositions
                or low in lex.relay_first_words or low in lex.role_modifiers
                or low in lex.role_types or low.endswith("ing") or low in ("including", "who", "whose")
                or f"{low} {self.low(i + 1)}" in lex.role_types  # ", Duta Besar RI untuk Jepang,"
                or (low.split("-")[0] in lex.role_types))

    # ---- clauses ------------------------------------------------------------------------
    def segments(self, start: int, stop: int) -> list[tuple[int, int]]:
        """Comma-separated segments of tokens[start:stop] as (first, last) indices."""
        out, begin = [], start
        for k in range(start, stop):
            if self.is_punct(k, ",;()—–"):
                out.append((begin, k - 1))
                begin = k + 1
        out.append((begin, stop - 1))
        return out

    def is_clause(self, first: int, last: int) -> bool:
        """Does tokens[first:last+1] read as a finite clause (not "Germany against delivering ...")?"""
        kinds, lows, texts, lex = self.kinds, self.lows, self.texts, self.lex
        words = [k for k in range(first, last + 1) if kinds[k] != "punct"]  # the words and quotes, by index
        if not words:
            return False
        if kinds[words[0]] == "quote" or lows[words[0]] in lex.subject_pronouns:
            return True
        if lows[words[0]] == "to":
            return False
        for k, word in enumerate(words[1:3], 1):  # "Germany against delivering", "Ukraine to accept"
            if lows[word] in ("to", "against") and k + 1 < len(words) and texts[words[k + 1]][:1].islower() \
                    and all(kinds[w] == "word" and lows[w] not in lex.finite_words for w in words[:k]):
                return False
        for k, word in enumerate(words):
            if kinds[word] == "quote":
                return True
            low = lows[word]
            if low in lex.finite_words:
                return True
            previous = lows[words[k - 1]] if k else ""
            if k and previous not in lex.determiners and kinds[words[k - 1]] == "word":
                if low.endswith("ed") and previous not in ("has", "have", "had", "been", "be", "is", "was", "were", "are"):
                    return True
                if low.endswith("s") and not low.endswith(("ss", "'s", "’s", "us", "is")) and (
                        previous.endswith("ly") or previous in lex.adverbs or previous in ("far", "often", "always", "never")):
                    return True
                # "such campaigns rarely change ...": a plural subject, a frequency adverb, a bare verb
                if k >= 2 and previous.endswith("ly") and kinds[words[k - 2]] == "word" and low.isalpha():
                    subject = lows[words[k - 2]]
                    if subject.endswith("s") and not subject.endswith(("ss", "'s", "’s")) \
                            and subject not in lex.determiners and subject not in lex.auxiliaries:
                        return True
            if k and lex.language == "id" and _ID_VERB_PREFIX.match(low):
                return True
        return False

    def frame_subject(self) -> tuple[int, int] | None:
        """The sentence's subject: the first phrase after introductory comma segments."""
        lex = self.lex
        start = 0
        for k, text in enumerate(self.texts[:12]):  # a dateline: "ST. PETERSBURG, Russia (AP) — ..."
            if text in ("—", "–", "--") and all(kind == "punct" or before[0].isupper()
                                                for kind, before in zip(self.kinds[:k], self.texts[:k])):
                start = k + 1
                break
        for first, last in self.segments(start, self.size)[:-1]:
            if first > last:
                start = last + 2
                continue
            if first < last and (self.low(first) in lex.conjunctions or self.low(first) in lex.discourse_markers) \
                    and self.is_cap(first + 1) and self.low(first + 1) not in lex.intro_words \
                    and self.low(first + 1) not in lex.determiners and not self.texts[first + 1].endswith("ing"):
                start = first + 1  # "But Yang Ki-bum, a senior researcher at X, disagreed."
                break
            if self.low(first) in lex.intro_words or self.low(first).endswith("ing") or self.low(first) in lex.discourse_markers \
                    or (self.texts[first].endswith("ed") and self.texts[first][0].isupper()):
                start = last + 2
                continue
            break
        span = self.np_after(start)
        return span


def _char_span(tokens: Tokens, first: int, last: int) -> tuple[int, int] | None:
    if first > last or first < 0 or last >= len(tokens):
        return None
    return tokens.starts[first], tokens.ends[last]


def _read_cue(reader: _Reader, first: int, last: int, lemma: str, verb_class: str, text: str) -> Cue | None:
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
            if kinds[look] != "word" or lows[look] in lex.finite_words or lows[look] == "to" \
                    or texts[look] in lex.verb_forms:
                break
            if lows[look] in lex.complementizers:
                cue.via_that = True
                cue.content = _char_span(tokens, look + 1, n - 1)
                return
        if reader.is_punct(k, ":,") and k + 1 < n and kinds[k + 1] == "quote" or kinds[k:k + 1] and kinds[k] == "quote":
            cue.colon = reader.is_punct(k, ":")
            cue.content = _char_span(tokens, k + (kinds[k] != "quote"), n - 1)
            return
        if reader.is_punct(k, ":") and k + 1 >= n - 1:
            cue.colon = True
            return
        if lex.comma_complementizer and reader.is_punct(k, ",") and reader.is_word(k + 1) \
                and not reader.opens_parenthetical(k + 1) \
                and not any(reader.is_punct(j, ",;()—–") for j in range(k + 1, n)) and reader.is_clause(k + 1, n - 1):
            cue.via_that = True  # "Ia menambahkan, pemerintah belum menerima ...": the comma stands for "bahwa"
            cue.content = _char_span(tokens, k + 1, n - 1)
            return
        if k < n and kinds[k] == "word" and lows[k] not in lex.adjunct_prepositions:
            cue.content = _char_span(tokens, k, n - 1)

    def content_before(subject_first: int) -> bool:
        """"CLAUSE, X said": the clause ends at the comma (or quote) right before the speaker."""
        k = subject_first - 1
        if k >= 0 and (reader.is_punct(k, ",") or kinds[k] == "quote"):
            end = k - 1 if reader.is_punct(k, ",") else k
            if end >= 0:
                cue.content = _char_span(tokens, 0, end)
                cue.content_before = True
                cue.cut_at = subject_first
                return True
        return False

    def nothing_substantive_after(k: int) -> bool:
        k = reader.skip_forward(k)
        return k >= n or kinds[k] == "punct" and texts[k] != ":" or lows[k] in lex.adjunct_prepositions

    # "according to X": the clause is the rest of the sentence (or the part before it)
    if verb_class == "according":
        cue.source = reader.np_after(last + 1) and _char_span(tokens, *reader.np_after(last + 1))
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
            cue.content = _char_span(tokens, segments[0][0], n - 1) if segments else None
        return cue

    # "Y quoted X as saying ..." / "X was quoted by Y as saying ..."
    if verb_class == "quoted" or (lemma == "quote" and lex.quoted_as_marker):
        marker = next((k for k in range(last + 1, min(n, last + 14))
                       if lows[k] == "as" and lows[min(k + 1, n - 1)] == "saying"), None)
        if marker is not None:
            if verb_class == "quoted":  # passive: the subject is the speaker
                span = reader.np_before(before)
            else:
                span = reader.np_after(last + 1)
                outlet = reader.np_before(before) if before >= 0 else None
                if outlet:  # "KCNA quoted the North's defense minister as saying": KCNA relays
                    cue.relayed_by = _char_span(tokens, *outlet)
            cue.end = tokens.ends[marker + 1]
            cue.source = span and _char_span(tokens, *span)
            cue.verb_class = "clause"
            k = marker + 2
            if reader.low(k) in lex.complementizers:
                k += 1
                cue.via_that = True
            if nothing_substantive_after(k) and span:
                content_before(span[0])  # "'...,' Shoigu was quoted by TASS as saying."
            else:
                cue.content = _char_span(tokens, k, n - 1)
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
        span = _speaker_after(reader, last + 1) if verb_class == "inverted" else reader.np_after(last + 1)
        if span and reader.is_punct(span[1] + 1, ",") and reader.is_cap(span[1] + 2) and not reader.is_cap(span[0]):
            named = reader.np_after(span[1] + 2)  # a role, then the name: "said its spokesperson, NAME"
            if named and (named[1] + 1 >= n or reader.is_punct(named[1] + 1, ",.;!?")):
                span = (span[0], named[1])
        cue.source = span and _char_span(tokens, *span)
        if _suffix_source(reader, last):
            cue.source = _suffix_source(reader, last)  # "...," ujarnya.
        if span:
            cue.end = tokens.ends[last]
        end = first - 1
        if end >= 0 and reader.is_punct(end, ","):
            end -= 1
        cue.content = _char_span(tokens, 0, end)
        cue.content_before = True
        return cue

    # ", saying that ...", ", adding ...": the subject is the sentence's speaker
    form = lows[last]
    comma_before = reader.is_punct(before, ",") or before >= 0 and kinds[before] == "quote" \
        and texts[before].rstrip("\"'”’»").endswith(",")
    if form.endswith("ing") and comma_before:
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
            cue.source = span and _char_span(tokens, *span)
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
                        cue.relayed_by = _char_span(tokens, *span)
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
        return cue if cue.content else _finish_without_subject(reader, cue, last, content_after)
    cue.source = _char_span(tokens, *subject)
    if lemma in lex.addressee_verbs or verb_class == "addressee":
        addressee = reader.np_after(last + 1)
        if addressee and reader.low(addressee[0]) not in lex.complementizers:
            cue.end = tokens.ends[addressee[1]]
            last = addressee[1]
    relayed = _trailing_relay(reader, last + 1)
    if relayed:  # "..., Yonhap reported, citing KCNA": the cited source speaks, the outlet relays
        cue.relayed_by, cue.source = cue.source, _char_span(tokens, *relayed)
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
        if not content_before(_segment_start(reader, subject_first)):
            pass
    elif cue.content and not relayed:
        _relay_at_end(reader, cue)
    return cue


def _described_subject(reader: _Reader, segments: list[tuple[int, int]]) -> tuple[int, int] | None:
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


def _relay_at_end(reader: _Reader, cue: Cue) -> None:
    """"X reported that CLAUSE, citing KCNA.": the clause stops at the comma and KCNA speaks."""
    tokens = reader.tokens
    first = _first_token_at(tokens, cue.content[0])
    for k in range(len(tokens) - 2, first, -1):
        if not reader.is_punct(k, ","):
            continue
        end = len(tokens) - 1
        while end > k and tokens.kinds[end] == "punct" and tokens.texts[end] in ".!?":
            end -= 1
        relayed = _relay_source(reader, k + 1, end)
        if relayed and relayed[1] == end:
            cue.relayed_by, cue.source = cue.source, _char_span(tokens, *relayed)
            cue.content = (cue.content[0], tokens.ends[k - 1])
        return


def _segment_start(reader: _Reader, subject_first: int) -> int:
    """Where the speaker's comma segment starts ("CLAUSE, Jeon Ha Gyu, spokesperson of X, said")."""
    return subject_first


def _finish_without_subject(reader: _Reader, cue: Cue, last: int, content_after) -> Cue:
    content_after(last + 1)
    return cue


def _relay_source(reader: _Reader, first: int, last: int) -> tuple[int, int] | None:
    """"citing KCNA" / "mengutip dari KCNA" inside a parenthetical: the source being relayed."""
    for words in reader.lex.relay_words:
        if [reader.low(k) for k in range(first, first + len(words))] == words:
            span = reader.np_after(first + len(words))
            return span if span and span[1] <= last else None
    return None


def _trailing_relay(reader: _Reader, k: int) -> tuple[int, int] | None:
    """", citing KCNA" right after the cue (and its time words): the source being relayed."""
    k = reader.skip_forward(k)
    if not reader.is_punct(k, ","):
        return None
    stop = k + 1
    while stop < reader.size and not reader.is_punct(stop, ",;.!?"):
        stop += 1
    return _relay_source(reader, k + 1, stop - 1)


def _noun_cues(reader: _Reader, frame: Frame) -> list[Cue]:
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
                and not _POSSESSIVE.search(texts[owner]) and lows[owner] not in lex.possessive_pronouns:
            owner -= 1
        if lows[owner] in lex.possessive_pronouns:
            source = (owner, owner)
        elif _POSSESSIVE.search(texts[owner]):
            source = reader.np_before(owner)
        else:
            continue
        if not source:
            continue
        if via_colon:
            cue = Cue(frame.index, tokens.starts[k], tokens.ends[colon_intro], lows[k], "noun",
                      token_span=(source[0], colon_intro))
            cue.source = _char_span(tokens, *source)
            cue.colon = True
            cue.content = _char_span(tokens, colon_intro + 1, len(tokens) - 1)
            cues.append(cue)
            colon_intro = None  # one introduction per sentence: "the allies' response" is not another
            continue
        cue = Cue(frame.index, tokens.starts[k], tokens.ends[k + 1], lows[k], "noun", token_span=(source[0], k + 1))
        cue.source = _char_span(tokens, *source)
        cue.via_that = True
        cue.content = _char_span(tokens, k + 2, len(tokens) - 1)
        cut = source[0] - 1
        while cut > 0 and reader.is_word(cut) and texts[cut][0].islower() and cut > source[0] - 3 \
                and lows[cut] not in lex.conjunctions:
            cut -= 1
        if reader.low(cut) in lex.conjunctions:
            cue.cut_at = cut - 1 if reader.is_punct(cut - 1, ",") else cut
        cues.append(cue)
    return cues


def _frame_cues(text: str, frame: Frame, lexicon: Lexicon, spans: list[tuple[int, int]], nouns: bool) -> list[Cue]:
    reader = _Reader(frame, lexicon)
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
            lemma, verb_class = "according to", "according"
        elif base in lexicon.inverted_verbs:
            lemma, verb_class = base, "inverted"
        elif key in lexicon.quoted_as_passive:
            lemma, verb_class = "quote", "quoted"
        elif key in lexicon.relay:
            continue
        else:
            lemma, verb_class = lexicon.verb_forms.get(key, (key, "clause"))
        if cues and cues[-1].end > match_start:
            continue  # already read as part of the previous cue ("quoted X as saying")
        if verb_class == "inverted" and not _after_quote(tokens, first) and not _after_clause(reader, first, last):
            continue  # "kata", "jelas" are cues only right after a quote or a reported clause
        if first > 0 and (tokens.lows[first - 1] in lexicon.determiners or _POSSESSIVE.search(tokens.texts[first - 1])) \
                and verb_class not in ("according", "inverted"):
            continue  # a noun, not a verb: "the report", "Trump's call"
        if first > 1 and verb_class not in ("according", "inverted") and tokens.kinds[first - 1] == "word" \
                and _COMPOUND_ADJECTIVE.fullmatch(tokens.texts[first - 1]) \
                and tokens.lows[first - 2] in lexicon.determiners:
            continue  # a noun after a compound adjective: "a state-funded think tank", "a Seoul-based report"
        cue = _read_cue(reader, first, last, lemma, verb_class, text)
        if cue is not None:
            cues.append(cue)
    skipped = [c.skipped for c in cues if c.skipped]
    if skipped:  # "yang ... disebutkan namanya"
        cues = [c for c in cues if not any(a <= c.token_span[0] <= b for a, b in skipped)]
    if nouns:
        cues.extend(_noun_cues(reader, frame))
    cues.sort(key=lambda c: c.token_span[0])
    _settle(reader, cues)
    for cue in cues:
        if cue.inherit and cue.source is None:
            cue.source = _inherited_source(reader, cues, cue)
    return cues


def _after_quote(tokens: Tokens, index: int) -> bool:
    """Is token ``index`` right after a closing quote (a comma between allowed)?"""
    previous = index - 1
    if previous >= 0 and tokens.kinds[previous] == "punct" and tokens.texts[previous] == ",":
        previous -= 1
    return previous >= 0 and tokens.kinds[previous] == "quote"


def _subject_across(reader: _Reader, before: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
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


def _speaker_like(reader: _Reader, span: tuple[int, int]) -> bool:
    """Does the phrase name a source: a person's or body's head word, or a name (not one capitalised
    word opening the sentence, which may be any noun)?"""
    lex = reader.lex
    words = [k for k in range(span[0], span[1] + 1) if reader.is_word(k)]
    if any(reader.low(k) in lex.anonymous_heads or reader.low(k) in lex.role_types or reader.low(k) in lex.org_noun_kinds
           or f"{reader.low(k)} {reader.low(k + 1)}" in lex.role_types for k in words):
        return True
    capitals = [k for k in words if reader.is_cap(k)]
    return len(capitals) >= 2 or bool(capitals) and capitals[0] > 0


def _speaker_after(reader: _Reader, k: int) -> tuple[int, int] | None:
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


def _suffix_source(reader: _Reader, index: int) -> tuple[int, int] | None:
    """The pronoun written onto a cue word ("katanya", "Menurutnya"), as a character span."""
    end = reader.tokens.ends[index]
    found = reader.lex.suffixed_cues.get(reader.texts[index])
    return (end - len(found[1]), end) if found else None


def _after_clause(reader: _Reader, first: int, last: int) -> bool:
    """"CLAUSE, kata Budi Santoso (kepada wartawan).": an inverted verb after a clause, then its speaker."""
    if first < 4 or not reader.is_punct(first - 1, ","):
        return False
    if reader.texts[last] in reader.lex.suffixed_cues:  # "CLAUSE, katanya."
        follower = last + 1
    else:
        span = _speaker_after(reader, last + 1)
        if not span or not (reader.is_cap(span[0]) or reader.low(span[0]) in reader.lex.pronoun_kinds):
            return False
        follower = span[1] + 1
    return follower >= reader.size or reader.is_punct(follower, ",.;!?") \
        or reader.low(follower) in reader.lex.adjunct_prepositions


def _inherited_source(reader: _Reader, cues: list[Cue], cue: Cue) -> tuple[int, int] | None:
    """A participle or coordinated cue speaks for the sentence's speaker, else its subject."""
    for other in reversed(cues):
        if other is cue or other.start > cue.start:
            continue
        if other.source and not other.inherit:
            return other.source
    subject = reader.frame_subject()
    return subject and _char_span(reader.tokens, *subject)


def _settle(reader: _Reader, cues: list[Cue]) -> None:
    """Cut each clause where the next cue starts a clause of its own; mark cues nested in a clause."""
    tokens = reader.tokens
    for index, cue in enumerate(cues):
        if not cue.content or cue.content_before:
            continue
        for later in cues[index + 1:]:
            if later.start < cue.content[0] or later.start >= cue.content[1]:
                continue
            if later.inherit:
                governing = next((c for c in reversed(cues[:cues.index(later)]) if not c.inherit), None)
                if governing is not None and governing is not cue and not governing.content_before \
                        and cue.content[0] <= governing.start < cue.content[1]:
                    later.nested = True  # "said the US condemned X and called on Y": coordinated inside the clause
                    continue
            if later.inherit or later.content_before or later.verb_class == "noun" and later.cut_at != later.token_span[0]:
                cut = later.cut_at if later.cut_at is not None else later.token_span[0]
                if later.content_before:
                    cut = max(0, _first_token_at(tokens, later.source[0]) - 1) if later.source else later.token_span[0]
                    if later.verb_class == "according":
                        cut = later.token_span[0]  # "CLAUSE, according to X": the source follows the cue
                    if later.content and later.content[1] <= cue.content[0]:
                        continue
                end_token = cut - 1
                while end_token >= 0 and tokens.kinds[end_token] == "punct" and tokens.texts[end_token] in ",;:—–":
                    end_token -= 1
                if end_token >= 0 and tokens.ends[end_token] > cue.content[0]:
                    cue.content = (cue.content[0], tokens.ends[end_token])
                break
            if cue.verb_class == "according" and later.source and not later.inherit:
                cue.content = None  # "According to his response, Lee said that ...": Lee's cue is the one
                break
            later.nested = True
    # "upon request: “The South Koreans ...”": a colon before a quote ends the clause
    texts, kinds = tokens.texts, tokens.kinds
    colons = [k for k in range(len(tokens) - 1) if texts[k] == ":" and kinds[k + 1] == "quote"] if ":" in texts else []
    for cue in cues:
        if cue.content and not cue.content_before:
            for k in colons:
                if cue.content[0] < tokens.starts[k] < cue.content[1]:
                    cue.content = (cue.content[0], tokens.ends[k - 1])
                    break


def _first_token_at(tokens: Tokens, offset: int) -> int:
    return bisect.bisect_left(tokens.starts, offset)


def _word_at(tokens: Tokens, edges: tuple[int, ...], offset: int) -> int | None:
    """The word whose edge (``tokens.starts`` or ``tokens.ends``, both sorted) is at ``offset``."""
    k = bisect.bisect_left(edges, offset)
    return k if k < len(edges) and edges[k] == offset and tokens.kinds[k] == "word" else None


def find_cues(text: str, frames: list[Frame], lexicon: Lexicon) -> list[Cue]:
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


def _speech_noun_starts(text: str, lexicon: Lexicon) -> list[int]:
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


def _trim_content(text: str, start: int, end: int, lexicon: Lexicon, content_before: bool) -> tuple[int, int]:
    """The clause without "that", a leading connective, or trailing punctuation."""
    dateline = _DATELINE.match(text, start, end)
    if dateline:
        start = dateline.end()
    while True:
        match = _LEADING_PUNCT.match(text[start:end])
        if match:
            start += match.end()
            continue
        word = _LEADING_WORD.match(text[start:end])
        if word and (word.group(1).lower() in lexicon.complementizers or
                     content_before and word.group(1).lower() in lexicon.discourse_markers and word.group().rstrip().endswith(",")):
            start += word.end()
            continue
        if content_before and word and word.group(1).lower() in ("but", "and", "tetapi", "namun") and word.group(1)[0].isupper():
            start += word.end()
            continue
        break
    if lexicon.clause_adjunct_re:  # "X argues that CLAUSE, referring to ...": the gloss is the reporter's
        gloss = lexicon.clause_adjunct_re.search(text, start, end)
        if gloss:
            end = gloss.start()
    while end > start and text[end - 1] in " \t.,;:—–-":
        end -= 1
    return start, end


def find_indirect(text: str, frames: list[Frame], cues: list[Cue], quotes: list[QuoteSpan],
                  lexicon: Lexicon) -> list[IndirectQuote]:
    """Cues whose content is a reported clause, not just a direct quote or an object."""
    found = []
    frame_cues: dict[int, list[Cue]] = {}
    for cue in cues:
        frame_cues.setdefault(cue.frame, []).append(cue)
    for frame_index, local in frame_cues.items():
        frame = frames[frame_index]
        reports = []
        for cue in local:
            if not _reportable(frame, cue, lexicon):
                continue
            start, end = _trim_content(text, cue.content[0], cue.content[1], lexicon, cue.content_before)
            if end <= start:
                continue
            quoted = sum(word_count(text[quotes[q].start:quotes[q].end]) for q in frame.quotes
                         if start <= quotes[q].open and quotes[q].close <= end + 1)
            outside = word_count(text[start:end]) - quoted
            if (outside <= (3 if quoted else 2) or quoted and outside <= 5 and quoted > outside) \
                    and not (quoted and _clause_around_quote(text, start, end, cue, frame, quotes, lexicon)):
                continue  # the clause is the direct quote ("the visit "has elevated ...""): one entry, direct
            reports.append(IndirectQuote(start, end, cue, frame_index))
        # "X assessed Y, Z said": the clause is Y, and Z is the one speaking
        for outer in [r for r in reports if r.cue.content_before]:
            inner = [r for r in reports if r is not outer and outer.start <= r.cue.start < outer.end]
            if inner:
                reports.remove(outer)
                for report in inner:
                    report.cue = outer.cue
        found.extend(reports)
    return found


def _clause_around_quote(text: str, start: int, end: int, cue: Cue, frame: Frame, quotes: list[QuoteSpan],
                         lexicon: Lexicon) -> bool:
    """Is the reporter's part of a clause ending in a partial quote a clause of its own?

    'said that the drills would proceed "as planned"', 'said the visit had been planned "long before ..."':
    the content clause and the partial quote are both entries. 'said the visit "has elevated ..."' is not:
    the quote carries the clause's verb, so the quote alone is the entry.
    """
    first_quote = min((quotes[q].open for q in frame.quotes if start <= quotes[q].open < end), default=end)
    words = _CLAUSE_WORD.findall(text[start:first_quote])
    if len(words) < 3:
        return False
    if cue.via_that:
        return True
    lexical = lexicon.lexical_finite_words
    return any(w.lower() in lexical or len(w) > 4 and w.lower().endswith("ed") for w in words[1:])


def _reportable(frame: Frame, cue: Cue, lexicon: Lexicon) -> bool:
    if not cue.content or cue.negated or cue.nested or cue.verb_class == "object":
        return False
    if cue.source is None:
        return False
    if cue.content_before or cue.via_that or cue.verb_class in ("according", "noun"):
        return True
    if cue.verb_class == "that":
        return False
    tokens = frame.tokens
    first = _first_token_at(tokens, cue.content[0])
    last = len(tokens) - 1
    while last > first and tokens.ends[last] > cue.content[1]:
        last -= 1
    return _Reader(frame, lexicon).is_clause(first, last)
