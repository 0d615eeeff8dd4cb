"""Roles, affiliations and speaker types: the article's people and organizations (affiliation.Registry)
and what extract() reports for each speaker.

Hand-written sentences only; every name is invented.
"""
import pytest

from quotedb.extract import extract
from quotedb.extract.entities import find_entities
from quotedb.lexicon import load


def registry(text, language="en"):
    return find_entities(text, load(language))


def person(text, name, language="en"):
    found = registry(text, language).person_named(name)
    assert found is not None, f"{name!r} not registered"
    return found


def speaker_of(text, language="en"):
    found = [q for q in extract(text, language) if q.speaker or q.speaker_kind]
    assert found, "nothing attributed"
    return found[0]


# ---- appositions --------------------------------------------------------------------------------

@pytest.mark.parametrize("apposition, role, organization", [
    ("a senior research fellow at the government-funded Korea Institute for Defense Analyses",
     "senior research fellow", "Korea Institute for Defense Analyses"),
    ("a research fellow at the Asan Institute for Policy Studies", "research fellow", "Asan Institute for Policy Studies"),
    ("an associate professor of North Korean studies at Kyungnam University",
     "associate professor of North Korean studies", "Kyungnam University"),
    ("director of the Center for Maritime Security at the Sejong Institute",
     "director of the Center for Maritime Security", "Sejong Institute"),
    ("a columnist at the JoongAng Ilbo", "columnist", "JoongAng Ilbo"),
    ("a reporter for the Chosun Ilbo", "reporter", "Chosun Ilbo"),
    ("a fellow at Brookings", "fellow", "Brookings"),  # an employer the lexicon does not know
    ("a former Unification Ministry official", "former Unification Ministry official", "Unification Ministry"),
])
def test_apposition_gives_role_and_organization(apposition, role, organization):
    text = f"Moon Ha-eun, {apposition}, said the talks would fail."
    found = person(text, "Moon Ha-eun")
    assert found.role == role
    assert found.affiliation is not None and found.affiliation.name == organization
    quote = speaker_of(text)
    assert (quote.speaker, quote.role, quote.affiliation) == ("Moon Ha-eun", role, organization)


def test_apposition_naming_a_person_is_no_employer():
    found = person("Moon Ha-eun, an aide for Rep. Lee, said the talks would fail.", "Moon Ha-eun")
    assert found.affiliation is None


def test_apposition_without_organization():
    found = person("Moon Ha-eun, a retired general, said the talks would fail.", "Moon Ha-eun")
    assert found.role == "retired general" and found.affiliation is None


def test_apposition_about_someone_else_is_not_the_role():
    text = "Moon Ha-eun, President Park Tae-yang's longtime adviser, said the talks would fail."
    assert person(text, "Moon Ha-eun").role != "President"


# ---- titles before the name ----------------------------------------------------------------------

@pytest.mark.parametrize("title, name, role, organization, country", [
    ("Unification Minister", "Ahn Jae-sik", "Unification Minister", "Unification Ministry", "South Korea"),
    ("Chinese Foreign Ministry spokesperson", "Lin Wei", "Chinese Foreign Ministry spokesperson",
     "Chinese Foreign Ministry", "China"),
    ("South Korea's Defense Ministry spokesperson", "Jeon Ji-hoon", "South Korea's Defense Ministry spokesperson",
     "South Korea's Defense Ministry", "South Korea"),
    ("Former unification minister", "Jeong Se-ra", "Former unification minister", "Unification Ministry", "South Korea"),
])
def test_title_before_the_name(title, name, role, organization, country):
    quote = speaker_of(f"{title} {name} said the talks would fail.")
    assert quote.speaker == name and quote.speaker_kind == "person"
    assert quote.role == role
    assert quote.affiliation == organization and quote.affiliation_country == country
    assert quote.speaker_type == "official"


def test_state_title_gives_the_country():
    quote = speaker_of("Russian Deputy Foreign Minister Pavel Orlov said the talks would fail.")
    assert quote.speaker == "Pavel Orlov" and quote.role == "Russian Deputy Foreign Minister"
    assert quote.affiliation_country == "Russia"


def test_abbreviated_title_gives_the_type():
    found = person("Rep. Shin Dong-wook said the talks would fail.", "Shin Dong-wook")
    assert found.title_type == "politician"


# ---- "NAME, who served as ...", "ROLE of ORG NAME", "NAME of ORG" -----------------------------------

def test_who_served_as():
    quote = speaker_of("Baek Sung-ho, who served as vice unification minister from 2019 to 2021, said the talks would fail.")
    assert quote.role == "vice unification minister"
    assert quote.affiliation == "Unification Ministry" and quote.speaker_type == "official"


def test_who_served_as_without_organization():
    quote = speaker_of("Baek Sung-ho, who served as army chief of staff until 2022, said the talks would fail.")
    assert quote.speaker == "Baek Sung-ho" and quote.role == "army chief of staff"


@pytest.mark.parametrize("text, name, role, organization", [
    ("Director of the Eurasia Policy Center Lee Jin-woo said the drills would go ahead.",
     "Lee Jin-woo", "Director", "Eurasia Policy Center"),
    ("Spokesperson of the Unification Ministry Koo Min-ah said the drills would go ahead.",
     "Koo Min-ah", "Spokesperson", "Unification Ministry"),
    ("The spokesperson of the Unification Ministry, Koo Min-ah, said the drills would go ahead.",
     "Koo Min-ah", "spokesperson", "Unification Ministry"),
])
def test_role_of_organization_then_name(text, name, role, organization):
    quote = speaker_of(text)
    assert (quote.speaker, quote.role, quote.affiliation) == (name, role, organization)


@pytest.mark.parametrize("text, name, organization, type_", [
    ("Rep. Shin Dong-wook of the Democratic Party said the talks would fail.",
     "Shin Dong-wook", "Democratic Party", "politician"),
    ("Lawmaker Oh Se-yeon of the People Power Party said the talks would fail.",
     "Oh Se-yeon", "People Power Party", "politician"),
    ("Professor Yoon Da-hye of Yonsei University said the talks would fail.",
     "Yoon Da-hye", "Yonsei University", "expert"),
])
def test_name_of_organization(text, name, organization, type_):
    quote = speaker_of(text)
    assert quote.speaker == name and quote.speaker_kind == "person"
    assert quote.affiliation == organization and quote.speaker_type == type_


# ---- carried to later mentions -----------------------------------------------------------------------

def test_role_and_affiliation_carried_to_surname_and_pronoun():
    text = ("Moon Ha-eun, a senior fellow at the Sejong Institute, spoke at a forum on Monday.\n\n"
            '"Pyongyang is running out of options," Moon said.\n\n'
            "She added that China would not step in.")
    direct, reported = extract(text)
    for quote in (direct, reported):
        assert quote.speaker == "Moon Ha-eun"
        assert quote.role == "senior fellow" and quote.affiliation == "Sejong Institute"
        assert quote.speaker_type == "expert"
    assert direct.speaker_mention == "Moon"


def test_first_description_wins():
    text = ("Moon Ha-eun, a senior fellow at the Sejong Institute, spoke first.\n\n"
            "Moon Ha-eun, who once advised the Unification Ministry, said the talks would fail.")
    found = person(text, "Moon Ha-eun")
    assert found.role == "senior fellow" and found.affiliation.name == "Sejong Institute"


# ---- the outlet addressed is not the affiliation -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Jang Mi-rae told The Korea Herald that the sanctions were losing their bite.",
    '"The sanctions are losing their bite," Jang Mi-rae told The Korea Herald.',
    "Jang Mi-rae said in an interview with The Korea Herald that the sanctions were losing their bite.",
])
def test_told_the_outlet_is_not_the_affiliation(text):
    quote = speaker_of(text)
    assert quote.speaker == "Jang Mi-rae" and quote.affiliation is None


def test_told_the_outlet_after_an_apposition():
    text = '"The sanctions are losing their bite," Jang Mi-rae, a professor at Korea University, told The Korea Herald.'
    [quote] = extract(text)
    assert quote.type == "direct" and quote.speaker == "Jang Mi-rae"
    assert quote.affiliation == "Korea University" and quote.cue == "told The Korea Herald"


# ---- acronyms and aliases -------------------------------------------------------------------------------

def test_acronym_defined_in_the_text():
    text = ("Nam Gi-tae, a senior fellow at the Korean Institute of Maritime Strategy (KIMS), said the talks "
            "would fail.\n\nCha Eun-woo, a fellow at KIMS, said the aid was ready.\n\n"
            "KIMS researcher Bae Yoon-ji said the ships were old.")
    reg = registry(text)
    nam, cha, bae = (reg.person_named(n) for n in ("Nam Gi-tae", "Cha Eun-woo", "Bae Yoon-ji"))
    assert nam.affiliation is cha.affiliation is bae.affiliation
    org = nam.affiliation
    assert org.name == "Korean Institute of Maritime Strategy" and org.acronym == "KIMS"
    assert {"KIMS", "Korean Institute of Maritime Strategy"} <= org.forms
    quotes = extract(text)
    assert {q.affiliation for q in quotes} == {"Korean Institute of Maritime Strategy"}
    assert all("KIMS" in q.affiliation_aliases and q.affiliation_acronym == "KIMS" for q in quotes)


def test_known_acronym_defined_in_the_text():
    text = ("Yoo Ha-neul, a researcher at the Korea Institute for National Unification (KINU), said the talks "
            "would fail.\n\nAnother KINU researcher, Cha Eun-woo, said the aid was ready.")
    first, second = extract(text)
    assert first.affiliation == second.affiliation == "Korea Institute for National Unification"
    assert second.affiliation_acronym == "KINU" and second.speaker_type == "expert"


def test_alias_lexicon_makes_one_organization():
    text = ("The Unification Ministry said the aid was ready.\n\n"
            "Later, an official at the Ministry of Unification said the talks would fail.")
    reg = registry(text)
    orgs = {id(org) for _, _, org in reg.org_mentions}
    assert len(orgs) == 1
    [org] = {org.name: org for _, _, org in reg.org_mentions}.values()
    assert org.name == "Ministry of Unification" and org.acronym == "MOU"
    assert {"Unification Ministry", "Ministry of Unification"} <= org.forms
    ministry, official = extract(text)
    assert ministry.speaker == "Ministry of Unification" and "Unification Ministry" in ministry.speaker_aliases
    assert official.speaker_kind == "anonymous" and official.affiliation == "Ministry of Unification"


def test_another_countrys_ministry_is_not_the_lexicon_entry():
    reg = registry("Russia's Defense Ministry said the drills were routine. The Defense Ministry in Seoul disagreed.")
    names = {org.name: org for _, _, org in reg.org_mentions}
    russian = names["Russia's Defense Ministry"]
    assert russian.country == "Russia" and russian.acronym is None
    assert any(org.country == "South Korea" for org in names.values())


def test_the_norths_ministry_is_not_the_souths():
    text = 'The North\'s foreign ministry denounced the drills as "a reckless provocation against our state."'
    reg = registry(text)
    [org] = {id(o): o for _, _, o in reg.org_mentions}.values()
    assert org.country == "North Korea" and org.acronym is None
    [quote] = extract(text)
    assert quote.speaker == "The North's foreign ministry" and quote.speaker_kind == "organization"


# ---- speaker types ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, kind, type_", [
    ("Moon Ha-eun, a professor at Korea University, said the talks would fail.", "person", "expert"),
    ("Moon Ha-eun, a senior analyst at the Sejong Institute, said the talks would fail.", "person", "expert"),
    ("Moon Ha-eun, a spokesperson for the Unification Ministry, said the talks would fail.", "person", "official"),
    ("Defense Minister Baek Sung-ho said the talks would fail.", "person", "official"),
    ("Moon Ha-eun, a spokesperson for President Lee Jae-won, said the talks would fail.", "person", "official"),
    ("Lawmaker Oh Se-yeon said the talks would fail.", "person", "politician"),
    ("President Yoon Ji-ho said the talks would fail.", "person", "politician"),
    ("Moon Ha-eun, a columnist, said the talks would fail.", "person", "journalist"),
    ("Moon Ha-eun, a correspondent for Yonhap News Agency, said the talks would fail.", "person", "journalist"),
    ("KCNA said the talks would fail.", "organization", "state media"),
    ("The Rodong Sinmun said the talks would fail.", "organization", "state media"),
    ("The Unification Ministry said the talks would fail.", "organization", "official"),
    ("The Sejong Institute said the talks would fail.", "organization", "expert"),
    ("Analysts said the talks would fail.", "anonymous", "expert"),
    ("A Unification Ministry official said the talks would fail.", "anonymous", "official"),
    ("Moon Ha-eun, a defector who fled in 2015, said the talks would fail.", "person", "other"),
])
def test_speaker_types(text, kind, type_):
    quote = speaker_of(text)
    assert (quote.speaker_kind, quote.speaker_type) == (kind, type_)


# ---- Indonesian ---------------------------------------------------------------------------------------------

def test_indonesian_title_before_the_name():
    quote = speaker_of('"Kami tidak akan mundur," kata Menteri Luar Negeri Retno Wulandari.', "id")
    assert quote.speaker == "Retno Wulandari" and quote.role == "Menteri Luar Negeri"
    assert quote.speaker_type == "official"


def test_indonesian_apposition():
    quote = speaker_of("Pengamat dari Universitas Gadjah Mada, Budi Santoso, mengatakan bahwa sanksi itu gagal.", "id")
    assert quote.speaker == "Budi Santoso" and quote.affiliation == "Universitas Gadjah Mada"
    assert quote.speaker_type == "expert"


def test_possessive_org_noun_in_apposition_is_the_ministry_named_before():
    text = ("The Fisheries Ministry said quotas would fall. "
            '"We will compensate the crews," Lim Bo-ra, the ministry\'s deputy spokesperson, told reporters.')
    quote = [q for q in extract(text) if q.type == "direct"][0]
    assert quote.speaker == "Lim Bo-ra" and quote.role == "deputy spokesperson"
    assert quote.affiliation == "Fisheries Ministry"


def test_organization_before_a_role_word_is_the_affiliation():
    quote = [q for q in extract("'No talks are planned,' Kremlin aide Ivan Sorokin told reporters.") if q.type == "direct"][0]
    assert quote.speaker == "Ivan Sorokin" and quote.role == "Kremlin aide" and quote.affiliation == "Kremlin"
