"""Resolving a source phrase to a speaker: by name, surname, pronoun or nominal ("the ministry",
"the department director"), remembering who spoke where for the pronouns and nominals after it.
"""
from __future__ import annotations

import functools
import re

from ...lang import LanguagePack
from ...lexicon import one_of
from ..cues import Cue
from ..entities import (
    Registry,
    Speaker,
    add_person,
    anonymous_speaker,
    fold,
    org_speaker,
    person_speaker,
    strip_possessive,
)
from ..frames import Frame, char_span
from ..phrases import PhraseReader


@functools.cache  # once per language pack
def _group_split(lex: LanguagePack) -> re.Pattern:
    """Where a phrase naming several sources splits: "The US and South Korea", "Seoul dan Washington"."""
    return re.compile(rf"\s+{one_of(lex.group_joiners)}\s+|,\s+")


class Resolver:
    """Turns source phrases into speakers, remembering who spoke where for pronouns and nominals."""

    def __init__(self, text: str, frames: list[Frame], registry: Registry, lexicon: LanguagePack):
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
            self.anonymous[speaker.role.lower().rstrip(self.lex.singular_strip)] = speaker
            mention = " ".join((speaker.mention or "").lower().split())
            if any(mention.startswith(d + " ") for d in self.lex.singular_determiners):
                self.salient_person[frame] = speaker  # "Seorang diplomat ... mengatakan" -> "ia", "-nya"

    def subject(self, frame: int) -> Speaker | None:
        if frame not in self.subjects:
            self.subjects[frame] = frame_subject(self.text, self.frames[frame], self, self.lex)
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
            return person_speaker(person[2], phrase, self.lex), "name"
        head = _head_word(low, lex)
        org = registry.org_in(start, end)
        if org and (head not in lex.anonymous_heads and head not in lex.role_types
                    or all(w.lower() in lex.determiners for w in text[start:org[0]].split())):
            return org_speaker(org[2], phrase, self.lex), "name"
        if lex.state_media_re.search(phrase):
            org = registry.orgs.get("org:state media")
            if org:
                return org_speaker(org, phrase, self.lex), "name"
        group = self._group(phrase)
        if group:
            return group, "name"
        bare = _without_determiner(phrase, lex)
        country = lex.country_for(bare)
        if country and bare[:1].isupper():
            return Speaker(bare, "organization", "official", affiliation_country=country.name,
                           key="country:" + country.name, mention=phrase), "name"
        if head in lex.org_noun_kinds and _has_country(words, lex):  # "South Korea's military"
            return Speaker(bare, "organization", "official", key="org:" + fold(bare, lex.definite_articles), mention=phrase), "name"
        if head in lex.media_heads or " ".join(low[-2:]) in lex.media_heads:
            return Speaker(bare, "group", "journalist", key="group:" + fold(bare, lex.definite_articles), mention=phrase), "name"
        if head in lex.speech_products and low[0] in lex.determiners:
            if head in lex.issued_products:  # "The report argues": the body that issued it, not its author
                for _, speaker in reversed(self.speakers):
                    if speaker.kind == "organization":
                        return speaker, "nominal"
            return self._last_speaker(), "nominal"
        definite = low[0] in lex.definite_determiners or len(low) > 1 and low[-1] in lex.definite_after
        if definite and head in lex.org_noun_kinds:
            found = registry.last_org(start, head)
            return (org_speaker(found, phrase, self.lex) if found else None), "nominal"
        if low[0] in lex.singular_determiners and head not in lex.anonymous_heads and head not in lex.role_types:
            described = self._described_org(low)
            if described:
                return org_speaker(described, phrase, self.lex), "nominal"
        if head in lex.anonymous_heads or head in lex.role_types or head in lex.person_heads:
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
            if word in lex.adjunct_prepositions or word in lex.org_description_links:
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
                return person_speaker(person, phrase, self.lex), "surname"
        person = registry.person_named(name)
        if person is None and not create:
            return None, "none"
        if person is None:
            registry_start = self.text.find(name, start)
            if registry_start < 0:
                return None, "none"
            person = add_person(registry, registry_start, registry_start + len(name))
        return person_speaker(person, phrase, self.lex), "name"

    def _pronoun(self, kind: str, frame: int, position: int) -> Speaker | None:
        if kind == "person":
            found = self.recent(self.salient_person, frame)
            if found:
                return found
            person = self.registry.last_person(position)
            return person_speaker(person, "", self.lex) if person else None
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
        anonymous = self.anonymous.get(head.rstrip(self.lex.singular_strip))
        if anonymous and len(words) <= 2:
            return anonymous
        keys = [w for w in words if w not in self.lex.role_modifiers or w == head]
        person = self.registry.persons_with_role([strip_possessive(w) for w in keys], position)
        if person:
            return person_speaker(person, phrase, self.lex)
        if anonymous:
            return anonymous
        person = self.registry.persons_with_role([head], position)
        if person:
            return person_speaker(person, phrase, self.lex)
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
        return anonymous_speaker(head, org, phrase, self.lex)

    def _group(self, phrase: str) -> Speaker | None:
        """"The US and South Korea", "Seoul dan Washington": several sources speaking together."""
        parts = [p for p in _group_split(self.lex).split(phrase) if p]
        if len(parts) < 2:
            return None
        members = [_without_determiner(p, self.lex) for p in parts]
        if all(self.lex.country_for(m) or self.lex.org_for(m) for m in members):
            name = phrase if _starts_with_article(phrase, self.lex) else _without_determiner(phrase, self.lex)
            return Speaker(name, "group", "official", key="group:" + fold(name, self.lex.definite_articles), mention=phrase)
        return None


def resolve_cue(resolver: Resolver, cue: Cue, frame: int) -> tuple[Speaker | None, str]:
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


def _phrase_country(words: list[str], lex: LanguagePack):
    """The country a phrase names ("the North's", "South Korean", "Russia's"), if any."""
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            country = lex.country_for(strip_possessive(" ".join(words[i:i + size])))
            if country:
                return country
    return None


def _has_country(words: list[str], lex: LanguagePack) -> bool:
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            if lex.country_for(strip_possessive(" ".join(words[i:i + size]))):
                return True
    return False


def _head_word(words: list[str], lex: LanguagePack) -> str:
    """The noun a phrase is about: "an official at South Korea's unification ministry" -> "official"."""
    for index, word in enumerate(words[1:], 1):
        if word in lex.role_head_links and (
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


def _starts_with_article(phrase: str, lex: LanguagePack) -> bool:
    """"The US and South Korea": a phrase opening with a definite article."""
    return any(phrase[:len(article) + 1].lower() == article + " " for article in lex.definite_articles)


def _without_determiner(phrase: str, lex: LanguagePack) -> str:
    words = phrase.split()
    while len(words) > 1 and words[0].lower() in lex.determiners:
        words = words[1:]
    return " ".join(words)


def frame_subject(text: str, frame: Frame, resolver: Resolver, lexicon: LanguagePack) -> Speaker | None:
    """The sentence's subject when it names a known person or organization."""
    reader = PhraseReader(frame, lexicon)
    span = reader.frame_subject()
    if not span:
        return None
    start, end = char_span(frame.tokens, *span)
    if frame.tokens.lows[span[0]] in lexicon.pronoun_kinds:
        return None
    speaker, how = resolver.resolve(start, end, frame.index, create=False)
    if speaker is None or speaker.kind not in ("person", "organization") or how == "none":
        return None
    return speaker
