"""Attribution: who said each quotation, by sieves from most to least certain.

1. a cue in the same sentence whose content holds the quote ("X said", "said X", "X said:")
2. a colon introduction earlier in the sentence ("... upon request: “...”")
3. continuation: a quote right after an attributed one, or a paragraph that only carries a quote
4. the sentence's subject, for a partial quote with no cue ("The leader gave the instruction to "...")
The cue's source phrase is resolved to a speaker by name, surname, pronoun or nominal
("the ministry", "the department director"); the rule names the weakest link used.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .affiliation import Registry, Speaker, fold, strip_possessive
from .indirect import Cue, Frame, IndirectQuote, _Reader, _char_span
from .lexicon import Lexicon
from .quotes import QuoteSpan, word_count

CONFIDENCE = {
    "cue-same-sentence": 0.9,
    "according-to": 0.85,
    "colon-intro": 0.85,
    "surname": 0.8,
    "continuation": 0.75,
    "nominal": 0.7,
    "pronoun": 0.7,
    "sentence-subject": 0.5,
    "unattributed": 0.0,
}
# the words between two halves of one quoted sentence: ', she said in a statement, '
_INTERRUPTION = re.compile(r"\s*,?[^\S\n]*[^\s.!?:;\"“”„«»‘’'][^.!?:;\"“”„«»‘’\n]{0,80},\s*")
_AND = re.compile(r"\s+(?:and|dan|serta|&)\s+|,\s+")
_WORD_AFTER = re.compile(r"\s+([A-Za-z-]+)")
# The last word (and the spaces after it) of a string; tried only where a word starts, without backtracking
# (twice as fast as a plain ([\w-]+)[^\S\n]*$, which retries every position inside every word)
_WORD_BEFORE = re.compile(r"(?<![\w-])([\w-]++)[^\S\n]*+$")
_PERSON_HEADS_EXTRA = {"leader", "envoy", "president", "minister", "director", "spokesperson", "spokesman",
                       "official", "chief", "nominee", "lawmaker", "professor", "analyst", "expert"}


@dataclass
class Attribution:
    speaker: Speaker | None
    cue: str | None
    rule: str
    confidence: float


def _attribution(speaker: Speaker | None, cue: str | None, rule: str) -> Attribution:
    if speaker is None:
        rule = "unattributed"
    return Attribution(speaker, cue, rule, CONFIDENCE[rule])


# Documents an institution issues (as opposed to a person's speech or letter).
_ISSUED_PRODUCTS = frozenset({"report", "study", "survey", "assessment", "white paper"})


class _Resolver:
    """Turns source phrases into speakers, remembering who spoke where for pronouns and nominals."""

    def __init__(self, text: str, frames: list[Frame], registry: Registry, lexicon: Lexicon):
        self.text = text
        self.frames = frames
        self.registry = registry
        self.lex = lexicon
        self.salient_person: dict[int, Speaker] = {}  # frame -> the person it is about
        self.salient_org: dict[int, Speaker] = {}
        self.subjects: dict[int, Speaker | None] = {}  # frame -> its subject, read when first needed
        self.speakers: list[tuple[int, Speaker]] = []  # (offset, speaker) in text order
        self.anonymous: dict[str, Speaker] = {}  # role head -> last anonymous speaker with it

    def remember(self, frame: int, position: int, speaker: Speaker | None) -> None:
        if speaker is None:
            return
        self.speakers.append((position, speaker))
        if speaker.kind == "person":
            self.salient_person[frame] = speaker
        elif speaker.kind == "organization":
            self.salient_org[frame] = speaker
        elif speaker.kind == "anonymous" and speaker.role:
            self.anonymous[speaker.role.lower().rstrip("s")] = speaker
            mention = " ".join((speaker.mention or "").lower().split())
            if any(mention.startswith(d + " ") for d in self.lex.singular_determiners):
                self.salient_person[frame] = speaker  # "Seorang diplomat ... mengatakan" -> "ia", "-nya"

    def subject(self, frame: int) -> Speaker | None:
        if frame not in self.subjects:
            self.subjects[frame] = _frame_subject(self.text, self.frames[frame], self, self.lex)
        return self.subjects[frame]

    def recent(self, table: dict[int, Speaker], frame: int, reach: int = 6) -> Speaker | None:
        """The speaker (else the subject) of the nearest frame, looking back from ``frame``."""
        kind = "person" if table is self.salient_person else "organization"
        for index in range(frame, max(-1, frame - reach), -1):
            if index in table:
                return table[index]
            if index < frame:
                subject = self.subject(index)
                if subject is not None and subject.kind == kind:
                    return subject
        return None

    def resolve(self, start: int, end: int, frame: int, create: bool = True) -> tuple[Speaker | None, str]:
        """The speaker a source phrase names, and how it was found (name, surname, pronoun, nominal)."""
        text, lex, registry = self.text, self.lex, self.registry
        phrase = text[start:end].strip()
        words = phrase.split()
        if not words:
            return None, "none"
        low = [w.lower() for w in words]
        if len(words) == 1 and (low[0] in lex.pronoun_kinds or low[0] in lex.possessive_pronouns
                                or low[0] in lex.pronoun_suffixes and not text[start - 1:start].isspace()):
            kind = lex.pronoun_kinds.get(low[0]) or lex.possessive_pronouns.get(low[0]) or lex.pronoun_suffixes[low[0]]
            return self._pronoun(kind, frame, start), "pronoun"
        person = registry.person_in(start, end)
        if person:
            return registry.person_speaker(person[2], phrase), "name"
        head = _head_word(low, lex)
        org = registry.org_in(start, end)
        if org and (head not in lex.anonymous_heads and head not in lex.role_types
                    or all(w.lower() in lex.determiners for w in text[start:org[0]].split())):
            return registry.org_speaker(org[2], phrase), "name"
        if lex.state_media_re.search(phrase):
            org = registry.orgs.get("org:state media")
            if org:
                return registry.org_speaker(org, phrase), "name"
        group = self._group(phrase)
        if group:
            return group, "name"
        bare = _without_determiner(phrase, lex)
        country = lex.country_for(bare)
        if country and bare[:1].isupper():
            return Speaker(bare, "organization", "official", affiliation_country=country.name,
                           key="country:" + country.name, mention=phrase), "name"
        if head in lex.org_noun_kinds and _has_country(words, lex):  # "South Korea's military"
            return Speaker(bare, "organization", "official", key="org:" + fold(bare), mention=phrase), "name"
        if head in lex.media_heads or " ".join(low[-2:]) in lex.media_heads:
            return Speaker(bare, "group", "journalist", key="group:" + fold(bare), mention=phrase), "name"
        if head in lex.speech_products and low[0] in lex.determiners:
            if head in _ISSUED_PRODUCTS:  # "The report argues": the body that issued it, not its author
                for _, speaker in reversed(self.speakers):
                    if speaker.kind == "organization":
                        return speaker, "nominal"
            return self._last_speaker(), "nominal"
        definite = low[0] in ("the", "this", "that", "these", "those", "sang") or len(low) > 1 and low[-1] in lex.definite_after
        if definite and head in lex.org_noun_kinds:
            found = registry.last_org(start, head)
            return (registry.org_speaker(found, phrase) if found else None), "nominal"
        if low[0] in lex.singular_determiners and head not in lex.anonymous_heads and head not in lex.role_types:
            described = self._described_org(low)
            if described:
                return registry.org_speaker(described, phrase), "nominal"
        if head in lex.anonymous_heads or head in lex.role_types or head in _PERSON_HEADS_EXTRA:
            if definite:
                content = [w for w in low if w not in lex.determiners]
                person = self._nominal_person(content, head, start, frame, phrase)
                if person:
                    return person, "nominal"
            # "a veteran negotiator", or "the negotiator" with no antecedent: described, not named
            return self._anonymous(phrase, start, end, head), "name"
        return self._named(phrase, start, create)

    def _described_org(self, low: list[str]):
        """"a state-funded think tank in Seoul said": an organization described, not named, is the one
        organization of that kind the article names (none when it names several)."""
        lex = self.lex
        words = []
        for word in low[1:]:
            if word in lex.adjunct_prepositions or word in ("of", "for", "at"):
                break
            words.append(word)
        kind = None
        for size in (2, 1):
            if len(words) >= size and " ".join(words[-size:]) in lex.org_noun_kinds:
                kind = lex.org_noun_kinds[" ".join(words[-size:])]
                break
        if kind is None:
            return None
        found = {id(org): org for _, _, org in self.registry.org_mentions if org.kind == kind}
        return next(iter(found.values())) if len(found) == 1 else None

    def _named(self, phrase: str, start: int, create: bool) -> tuple[Speaker | None, str]:
        """A capitalised name the registry did not list: a surname, or a new person."""
        registry, lex = self.registry, self.lex
        name = strip_possessive(_without_determiner(phrase, lex))
        words = name.split()
        while len(words) > 1 and words[0] in lex.honorifics:
            words = words[1:]  # "Mr. Kang" is Kang
            name = " ".join(words)
        if not words or not all(w[:1].isupper() for w in words) or name in lex.places:
            return None, "none"
        if len(words) == 1:
            person = registry.person_by_surname(name, start)
            if person:
                registry.mention_person(person, start)
                return registry.person_speaker(person, phrase), "surname"
        person = registry.person_named(name)
        if person is None and not create:
            return None, "none"
        if person is None:
            registry_start = self.text.find(name, start)
            if registry_start < 0:
                return None, "none"
            person = registry._add_person(registry_start, registry_start + len(name))
        return registry.person_speaker(person, phrase), "name"

    def _pronoun(self, kind: str, frame: int, position: int) -> Speaker | None:
        if kind == "person":
            found = self.recent(self.salient_person, frame)
            if found:
                return found
            person = self.registry.last_person(position)
            return self.registry.person_speaker(person, "") if person else None
        if kind == "organization":
            return self.recent(self.salient_org, frame, 4)
        for _, speaker in reversed(self.speakers):
            if speaker.kind in ("group", "anonymous", "organization"):
                return speaker
        return None

    def _last_speaker(self) -> Speaker | None:
        return self.speakers[-1][1] if self.speakers else None

    def _nominal_person(self, words: list[str], head: str, position: int, frame: int, phrase: str) -> Speaker | None:
        """"the department director" -> the person with that role; "the official" -> the anonymous one."""
        anonymous = self.anonymous.get(head.rstrip("s"))
        if anonymous and len(words) <= 2:
            return anonymous
        keys = [w for w in words if w not in self.lex.role_modifiers or w == head]
        person = self.registry.persons_with_role([strip_possessive(w) for w in keys], position)
        if person:
            return self.registry.person_speaker(person, phrase)
        if anonymous:
            return anonymous
        person = self.registry.persons_with_role([head], position)
        if person:
            return self.registry.person_speaker(person, phrase)
        recent = self.recent(self.salient_person, frame)
        country = _phrase_country(phrase.split(), self.lex)
        if recent is not None and country and recent.affiliation_country and recent.affiliation_country != country.name:
            return None  # "the North's defense minister" is not the South Korean spokesperson quoted before
        return recent

    def _anonymous(self, phrase: str, start: int, end: int, head: str) -> Speaker:
        """"a ministry official" -> no name, role "official", the ministry the article is about."""
        registry = self.registry
        orgs = registry.orgs_in(start, end)
        org = orgs[-1] if orgs else None
        if org is None:
            for word in phrase.lower().split()[:-1]:
                if word in self.lex.org_noun_kinds:
                    org = registry.last_org(start, word)
                    if org:
                        break
        return registry.anonymous_speaker(head, org, phrase)

    def _group(self, phrase: str) -> Speaker | None:
        """"The US and South Korea", "Seoul dan Washington": several sources speaking together."""
        parts = [p for p in _AND.split(phrase) if p]
        if len(parts) < 2:
            return None
        members = [_without_determiner(p, self.lex) for p in parts]
        if all(self.lex.country_for(m) or self.lex.org_for(m) for m in members):
            name = _without_determiner(phrase, self.lex) if phrase[:4].lower() != "the " else phrase
            return Speaker(name, "group", "official", key="group:" + fold(name), mention=phrase)
        return None


def _resolve_cue(resolver: _Resolver, cue: Cue, frame: int) -> tuple[Speaker | None, str]:
    """The cue's speaker; a relaying outlet speaks when the source it cites is unnamed
    ("Yonhap, mengutip sumber pemerintah, melaporkan": Yonhap)."""
    if not cue.source:
        return None, "none"
    found = resolver.resolve(*cue.source, frame)
    if cue.relayed_by and (found[0] is None or found[0].kind == "anonymous"):
        relay = resolver.resolve(*cue.relayed_by, frame)
        if relay[0] is not None:
            return relay
    return found


def _phrase_country(words: list[str], lex: Lexicon):
    """The country a phrase names ("the North's", "South Korean", "Russia's"), if any."""
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            country = lex.country_for(strip_possessive(" ".join(words[i:i + size])))
            if country:
                return country
    return None


def _has_country(words: list[str], lex: Lexicon) -> bool:
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            if lex.country_for(strip_possessive(" ".join(words[i:i + size]))):
                return True
    return False


def _head_word(words: list[str], lex: Lexicon) -> str:
    """The noun a phrase is about: "an official at South Korea's unification ministry" -> "official"."""
    for index, word in enumerate(words[1:], 1):
        if word in ("at", "of", "for", "from", "with", "in", "within", "di", "dari") and (
                words[index - 1] in lex.anonymous_heads or words[index - 1] in lex.role_types):
            return words[index - 1]
    if lex.head_first:  # "seorang diplomat kementerian luar negeri ri", "harian milik partai buruh korea itu"
        content = [w for w in words if w not in lex.determiners]
        for size in (2, 1):
            first = " ".join(content[:size])
            if len(content) > size and (first in lex.anonymous_heads or first in lex.role_types
                                        or first in lex.org_noun_kinds or first in lex.media_heads):
                return first
    return strip_possessive(words[-1])


def _without_determiner(phrase: str, lex: Lexicon) -> str:
    words = phrase.split()
    while len(words) > 1 and words[0].lower() in lex.determiners:
        words = words[1:]
    return " ".join(words)


def _cue_text(text: str, cue: Cue) -> str:
    return " ".join(text[cue.start:cue.end].split())


def _rule_for(cue: Cue, how: str) -> str:
    if how in ("surname", "pronoun", "nominal"):
        return how
    if cue.verb_class == "according":
        return "according-to"
    if cue.colon:
        return "colon-intro"
    return "cue-same-sentence"


def _names_a_term(text: str, quote: QuoteSpan, lexicon: Lexicon) -> bool:
    """"the 'strategic partnership' treaty": a short quoted phrase naming a thing, not a quotation."""
    if not quote.closed:
        return False
    following = _WORD_AFTER.match(text[quote.close:quote.close + 30])
    if not following or following.group(1).lower() not in lexicon.term_heads:
        return False
    return word_count(text[quote.start:quote.end]) <= 3  # counted last: most quotes fail the cheaper tests


def _after_title_marker(text: str, quote: QuoteSpan, lexicon: Lexicon) -> bool:
    """A seminar "bertajuk "…"": the quoted words are a title, not a quotation."""
    before = _WORD_BEFORE.search(text[max(0, quote.open - 30):quote.open])  # "titled", "so-called"
    return bool(before) and before.group(1).lower() in lexicon.title_markers


def _title_like(words: list[str]) -> bool:
    return len(words) <= 8 and all(w[:1].isupper() or w.lower() in ("of", "the", "and", "a", "in", "on", "for", "to") for w in words)


def attribute(text: str, frames: list[Frame], quotes: list[QuoteSpan], cues: list[Cue],
              indirect: list[IndirectQuote], registry: Registry, lexicon: Lexicon
              ) -> tuple[dict[int, Attribution], dict[int, Attribution]]:
    """Attributions for the direct quotes (by index; dropped scare quotes are absent) and the indirect ones."""
    resolver = _Resolver(text, frames, registry, lexicon)
    cues_by_frame: dict[int, list[Cue]] = {}
    for cue in cues:
        cues_by_frame.setdefault(cue.frame, []).append(cue)
    indirect_by_frame: dict[int, list[int]] = {}
    for index, report in enumerate(indirect):
        indirect_by_frame.setdefault(report.frame, []).append(index)
    direct: dict[int, Attribution] = {}
    reported: dict[int, Attribution] = {}
    previous: tuple[int, Attribution] | None = None  # (quote index, attribution) of the last direct quote
    last_frame_of_line: dict[int, int] = {}
    for frame in frames:
        last_frame_of_line[frame.line] = frame.index
    for frame in frames:
        local = cues_by_frame.get(frame.index, [])
        resolved: dict[int, tuple[Speaker | None, str]] = {}
        for cue in local:
            resolved[id(cue)] = _resolve_cue(resolver, cue, frame.index)
        for q in frame.quotes:
            quote = quotes[q]
            if _names_a_term(text, quote, lexicon) or _after_title_marker(text, quote, lexicon):
                continue
            found = _containing_cue(local, quote)
            if found is None:
                found = _colon_cue(text, local, quote)
            if found is None and quote.opens_line and quote.line - 1 in last_frame_of_line:
                # "Hwang told reporters:" ending the paragraph before the quote
                before = last_frame_of_line[quote.line - 1]
                found = _colon_cue(text, cues_by_frame.get(before, []), quote)
                if found is not None and id(found) not in resolved:
                    resolved[id(found)] = _resolve_cue(resolver, found, before)
            if found is not None:
                speaker, how = resolved[id(found)]
                attribution = _attribution(speaker, _cue_text(text, found), _rule_for(found, how))
            elif previous and _continues(quotes, frames, previous[0], q, last_frame_of_line, text):
                before = previous[1]
                same_line = quotes[previous[0]].line == quote.line
                attribution = Attribution(before.speaker, before.cue if same_line else None, "continuation",
                                          CONFIDENCE["continuation"] if before.speaker else 0.0)
            else:
                speaker = resolver.subject(frame.index) if quote.open > frame.start else None
                attribution = _attribution(speaker, None, "sentence-subject")
            if attribution.speaker is None:
                words = text[quote.start:quote.end].split()
                if len(words) <= 3 or _title_like(words):
                    continue  # a scare quote, a title or a nickname
            direct[q] = attribution
            previous = (q, attribution)
            resolver.remember(frame.index, quote.open, attribution.speaker)
        for index in indirect_by_frame.get(frame.index, []):
            cue = indirect[index].cue
            speaker, how = resolved.get(id(cue), (None, "none"))
            if speaker is None:
                continue
            reported[index] = _attribution(speaker, _cue_text(text, cue), _rule_for(cue, how))
        for cue in local:
            resolver.remember(frame.index, cue.start, resolved[id(cue)][0])
    _continue_backwards(quotes, direct)
    return direct, reported


def _continue_backwards(quotes: list[QuoteSpan], direct: dict[int, Attribution]) -> None:
    """"P1 … (unclosed)" then "P2," she said: a paragraph left open speaks with the one that closes it."""
    following: Attribution | None = None
    for q in sorted(direct, reverse=True):
        quote, attribution = quotes[q], direct[q]
        if attribution.speaker is None and not quote.closed and following is not None \
                and following.speaker is not None and q + 1 in direct and quotes[q + 1].opens_line \
                and quotes[q + 1].line == quote.line + 1:
            attribution = direct[q] = Attribution(following.speaker, None, "continuation", CONFIDENCE["continuation"])
        following = attribution


def _containing_cue(cues: list[Cue], quote: QuoteSpan) -> Cue | None:
    """The cue whose content holds the quote: a cue after its clause first, else the innermost."""
    holding = [c for c in cues if c.content and c.content[0] <= quote.open and quote.close <= c.content[1] + 1
               and c.source is not None]
    if not holding:
        return None
    before = [c for c in holding if c.content_before]
    if before:
        return before[-1]
    return min(holding, key=lambda c: c.content[1] - c.content[0])


def _colon_cue(text: str, cues: list[Cue], quote: QuoteSpan) -> Cue | None:
    """"... upon request: “The South Koreans ...”": the last cue before the colon speaks."""
    k = quote.open - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    if k < 0 or text[k] != ":":
        return None
    earlier = [c for c in cues if c.end <= quote.open and c.source is not None]
    if not earlier:
        return None
    earlier[-1].colon = True
    return earlier[-1]


def _continues(quotes: list[QuoteSpan], frames: list[Frame], before: int, current: int,
               last_frame_of_line: dict[int, int], text: str = "") -> bool:
    """Is quote ``current`` the same voice as quote ``before`` (an interrupted or multi-paragraph quote)?"""
    earlier, quote = quotes[before], quotes[current]
    earlier_frame = _frame_of(frames, earlier.open)
    frame = _frame_of(frames, quote.open)
    if earlier.line == quote.line:
        if frame == earlier_frame and _INTERRUPTION.fullmatch(text, earlier.close, quote.open):
            return True  # '"We are ready," she said, "to respond."': the attribution splits one sentence
        return frame - earlier_frame <= 1 and quote.open == frames[frame].start
    return quote.opens_line and earlier.line == quote.line - 1 and earlier_frame == last_frame_of_line.get(earlier.line)


def _frame_of(frames: list[Frame], offset: int) -> int:
    low, high = 0, len(frames) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if frames[middle].start <= offset:
            low = middle
        else:
            high = middle - 1
    return low


def _frame_subject(text: str, frame: Frame, resolver: _Resolver, lexicon: Lexicon) -> Speaker | None:
    """The sentence's subject when it names a known person or organization."""
    reader = _Reader(frame, lexicon)
    span = reader.frame_subject()
    if not span:
        return None
    start, end = _char_span(frame.tokens, *span)
    if frame.tokens.lows[span[0]] in lexicon.pronoun_kinds:
        return None
    speaker, how = resolver.resolve(start, end, frame.index, create=False)
    if speaker is None or speaker.kind not in ("person", "organization") or how == "none":
        return None
    return speaker
