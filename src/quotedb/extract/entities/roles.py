"""Roles: a person's title split into role, organization and country; the title words before a
role word; an apposition after a name (", a senior research fellow at X,").
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ...lang import Country, LanguagePack
from ...lexicon import one_of
from .names import fold, name_after, strip_possessive
from .organizations import add_org_mention
from .registry import Org, Registry

COMMA = re.compile(r",\s+")
_SEGMENT_END = re.compile(r"[,;\n(]|\. ")  # where an apposition ends
_DASH = re.compile(r"\s[-–—]+\s")


class _Patterns(NamedTuple):
    served_as: re.Pattern  # ", who served as ambassador to X", ", yang pernah menjabat sebagai ..."
    role_end: re.Pattern  # "... until 2014": where a role after a name ends
    trailing_place: re.Pattern  # "a professor in Seoul"
    unknown_employer: re.Pattern  # "a reporter for the Chosun Ilbo": an organization no list names
    minister: re.Pattern  # "Unification Minister"
    link_end: re.Pattern  # "spokesperson of": a role's link to the organization after it
    owner: re.Pattern  # "the ministry's deputy spokesperson"
    employer_link_end: re.Pattern  # "a senior fellow at the": the link before an employer
    article_start: re.Pattern  # "a senior fellow", "seorang diplomat"
    non_starters: tuple[str, ...]  # ", who ...", ", and ...": no apposition


@functools.cache  # once per language pack
def _patterns(lex: LanguagePack) -> _Patterns:
    space = r"[^\S\n]+"
    articles = one_of(lex.definite_articles)
    capitalised = r"[A-Z][\w'’&.\-]*"
    return _Patterns(
        re.compile(lex.served_as),
        re.compile(lex.role_end),
        re.compile(rf"\s+{one_of(lex.place_prepositions)}\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*$"),
        re.compile(rf"{space}{one_of(lex.employer_links)}{space}(?:{articles}{space})?"
                   rf"({capitalised}(?:{space}(?:{one_of(lex.org_name_joiners)}{space})?{capitalised})*)$"),
        re.compile(rf"\b([A-Za-z]+)\s+{one_of([lex.minister_title] if lex.minister_title else [])}$", re.IGNORECASE),
        re.compile(rf"\s+{one_of(lex.role_org_links)}\s+(?:{articles}\s+)?$"),
        re.compile(rf"{articles}\s+([a-z][\w-]*)['’]s\s+"),
        re.compile(rf"\s+{one_of(lex.employer_link_words)}\s+(?:{articles}\s+)?(?:[\w-]+\s+)?$"),
        re.compile(rf"^{one_of(lex.role_articles)}\s+", re.IGNORECASE),
        tuple(word + " " for word in lex.apposition_non_starters),
    )


def read_role(registry: Registry, role: str, role_start: int | None,
              org: Org | None) -> tuple[str | None, Org | None, Country | None]:
    """Split a title into role, organization and country ("South Korea's Defense Ministry spokesperson")."""
    lex = registry.lex
    role = role.strip(" ,")
    country = None
    if role_start is not None:
        for start, end, mentioned in registry.orgs_between(role_start, role_start + len(role)):
            org = org or mentioned
            if mentioned is org:
                head = registry.text[role_start:start]
                trailing = _patterns(lex).link_end.search(head)
                if trailing and not registry.text[end:role_start + len(role)].strip():
                    role = head[:trailing.start()].strip()  # "spokesperson of South Korea's Defense Ministry"
                elif head.strip() and not registry.text[end:role_start + len(role)].strip():
                    role = head.strip()  # "juru bicara Kementerian Luar Negeri Indonesia"
                break
    words = role.split()
    if words and words[0].endswith(("'s", "’s")) and lex.country_for(strip_possessive(words[0])):
        country = lex.country_for(strip_possessive(words[0]))
        role = " ".join(words[1:])
    elif len(words) > 1 and words[0].endswith(("'s", "’s")) and len(words) > 2 and lex.country_for(strip_possessive(" ".join(words[:2]))):
        country = lex.country_for(strip_possessive(" ".join(words[:2])))
        role = " ".join(words[2:])
    sender = lex.role_destination_re.split(role)[0] \
        if lex.role_destination_re else role  # "Duta Besar RI untuk Korea Utara": the sender is RI
    for scope in dict.fromkeys((sender, role)):
        if country is not None:
            break
        scope_words = scope.split()
        for size in (2, 1):
            for i in range(len(scope_words) - size + 1):
                candidate = " ".join(scope_words[i:i + size])
                if candidate[:1].isupper() and lex.country_for(candidate):
                    country = lex.country_for(candidate)
                    break
            if country:
                break
    if org is None:
        minister = _patterns(lex).minister.search(role)
        if minister and minister.group(1).lower() not in lex.minister_not_offices:
            name = minister.group(1).capitalize() + " " + lex.minister_office  # "Unification Minister" -> "... Ministry"
            known = lex.org_for(name)
            if known and (country is None or known.country == country.name):
                key = "org:" + fold(known.name, lex.definite_articles)
                org = registry.orgs.setdefault(key, Org(key, name, known.kind, known.acronym, known.country, forms={name}))
            else:
                key = "org:" + fold(name, lex.definite_articles) + (f"@{country.name}" if country else "")
                org = registry.orgs.setdefault(key, Org(key, name, "ministry", country=country.name if country else None,
                                                    forms={name}))
    return role or None, org, country


def role_before(registry: Registry, start: int) -> tuple[int, str]:
    """The words of a title before a role word: "Deputy foreign", "Russia's top security"."""
    lex = registry.lex
    window = registry.text[max(0, start - 80):start]
    window = window[window.rfind("\n") + 1:]
    begin = start
    words = window.split(" ")
    taken = 0
    position = start
    for word in reversed(words[:-1] if words and words[-1] == "" else words):
        bare = strip_possessive(word).rstrip(",")
        if not word or word.endswith(",") or bare != word and not lex.country_for(bare) and not registry.org_at(
                position - len(word) - 1, position - 1):
            break
        low = bare.lower()
        if not (low in lex.role_modifiers or low in lex.role_types or bare[:1].isupper() and low not in lex.determiners
                and low not in lex.intro_words and low not in lex.boundaries and bare not in lex.calendar_words):
            break
        taken += 1
        position -= len(word) + 1
        begin = position
        if taken >= 6:
            break
    return begin, registry.text[begin:start].strip()


def apposition(registry: Registry, start: int) -> tuple[str, int, Org | None] | None:
    """", a senior research fellow at the Korea Institute for National Unification," -> role, org."""
    lex = registry.lex
    match = COMMA.match(registry.text, start)
    if not match:
        return None
    begin = match.end()
    depth_limit = min(len(registry.text), begin + 240)
    end = _SEGMENT_END.search(registry.text, begin, depth_limit + 1)  # a ". " may start on the last character
    stop = min(end.start(), depth_limit) if end else depth_limit
    segment = registry.text[begin:stop].rstrip(". ")
    if segment.split(" ", 1)[0] in lex.verb_forms:
        return None  # "NAME, mengatakan kepada wartawan ...": the sentence goes on, no apposition
    patterns = _patterns(lex)
    served = patterns.served_as.match(segment)
    if served:
        role = patterns.role_end.sub("", segment[served.end():])
        return (role, begin + served.end(), None) if lex.role_re.search(role) else None
    if segment.lower().startswith(patterns.non_starters):
        return None
    segment = patterns.role_end.sub("", segment)
    role_match = lex.role_re.search(segment)
    if not role_match or role_match.start() > 60:
        return None
    if _DASH.search(segment[:role_match.start()]):
        return None  # "Lensa Nusantara, Jakarta - Duta Besar ...": a dateline, then the story
    lead = segment[:role_match.start()].split()
    if any(w[:1].isupper() and not lex.country_for(strip_possessive(w)) and w.lower() not in lex.role_modifiers
           and not registry.org_at(begin + segment.find(w), begin + segment.find(w) + len(w)) for w in lead[1:]):
        return None  # "Shoigu, Russian President Vladimir Putin's longtime ally": about someone else
    if segment[role_match.end():role_match.end() + 1] == " " \
            and not segment[role_match.end() + 1:].startswith(lex.role_links_after) \
            and name_after(registry, begin + role_match.end() + 1):
        return None
    orgs = registry.orgs_between(begin, begin + len(segment))
    if not orgs:
        unknown = patterns.unknown_employer.search(segment, role_match.end())
        name = unknown.group(1) if unknown else ""
        first = name.split()[0] if name else ""
        if unknown and not lex.country_for(name) and name not in lex.places and not lex.korean_name_re.search(name) \
                and first not in lex.titles and first + "." not in lex.titles and first not in lex.honorifics and first.lower() not in lex.role_types:
            # "a reporter for the Chosun Ilbo", "a fellow at Brookings": whom the role is held with
            add_org_mention(registry, begin + unknown.start(1), begin + unknown.end(1), name, lex.org_for(name))
            registry.org_mentions.sort(key=lambda m: (m[0], -m[1]))
            orgs = registry.orgs_between(begin, begin + len(segment))
    org = orgs[-1][2] if orgs else None
    role_text = segment
    owner = patterns.owner.match(segment)
    if not orgs and owner and owner.end() <= role_match.start() and owner.group(1) in lex.org_noun_kinds:
        org = registry.last_org(begin, owner.group(1))  # "the ministry's deputy spokesperson": the ministry named before
        if org is not None:
            role_text = segment[owner.end():]
    if orgs and orgs[0][1] - begin <= role_match.start():
        pass  # "a former Unification Ministry official": the organization is part of the title
    elif orgs:
        last_start = orgs[-1][0] - begin
        cut = patterns.employer_link_end.search(segment[:last_start])
        role_text = segment[:cut.start()] if cut else segment[:last_start]
    role_text = patterns.trailing_place.sub("", role_text)
    role_text = patterns.article_start.sub("", role_text.strip())
    return role_text, None, org
