"""People and organizations of one article: names, roles and whom they speak for.

``find_entities(text, lexicon)`` reads the whole article once: organizations (lexicon aliases,
acronyms defined in the text, capitalised names around "Ministry", "Institute", ...), people
(titles before names, appositions, Korean names) and their roles and affiliations, into a
``Registry`` that the attribution stage asks to turn a mention into a ``Speaker``.
"""
from __future__ import annotations

from ...lang import LanguagePack
from .names import fold, strip_possessive
from .organizations import find_organizations
from .people import add_person, find_people
from .registry import Org, Person, Registry
from .speakers import Speaker, anonymous_speaker, org_speaker, person_speaker

__all__ = ["Org", "Person", "Registry", "Speaker", "add_person", "anonymous_speaker", "find_entities", "fold",
           "org_speaker", "person_speaker", "strip_possessive"]


def find_entities(text: str, lexicon: LanguagePack, entities=()) -> Registry:
    """The organizations and people of ``text``; ``entities`` are (start, end, label) spans from a
    backend's NER, used where the rules found nothing."""
    registry = Registry(text, lexicon)
    find_organizations(registry, entities)
    find_people(registry, entities)
    return registry
