"""Lexicons: the word lists in ``lexicons/*.yml``, loaded once per language and compiled.

Everything language-specific or world-specific (speech verbs, titles, organizations,
countries) is data in those files; the extraction code only reads this module's
``Lexicon``. Loading is cached, so every call to ``load(language)`` after the first is free.
"""
from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_DIR = Path(__file__).with_name("lexicons")
LANGUAGES = ("en", "id")


class _DataLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A YAML loader that reads yes/no/on/off as words, not booleans: they are words here."""


_DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read(name: str) -> dict:
    with open(LEXICON_DIR / f"{name}.yml", encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_DataLoader) or {}


def _words(values) -> list[str]:
    return [str(v) for v in (values or [])]


# A phrase starts a word: no letter, digit, apostrophe or hyphen right before it.
_WORD_START = r"(?<![\w'’-])"
# The same check made after the phrase's first character (a two-character look-behind). A pattern
# that begins with its first character lets re skip straight to the places that character occurs,
# instead of trying the pattern at every position: several times faster when it is a capital.
_WORD_STARTED = r"(?<![\w'’-][\s\S])"
_WORD_CHARACTER = re.compile(r"\w")


def _trie_body(phrases, after_first: str = "") -> str:
    """A regex body for a set of phrases, shared prefixes factored (much faster than a|b|c in re).

    ``after_first`` is inserted right after each phrase's first character.
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in " ".join(phrase.split()):
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict, insert: str = "") -> str:
        branches = [(r"[^\S\n]+" if char == " " else re.escape(char)) + insert + build(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(trie, after_first)


def _starts_with_capitals(phrases) -> bool:
    return bool(phrases) and all(" ".join(p.split())[:1] in string.ascii_uppercase for p in phrases)


def _few_first_characters(phrases) -> bool:
    """Do the phrases start with word characters that are capitals or one of a few others ("state
    media", "official media")? Then beginning the pattern with the first character pays: re skips to
    those characters. With many lowercase starts, a \\b tried at each position is faster."""
    firsts = {" ".join(p.split())[:1] for p in phrases}
    return all(_WORD_CHARACTER.match(c) for c in firsts) \
        and len([c for c in firsts if c not in string.ascii_uppercase]) <= 3


def word_start_body(phrases, boundary: bool = True) -> str:
    """A regex body matching any of the phrases where it starts a word (and, with ``boundary``, at a \\b)."""
    if phrases and _few_first_characters(phrases):  # each starts with a word character: the \b holds anyway
        return _trie_body(phrases, after_first=_WORD_STARTED)
    return (r"\b" if boundary else "") + rf"{_WORD_START}(?:{_trie_body(phrases)})"


def _org_phrase_re(heads) -> re.Pattern:
    """"Korea Institute for National Unification", "UK's Defense Intelligence": up to six capitalised
    words (linked by "of/for (the)") before an organization head word, continued by "of/for the ...".

    When every head starts with a capital, the pattern begins with the capital every match begins
    with (see _WORD_STARTED) so that re skips ahead; its words and spaces are possessive (giving back
    part of one leaves a character that cannot start what follows), so only the number of words before
    the head is backtracked over; the heads are a trie; and a head written alone is found by its letters
    after the capital, the whole head checked behind them once they match.
    """
    space = r"[^\S\n]+"
    if not _starts_with_capitals(heads):
        cap = r"[A-Z][\w'’&.\-]*"
        link = rf"(?:(?:of|for){space}(?:the{space})?)?"
        tail = rf"(?![\w'’-])(?:{space}(?:of|for)(?:{space}the)?{space}{cap}(?:{space}(?:and{space})?{cap})*)?"
        alternatives = "|".join(map(re.escape, sorted(heads, key=len, reverse=True))) or "(?!x)x"
        return re.compile(rf"{_WORD_START}(?:{cap}{space}{link}){{0,6}}(?:{alternatives}){tail}")
    cap = r"[A-Z][\w'’&.\-]*+"
    space += "+"
    link = rf"(?>(?:of|for){space}(?:the{space})?)?"
    tail = rf"(?![\w'’-])(?:{space}(?:of|for)(?:{space}the)?{space}{cap}(?:{space}(?:and{space})?{cap})*)?"
    words_then_head = rf"[\w'’&.\-]*+{space}{link}(?:{cap}{space}{link}){{0,5}}(?:{_trie_body(heads)})"
    heads_by_length: dict[int, list[str]] = {}
    for head in sorted(heads):
        heads_by_length.setdefault(len(head), []).append(re.escape(head))
    whole_head_behind = "|".join(f"(?<={'|'.join(same)})" for _, same in sorted(heads_by_length.items()))
    head_alone = rf"(?:{_trie_body({head[1:] for head in heads})})(?:{whole_head_behind})"
    return re.compile(rf"[A-Z]{_WORD_STARTED}(?:{words_then_head}|{head_alone}){tail}")


def _phrase_forms(phrases, any_case: bool) -> set[str]:
    """The non-empty phrases, with ``any_case`` also lower case, Capitalised and In Title Case."""
    forms = set()
    for phrase in phrases:
        if phrase:
            forms.add(phrase)
            if any_case:
                forms.update({phrase.lower(), phrase[0].upper() + phrase[1:], phrase.title()})
    return forms


def alternation(phrases, any_case: bool = False, suffix: str = r"(?![\w'’-])") -> re.Pattern:
    """One regex matching any phrase, longest first, on word boundaries; a space matches spaces or tabs.

    ``any_case`` also matches the phrase Capitalised and In Title Case (faster than re.IGNORECASE).
    """
    unique = _phrase_forms(phrases, any_case)
    if not unique:
        return re.compile(r"(?!x)x")
    return re.compile(rf"(?:{word_start_body(unique)}){suffix}")


# A character that may stand before a word, or a letter outside ASCII (that \b then turns away). Behind it,
# a phrase pattern begins with a character set, which re skips through several times faster than it
# tests \b(?<![\w'’-]) at every character of the text.
_BEFORE_WORD = r"[^0-9A-Za-z_'’\-]"


def after_word_break(phrases, any_case: bool = False, suffix: str = r"(?![\w'’-])") -> re.Pattern:
    """``alternation(phrases, any_case, suffix)`` behind the character before the phrase, which is group 1.

    A phrase that begins with no word character never starts a word, so it is left out. Find the
    matches with ``word_start_spans``.
    """
    unique = {phrase for phrase in _phrase_forms(phrases, any_case) if _WORD_CHARACTER.match(phrase.lstrip())}
    if not unique:
        return re.compile(r"(?!x)x")
    return re.compile(rf"{_BEFORE_WORD}(\b(?:{_trie_body(unique)}){suffix})")


def word_start_spans(text: str, pattern: re.Pattern, after_break: re.Pattern) -> Iterator[tuple[int, int]]:
    """The spans of ``pattern.finditer(text)``, ``pattern`` an ``alternation`` and ``after_break`` its
    ``after_word_break`` twin. ``pattern`` only tries the start of the text, where no character stands before
    a word; each search of the twin starts on the last character of the previous match, which may stand
    before the next word ("Gen.Kim")."""
    match = pattern.match(text)
    end = match.end() if match else 0
    if match:
        yield match.span()
    while match := after_break.search(text, max(end - 1, 0)):
        yield match.span(1)
        end = match.end()


@dataclass(frozen=True)
class Organization:
    name: str
    acronym: str | None
    aliases: tuple[str, ...]
    kind: str
    country: str | None
    state_media: bool


@dataclass(frozen=True)
class Country:
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]


@dataclass
class Lexicon:
    language: str
    # cue grammar
    verb_forms: dict[str, tuple[str, str]]  # form -> (lemma, class)
    inverted_verbs: frozenset[str]
    addressee_verbs: frozenset[str]
    complementizers: frozenset[str]
    according: tuple[str, ...]
    relay: tuple[str, ...]
    quoted_as_verbs: tuple[str, ...]
    quoted_as_passive: tuple[str, ...]
    quoted_as_marker: tuple[str, ...]
    speech_nouns: frozenset[str]
    speech_products: frozenset[str]
    boundaries: frozenset[str]
    relative_pronouns: frozenset[str]
    conjunctions: frozenset[str]
    adverbs: frozenset[str]
    auxiliaries: frozenset[str]
    negations: frozenset[str]
    time_words: frozenset[str]
    calendar_words: frozenset[str]  # weekdays and months, as written
    time_prepositions: frozenset[str]
    intro_words: frozenset[str]
    discourse_markers: frozenset[str]
    determiners: frozenset[str]
    pronoun_kinds: dict[str, str]
    possessive_pronouns: dict[str, str]
    first_person: frozenset[str]
    finite_words: frozenset[str]
    subject_pronouns: frozenset[str]
    adjunct_prepositions: frozenset[str]
    term_heads: frozenset[str]
    anonymous_heads: frozenset[str]
    media_heads: frozenset[str]
    abbreviations: frozenset[str]
    sentence_final_abbreviations: frozenset[str]
    sentence_starters: frozenset[str]
    apostrophe_words: frozenset[str]
    # people, roles, organizations, places (shared by every language)
    role_types: dict[str, str]  # role phrase (lowercase) -> speaker type
    titles: dict[str, str]  # "Rep." -> speaker type
    honorifics: frozenset[str]
    role_modifiers: frozenset[str]
    korean_surnames: frozenset[str]
    not_given_names: frozenset[str]
    organizations: tuple[Organization, ...]
    org_heads: frozenset[str]
    org_heads_first: frozenset[str]
    org_noun_kinds: dict[str, str]  # "ministry" -> "ministry", "daily" -> "media"
    descriptive_modifiers: frozenset[str]
    state_media_words: tuple[str, ...]
    countries: tuple[Country, ...]
    places: frozenset[str]
    # Indonesian-style grammar, empty where a language has none
    pronoun_suffixes: dict[str, str] = field(default_factory=dict)  # "nya" -> person ("katanya")
    comma_complementizer: bool = False  # "Ia menambahkan, CLAUSE"
    short_names: str = "surname"  # or "any part": how a person is referred back to
    time_phrases: frozenset[str] = frozenset()  # "saat itu"
    singular_determiners: tuple[str, ...] = ()  # "seorang"
    title_markers: frozenset[str] = frozenset()  # "bertajuk"
    restrictive_relatives: frozenset[str] = frozenset()  # "yang": "X yang ... mengatakan"
    head_first: bool = False  # "diplomat Kementerian Luar Negeri RI" is a diplomat
    definite_after: frozenset[str] = frozenset()  # "harian ... itu"
    role_destinations: tuple[str, ...] = ()  # "ambassador to", "Duta Besar ... untuk"
    clause_adjuncts: tuple[str, ...] = ()  # ", referring to ...": the reporter's gloss ends a reported clause
    # compiled
    cue_re: re.Pattern = field(init=False)
    cue_after_break_re: re.Pattern = field(init=False)  # cue_re for word_start_spans
    speech_noun_re: re.Pattern = field(init=False)
    role_re: re.Pattern = field(init=False)
    org_alias_re: re.Pattern = field(init=False)
    org_acronym_re: re.Pattern = field(init=False)
    country_re: re.Pattern = field(init=False)
    state_media_re: re.Pattern = field(init=False)
    org_by_alias: dict[str, Organization] = field(init=False)
    country_by_name: dict[str, Country] = field(init=False)
    np_words: frozenset[str] = field(init=False)
    abbreviations_lower: frozenset[str] = field(init=False)
    org_phrase_re: re.Pattern = field(init=False)
    org_head_first_re: re.Pattern = field(init=False)
    korean_name_re: re.Pattern = field(init=False)
    title_re: re.Pattern = field(init=False)
    org_alias_after_break_re: re.Pattern = field(init=False)  # org_alias_re for word_start_spans
    title_after_break_re: re.Pattern = field(init=False)  # title_re for word_start_spans
    suffixed_cues: dict[str, tuple[str, str]] = field(init=False)  # "Menurutnya" -> ("Menurut", "nya")
    according_lower: frozenset[str] = field(init=False)
    clause_adjunct_re: re.Pattern | None = field(init=False)  # ", referring to": where a reported clause ends
    role_destination_re: re.Pattern | None = field(init=False)  # " untuk ": where a role's destination starts
    relay_words: tuple[list[str], ...] = field(init=False)  # the relay phrases' lowercase words, longest first
    relay_first_words: frozenset[str] = field(init=False)  # each relay phrase's first word, as written
    # the word lists a name or an organization's name is read against, united once for one lookup each
    name_breaks: frozenset[str] = field(init=False)  # as written: no name goes on through a month or "Ministry"
    name_breaks_lower: frozenset[str] = field(init=False)  # lowercased: roles, determiners, boundaries
    name_first_breaks_lower: frozenset[str] = field(init=False)  # nor starts with a role modifier or "However"
    leading_words_lower: frozenset[str] = field(init=False)  # "The", "However": not part of a capitalised name
    # every speech_noun_re match begins with one of these (a phrase's first word; one that another of them
    # begins is left out, since it is found wherever that one is)
    speech_noun_openers: tuple[str, ...] = field(init=False)
    lexical_finite_words: frozenset[str] = field(init=False)  # the finite words that are no auxiliaries

    def __post_init__(self) -> None:
        cue_phrases = list(self.verb_forms) + list(self.inverted_verbs) + list(self.according)
        cue_phrases += [p[0].upper() + p[1:] for p in self.according]
        self.suffixed_cues = {}
        for base in [*self.inverted_verbs, *self.according, *(p[0].upper() + p[1:] for p in self.according)]:
            for suffix in self.pronoun_suffixes:
                if " " not in base:
                    self.suffixed_cues[base + suffix] = (base, suffix)
        cue_phrases += list(self.suffixed_cues)
        cue_phrases += list(self.quoted_as_passive) + list(self.relay)
        self.cue_re = alternation(cue_phrases)
        self.cue_after_break_re = after_word_break(cue_phrases)
        self.according_lower = frozenset(a.lower() for a in self.according)
        self.clause_adjunct_re = re.compile(
            r",\s+(?:" + "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in self.clause_adjuncts) + r")\b",
            re.IGNORECASE,
        ) if self.clause_adjuncts else None
        self.relay_words = tuple(phrase.lower().split() for phrase in sorted(self.relay, key=len, reverse=True))
        self.relay_first_words = frozenset(phrase.split()[0] for phrase in self.relay)
        self.role_destination_re = re.compile(
            r"\s+(?:" + "|".join(map(re.escape, self.role_destinations)) + r")\s+") if self.role_destinations else None
        speech_noun_phrases = [f"{n} {c}" for n in self.speech_nouns for c in self.complementizers]
        self.speech_noun_re = alternation(speech_noun_phrases)
        first_words = {phrase.split()[0] for phrase in speech_noun_phrases}
        self.speech_noun_openers = tuple(sorted(
            word for word in first_words if not any(other != word and word.startswith(other) for other in first_words)))
        self.lexical_finite_words = self.finite_words - self.auxiliaries
        self.role_re = alternation(list(self.role_types), any_case=True)
        by_alias: dict[str, Organization] = {}
        full_names, acronyms = [], []
        for org in self.organizations:
            for alias in (org.name, *org.aliases):
                by_alias.setdefault(alias.lower(), org)
                full_names.append(alias)
            if org.acronym:
                by_alias.setdefault(org.acronym.lower(), org)
                acronyms.append(org.acronym)
        self.org_by_alias = by_alias
        self.org_alias_re = alternation(full_names, any_case=True)
        self.org_alias_after_break_re = after_word_break(full_names, any_case=True)
        self.org_acronym_re = alternation(acronyms)
        by_name: dict[str, Country] = {}
        for country in self.countries:
            for alias in (country.name, *country.aliases, *country.demonyms):
                by_name.setdefault(alias.lower(), country)
        self.country_by_name = by_name
        self.country_re = alternation([n for c in self.countries for n in (c.name, *c.aliases)])
        self.state_media_re = alternation(self.state_media_words, any_case=True)
        words = set()
        for phrase in (*self.role_types, *self.org_noun_kinds, *self.anonymous_heads, *self.media_heads,
                       *self.state_media_words, *self.speech_products):
            words.update(phrase.lower().split())
        words |= self.role_modifiers | self.descriptive_modifiers
        words |= {"news", "state", "state-run", "unification", "defense", "defence", "foreign", "security",
                  "intelligence", "nuclear", "military", "ruling", "opposition", "government", "presidential"}
        self.np_words = frozenset(words - self.adjunct_prepositions)  # "menteri dalam negeri" makes no "dalam" a name word
        self.abbreviations_lower = frozenset(a.lower() for a in self.abbreviations)
        # "Korea Institute for National Unification", "UK's Defense Intelligence": capitalised words
        # around an organization head word, continued by "of/for/on the ..."
        space = r"[^\S\n]+"
        self.org_phrase_re = _org_phrase_re(self.org_heads)
        # "Kementerian Luar Negeri", "Universitas Indonesia": the head word first
        named = r"[A-Z](?:[\w'’&.\-]*[\w'’&\-])?"  # a capitalised word, without a sentence's final period
        self.org_head_first_re = alternation(self.org_heads_first, suffix=rf"(?:{space}(?:dan{space})?{named}){{1,5}}")
        syllable = r"[A-Z][a-z]{1,6}"
        surnames = word_start_body(self.korean_surnames, boundary=False) if self.korean_surnames else "(?!x)x"
        self.korean_name_re = re.compile(
            rf"(?:{surnames}) (?:{syllable}-[a-z]{{1,6}}|{syllable} {syllable})(?![\w-])")
        title_words = [*self.role_types, *(t.rstrip(".") for t in self.titles)]
        self.title_re = alternation(title_words, any_case=True, suffix=r"\.?(?![\w'’-])")
        self.title_after_break_re = after_word_break(title_words, any_case=True, suffix=r"\.?(?![\w'’-])")
        self.name_breaks = self.calendar_words | self.org_heads | self.not_given_names | self.places | self.honorifics
        self.name_breaks_lower = frozenset(self.role_types) | self.determiners | self.boundaries
        self.name_first_breaks_lower = self.role_modifiers | self.intro_words
        self.leading_words_lower = (self.determiners | self.intro_words | self.boundaries | self.descriptive_modifiers
                                    | self.discourse_markers)

    def org_for(self, alias: str) -> Organization | None:
        return self.org_by_alias.get(alias.lower())

    def country_for(self, name: str) -> Country | None:
        return self.country_by_name.get(name.lower())


@lru_cache(maxsize=None)
def load(language: str = "en") -> Lexicon:
    """The lexicon for a language ('en' or 'id'; anything else reads as English)."""
    language = language if language in LANGUAGES else "en"
    grammar = _read(language)
    roles = _read("roles")
    orgs = _read("organizations")
    places = _read("places")

    verb_forms: dict[str, tuple[str, str]] = {}
    for verb_class, verbs in (grammar.get("verbs") or {}).items():
        for lemma, forms in (verbs or {}).items():
            for form in _words(forms):
                verb_forms.setdefault(form, (str(lemma), str(verb_class)))
    quoted_as = grammar.get("quoted_as") or {}
    role_types = {}
    for speaker_type, phrases in (roles.get("roles") or {}).items():
        for phrase in _words(phrases):
            role_types.setdefault(phrase.lower(), str(speaker_type))
    org_noun_kinds = {}
    for kind, nouns in (orgs.get("org_nouns") or {}).items():
        for noun in _words(nouns):
            org_noun_kinds[noun.lower()] = str(kind)
    organizations = tuple(
        Organization(str(o["name"]), o.get("acronym"), tuple(_words(o.get("aliases"))), str(o.get("kind", "other")),
                     o.get("country"), bool(o.get("state_media", False)))
        for o in orgs.get("organizations") or []
    )
    countries = tuple(
        Country(str(c["name"]), tuple(_words(c.get("aliases"))), tuple(_words(c.get("demonyms"))))
        for c in places.get("countries") or []
    )

    def lower_set(key: str, source: dict = grammar) -> frozenset[str]:
        return frozenset(w.lower() for w in _words(source.get(key)))

    def exact_set(key: str, source: dict = grammar) -> frozenset[str]:
        return frozenset(_words(source.get(key)))

    pronoun_kinds = {w.lower(): kind for kind, ws in (grammar.get("pronouns") or {}).items() for w in _words(ws)}
    return Lexicon(
        language=language,
        verb_forms=verb_forms,
        inverted_verbs=lower_set("inverted_verbs"),
        addressee_verbs=lower_set("addressee_verbs"),
        complementizers=lower_set("complementizers"),
        according=tuple(_words(grammar.get("according"))),
        relay=tuple(_words(grammar.get("relay"))),
        quoted_as_verbs=tuple(_words(quoted_as.get("verb"))),
        quoted_as_passive=tuple(_words(quoted_as.get("passive"))),
        quoted_as_marker=tuple(_words(quoted_as.get("marker"))),
        speech_nouns=lower_set("speech_nouns"),
        speech_products=lower_set("speech_products"),
        boundaries=lower_set("boundaries"),
        relative_pronouns=lower_set("relative_pronouns"),
        conjunctions=lower_set("conjunctions"),
        adverbs=lower_set("adverbs"),
        auxiliaries=lower_set("auxiliaries"),
        negations=lower_set("negations"),
        time_words=lower_set("time_words"),
        calendar_words=exact_set("weekdays") | exact_set("months"),
        time_prepositions=lower_set("time_prepositions"),
        intro_words=lower_set("intro_words"),
        discourse_markers=lower_set("discourse_markers"),
        determiners=lower_set("determiners"),
        pronoun_kinds=pronoun_kinds,
        possessive_pronouns={str(k).lower(): str(v) for k, v in (grammar.get("possessive_pronouns") or {}).items()},
        first_person=lower_set("first_person"),
        finite_words=lower_set("finite_words"),
        subject_pronouns=lower_set("subject_pronouns"),
        adjunct_prepositions=lower_set("adjunct_prepositions"),
        term_heads=lower_set("term_heads"),
        anonymous_heads=lower_set("anonymous_heads"),
        media_heads=lower_set("media_heads"),
        abbreviations=exact_set("abbreviations"),
        sentence_final_abbreviations=exact_set("sentence_final_abbreviations"),
        sentence_starters=exact_set("sentence_starters"),
        apostrophe_words=lower_set("apostrophe_words"),
        role_types=role_types,
        titles={str(k): str(v) for k, v in (roles.get("titles") or {}).items()},
        honorifics=exact_set("honorifics", roles),
        role_modifiers=lower_set("role_modifiers", roles),
        korean_surnames=exact_set("korean_surnames", roles),
        not_given_names=exact_set("not_given_names", roles),
        organizations=organizations,
        org_heads=exact_set("org_heads", orgs),
        org_heads_first=exact_set("org_heads_first", orgs),
        org_noun_kinds=org_noun_kinds,
        descriptive_modifiers=lower_set("descriptive_modifiers", orgs),
        state_media_words=tuple(_words(orgs.get("state_media_words"))),
        countries=countries,
        places=exact_set("places", places),
        pronoun_suffixes={str(k).lower(): str(v) for k, v in (grammar.get("pronoun_suffixes") or {}).items()},
        comma_complementizer=bool(grammar.get("comma_complementizer", False)),
        short_names=str(grammar.get("short_names") or "surname"),
        time_phrases=frozenset(" ".join(w.lower().split()) for w in _words(grammar.get("time_phrases"))),
        singular_determiners=tuple(w.lower() for w in _words(grammar.get("singular_determiners"))),
        title_markers=lower_set("title_markers"),
        restrictive_relatives=lower_set("restrictive_relatives"),
        head_first=bool(grammar.get("head_first", False)),
        definite_after=lower_set("definite_after"),
        role_destinations=tuple(_words(roles.get("role_destinations"))),
        clause_adjuncts=tuple(" ".join(w.lower().split()) for w in _words(grammar.get("clause_adjuncts"))),
    )
