"""LanguagePack: one language's words and shared world data, loaded from YAML and compiled, plus
its ``Grammar``: the hooks for what a word list cannot say.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..lexicon import after_word_break, alternation, one_of, org_phrase_re, word_start_body


class _DataLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A YAML loader that reads yes/no/on/off as words, not booleans: they are words here."""


_DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_DataLoader) or {}


def _words(values) -> list[str]:
    return [str(v) for v in (values or [])]


class Grammar:
    """A language's code hooks, with the defaults most languages share. A language overrides them
    in its folder's ``__init__.py`` (``class Grammar(base.Grammar)``)."""

    def is_verb_form(self, word: str) -> bool:
        """Does the lowercase word show by its form alone that it is a verb (a finite clause)?"""
        return False


class _Compiling:
    """A pack being built: its fields readable, the compiled fields written here first."""

    def __init__(self, pack: LanguagePack):
        self.__dict__["_pack"] = pack

    def __getattr__(self, name: str):
        return getattr(self._pack, name)

    def compiled(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if name != "_pack"}


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


@dataclass(frozen=True, repr=False, eq=False)  # eq=False: hashed by identity, for per-pack caches
class LanguagePack:
    """Everything the extraction knows of one language: its words (``<code>/words.yml``), the
    shared roles, organizations and places (``shared/``), the patterns compiled from them, and
    its ``grammar`` hooks (what must be code). Frozen: one article cannot change the next one's."""

    language: str
    # cue grammar
    verb_forms: dict[str, tuple[str, str]]  # form -> (lemma, class)
    inverted_verbs: frozenset[str]
    addressee_verbs: frozenset[str]
    complementizers: frozenset[str]
    according: tuple[str, ...]
    relay: tuple[str, ...]
    quoted_as_lemma: str  # the verb of "Y quoted X as saying"; "" where the language has none
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
    country_after_head: bool = False  # "Kementerian Unifikasi Korea Selatan", "Presiden Korea Selatan Yoon"
    # grammar words and endings (shared/grammar.yml, unless the language's words.yml sets its own)
    participle_endings: tuple[str, ...] = ()
    past_endings: tuple[str, ...] = ()
    adverb_endings: tuple[str, ...] = ()
    third_person_endings: tuple[str, ...] = ()
    third_person_exceptions: tuple[str, ...] = ()
    plural_endings: tuple[str, ...] = ()
    plural_exceptions: tuple[str, ...] = ()
    singular_strip: str = ""
    definite_articles: tuple[str, ...] = ()
    definite_determiners: frozenset[str] = frozenset()
    name_pronouns: frozenset[str] = frozenset()
    role_link_determiners: frozenset[str] = frozenset()
    role_links: frozenset[str] = frozenset()
    name_links: tuple[str, ...] = ()
    phrase_links: frozenset[str] = frozenset()
    links_after_head: frozenset[str] = frozenset()
    role_head_links: frozenset[str] = frozenset()
    org_description_links: frozenset[str] = frozenset()
    group_joiners: tuple[str, ...] = ()
    parenthetical_openers: frozenset[str] = frozenset()
    infinitive_markers: frozenset[str] = frozenset()
    object_links: frozenset[str] = frozenset()
    participle_auxiliaries: frozenset[str] = frozenset()
    frequency_adverbs: frozenset[str] = frozenset()
    leading_conjunctions: frozenset[str] = frozenset()
    title_small_words: frozenset[str] = frozenset()
    title_links: tuple[str, ...] = ()
    role_tail_links: tuple[str, ...] = ()
    name_joiners: tuple[str, ...] = ()
    name_list_joiners: tuple[str, ...] = ()
    place_prepositions: tuple[str, ...] = ()
    employer_links: tuple[str, ...] = ()
    org_name_joiners: tuple[str, ...] = ()
    role_org_links: tuple[str, ...] = ()
    employer_link_words: tuple[str, ...] = ()
    role_articles: tuple[str, ...] = ()
    apposition_non_starters: tuple[str, ...] = ()
    role_links_after: tuple[str, ...] = ()
    role_complements: tuple[str, ...] = ()
    served_as: str = "(?!x)x"  # regular expressions
    role_end: str = "(?!x)x"
    # people, organizations and places read in every language (shared/)
    person_heads: frozenset[str] = frozenset()
    name_particles: tuple[str, ...] = ()
    minister_title: str = ""
    minister_office: str = ""
    minister_not_offices: frozenset[str] = frozenset()
    media_descriptors: tuple[str, ...] = ()
    media_descriptor_modifiers: tuple[str, ...] = ()
    media_tails: frozenset[str] = frozenset()
    newspaper_nouns: frozenset[str] = frozenset()
    news_agency_words: tuple[str, ...] = ()
    issued_products: frozenset[str] = frozenset()
    speaker_phrase_words: frozenset[str] = frozenset()
    org_links: tuple[str, ...] = ()
    org_joiners: tuple[str, ...] = ()
    head_first_joiners: tuple[str, ...] = ()
    speaker_types: dict[str, str] = field(default_factory=dict)  # organization kind -> speaker type
    two_word_demonyms: tuple[str, ...] = ()
    grammar: Grammar = field(default_factory=lambda: Grammar())  # the language's code hooks
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
    quoted_as_marker_words: tuple[tuple[str, ...], ...] = field(init=False)  # ("as", "saying")
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
        fields = _Compiling(self)
        _compile(fields)
        for name, value in fields.compiled().items():
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return f"LanguagePack({self.language!r})"

    def org_for(self, alias: str) -> Organization | None:
        return self.org_by_alias.get(alias.lower())

    def country_for(self, name: str) -> Country | None:
        return self.country_by_name.get(name.lower())


def _compile(pack: _Compiling) -> None:
    """The compiled fields of a pack being built, from its word lists."""
    cue_phrases = list(pack.verb_forms) + list(pack.inverted_verbs) + list(pack.according)
    cue_phrases += [p[0].upper() + p[1:] for p in pack.according]
    pack.suffixed_cues = {}
    for base in [*pack.inverted_verbs, *pack.according, *(p[0].upper() + p[1:] for p in pack.according)]:
        for suffix in pack.pronoun_suffixes:
            if " " not in base:
                pack.suffixed_cues[base + suffix] = (base, suffix)
    cue_phrases += list(pack.suffixed_cues)
    cue_phrases += list(pack.quoted_as_passive) + list(pack.relay)
    pack.cue_re = alternation(cue_phrases)
    pack.cue_after_break_re = after_word_break(cue_phrases)
    pack.according_lower = frozenset(a.lower() for a in pack.according)
    pack.quoted_as_marker_words = tuple(tuple(marker.lower().split()) for marker in pack.quoted_as_marker)
    pack.clause_adjunct_re = re.compile(
        r",\s+(?:" + "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in pack.clause_adjuncts) + r")\b",
        re.IGNORECASE,
    ) if pack.clause_adjuncts else None
    pack.relay_words = tuple(phrase.lower().split() for phrase in sorted(pack.relay, key=len, reverse=True))
    pack.relay_first_words = frozenset(phrase.split()[0] for phrase in pack.relay)
    pack.role_destination_re = re.compile(
        r"\s+(?:" + "|".join(map(re.escape, pack.role_destinations)) + r")\s+") if pack.role_destinations else None
    speech_noun_phrases = [f"{n} {c}" for n in pack.speech_nouns for c in pack.complementizers]
    pack.speech_noun_re = alternation(speech_noun_phrases)
    first_words = {phrase.split()[0] for phrase in speech_noun_phrases}
    pack.speech_noun_openers = tuple(sorted(
        word for word in first_words if not any(other != word and word.startswith(other) for other in first_words)))
    pack.lexical_finite_words = pack.finite_words - pack.auxiliaries
    pack.role_re = alternation(list(pack.role_types), any_case=True)
    by_alias: dict[str, Organization] = {}
    full_names, acronyms = [], []
    for org in pack.organizations:
        for alias in (org.name, *org.aliases):
            by_alias.setdefault(alias.lower(), org)
            full_names.append(alias)
        if org.acronym:
            by_alias.setdefault(org.acronym.lower(), org)
            acronyms.append(org.acronym)
    pack.org_by_alias = by_alias
    pack.org_alias_re = alternation(full_names, any_case=True)
    pack.org_alias_after_break_re = after_word_break(full_names, any_case=True)
    pack.org_acronym_re = alternation(acronyms)
    by_name: dict[str, Country] = {}
    for country in pack.countries:
        for alias in (country.name, *country.aliases, *country.demonyms):
            by_name.setdefault(alias.lower(), country)
    pack.country_by_name = by_name
    pack.country_re = alternation([n for c in pack.countries for n in (c.name, *c.aliases)])
    pack.state_media_re = alternation(pack.state_media_words, any_case=True)
    words = set()
    for phrase in (*pack.role_types, *pack.org_noun_kinds, *pack.anonymous_heads, *pack.media_heads,
                   *pack.state_media_words, *pack.speech_products):
        words.update(phrase.lower().split())
    words |= pack.role_modifiers | pack.descriptive_modifiers
    words |= pack.speaker_phrase_words
    pack.np_words = frozenset(words - pack.adjunct_prepositions)  # "menteri dalam negeri" makes no "dalam" a name word
    pack.abbreviations_lower = frozenset(a.lower() for a in pack.abbreviations)
    # "Korea Institute for National Unification", "UK's Defense Intelligence": capitalised words
    # around an organization head word, continued by "of/for/on the ..."
    space = r"[^\S\n]+"
    pack.org_phrase_re = org_phrase_re(pack.org_heads, pack.org_links, pack.definite_articles, pack.org_joiners)
    # "Kementerian Luar Negeri", "Universitas Indonesia": the head word first
    named = r"[A-Z](?:[\w'’&.\-]*[\w'’&\-])?"  # a capitalised word, without a sentence's final period
    joiner = one_of(pack.head_first_joiners)
    pack.org_head_first_re = alternation(pack.org_heads_first, suffix=rf"(?:{space}(?:{joiner}{space})?{named}){{1,5}}")
    syllable = r"[A-Z][a-z]{1,6}"
    surnames = word_start_body(pack.korean_surnames, boundary=False) if pack.korean_surnames else "(?!x)x"
    pack.korean_name_re = re.compile(
        rf"(?:{surnames}) (?:{syllable}-[a-z]{{1,6}}|{syllable} {syllable})(?![\w-])")
    title_words = [*pack.role_types, *(t.rstrip(".") for t in pack.titles)]
    pack.title_re = alternation(title_words, any_case=True, suffix=r"\.?(?![\w'’-])")
    pack.title_after_break_re = after_word_break(title_words, any_case=True, suffix=r"\.?(?![\w'’-])")
    pack.name_breaks = pack.calendar_words | pack.org_heads | pack.not_given_names | pack.places | pack.honorifics
    pack.name_breaks_lower = frozenset(pack.role_types) | pack.determiners | pack.boundaries
    pack.name_first_breaks_lower = pack.role_modifiers | pack.intro_words
    pack.leading_words_lower = (pack.determiners | pack.intro_words | pack.boundaries | pack.descriptive_modifiers
                                | pack.discourse_markers)


_GRAMMAR_TUPLES = (
    "participle_endings", "past_endings", "adverb_endings", "third_person_endings", "third_person_exceptions",
    "plural_endings", "plural_exceptions", "definite_articles", "name_links", "group_joiners", "title_links",
    "role_tail_links", "name_joiners", "name_list_joiners", "place_prepositions", "employer_links", "org_name_joiners",
    "role_org_links", "employer_link_words", "role_articles", "apposition_non_starters", "role_links_after",
    "role_complements")
_GRAMMAR_SETS = (
    "definite_determiners", "name_pronouns", "role_link_determiners", "role_links", "phrase_links", "links_after_head",
    "role_head_links", "org_description_links", "parenthetical_openers", "infinitive_markers", "object_links",
    "participle_auxiliaries", "frequency_adverbs", "leading_conjunctions", "title_small_words")
_ORGANIZATION_TUPLES = ("media_descriptors", "media_descriptor_modifiers", "news_agency_words", "org_links",
                        "org_joiners", "head_first_joiners")
_ORGANIZATION_SETS = ("media_tails", "newspaper_nouns", "issued_products", "speaker_phrase_words")


def read_pack(language: str, grammar: dict, shared: Path, hooks: Grammar) -> LanguagePack:
    """The pack of ``language`` from its words (``grammar``, read from its words.yml) and the
    shared data in the folder ``shared``."""
    roles = read_yaml(shared / "roles.yml")
    orgs = read_yaml(shared / "organizations.yml")
    places = read_yaml(shared / "places.yml")
    grammar = {**read_yaml(shared / "grammar.yml"), **grammar}  # the language's own keys replace the shared ones

    verb_forms: dict[str, tuple[str, str]] = {}
    for verb_class, verbs in (grammar.get("verbs") or {}).items():
        for lemma, forms in (verbs or {}).items():
            for form in _words(forms):
                verb_forms.setdefault(form, (str(lemma), str(verb_class)))
    quoted_as = grammar.get("quoted_as") or {}
    minister = roles.get("minister") or {}
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
    return LanguagePack(
        language=language,
        grammar=hooks,
        verb_forms=verb_forms,
        inverted_verbs=lower_set("inverted_verbs"),
        addressee_verbs=lower_set("addressee_verbs"),
        complementizers=lower_set("complementizers"),
        according=tuple(_words(grammar.get("according"))),
        relay=tuple(_words(grammar.get("relay"))),
        quoted_as_lemma=str(quoted_as.get("lemma") or ""),
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
        country_after_head=bool(grammar.get("country_after_head", False)),
        **{name: tuple(_words(grammar.get(name))) for name in _GRAMMAR_TUPLES},
        **{name: lower_set(name) for name in _GRAMMAR_SETS},
        singular_strip=str(grammar.get("singular_strip") or ""),
        served_as=str(grammar.get("served_as") or "(?!x)x"),
        role_end=str(grammar.get("role_end") or "(?!x)x"),
        person_heads=lower_set("person_heads", roles),
        name_particles=tuple(_words(roles.get("name_particles"))),
        minister_title=str(minister.get("title") or ""),
        minister_office=str(minister.get("office") or ""),
        minister_not_offices=lower_set("not_offices", minister),
        **{name: tuple(_words(orgs.get(name))) for name in _ORGANIZATION_TUPLES},
        **{name: lower_set(name, orgs) for name in _ORGANIZATION_SETS},
        speaker_types={str(k): str(v) for k, v in (orgs.get("speaker_types") or {}).items()},
        two_word_demonyms=tuple(_words(places.get("two_word_demonyms"))),
    )
