"""Organizations of one article: lexicon aliases and acronyms, capitalised names around a head
word ("Ministry", "Institute", "Kementerian ..."), names the NER found, acronyms the text
defines ("Korea Institute for National Unification (KINU)"), and state media.
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ...lang import Country, LanguagePack, Organization
from ...lexicon import one_of, word_start_spans
from .names import fold, overlaps, strip_leading, strip_possessive
from .registry import ACRONYM_AFTER, Org, Registry

_COUNTRY_POSSESSIVE_BEFORE = re.compile(r"([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)['’]s\s+$")
_CAPITALS_AFTER = re.compile(r"[^\S\n]+([A-Z][\w.]*(?:[^\S\n]+[A-Z][\w.]*)?)")
_CAPITAL_NEXT = re.compile(r"[^\S\n]+[A-Z]")
_SPACE = r"[^\S\n]+"


class _Patterns(NamedTuple):
    demonym_before: re.Pattern  # "North Korean Foreign Ministry", "Chinese Foreign Ministry"
    demonym_end: re.Pattern  # "North Korean state media"
    media_tail: re.Pattern  # "Sputnik state news agency"
    person_of: re.Pattern  # "Rep. NAME of the Democratic Party", "Director of the X Center"
    article_before: re.Pattern  # "the North's foreign ministry"


@functools.cache  # once per language pack
def _patterns(lex: LanguagePack) -> _Patterns:
    articles = one_of(lex.definite_articles)
    # the word-start check follows the first capital so that re skips from capital to capital
    after_capital = [one_of([d[1:]], space=_SPACE) for d in lex.two_word_demonyms]  # "orth Korean" after an "N"
    two_words = "".join(f"(?<={re.escape(d[0])}){rest}|" for d, rest in zip(lex.two_word_demonyms, after_capital))
    demonyms = one_of(lex.two_word_demonyms, space=r"\s+")
    return _Patterns(
        re.compile(rf"([A-Z](?<![\w'’-][A-Z])(?:{two_words}[a-z]+)){_SPACE}$"),
        re.compile(rf"({demonyms}|[A-Z][a-z]+)\s+$"),
        re.compile(rf"{_SPACE}(?:{one_of(lex.media_descriptor_modifiers)}{_SPACE})?"
                   rf"{one_of(lex.media_descriptors, space=_SPACE)}\b"),
        re.compile(rf"(.+?){_SPACE}{one_of(lex.title_links)}{_SPACE}(?:{articles}{_SPACE})?(?=[A-Z])"),
        re.compile(rf"(?<![\w'’-]){articles}{_SPACE}$", re.IGNORECASE),
    )


def find_organizations(registry: Registry, entities) -> None:
    text, lex = registry.text, registry.lex
    patterns = _patterns(lex)
    taken: list[tuple[int, int]] = []
    aliases = word_start_spans(text, lex.org_alias_re, lex.org_alias_after_break_re)
    for start, end in [*aliases, *(match.span() for match in lex.org_acronym_re.finditer(text))]:
        add_org_mention(registry, start, end, text[start:end], lex.org_for(text[start:end]))
        taken.append((start, end))
    taken.sort()
    for match in [*lex.org_phrase_re.finditer(text), *lex.org_head_first_re.finditer(text)]:
        phrase, start = strip_leading(registry.lex, match.group(), match.start())
        end = start + len(phrase)
        person = patterns.person_of.match(phrase)
        if person and _names_a_person(registry, person.group(1)):
            start += person.end()  # "Rep. NAME of the Democratic Party", "Director of the X Center"
            phrase = phrase[person.end():]
        if overlaps(taken, start, end):
            continue
        if match.re is lex.org_phrase_re and phrase.split()[-1] in lex.org_heads_first \
                and _CAPITAL_NEXT.match(text[end:end + 2]):
            continue  # "Dosen Hubungan Internasional Universitas Gadjah Mada": the name starts at its head
        prefix_start, country = start, None
        first = phrase.split(" ", 1)[0]
        if first.endswith(("'s", "’s")) and lex.country_for(strip_possessive(first)) and " " in phrase:
            country = lex.country_for(strip_possessive(first))
            phrase = phrase.split(" ", 1)[1]
            start = end - len(phrase)
        if len(phrase.split()) < 2 and not country:
            continue  # a lone "Council" or "Ministry" is a common noun
        add_org_mention(registry, start, end, phrase, None, country, prefix_start if country else start)
    for start, end, label in entities:
        if label in ("ORG", "NORP") and not overlaps(taken, start, end):
            add_org_mention(registry, start, end, text[start:end], lex.org_for(text[start:end]))
    _find_acronyms(registry)
    registry.org_mentions.sort(key=lambda m: (m[0], -m[1]))
    for match in lex.state_media_re.finditer(text):
        start = match.start()
        if text[start - 1:start].isspace() and registry.org_at(start - 2, start - 1):
            continue  # "Sputnik state news agency": describes the outlet just named
        window = max(0, start - 30)
        demonym = patterns.demonym_end.search(text[window:start])
        if demonym and lex.country_for(demonym.group(1)):
            start = window + demonym.start()
        written = text[start:match.end()]
        key = "org:state media"
        org = registry.orgs.setdefault(key, Org(key, written, "media", state_media=True))
        org.forms.add(written)
        if len(written) > len(org.name):
            org.name = written
        org.positions.append(start)
        registry.org_mentions.append((start, match.end(), org))
    registry.org_mentions.sort(key=lambda m: (m[0], -m[1]))


def add_org_mention(registry: Registry, start: int, end: int, core: str, known: Organization | None,
                    country: Country | None = None, prefix_start: int | None = None) -> Org:
    """Record one written mention; the same organization under every alias shares one Org."""
    if country is None and prefix_start is None:
        prefix_start, country = _country_prefix(registry, start)
    if known and country and known.country and known.country != country.name:
        known = None  # "Russia's Defense Ministry" is not South Korea's
    if known:
        key = "org:" + fold(known.name, registry.lex.definite_articles)
    else:
        key = "org:" + fold(core, registry.lex.definite_articles) + (f"@{country.name}" if country else "")
    org = registry.orgs.get(key)
    if org is None:
        kind = known.kind if known else _kind_of(registry, core)
        org = Org(key, core, kind, known.acronym if known else None,
                  known.country if known else (country.name if country else None),
                  bool(known and known.state_media))
        registry.orgs[key] = org
    suffix = _CAPITALS_AFTER.match(registry.text[end:end + 40]) if registry.lex.country_after_head else None
    if suffix and registry.lex.country_for(suffix.group(1)):
        end += suffix.end()  # "Kementerian Unifikasi Korea Selatan": Indonesian puts the country last
        core = registry.text[start:end]
    if org.kind == "media":  # "Russia's Sputnik state news agency": the descriptor is part of the name
        tail = _patterns(registry.lex).media_tail.match(registry.text, end)
        if tail:
            end = tail.end()
            core = registry.text[start:end]
    written = registry.text[prefix_start:end] if country and prefix_start is not None and prefix_start < start else core
    if core.islower() and known:  # "South Korea's unification ministry" -> the alias's capitals
        cased = next((a for a in (known.name, *known.aliases) if a.lower() == core.lower() and not a.islower()), None)
        if cased:
            written = written[:len(written) - len(core)] + cased
    org.forms.add(core)
    org.forms.add(written)
    if len(written) > len(org.name) or (len(written) == len(org.name) and org.name.islower()):
        org.name = written
    org.positions.append(start)
    registry.org_mentions.append((prefix_start if prefix_start is not None else start, end, org))
    return org


def _country_prefix(registry: Registry, start: int) -> tuple[int, Country | None]:
    """A country's possessive right before a name ("South Korea's Unification Ministry")."""
    window = max(0, start - 40)
    before = registry.text[window:start].rstrip()
    if len(before) == start - window:
        return start, None  # both patterns need spaces right before the name
    possessive = before.endswith(("'s", "’s"))  # most names follow "the": no need to search
    patterns = _patterns(registry.lex)
    match = _COUNTRY_POSSESSIVE_BEFORE.search(registry.text, window, start) if possessive else None
    if match:
        country = registry.lex.country_for(match.group(1))
        if country:
            return match.start(), country
        reach = max(map(len, registry.lex.definite_articles), default=0) + 2
        article = patterns.article_before.search(registry.text[max(0, match.start() - reach):match.start()])
        country = article and registry.lex.country_for(article.group().strip() + " " + match.group(1))
        if country:  # "the North's foreign ministry"
            return match.start() - len(article.group()), country
    match = patterns.demonym_before.search(registry.text, window, start)
    if match:  # "Chinese Foreign Ministry" is not South Korea's
        country = registry.lex.country_for(match.group(1))
        if country and any(d.lower() == match.group(1).lower() for d in country.demonyms):
            return match.start(), country
    return start, None


def _kind_of(registry: Registry, name: str) -> str:
    """"Convergence Institute for National Unification" is a think tank: its head word says so."""
    for word in reversed(name.lower().split()):
        kind = registry.lex.org_noun_kinds.get(word)
        if kind:
            return kind
    return "other"


def _names_a_person(registry: Registry, words: str) -> bool:
    """Capitalised words before "of the ..." that name a person or a position, not an organization."""
    lex = registry.lex
    first = words.split()[0]
    return bool(lex.korean_name_re.search(words)) or any(w in lex.titles for w in words.split()) \
        or first.lower() in lex.role_types or first.lower() in lex.role_modifiers and len(words.split()) > 1 \
        and words.split()[1].lower() in lex.role_types


def _find_acronyms(registry: Registry) -> None:
    """"Korea Institute for National Unification (KINU)": KINU names the same organization."""
    defined = {}
    for start, end, org in list(registry.org_mentions):
        match = ACRONYM_AFTER.match(registry.text, end)
        if match and match.group(1) not in defined:
            defined[match.group(1)] = org
            org.acronym = org.acronym or match.group(1)
    if not defined:
        return
    # each acronym starts with a capital: the word-start check follows it, so re skips to capitals
    acronyms = "|".join(re.escape(a[0]) + r"(?<![\w-].)" + re.escape(a[1:]) for a in defined)
    for match in re.finditer(r"(?:" + acronyms + r")(?![\w-])", registry.text):
        org = defined[match.group()]
        if match.group() not in org.forms:
            org.forms.add(match.group())
        registry.org_mentions.append((match.start(), match.end(), org))
        org.positions.append(match.start())
