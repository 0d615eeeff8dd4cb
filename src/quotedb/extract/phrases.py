"""The phrase grammar: noun phrases and clauses read in one frame's tokens, without a parser.

``PhraseReader`` answers the questions the cue and attribution stages ask about a frame:
is this a word that can sit in a speaker phrase, where does the speaker phrase before or
after a token run, is this run of tokens a finite clause, what is the sentence's subject.
"""
from __future__ import annotations

import re

from ..lang import LanguagePack
from .frames import Frame

POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_YEAR = re.compile(r"(?:19|20)\d\d$")


def _base(word: str) -> str:
    """The word without a possessive ending: "Korea's" -> "Korea"."""
    if word.endswith(("s", "'", "’")):  # only these can end a possessive
        return POSSESSIVE.sub("", word)
    return word


class PhraseReader:
    """Reads noun phrases and clauses around a cue in one frame's tokens."""

    def __init__(self, frame: Frame, lexicon: LanguagePack):
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
            return low not in self.lex.boundaries and low not in self.lex.subject_pronouns or low in self.lex.name_pronouns
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
        lex = self.lex
        stopped_at_determiner = False
        while i >= floor:
            if self.is_np_word(i):
                i -= 1
                continue
            low = self.low(i)
            if low in lex.role_link_determiners and i < j and self.low(i - 1) in lex.role_links \
                    and self.is_word(i - 2) and (self._is_person_head(i - 2)
                                                 or self.low(i - 1) in lex.name_links and self.is_cap(i - 2)):
                i -= 2  # "A senior official at the Foreign Ministry", "Rep. NAME of the Democratic Party"
                continue
            if low in lex.definite_articles and i < j and self.low(i - 1) in lex.conjunctions and self.is_cap(i - 2):
                i -= 2  # "South Korea and the United States"
                continue
            if low in self.lex.determiners and self.is_word(i):
                i -= 1
                stopped_at_determiner = True
                break
            if low in self.lex.conjunctions and self.is_cap(i - 1) and self.is_cap(i + 1) and i < j:
                i -= 1  # "The US and South Korea", "Seoul dan Washington"
                continue
            if low in lex.phrase_links and i < j and self.is_np_word(i - 1) and self.is_np_word(i + 1):
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
                    or low in lex.phrase_links or low in lex.conjunctions) or low in lex.determiners:
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
            if low in self.lex.links_after_head and k > start and self.is_np_word(k - 1) and (
                    self.is_cap(k + 1) or self.low(k + 1) in self.lex.determiners and self.is_cap(k + 2)):
                k += 2 if self.is_cap(k + 1) else 3
                continue
            break
        while k - 1 > start and not self.texts[k - 1][0].isupper() and self.low(k - 1) in self.lex.links_after_head:
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
                or low in lex.role_types or low.endswith(lex.participle_endings) or low in lex.parenthetical_openers
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
        is_verb_form = lex.grammar.is_verb_form  # "menyatakan": a verb by its form
        past, adverb, third_person, plural = lex.past_endings, lex.adverb_endings, lex.third_person_endings, \
            lex.plural_endings
        words = [k for k in range(first, last + 1) if kinds[k] != "punct"]  # the words and quotes, by index
        if not words:
            return False
        if kinds[words[0]] == "quote" or lows[words[0]] in lex.subject_pronouns:
            return True
        if lows[words[0]] in lex.infinitive_markers:
            return False
        for k, word in enumerate(words[1:3], 1):  # "Germany against delivering", "Ukraine to accept"
            if lows[word] in lex.object_links and k + 1 < len(words) and texts[words[k + 1]][:1].islower() \
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
                if low.endswith(past) and previous not in lex.participle_auxiliaries:
                    return True
                if low.endswith(third_person) and not low.endswith(lex.third_person_exceptions) and (
                        previous.endswith(adverb) or previous in lex.adverbs
                        or previous in lex.frequency_adverbs):
                    return True
                # "such campaigns rarely change ...": a plural subject, a frequency adverb, a bare verb
                if k >= 2 and previous.endswith(adverb) and kinds[words[k - 2]] == "word" and low.isalpha():
                    subject = lows[words[k - 2]]
                    if subject.endswith(plural) and not subject.endswith(lex.plural_exceptions) \
                            and subject not in lex.determiners and subject not in lex.auxiliaries:
                        return True
            if k and is_verb_form(low):
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
                    and self.low(first + 1) not in lex.determiners \
                    and not self.texts[first + 1].endswith(lex.participle_endings):
                start = first + 1  # "But Yang Ki-bum, a senior researcher at X, disagreed."
                break
            if self.low(first) in lex.intro_words or self.low(first).endswith(lex.participle_endings) \
                    or self.low(first) in lex.discourse_markers \
                    or (self.texts[first].endswith(lex.past_endings) and self.texts[first][0].isupper()):
                start = last + 2
                continue
            break
        return self.np_after(start)
