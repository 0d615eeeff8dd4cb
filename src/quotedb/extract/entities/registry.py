"""The people and organizations of one article, and the questions later stages ask about them.

The entities stage fills a ``Registry`` (see ``organizations`` and ``people``); after it, the
registry is only read.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from ...lang import Country, LanguagePack
from ...lexicon import one_of
from .names import fold, strip_possessive

ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z&]{1,9})\)")


@functools.cache  # once per language pack
def _name_of(lex: LanguagePack) -> re.Pattern:
    """"NAME of the Democratic Party", "NAME from Yonsei University": a name's link to its organization."""
    space = r"[^\S\n]+"
    return re.compile(rf"{space}{one_of(lex.name_links)}{space}(?:{one_of(lex.definite_articles)}{space})?(?=[A-Z])")


@dataclass(eq=False)
class Org:
    key: str
    name: str  # the fullest name written in the article
    kind: str
    acronym: str | None = None
    country: str | None = None
    state_media: bool = False
    forms: set[str] = field(default_factory=set)
    positions: list[int] = field(default_factory=list)


@dataclass(eq=False)
class Person:
    key: str
    name: str  # the fullest name written in the article
    surname: str
    role: str | None = None
    affiliation: Org | None = None
    country: Country | None = None  # affiliation when it is a state ("Russian President")
    title_type: str | None = None  # from an abbreviated title ("Rep.")
    forms: set[str] = field(default_factory=set)
    positions: list[int] = field(default_factory=list)


def _own_lists(person: Person) -> Person:
    """A copy of the person whose forms and positions may grow without changing the original (built
    from its fields directly: copy.copy costs more than the rest of the working copy)."""
    clone = object.__new__(Person)
    clone.__dict__.update(person.__dict__, forms=set(person.forms), positions=list(person.positions))
    return clone


class Registry:
    """The organizations and people of one article."""

    def __init__(self, text: str, lexicon: LanguagePack):
        self.text = text
        self.lex = lexicon
        self.orgs: dict[str, Org] = {}
        self.org_mentions: list[tuple[int, int, Org]] = []
        self.persons: dict[str, Person] = {}
        self.person_mentions: list[tuple[int, int, Person]] = []

    def working_copy(self) -> Registry:
        """A copy whose people the attribution stage may add to and mention (``people.add_person``,
        ``mention_person``) while this registry, the entities layer, stays as the entities stage left
        it. The organizations are shared: nothing after that stage adds or changes one."""
        copy = Registry(self.text, self.lex)
        copy.orgs, copy.org_mentions = self.orgs, self.org_mentions
        people = {id(p): _own_lists(p) for p in self.persons.values()}
        copy.persons = {key: people[id(p)] for key, p in self.persons.items()}
        copy.person_mentions = [(start, end, people[id(p)]) for start, end, p in self.person_mentions]
        return copy

    # ---- questions the later stages ask -------------------------------------------------
    def person_named(self, name: str) -> Person | None:
        return self.persons.get("person:" + fold(strip_possessive(name), self.lex.definite_articles))

    def short_names(self, person: Person) -> set[str]:
        """What a later mention may call the person: the surname, or in a language that refers to people
        by any part of their name ("Dimas" for "Dimas Prasetyo Wibowo") every part, Korean names excepted."""
        words = person.name.split()
        if self.lex.short_names != "any part" or len(words) >= 2 and words[0] in self.lex.korean_surnames \
                and person.surname == words[0]:
            return {person.surname}
        return {w for w in words if w[:1].isupper()} | {person.surname}

    def person_by_surname(self, surname: str, before: int) -> Person | None:
        """The person with this surname mentioned most recently before ``before`` (else first after)."""
        surname = strip_possessive(surname)
        candidates = [p for p in self.persons.values() if " " in p.name and surname in self.short_names(p)]
        if not candidates:
            return None

        def last_before(person: Person) -> int:
            index = bisect.bisect_left(person.positions, before)
            return person.positions[index - 1] if index else -1

        best = max(candidates, key=last_before)
        if last_before(best) < 0:
            best = min(candidates, key=lambda p: p.positions[0] if p.positions else len(self.text))
        return best

    def mention_person(self, person: Person, position: int) -> None:
        """A resolved surname or pronoun counts as a mention for later questions."""
        bisect.insort(person.positions, position)

    def person_in(self, start: int, end: int) -> tuple[int, int, Person] | None:
        """The person named at the end of text[start:end] ("Kremlin spokesperson Dmitry Peskov")."""
        index = bisect.bisect_left(self.person_mentions, (start, -1))
        best = None
        while index < len(self.person_mentions) and self.person_mentions[index][0] < end:
            mention = self.person_mentions[index]
            if mention[1] <= end and (not self.text[mention[1]:end].strip(" ,'’s")
                                      or self.org_after_name(mention[1], end) is not None):
                best = mention
            index += 1
        return best

    def org_mention_after(self, position: int) -> int | None:
        """The end of an organization's mention linked by "of/from (the)" at ``position``."""
        link = _name_of(self.lex).match(self.text, position)
        if not link:
            return None
        index = bisect.bisect_left(self.org_mentions, (link.end(), -10**12))
        if index < len(self.org_mentions) and self.org_mentions[index][0] == link.end():
            return self.org_mentions[index][1]
        return None

    def org_after_name(self, position: int, end: int | None = None) -> Org | None:
        """"NAME of the Democratic Party", "NAME from Yonsei University": the organization right after
        a name (ending exactly at ``end`` when given)."""
        link = _name_of(self.lex).match(self.text, position)
        if not link:
            return None
        index = bisect.bisect_left(self.org_mentions, (link.end(), -10**12))
        while index < len(self.org_mentions) and self.org_mentions[index][0] == link.end():
            mention_start, mention_end, org = self.org_mentions[index]
            if end is None or mention_end == end or not self.text[mention_end:end].strip(" ,'’s"):
                return org
            index += 1
        return None

    def org_in(self, start: int, end: int) -> tuple[int, int, Org] | None:
        """The organization whose mention ends text[start:end] (a trailing "newspaper" allowed)."""
        for mention in self.orgs_between(start, end):  # the earliest start covers the most
            tail = self.text[mention[1]:end].strip().lower()
            if not tail or tail in self.lex.media_tails:
                return mention
            bracket = ACRONYM_AFTER.match(self.text, mention[1])  # "Kepala Staf Gabungan (JCS) Korea Selatan"
            where = self.text[bracket.end():end].split() if bracket else []
            if bracket and (self.lex.country_for(" ".join(where)) or 0 < len(where) <= 3 and all(w[:1].isupper() for w in where)):
                return mention  # the country or region the organization belongs to
        return None

    def orgs_in(self, start: int, end: int) -> list[Org]:
        return [org for _, _, org in self.orgs_between(start, end)]

    def last_org(self, before: int, noun: str) -> Org | None:
        """The organization a common noun points back to ("the ministry", "the daily")."""
        kind = self.lex.org_noun_kinds.get(noun)
        index = bisect.bisect_left(self.org_mentions, (before, -1))
        for mention_start, _, org in reversed(self.org_mentions[:index]):
            if noun in org.name.lower().split() or kind and org.kind == kind or (
                    noun in self.lex.newspaper_nouns and org.state_media
                    and not any(word in org.name.lower() for word in self.lex.news_agency_words)):
                return org
        return None

    def persons_with_role(self, words: list[str], before: int) -> Person | None:
        """The person whose role holds these words, mentioned most recently ("the department director")."""
        best, best_position = None, -1
        for person in self.persons.values():
            role = " ".join(filter(None, [person.role, person.country.name if person.country else None,
                                          *(d for d in (person.country.demonyms if person.country else ()))])).lower()
            if not role or not all(w in role for w in words):
                continue
            index = bisect.bisect_left(person.positions, before)
            position = person.positions[index - 1] if index else -1
            if position > best_position:
                best, best_position = person, position
        return best

    def last_person(self, before: int) -> Person | None:
        index = bisect.bisect_left(self.person_mentions, (before, -1))
        return self.person_mentions[index - 1][2] if index else None

    def orgs_between(self, start: int, end: int):
        index = bisect.bisect_left(self.org_mentions, (start, -1))
        out = []
        while index < len(self.org_mentions) and self.org_mentions[index][0] < end:
            if self.org_mentions[index][1] <= end:
                out.append(self.org_mentions[index])
            index += 1
        return out

    def org_at(self, start: int, end: int) -> Org | None:
        """The organization whose mention covers text[start:end]."""
        index = bisect.bisect_right(self.org_mentions, (start, 10**12))
        for mention_start, mention_end, org in reversed(self.org_mentions[max(0, index - 8):index]):
            if mention_start <= start and end <= mention_end:
                return org
        return None
