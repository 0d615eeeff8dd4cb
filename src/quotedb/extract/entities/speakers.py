"""Speakers: everything a Quote says about its source, built from a person, an organization or
an anonymous description, with the speaker type (expert, official, ...) they imply.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ...lang import LanguagePack
from ...lexicon import one_of
from .registry import Org, Person


@functools.cache  # once per language pack
def _role_complement(lex: LanguagePack) -> re.Pattern:
    """Where a role's head ends: "spokesperson for President X" is a spokesperson."""
    return re.compile(rf"\s+{one_of(lex.role_complements)}\s+")


@dataclass
class Speaker:
    """Everything a Quote says about its source."""

    name: str | None
    kind: str  # person | organization | anonymous | group
    type: str | None = None
    role: str | None = None
    affiliation: str | None = None
    affiliation_acronym: str | None = None
    affiliation_kind: str | None = None
    affiliation_country: str | None = None
    aliases: list[str] = field(default_factory=list)
    affiliation_aliases: list[str] = field(default_factory=list)
    key: str | None = None  # identity, for pronouns and continuations
    mention: str | None = None
    person: Person | None = None
    org: Org | None = None


def person_speaker(person: Person, mention: str, lex: LanguagePack) -> Speaker:
    org = person.affiliation
    speaker = Speaker(person.name, "person", _person_type(person, lex), person.role, key=person.key,
                      mention=mention, person=person, aliases=sorted(person.forms - {person.name}))
    if org:
        _fill_affiliation(speaker, org)
    elif person.country:
        speaker.affiliation = person.country.name
        speaker.affiliation_kind = "government"
        speaker.affiliation_country = person.country.name
        speaker.affiliation_aliases = list(person.country.aliases)
    return speaker


def org_speaker(org: Org, mention: str, lex: LanguagePack) -> Speaker:
    return Speaker(org.name, "organization", _org_type(org, lex), key=org.key, mention=mention, org=org,
                   aliases=sorted(org.forms - {org.name}))


def anonymous_speaker(role: str, org: Org | None, mention: str, lex: LanguagePack) -> Speaker:
    singular = role.lower().rstrip(lex.singular_strip)
    speaker = Speaker(None, "anonymous", lex.role_types.get(singular, lex.role_types.get(role.lower(), "other")),
                      role, key=f"anonymous:{role.lower()}:{org.key if org else ''}", mention=mention)
    if org:
        _fill_affiliation(speaker, org)
        speaker.type = _org_type(org, lex) if speaker.type == "other" else speaker.type
    return speaker


def _fill_affiliation(speaker: Speaker, org: Org) -> None:
    speaker.affiliation = org.name
    speaker.affiliation_acronym = org.acronym
    speaker.affiliation_kind = org.kind
    speaker.affiliation_country = org.country
    speaker.affiliation_aliases = sorted(org.forms - {org.name})


def _org_type(org: Org, lex: LanguagePack) -> str:
    if org.state_media:
        return "state media"
    return lex.speaker_types.get(org.kind, "other")


def _person_type(person: Person, lex: LanguagePack) -> str:
    org = person.affiliation
    if org and lex.speaker_types.get(org.kind) == "expert":  # a think tank's or a university's people
        return "expert"
    if person.title_type:
        return person.title_type
    if person.role:
        head = _role_complement(lex).split(person.role, 1)[0]  # "spokesperson for President X" is a spokesperson
        found = lex.role_re.findall(head) or lex.role_re.findall(person.role)
        if found:
            return lex.role_types.get(" ".join(found[-1].lower().split()), "other")
    if org:
        return _org_type(org, lex)
    return "official" if person.country else "other"
