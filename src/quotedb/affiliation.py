"""People and organizations of one article: names, roles and whom they speak for.

``Registry(text, lexicon)`` reads the whole article once: organizations (lexicon aliases,
acronyms defined in the text, capitalised names around "Ministry", "Institute", ...), people
(titles before names, appositions, Korean names) and their roles and affiliations. The
attribution stage asks it to turn a mention into a ``Speaker`` with every field filled.
"""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from .lexicon import Country, Lexicon, Organization, word_start_spans

_FOLD_PUNCT = re.compile(r"[\u2010-\u2015\-_.,'’`\"]")
_POSSESSIVE_END = re.compile(r"['’]s?$")
# the word-start check follows the first capital so that re skips from capital to capital
_DEMONYM_BEFORE = re.compile(r"([A-Z](?<![\w'’-][A-Z])(?:(?<=N)orth[^\S\n]+Korean|(?<=S)outh[^\S\n]+Korean|[a-z]+))[^\S\n]+$")
_COUNTRY_POSSESSIVE_BEFORE = re.compile(r"([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)['’]s\s+$")
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z&]{1,9})\)")
_NAME_TOKEN = re.compile(r"[A-Z][\w'’\-]*(?<![-'’])")
# capitalised words followed by a comma: a name that may carry an apposition. The word-start check
# follows the first capital (a two-character look-behind) so that re skips from capital to capital.
# The quantifiers are possessive: giving back a character or a word can never put the comma next,
# and without backtracking a capitalised run that ends elsewhere fails at once.
_NAME_BEFORE_COMMA = re.compile(r"[A-Z](?<![\w'’.-][A-Z])[\w'’\-]*+(?:[^\S\n]++(?:[A-Z][\w'’\-.]*+|bin|van|de|von))*+(?=,)")
_SERVED_AS = re.compile(r"(?:who\s+(?:is|was|has\s+been|had\s+been|served|serves|formerly\s+served|previously\s+served)"
                        r"(?:\s+as)?|yang\s+(?:pernah\s+|sebelumnya\s+|kini\s+)?(?:menjabat|bertugas)(?:\s+sebagai)?)"
                        r"\s+(?:an?\s+|the\s+)?")
_ROLE_END = re.compile(r"\s+(?:until|since|from|between|who|when|in\s+(?:19|20)\d\d|and\s+(?:is|was|has)"
                       r"|pada\s+(?:tahun\s+)?(?:19|20)\d\d|hingga|sejak)\b.*$")
_TRAILING_PLACE = re.compile(r"\s+in\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*$")
_MEDIA_TAIL = re.compile(r"[^\S\n]+(?:state(?:-run)?[^\S\n]+)?(?:news[^\S\n]+agency|newspaper|daily|news[^\S\n]+service)\b")
# Possessive spaces and words: a word or a run of spaces given back leaves a word character or a space
# where the next part needs the other, so only the counts of words are worth backtracking over.
_ROLE_TAIL = re.compile(r"(?:[^\S\n]++[a-z][\w-]*+){0,3}(?:[^\S\n]++(?:of|for|at|from|dari|di)(?:[^\S\n]++the)?)?"
                        r"(?:[^\S\n]++[A-Z][\w'’.\-]*+(?:[^\S\n]++(?:of|for|and|the|untuk|dan)(?=[^\S\n]+[A-Z]))?){1,8}(?=,)")
_NAME_OF = re.compile(r"[^\S\n]+(?:of|from)[^\S\n]+(?:the[^\S\n]+)?(?=[A-Z])")
_UNKNOWN_EMPLOYER = re.compile(r"[^\S\n]+(?:at|for|with)[^\S\n]+(?:the[^\S\n]+)?"
                               r"([A-Z][\w'’&.\-]*(?:[^\S\n]+(?:(?:of|for|and|on)[^\S\n]+)?[A-Z][\w'’&.\-]*)*)$")
_ROLE_COMPLEMENT = re.compile(r"\s+(?:of|for|at|to|with|from|in|untuk|dari|di)\s+")
_PERSON_OF = re.compile(r"(.+?)[^\S\n]+(?:of|for)[^\S\n]+(?:the[^\S\n]+)?(?=[A-Z])")
_MINISTER = re.compile(r"\b([A-Za-z]+)\s+minister$", re.IGNORECASE)
_THE_BEFORE = re.compile(r"(?<![\w'’-])the[^\S\n]+$", re.IGNORECASE)
_CAPITALS_AFTER = re.compile(r"[^\S\n]+([A-Z][\w.]*(?:[^\S\n]+[A-Z][\w.]*)?)")
_CAPITAL_NEXT = re.compile(r"[^\S\n]+[A-Z]")
_DEMONYM_END = re.compile(r"((?:North|South)\s+Korean|[A-Z][a-z]+)\s+$")
_LINK_END = re.compile(r"\s+(?:of|for|at|from|with|dari|di)\s+(?:the\s+)?$")
_COMMA = re.compile(r",\s+")
_SEGMENT_END = re.compile(r"[,;\n(]|\. ")  # where an apposition ends
_DASH = re.compile(r"\s[-–—]+\s")
_OWNER = re.compile(r"the\s+([a-z][\w-]*)['’]s\s+")
_EMPLOYER_LINK_END = re.compile(r"\s+(?:at|of|with|in|for)\s+(?:the\s+)?(?:[\w-]+\s+)?$")
_ARTICLE_START = re.compile(r"^(?:an?|the|seorang)\s+", re.IGNORECASE)
_NAME_END = re.compile(r"\s*(?:,|\)|and\b|\.|$)")


@functools.lru_cache(maxsize=4096)  # the same names are folded at each mention, and article after article
def fold(name: str | None) -> str:
    """Compare names ignoring case, accents, hyphens, punctuation and a leading 'the'."""
    if not name:
        return ""
    s = name.lower()
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = " ".join(_FOLD_PUNCT.sub(" ", s).split())
    return s[4:] if s.startswith("the ") else s


def strip_possessive(name: str) -> str:
    return _POSSESSIVE_END.sub("", name) if name.endswith(("'s", "’s", "s'", "s’")) else name


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


class Registry:
    """The organizations and people of one article."""

    def __init__(self, text: str, lexicon: Lexicon, entities=()):
        self.text = text
        self.lex = lexicon
        self.orgs: dict[str, Org] = {}
        self.org_mentions: list[tuple[int, int, Org]] = []
        self.persons: dict[str, Person] = {}
        self.person_mentions: list[tuple[int, int, Person]] = []
        self._find_orgs(entities)
        self._find_people(entities)

    # ---- organizations --------------------------------------------------------------------
    def _country_prefix(self, start: int) -> tuple[int, Country | None]:
        """A country's possessive right before a name ("South Korea's Unification Ministry")."""
        window = max(0, start - 40)
        before = self.text[window:start].rstrip()
        if len(before) == start - window:
            return start, None  # both patterns need spaces right before the name
        possessive = before.endswith(("'s", "’s"))  # most names follow "the": no need to search
        match = _COUNTRY_POSSESSIVE_BEFORE.search(self.text, window, start) if possessive else None
        if match:
            country = self.lex.country_for(match.group(1))
            if country:
                return match.start(), country
            the = _THE_BEFORE.search(self.text[max(0, match.start() - 5):match.start()])
            country = the and self.lex.country_for("the " + match.group(1))
            if country:  # "the North's foreign ministry"
                return match.start() - len(the.group()), country
        match = _DEMONYM_BEFORE.search(self.text, window, start)
        if match:  # "Chinese Foreign Ministry" is not South Korea's
            country = self.lex.country_for(match.group(1))
            if country and any(d.lower() == match.group(1).lower() for d in country.demonyms):
                return match.start(), country
        return start, None

    def _strip_leading(self, phrase: str, start: int) -> tuple[str, int]:
        """Drop sentence words caught at the front of a capitalised run ("The", "However", "On")."""
        lex = self.lex
        while True:
            word, space, rest = phrase.partition(" ")
            if not space or not (word.lower() in lex.leading_words_lower or word in lex.calendar_words):
                return phrase, start
            rest = rest.lstrip()
            start += len(phrase) - len(rest)
            phrase = rest

    def add_org_mention(self, start: int, end: int, core: str, known: Organization | None, country: Country | None = None,
                        prefix_start: int | None = None) -> Org:
        """Record one written mention; the same organization under every alias shares one Org."""
        if country is None and prefix_start is None:
            prefix_start, country = self._country_prefix(start)
        if known and country and known.country and known.country != country.name:
            known = None  # "Russia's Defense Ministry" is not South Korea's
        if known:
            key = "org:" + fold(known.name)
        else:
            key = "org:" + fold(core) + (f"@{country.name}" if country else "")
        org = self.orgs.get(key)
        if org is None:
            kind = known.kind if known else self._kind_of(core)
            org = Org(key, core, kind, known.acronym if known else None,
                      known.country if known else (country.name if country else None),
                      bool(known and known.state_media))
            self.orgs[key] = org
        suffix = _CAPITALS_AFTER.match(self.text[end:end + 40]) if self.lex.language == "id" else None
        if suffix and self.lex.country_for(suffix.group(1)):
            end += suffix.end()  # "Kementerian Unifikasi Korea Selatan": Indonesian puts the country last
            core = self.text[start:end]
        if org.kind == "media":  # "Russia's Sputnik state news agency": the descriptor is part of the name
            tail = _MEDIA_TAIL.match(self.text, end)
            if tail:
                end = tail.end()
                core = self.text[start:end]
        written = self.text[prefix_start:end] if country and prefix_start is not None and prefix_start < start else core
        if core.islower() and known:  # "South Korea's unification ministry" -> the alias's capitals
            cased = next((a for a in (known.name, *known.aliases) if a.lower() == core.lower() and not a.islower()), None)
            if cased:
                written = written[:len(written) - len(core)] + cased
        org.forms.add(core)
        org.forms.add(written)
        if len(written) > len(org.name) or (len(written) == len(org.name) and org.name.islower()):
            org.name = written
        org.positions.append(start)
        self.org_mentions.append((prefix_start if prefix_start is not None else start, end, org))
        return org

    def _kind_of(self, name: str) -> str:
        """"Convergence Institute for National Unification" is a think tank: its head word says so."""
        for word in reversed(name.lower().split()):
            kind = self.lex.org_noun_kinds.get(word)
            if kind:
                return kind
        return "other"

    def _find_orgs(self, entities) -> None:
        text, lex = self.text, self.lex
        taken: list[tuple[int, int]] = []
        aliases = word_start_spans(text, lex.org_alias_re, lex.org_alias_after_break_re)
        for start, end in [*aliases, *(match.span() for match in lex.org_acronym_re.finditer(text))]:
            self.add_org_mention(start, end, text[start:end], lex.org_for(text[start:end]))
            taken.append((start, end))
        taken.sort()
        for match in [*lex.org_phrase_re.finditer(text), *lex.org_head_first_re.finditer(text)]:
            phrase, start = self._strip_leading(match.group(), match.start())
            end = start + len(phrase)
            person = _PERSON_OF.match(phrase)
            if person and self._names_a_person(person.group(1)):
                start += person.end()  # "Rep. NAME of the Democratic Party", "Director of the X Center"
                phrase = phrase[person.end():]
            if _overlaps(taken, start, end):
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
            self.add_org_mention(start, end, phrase, None, country, prefix_start if country else start)
        for start, end, label in entities:
            if label in ("ORG", "NORP") and not _overlaps(taken, start, end):
                self.add_org_mention(start, end, text[start:end], lex.org_for(text[start:end]))
        self._find_acronyms()
        self.org_mentions.sort(key=lambda m: (m[0], -m[1]))
        for match in lex.state_media_re.finditer(text):
            start = match.start()
            if text[start - 1:start].isspace() and self._org_at(start - 2, start - 1):
                continue  # "Sputnik state news agency": describes the outlet just named
            window = max(0, start - 30)
            demonym = _DEMONYM_END.search(text[window:start])
            if demonym and lex.country_for(demonym.group(1)):
                start = window + demonym.start()
            written = text[start:match.end()]
            key = "org:state media"
            org = self.orgs.setdefault(key, Org(key, written, "media", state_media=True))
            org.forms.add(written)
            if len(written) > len(org.name):
                org.name = written
            org.positions.append(start)
            self.org_mentions.append((start, match.end(), org))
        self.org_mentions.sort(key=lambda m: (m[0], -m[1]))

    def _names_a_person(self, words: str) -> bool:
        """Capitalised words before "of the ..." that name a person or a position, not an organization."""
        lex = self.lex
        first = words.split()[0]
        return bool(lex.korean_name_re.search(words)) or any(w in lex.titles for w in words.split()) \
            or first.lower() in lex.role_types or first.lower() in lex.role_modifiers and len(words.split()) > 1 \
            and words.split()[1].lower() in lex.role_types

    def _find_acronyms(self) -> None:
        """"Korea Institute for National Unification (KINU)": KINU names the same organization."""
        defined = {}
        for start, end, org in list(self.org_mentions):
            match = _ACRONYM_AFTER.match(self.text, end)
            if match and match.group(1) not in defined:
                defined[match.group(1)] = org
                org.acronym = org.acronym or match.group(1)
        if not defined:
            return
        # each acronym starts with a capital: the word-start check follows it, so re skips to capitals
        acronyms = "|".join(re.escape(a[0]) + r"(?<![\w-].)" + re.escape(a[1:]) for a in defined)
        for match in re.finditer(r"(?:" + acronyms + r")(?![\w-])", self.text):
            org = defined[match.group()]
            if match.group() not in org.forms:
                org.forms.add(match.group())
            self.org_mentions.append((match.start(), match.end(), org))
            org.positions.append(match.start())

    # ---- people ---------------------------------------------------------------------------
    def _name_after(self, position: int, limit: int = 4) -> tuple[int, int] | None:
        """The name starting at ``position``: capitalised words that are not roles, places or orgs."""
        text, lex = self.text, self.lex
        tokens = []
        k = position
        while len(tokens) < limit:
            match = _NAME_TOKEN.match(text, k)
            if not match:
                break
            token = match.group()
            word = strip_possessive(token)
            low = word.lower().rstrip(".")
            if (low in lex.name_breaks_lower or word in lex.name_breaks or not tokens and low in lex.name_first_breaks_lower
                    or word.rstrip(".") + "." in lex.titles):
                if word in lex.honorifics and not tokens:
                    k = match.end() + 1
                    continue
                break
            next_char = text[match.end():match.end() + 1]
            if not tokens and lex.country_for(word) and not (next_char == " " and _NAME_TOKEN.match(text, match.end() + 1)):
                break
            tokens.append((match.start(), match.start() + len(word)))
            if word != token or next_char != " ":
                break
            k = match.end() + 1
        if not tokens:
            return None
        start, end = tokens[0][0], tokens[-1][1]
        if lex.country_for(text[start:end]) or self._org_at(start, end):
            return None
        return start, end

    def _role_before(self, start: int) -> tuple[int, str]:
        """The words of a title before a role word: "Deputy foreign", "Russia's top security"."""
        lex = self.lex
        window = self.text[max(0, start - 80):start]
        window = window[window.rfind("\n") + 1:]
        begin = start
        words = window.split(" ")
        taken = 0
        position = start
        for word in reversed(words[:-1] if words and words[-1] == "" else words):
            bare = strip_possessive(word).rstrip(",")
            if not word or word.endswith(",") or bare != word and not lex.country_for(bare) and not self._org_at(
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
        return begin, self.text[begin:start].strip()

    def _add_person(self, start: int, end: int, role: str | None = None, role_start: int | None = None,
                    title_type: str | None = None, org: Org | None = None) -> Person:
        name = self.text[start:end]
        key = "person:" + fold(name)
        person = self.persons.get(key)
        if person is None:
            words = name.split()
            korean = len(words) >= 2 and words[0] in self.lex.korean_surnames
            person = Person(key, name, words[0] if korean else words[-1])
            self.persons[key] = person
        person.forms.add(name)
        if len(name) > len(person.name):
            person.name = name
        if role and (person.role is None or person.affiliation is None and person.country is None):
            role, org, country = self._read_role(role, role_start, org)
            person.role = person.role or role
            if person.affiliation is None and person.country is None:
                person.affiliation, person.country = org, country
        elif org and person.affiliation is None and person.country is None:
            person.affiliation = org  # "Rep. NAME of the Democratic Party"
        if title_type and not person.title_type:
            person.title_type = title_type
        person.positions.append(start)
        self.person_mentions.append((start, end, person))
        return person

    def _read_role(self, role: str, role_start: int | None, org: Org | None) -> tuple[str | None, Org | None, Country | None]:
        """Split a title into role, organization and country ("South Korea's Defense Ministry spokesperson")."""
        lex = self.lex
        role = role.strip(" ,")
        country = None
        if role_start is not None:
            for start, end, mentioned in self._orgs_between(role_start, role_start + len(role)):
                org = org or mentioned
                if mentioned is org:
                    head = self.text[role_start:start]
                    trailing = _LINK_END.search(head)
                    if trailing and not self.text[end:role_start + len(role)].strip():
                        role = head[:trailing.start()].strip()  # "spokesperson of South Korea's Defense Ministry"
                    elif head.strip() and not self.text[end:role_start + len(role)].strip():
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
            minister = _MINISTER.search(role)
            if minister and minister.group(1).lower() not in ("prime", "deputy", "vice", "former", "acting", "senior",
                                                               "junior", "first", "chief", "state", "cabinet"):
                name = minister.group(1).capitalize() + " Ministry"  # "Unification Minister" -> "Unification Ministry"
                known = lex.org_for(name)
                if known and (country is None or known.country == country.name):
                    key = "org:" + fold(known.name)
                    org = self.orgs.setdefault(key, Org(key, name, known.kind, known.acronym, known.country, forms={name}))
                else:
                    key = "org:" + fold(name) + (f"@{country.name}" if country else "")
                    org = self.orgs.setdefault(key, Org(key, name, "ministry", country=country.name if country else None,
                                                        forms={name}))
        return role or None, org, country

    def _orgs_between(self, start: int, end: int):
        index = bisect.bisect_left(self.org_mentions, (start, -1))
        out = []
        while index < len(self.org_mentions) and self.org_mentions[index][0] < end:
            if self.org_mentions[index][1] <= end:
                out.append(self.org_mentions[index])
            index += 1
        return out

    def _org_at(self, start: int, end: int) -> Org | None:
        """The organization whose mention covers text[start:end]."""
        index = bisect.bisect_right(self.org_mentions, (start, 10**12))
        for mention_start, mention_end, org in reversed(self.org_mentions[max(0, index - 8):index]):
            if mention_start <= start and end <= mention_end:
                return org
        return None

    def _apposition(self, start: int) -> tuple[str, int, Org | None] | None:
        """", a senior research fellow at the Korea Institute for National Unification," -> role, org."""
        lex = self.lex
        match = _COMMA.match(self.text, start)
        if not match:
            return None
        begin = match.end()
        depth_limit = min(len(self.text), begin + 240)
        end = _SEGMENT_END.search(self.text, begin, depth_limit + 1)  # a ". " may start on the last character
        stop = min(end.start(), depth_limit) if end else depth_limit
        segment = self.text[begin:stop].rstrip(". ")
        if segment.split(" ", 1)[0] in lex.verb_forms:
            return None  # "NAME, mengatakan kepada wartawan ...": the sentence goes on, no apposition
        served = _SERVED_AS.match(segment)
        if served:
            role = _ROLE_END.sub("", segment[served.end():])
            return (role, begin + served.end(), None) if lex.role_re.search(role) else None
        if segment.lower().startswith(("who ", "which ", "where ", "and ", "or ", "but ")):
            return None
        segment = _ROLE_END.sub("", segment)
        role_match = lex.role_re.search(segment)
        if not role_match or role_match.start() > 60:
            return None
        if _DASH.search(segment[:role_match.start()]):
            return None  # "Lensa Nusantara, Jakarta - Duta Besar ...": a dateline, then the story
        lead = segment[:role_match.start()].split()
        if any(w[:1].isupper() and not lex.country_for(strip_possessive(w)) and w.lower() not in lex.role_modifiers
               and not self._org_at(begin + segment.find(w), begin + segment.find(w) + len(w)) for w in lead[1:]):
            return None  # "Shoigu, Russian President Vladimir Putin's longtime ally": about someone else
        if segment[role_match.end():role_match.end() + 1] == " " \
                and not segment[role_match.end() + 1:].startswith(("of", "at")) and self._name_after(begin + role_match.end() + 1):
            return None
        orgs = self._orgs_between(begin, begin + len(segment))
        if not orgs:
            unknown = _UNKNOWN_EMPLOYER.search(segment, role_match.end())
            name = unknown.group(1) if unknown else ""
            first = name.split()[0] if name else ""
            if unknown and not lex.country_for(name) and name not in lex.places and not lex.korean_name_re.search(name) \
                    and first not in lex.titles and first + "." not in lex.titles and first not in lex.honorifics and first.lower() not in lex.role_types:
                # "a reporter for the Chosun Ilbo", "a fellow at Brookings": whom the role is held with
                self.add_org_mention(begin + unknown.start(1), begin + unknown.end(1), name, lex.org_for(name))
                self.org_mentions.sort(key=lambda m: (m[0], -m[1]))
                orgs = self._orgs_between(begin, begin + len(segment))
        org = orgs[-1][2] if orgs else None
        role_text = segment
        owner = _OWNER.match(segment)
        if not orgs and owner and owner.end() <= role_match.start() and owner.group(1) in lex.org_noun_kinds:
            org = self.last_org(begin, owner.group(1))  # "the ministry's deputy spokesperson": the ministry named before
            if org is not None:
                role_text = segment[owner.end():]
        if orgs and orgs[0][1] - begin <= role_match.start():
            pass  # "a former Unification Ministry official": the organization is part of the title
        elif orgs:
            last_start = orgs[-1][0] - begin
            cut = _EMPLOYER_LINK_END.search(segment[:last_start])
            role_text = segment[:cut.start()] if cut else segment[:last_start]
        role_text = _TRAILING_PLACE.sub("", role_text)
        role_text = _ARTICLE_START.sub("", role_text.strip())
        return role_text, None, org

    def _find_people(self, entities) -> None:
        """Names with their titles and appositions; the first description in the article wins."""
        text, lex = self.text, self.lex
        seen: set[tuple[int, int]] = set()
        found: list[tuple] = []  # (span, role, role_start, title_type, org)
        # titles before names: "Kremlin spokesperson Dmitry Peskov", "Presiden Korea Selatan Yoon Suk Yeol"
        titles = list(word_start_spans(text, lex.title_re, lex.title_after_break_re))
        for title_start, title_end in titles:
            if text[title_end:title_end + 1] != " ":
                continue
            after = title_end + 1
            country = lex.country_re.match(text, after) if lex.language == "id" else None
            if country:
                after = country.end() + 1
            if lex.head_first:  # "Sekretaris Jenderal PBB Antonio Guterres": the organization, then the name
                index = bisect.bisect_left(self.org_mentions, (after, -10**12))
                if index < len(self.org_mentions) and self.org_mentions[index][0] == after \
                        and text[self.org_mentions[index][1]:self.org_mentions[index][1] + 1] == " ":
                    after = self.org_mentions[index][1] + 1
            of_org = self._org_mention_after(title_end)
            if of_org is not None and text[of_org:of_org + 1] == " ":
                after = of_org + 1  # "Director of the Eurasia Policy Center NAME"
            span = self._name_after(after)
            if not span:
                continue
            role_start, before = self._role_before(title_start)
            title = text[title_start:title_end]
            title_type = lex.titles.get(title if title.endswith(".") else title + ".")
            role = text[role_start:after].strip() if not title_type else (before or None)
            found.append((span, role, role_start, title_type, None))
            seen.add(span)
        for match in lex.korean_name_re.finditer(text):
            if match.group().split()[-1] not in lex.not_given_names and not _covered(seen, match.start(), match.end()):
                found.append((match.span(), None, None, None, None))
                seen.add(match.span())
        for start, end, label in entities:  # names the rules missed; theirs win where both saw one
            if label in ("PERSON", "PER") and not any(s < end and start < e for s, e in seen):
                found.append(((start, end), None, None, None, None))
                seen.add((start, end))
        # appositions: "Hong Min, a senior research fellow at X," / "Rep. Kim Gunn, who served as ..."
        for match in _NAME_BEFORE_COMMA.finditer(text):
            end = match.end()
            phrase, name_start = self._strip_leading(match.group(), match.start())  # "But NAME, a ..."
            word_count = len(phrase.split())
            if word_count > 4 or word_count == 1 and not _covered(seen, name_start, end):
                continue  # a lone word ("China, ...") is a name only where a title or a full name covers it
            span = self._name_after(name_start)
            if not span or span[1] != end:
                continue
            words = text[span[0]:span[1]].split()
            known = any(s[0] <= span[0] and span[1] <= s[1] for s in seen)
            if len(words) < 2 and not known:
                continue
            apposition = self._apposition(end)
            if apposition:
                role, role_start, org = apposition
                found.append((span, role, role_start, None, org))
                seen.add(span)
        # reverse appositions: "Russia's top security official, Sergei Shoigu,"
        for title_start, title_end in titles:
            if text[title_start:title_end].endswith("."):
                continue
            tail = _ROLE_TAIL.match(text, title_end)  # "spokesperson for the Unification Ministry, NAME"
            after = _COMMA.match(text, tail.end() if tail else title_end)
            if not after:
                continue
            span = self._name_after(after.end())
            if not span or not _NAME_END.match(text[span[1]:span[1] + 5]):
                continue
            if len(text[span[0]:span[1]].split()) < 2 and not _covered(seen, *span):
                continue
            role_start, _ = self._role_before(title_start)
            found.append((span, text[role_start:after.start()], role_start, None, None))
        for span, role, role_start, title_type, org in sorted(found, key=lambda f: f[0][0]):
            org = org or self._org_after_name(span[1])
            self._add_person(*span, role=role, role_start=role_start, title_type=title_type, org=org)
        self._merge_surnames()
        self._find_person_mentions()

    def _merge_surnames(self) -> None:
        """"Secretary Shoigu" is "Sergei Shoigu" when the article names him in full."""
        for key, person in list(self.persons.items()):
            if " " in person.name:
                continue
            fuller = [p for p in self.persons.values() if " " in p.name and person.name in self.short_names(p)]
            if len(fuller) == 1:
                target = fuller[0]
                target.forms |= person.forms
                target.role = target.role or person.role
                target.affiliation = target.affiliation or person.affiliation
                target.country = target.country or person.country
                target.title_type = target.title_type or person.title_type
                del self.persons[key]
                self.person_mentions = [(s, e, target if p is person else p) for s, e, p in self.person_mentions]

    def _find_person_mentions(self) -> None:
        """Every place a full name is written, for "the most recently mentioned" questions."""
        text = self.text
        forms = {form: person for person in self.persons.values() for form in person.forms if " " in form}
        found = []
        for form, person in forms.items():  # str.find: a regex of this article's names costs more to compile
            start = text.find(form)
            while start >= 0:
                end = start + len(form)
                if not _name_char(text[start - 1:start]) and not _name_char(text[end:end + 1]):
                    found.append((start, end, person))
                start = text.find(form, start + 1)
        found.sort(key=lambda m: (m[0], -m[1]))
        reach = -1
        for mention in found:  # left to right, the longest form first, no overlaps (as a regex scan)
            if mention[0] >= reach:
                self.person_mentions.append(mention)
                reach = mention[1]
        self.person_mentions = sorted(set(self.person_mentions), key=lambda m: (m[0], -m[1]))
        positions = {person: [] for person in self.persons.values()}  # in mention order: sorted
        for start, _, person in self.person_mentions:
            if person in positions:
                positions[person].append(start)
        for person, starts in positions.items():
            person.positions = starts

    # ---- questions the attribution stage asks -------------------------------------------
    def person_named(self, name: str) -> Person | None:
        return self.persons.get("person:" + fold(strip_possessive(name)))

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
                                      or self._org_after_name(mention[1], end) is not None):
                best = mention
            index += 1
        return best

    def _org_mention_after(self, position: int) -> int | None:
        """The end of an organization's mention linked by "of/from (the)" at ``position``."""
        link = _NAME_OF.match(self.text, position)
        if not link:
            return None
        index = bisect.bisect_left(self.org_mentions, (link.end(), -10**12))
        if index < len(self.org_mentions) and self.org_mentions[index][0] == link.end():
            return self.org_mentions[index][1]
        return None

    def _org_after_name(self, position: int, end: int | None = None) -> Org | None:
        """"NAME of the Democratic Party", "NAME from Yonsei University": the organization right after
        a name (ending exactly at ``end`` when given)."""
        link = _NAME_OF.match(self.text, position)
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
        for mention in self._orgs_between(start, end):  # the earliest start covers the most
            tail = self.text[mention[1]:end].strip().lower()
            if not tail or tail in ("newspaper", "news agency", "state news agency", "agency", "daily", "state media"):
                return mention
            bracket = _ACRONYM_AFTER.match(self.text, mention[1])  # "Kepala Staf Gabungan (JCS) Korea Selatan"
            where = self.text[bracket.end():end].split() if bracket else []
            if bracket and (self.lex.country_for(" ".join(where)) or 0 < len(where) <= 3 and all(w[:1].isupper() for w in where)):
                return mention  # the country or region the organization belongs to
        return None

    def orgs_in(self, start: int, end: int) -> list[Org]:
        return [org for _, _, org in self._orgs_between(start, end)]

    def last_org(self, before: int, noun: str) -> Org | None:
        """The organization a common noun points back to ("the ministry", "the daily")."""
        kind = self.lex.org_noun_kinds.get(noun)
        index = bisect.bisect_left(self.org_mentions, (before, -1))
        for mention_start, _, org in reversed(self.org_mentions[:index]):
            if noun in org.name.lower().split() or kind and org.kind == kind or (noun in ("daily", "newspaper", "paper") and org.state_media and "agency" not in org.name.lower()):
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

    # ---- speakers -----------------------------------------------------------------------
    def person_speaker(self, person: Person, mention: str) -> Speaker:
        org = person.affiliation
        speaker = Speaker(person.name, "person", self._person_type(person), person.role, key=person.key,
                          mention=mention, person=person, aliases=sorted(person.forms - {person.name}))
        if org:
            self._fill_affiliation(speaker, org)
        elif person.country:
            speaker.affiliation = person.country.name
            speaker.affiliation_kind = "government"
            speaker.affiliation_country = person.country.name
            speaker.affiliation_aliases = list(person.country.aliases)
        return speaker

    def org_speaker(self, org: Org, mention: str) -> Speaker:
        return Speaker(org.name, "organization", self._org_type(org), key=org.key, mention=mention, org=org,
                       aliases=sorted(org.forms - {org.name}))

    def anonymous_speaker(self, role: str, org: Org | None, mention: str) -> Speaker:
        speaker = Speaker(None, "anonymous", self.lex.role_types.get(role.lower().rstrip("s"),
                                                                       self.lex.role_types.get(role.lower(), "other")),
                          role, key=f"anonymous:{role.lower()}:{org.key if org else ''}", mention=mention)
        if org:
            self._fill_affiliation(speaker, org)
            speaker.type = self._org_type(org) if speaker.type == "other" else speaker.type
        return speaker

    def _fill_affiliation(self, speaker: Speaker, org: Org) -> None:
        speaker.affiliation = org.name
        speaker.affiliation_acronym = org.acronym
        speaker.affiliation_kind = org.kind
        speaker.affiliation_country = org.country
        speaker.affiliation_aliases = sorted(org.forms - {org.name})

    def _org_type(self, org: Org) -> str:
        if org.state_media:
            return "state media"
        return {"ministry": "official", "government": "official", "military": "official", "international": "official",
                "think tank": "expert", "university": "expert", "media": "journalist", "party": "politician"}.get(org.kind, "other")

    def _person_type(self, person: Person) -> str:
        org = person.affiliation
        if org and org.kind in ("think tank", "university"):
            return "expert"
        if person.title_type:
            return person.title_type
        if person.role:
            head = _ROLE_COMPLEMENT.split(person.role, 1)[0]  # "spokesperson for President X" is a spokesperson
            found = self.lex.role_re.findall(head) or self.lex.role_re.findall(person.role)
            if found:
                return self.lex.role_types.get(" ".join(found[-1].lower().split()), "other")
        if org:
            return self._org_type(org)
        return "official" if person.country else "other"


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect.bisect_right(spans, (start, 10**12))
    return any(s < end and start < e for s, e in spans[max(0, index - 3):index + 1])


def _name_char(char: str) -> bool:
    return bool(char) and (char.isalnum() or char in "_-")


def _covered(spans, start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)
