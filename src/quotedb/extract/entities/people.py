"""People of one article: names with their titles and appositions, Korean names, names the NER
found; surnames merged into full names; every place a full name is written.
"""
from __future__ import annotations

import bisect
import functools
import re
from typing import NamedTuple

from ...lang import LanguagePack
from ...lexicon import one_of, word_start_spans
from .names import covered, fold, name_after, name_char, strip_leading
from .registry import Org, Person, Registry
from .roles import COMMA, apposition, read_role, role_before


class _Patterns(NamedTuple):
    name_before_comma: re.Pattern  # "Hong Min, a senior research fellow at X,"
    role_tail: re.Pattern  # "spokesperson for the Unification Ministry, NAME"
    name_end: re.Pattern  # what may follow a name read after a title: a comma, "and", a period


@functools.cache  # once per language pack
def _patterns(lex: LanguagePack) -> _Patterns:
    space = r"[^\S\n]++"
    return _Patterns(
        # capitalised words (and name particles) followed by a comma: a name that may carry an apposition.
        # The word-start check follows the first capital (a two-character look-behind) so that re skips
        # from capital to capital. The quantifiers are possessive: giving back a character or a word can
        # never put the comma next, and without backtracking a capitalised run that ends elsewhere fails
        # at once.
        re.compile(rf"[A-Z](?<![\w'’.-][A-Z])[\w'’\-]*+(?:{space}(?:[A-Z][\w'’\-.]*+|{one_of(lex.name_particles)}))*+(?=,)"),
        # Possessive spaces and words: a word or a run of spaces given back leaves a word character or a
        # space where the next part needs the other, so only the counts of words are worth backtracking over.
        re.compile(rf"(?:{space}[a-z][\w-]*+){{0,3}}"
                   rf"(?:{space}{one_of(lex.role_tail_links)}(?:{space}{one_of(lex.definite_articles)})?)?"
                   rf"(?:{space}[A-Z][\w'’.\-]*+(?:{space}{one_of(lex.name_joiners)}(?=[^\S\n]+[A-Z]))?){{1,8}}(?=,)"),
        re.compile(rf"\s*(?:,|\)|{one_of(lex.name_list_joiners)}\b|\.|$)"),
    )


def find_people(registry: Registry, entities) -> None:
    """Names with their titles and appositions; the first description in the article wins."""
    text, lex = registry.text, registry.lex
    seen: set[tuple[int, int]] = set()
    found: list[tuple] = []  # (span, role, role_start, title_type, org)
    # titles before names: "Kremlin spokesperson Dmitry Peskov", "Presiden Korea Selatan Yoon Suk Yeol"
    titles = list(word_start_spans(text, lex.title_re, lex.title_after_break_re))
    for title_start, title_end in titles:
        if text[title_end:title_end + 1] != " ":
            continue
        after = title_end + 1
        country = lex.country_re.match(text, after) if lex.country_after_head else None
        if country:
            after = country.end() + 1
        if lex.head_first:  # "Sekretaris Jenderal PBB Antonio Guterres": the organization, then the name
            index = bisect.bisect_left(registry.org_mentions, (after, -10**12))
            if index < len(registry.org_mentions) and registry.org_mentions[index][0] == after \
                    and text[registry.org_mentions[index][1]:registry.org_mentions[index][1] + 1] == " ":
                after = registry.org_mentions[index][1] + 1
        of_org = registry.org_mention_after(title_end)
        if of_org is not None and text[of_org:of_org + 1] == " ":
            after = of_org + 1  # "Director of the Eurasia Policy Center NAME"
        span = name_after(registry, after)
        if not span:
            continue
        role_start, before = role_before(registry, title_start)
        title = text[title_start:title_end]
        title_type = lex.titles.get(title if title.endswith(".") else title + ".")
        role = text[role_start:after].strip() if not title_type else (before or None)
        found.append((span, role, role_start, title_type, None))
        seen.add(span)
    for match in lex.korean_name_re.finditer(text):
        if match.group().split()[-1] not in lex.not_given_names and not covered(seen, match.start(), match.end()):
            found.append((match.span(), None, None, None, None))
            seen.add(match.span())
    for start, end, label in entities:  # names the rules missed; theirs win where both saw one
        if label in ("PERSON", "PER") and not any(s < end and start < e for s, e in seen):
            found.append(((start, end), None, None, None, None))
            seen.add((start, end))
    # appositions: "Hong Min, a senior research fellow at X," / "Rep. Kim Gunn, who served as ..."
    patterns = _patterns(lex)
    for match in patterns.name_before_comma.finditer(text):
        end = match.end()
        phrase, name_start = strip_leading(registry.lex, match.group(), match.start())  # "But NAME, a ..."
        word_count = len(phrase.split())
        if word_count > 4 or word_count == 1 and not covered(seen, name_start, end):
            continue  # a lone word ("China, ...") is a name only where a title or a full name covers it
        span = name_after(registry, name_start)
        if not span or span[1] != end:
            continue
        words = text[span[0]:span[1]].split()
        known = any(s[0] <= span[0] and span[1] <= s[1] for s in seen)
        if len(words) < 2 and not known:
            continue
        described = apposition(registry, end)
        if described:
            role, role_start, org = described
            found.append((span, role, role_start, None, org))
            seen.add(span)
    # reverse appositions: "Russia's top security official, Sergei Shoigu,"
    name_end_reach = max(map(len, lex.name_list_joiners), default=0) + 2  # "and" after a space, and one more
    for title_start, title_end in titles:
        if text[title_start:title_end].endswith("."):
            continue
        tail = patterns.role_tail.match(text, title_end)  # "spokesperson for the Unification Ministry, NAME"
        after = COMMA.match(text, tail.end() if tail else title_end)
        if not after:
            continue
        span = name_after(registry, after.end())
        if not span or not patterns.name_end.match(text[span[1]:span[1] + name_end_reach]):
            continue
        if len(text[span[0]:span[1]].split()) < 2 and not covered(seen, *span):
            continue
        role_start, _ = role_before(registry, title_start)
        found.append((span, text[role_start:after.start()], role_start, None, None))
    for span, role, role_start, title_type, org in sorted(found, key=lambda f: f[0][0]):
        org = org or registry.org_after_name(span[1])
        add_person(registry, *span, role=role, role_start=role_start, title_type=title_type, org=org)
    _merge_surnames(registry)
    _find_person_mentions(registry)


def add_person(registry: Registry, start: int, end: int, role: str | None = None, role_start: int | None = None,
               title_type: str | None = None, org: Org | None = None) -> Person:
    name = registry.text[start:end]
    key = "person:" + fold(name, registry.lex.definite_articles)
    person = registry.persons.get(key)
    if person is None:
        words = name.split()
        korean = len(words) >= 2 and words[0] in registry.lex.korean_surnames
        person = Person(key, name, words[0] if korean else words[-1])
        registry.persons[key] = person
    person.forms.add(name)
    if len(name) > len(person.name):
        person.name = name
    if role and (person.role is None or person.affiliation is None and person.country is None):
        role, org, country = read_role(registry, role, role_start, org)
        person.role = person.role or role
        if person.affiliation is None and person.country is None:
            person.affiliation, person.country = org, country
    elif org and person.affiliation is None and person.country is None:
        person.affiliation = org  # "Rep. NAME of the Democratic Party"
    if title_type and not person.title_type:
        person.title_type = title_type
    person.positions.append(start)
    registry.person_mentions.append((start, end, person))
    return person


def _merge_surnames(registry: Registry) -> None:
    """"Secretary Shoigu" is "Sergei Shoigu" when the article names him in full."""
    for key, person in list(registry.persons.items()):
        if " " in person.name:
            continue
        fuller = [p for p in registry.persons.values() if " " in p.name and person.name in registry.short_names(p)]
        if len(fuller) == 1:
            target = fuller[0]
            target.forms |= person.forms
            target.role = target.role or person.role
            target.affiliation = target.affiliation or person.affiliation
            target.country = target.country or person.country
            target.title_type = target.title_type or person.title_type
            del registry.persons[key]
            registry.person_mentions = [(s, e, target if p is person else p) for s, e, p in registry.person_mentions]


def _find_person_mentions(registry: Registry) -> None:
    """Every place a full name is written, for "the most recently mentioned" questions."""
    text = registry.text
    forms = {form: person for person in registry.persons.values() for form in person.forms if " " in form}
    found = []
    for form, person in forms.items():  # str.find: a regex of this article's names costs more to compile
        start = text.find(form)
        while start >= 0:
            end = start + len(form)
            if not name_char(text[start - 1:start]) and not name_char(text[end:end + 1]):
                found.append((start, end, person))
            start = text.find(form, start + 1)
    found.sort(key=lambda m: (m[0], -m[1]))
    reach = -1
    for mention in found:  # left to right, the longest form first, no overlaps (as a regex scan)
        if mention[0] >= reach:
            registry.person_mentions.append(mention)
            reach = mention[1]
    registry.person_mentions = sorted(set(registry.person_mentions), key=lambda m: (m[0], -m[1]))
    positions = {person: [] for person in registry.persons.values()}  # in mention order: sorted
    for start, _, person in registry.person_mentions:
        if person in positions:
            positions[person].append(start)
    for person, starts in positions.items():
        person.positions = starts
