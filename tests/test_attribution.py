"""Attribution sieves: who said each quotation, by which rule, with what confidence.

Hand-written sentences only; every name is invented.
"""
import pytest

from quotedb.extract import extract
from quotedb.extract.attribution import CONFIDENCE

ANALYST = "Kang Tae-hoon, a senior analyst at the Sejong Institute,"
SAID = "The North is preparing another nuclear test"


def quotes(text, language="en"):
    found = extract(text, language)
    for quote in found:  # every record names its rule, and the rule's confidence
        assert quote.rule in CONFIDENCE
        assert quote.confidence == CONFIDENCE[quote.rule]
        assert (quote.speaker is None and quote.speaker_kind is None) == (quote.rule == "unattributed")
    return found


def only(text, language="en"):
    found = quotes(text, language)
    assert len(found) == 1, [(q.text, q.speaker) for q in found]
    return found[0]


# ---- the cue in the same sentence --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    f'"{SAID}," Kang Tae-hoon said.',  # cue after the quote
    f'Kang Tae-hoon said, "{SAID}."',  # cue before the quote
    f'"{SAID}," said Kang Tae-hoon.',  # inverted
    f'"{SAID}," Kang Tae-hoon told reporters on Monday.',
    f'Kang Tae-hoon said on Monday that "{SAID.lower()}."',
])
def test_cue_in_the_same_sentence(text):
    quote = only(text)
    assert quote.type == "direct" and quote.text.rstrip(".,") in (SAID, SAID.lower())
    assert quote.speaker == "Kang Tae-hoon" and quote.speaker_kind == "person"
    assert quote.rule == "cue-same-sentence" and quote.confidence == 0.9
    assert quote.cue.startswith(("said", "told"))


def test_inverted_cue_with_apposition():
    quote = only(f'"{SAID}," said {ANALYST[:-1]}.')
    assert quote.speaker == "Kang Tae-hoon" and quote.role == "senior analyst"
    assert quote.affiliation == "Sejong Institute" and quote.speaker_type == "expert"


def test_interrupted_quote_speaks_twice_for_the_same_person():
    first, second = quotes(f'"{SAID}," Kang Tae-hoon said. "It could come within weeks."')
    assert first.speaker == second.speaker == "Kang Tae-hoon"
    assert first.rule == "cue-same-sentence" and second.rule == "continuation"
    assert second.cue == "said"  # same line: the cue is shared


@pytest.mark.parametrize("text, speaker", [
    ('"We are ready," she said, "to respond to any provocation."', "Hwang Min-seo"),
    ('"Pyongyang is signalling," said Hwang Min-seo, "but it is not yet acting."', "Hwang Min-seo"),
    ('"Pyongyang is signalling," Hwang Min-seo said in a briefing, "but it is not yet acting."', "Hwang Min-seo"),
])
def test_one_sentence_split_by_its_attribution(text, speaker):
    text = f"Hwang Min-seo, a spokesperson for the Defense Ministry, held a briefing.\n\n{text}"
    first, second = quotes(text)
    assert first.speaker == second.speaker == speaker
    assert second.rule == "continuation" and second.affiliation == "Defense Ministry"


# ---- colon introductions -----------------------------------------------------------------------

def test_colon_after_the_speech_verb():
    quote = only(f'{ANALYST} said: "{SAID}."')
    assert quote.speaker == "Kang Tae-hoon" and quote.rule == "colon-intro"
    assert quote.confidence == 0.85 and quote.cue == "said"


def test_colon_after_a_cue_earlier_in_the_sentence():
    quote = only(f'Kang Tae-hoon said in an interview, when asked about the test site: "{SAID}."')
    assert quote.speaker == "Kang Tae-hoon" and quote.rule == "colon-intro"


def test_colon_ending_the_paragraph_before_the_quote():
    text = f'{ANALYST} spoke after the launch.\n\nKang told reporters:\n\n"{SAID}, whatever Seoul says."'
    quote = only(text)
    assert quote.speaker == "Kang Tae-hoon" and quote.cue == "told reporters"
    assert quote.affiliation == "Sejong Institute"


def test_colon_without_a_speech_verb_falls_to_the_sentence_subject():
    quote = only(f'Kang Tae-hoon offered a blunt forecast: "{SAID}."')
    assert quote.speaker == "Kang Tae-hoon" and quote.rule == "sentence-subject" and quote.confidence == 0.5


# ---- pronouns, surnames, nominals ---------------------------------------------------------------

def test_pronoun_skips_an_organization_for_the_last_person():
    text = (f"{ANALYST} spoke first. The Unification Ministry then issued a statement.\n\n"
            f'"{SAID}," he said.')
    quote = only(text)
    assert quote.speaker == "Kang Tae-hoon" and quote.rule == "pronoun" and quote.confidence == 0.7
    assert quote.affiliation == "Sejong Institute"  # the role and affiliation travel with the person


def test_pronoun_after_a_sentence_opening_with_a_connective():
    """"But NAME, apposition, disagreed." makes NAME the person "he" refers to, with the apposition."""
    text = ('"It is about controlling information," Choi Ji-young said.\n\n'
            "But Yang Ki-bum, a senior researcher at the Korea Research Institute for National Strategy, "
            'disagreed. "This is a long-term strategic shift," he said in a phone interview.')
    choi, yang = quotes(text)
    assert choi.speaker == "Choi Ji-young"
    assert yang.speaker == "Yang Ki-bum" and yang.rule == "pronoun"
    assert yang.role == "senior researcher"
    assert yang.affiliation == "Korea Research Institute for National Strategy"


def test_it_goes_to_the_organization_not_the_person():
    text = (f"The Unification Ministry issued a statement on Friday. {ANALYST} welcomed it.\n\n"
            '"We urge restraint from all sides," it said.')
    quote = only(text)
    assert quote.speaker == "Unification Ministry" and quote.speaker_kind == "organization"
    assert quote.rule == "pronoun"


def test_pronoun_with_no_person_before_is_not_guessed():
    quote = only(f'"{SAID}," she said.')
    assert quote.speaker is None and quote.rule == "unattributed" and quote.confidence == 0.0


def test_surname_to_the_full_name_introduced_earlier():
    text = (f"{ANALYST} met Yoo Na-rae, a professor at Yonsei University, in Seoul.\n\n"
            f'"{SAID}," Kang said.\n\n'
            '"Nobody in Seoul expects talks this year," Yoo said.')
    kang, yoo = quotes(text)
    assert kang.speaker == "Kang Tae-hoon" and kang.rule == "surname" and kang.confidence == 0.8
    assert kang.affiliation == "Sejong Institute" and kang.speaker_mention == "Kang"
    assert yoo.speaker == "Yoo Na-rae" and yoo.affiliation == "Yonsei University"


def test_honorific_surname():
    text = f'{ANALYST} spoke at the forum.\n\n"{SAID}," Mr. Kang said.'
    assert only(text).speaker == "Kang Tae-hoon"


@pytest.mark.parametrize("nominal", ["the department director", "the director"])
def test_nominal_to_the_person_with_that_role(nominal):
    text = ("Seo Yu-jin, director of the Peace Policy Department at the Unification Ministry, briefed "
            f'reporters on Monday.\n\n"We will keep the liaison channel open," {nominal} said.')
    quote = only(text)
    assert quote.speaker == "Seo Yu-jin" and quote.rule == "nominal" and quote.confidence == 0.7
    assert quote.role == "director of the Peace Policy Department"
    assert quote.affiliation == "Unification Ministry"


def test_nominal_organization_to_its_antecedent():
    text = ('The Unification Ministry announced new aid on Monday.\n\n'
            '"We will keep the liaison channel open," the ministry said.')
    quote = only(text)
    assert quote.speaker == "Unification Ministry" and quote.speaker_kind == "organization"
    assert quote.rule == "nominal"


def test_a_description_naming_another_country_is_not_the_last_person():
    text = ("Hwang Min-seo, a spokesperson for the Defense Ministry, held a briefing.\n\n"
            '"The drills are defensive," the North\'s defense minister said.')
    quote = only(text)
    assert quote.speaker != "Hwang Min-seo" and quote.speaker_kind == "anonymous"


def test_a_description_agreeing_with_the_last_person_goes_back_to_them():
    text = ("Rep. Shin Dong-wook, who served as chief negotiator for the disarmament talks until May, spoke first.\n\n"
            '"Seoul should talk to Pyongyang," the former South Korean envoy said.')
    quote = only(text)
    assert quote.speaker == "Shin Dong-wook" and quote.rule == "nominal"


def test_the_official_goes_back_to_the_anonymous_official():
    text = ("A senior official at the Foreign Ministry said the envoy would travel to Beijing.\n\n"
            '"The trip is about coordination, not concessions," the official said.')
    reported, direct = quotes(text)
    assert reported.type == "indirect" and reported.speaker_kind == "anonymous"
    assert direct.speaker is None and direct.speaker_kind == "anonymous"
    assert direct.role == "official" and direct.affiliation == "Foreign Ministry"
    assert direct.rule == "nominal"


# ---- continuation paragraphs --------------------------------------------------------------------

def test_paragraph_with_only_a_quote_continues_the_last_speaker():
    text = (f'{ANALYST} said the North was preparing a test.\n\n'
            '"It could come within weeks," Kang said.\n\n'
            '"Satellite images show trucks at the site every night."')
    reported, first, second = quotes(text)
    assert second.speaker == "Kang Tae-hoon" and second.rule == "continuation"
    assert second.confidence == 0.75 and second.cue is None
    assert second.affiliation == "Sejong Institute"


def test_quote_after_an_unrelated_paragraph_is_not_continued():
    text = (f"{ANALYST} spoke first.\n\nThe weather was cold and the hall half empty.\n\n"
            '"Satellite images show trucks at the site every night."')
    quote = only(text)
    assert quote.speaker is None and quote.rule == "unattributed"


# ---- organizations and state media --------------------------------------------------------------

def test_ministry_speaks_as_an_organization():
    quote = only('"We urge Pyongyang to stop its provocations," the Unification Ministry said in a statement.')
    assert quote.speaker == "Unification Ministry" and quote.speaker_kind == "organization"
    assert quote.speaker_type == "official" and quote.affiliation is None
    assert "Ministry of Unification" in quote.speaker_aliases or quote.speaker == "Unification Ministry"


def test_state_news_agency_with_acronym():
    text = ("North Korea's Korean Central News Agency (KCNA) said the drills were \"a rehearsal for an "
            "invasion of our country.\"\n\n\"The puppet military will pay dearly,\" the agency said.")
    first, second = quotes(text)
    for quote in (first, second):
        assert "Korean Central News Agency" in quote.speaker
        assert quote.speaker_kind == "organization" and quote.speaker_type == "state media"
    assert "KCNA" in first.speaker_aliases
    assert second.rule == "nominal"


def test_acronym_only_state_media():
    quote = only("KCNA said the drills were a rehearsal for invasion.")
    assert quote.speaker == "KCNA" and quote.speaker_type == "state media" and quote.type == "indirect"


def test_state_newspaper_and_the_newspaper():
    text = ("The Rodong Sinmun carried a long commentary on Sunday.\n\n"
            '"The puppet military will pay dearly for its reckless drills," the newspaper said.')
    quote = only(text)
    assert quote.speaker == "Rodong Sinmun" and quote.speaker_type == "state media"


def test_state_media_as_a_collective_source():
    quote = only("North Korean state media said the launch was successful.")
    assert quote.speaker == "North Korean state media" and quote.speaker_type == "state media"


def test_countries_speaking_together_are_a_group():
    quote = only("South Korea and the United States said the drills would proceed as planned.")
    assert quote.speaker == "South Korea and the United States" and quote.speaker_kind == "group"


# ---- anonymous sources ----------------------------------------------------------------------------

def test_anonymous_official_keeps_descriptor_and_ministry():
    quote = only("A Unification Ministry official, speaking on condition of anonymity, said the talks had been postponed.")
    assert quote.speaker is None and quote.speaker_kind == "anonymous"
    assert quote.role == "official" and quote.speaker_type == "official"
    assert quote.affiliation == "Unification Ministry"
    assert "Ministry of Unification" in quote.affiliation_aliases or quote.affiliation_acronym == "MOU"


def test_a_ministry_official_points_back_to_the_ministry_named_before():
    text = ("The Ministry of Unification said on Monday it would send aid.\n\n"
            "A ministry official, speaking on condition of anonymity, said the talks had been postponed.")
    ministry, official = quotes(text)
    assert ministry.speaker == "Ministry of Unification"
    assert official.speaker_kind == "anonymous" and official.affiliation == "Ministry of Unification"


def test_a_ministry_official_with_no_ministry_in_the_article_has_no_affiliation():
    quote = only("A ministry official, speaking on condition of anonymity, said the talks had been postponed.")
    assert quote.speaker_kind == "anonymous" and quote.affiliation is None


@pytest.mark.parametrize("source, role, type_", [
    ("Analysts", "analysts", "expert"),
    ("One expert", "expert", "expert"),
    ("Diplomatic sources", "sources", "other"),
])
def test_anonymous_collectives(source, role, type_):
    quote = only(f"{source} said the launch was a message to Washington.")
    assert quote.speaker is None and quote.speaker_kind == "anonymous"
    assert quote.role == role and quote.speaker_type == type_


# ---- relayed sources ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Reuters, citing KCNA, reported that the North had launched a reconnaissance satellite.",
    "The North had launched a reconnaissance satellite, Reuters reported, citing KCNA.",
    "Reuters reported that the North had launched a reconnaissance satellite, citing KCNA.",
    "Reuters reported, citing KCNA, that the North had launched a reconnaissance satellite.",
])
def test_relayed_source_speaks_not_the_relaying_outlet(text):
    quote = only(text)
    assert quote.text.lower() == "the north had launched a reconnaissance satellite"
    assert quote.speaker == "KCNA" and quote.speaker_type == "state media"


def test_outlet_quoting_an_unnamed_official_speaks_itself():
    quote = [q for q in quotes('KCNA quoted the North\'s defense minister as saying that the drills were '
                               '"a rehearsal for war against our country."') if q.type == "direct"][0]
    assert quote.speaker == "KCNA" and quote.speaker_type == "state media"


def test_outlet_quoting_a_named_official_gives_the_official():
    found = quotes('KCNA quoted Defense Minister Ri Chol-ho as saying the drills were a rehearsal for war.')
    assert [q.speaker for q in found] == ["Ri Chol-ho"]


def test_quoting_a_newspaper():
    quote = only("AFP, quoting the Rodong Sinmun, said the leader had inspected the launch site.")
    assert quote.speaker == "Rodong Sinmun"


# ---- never a guessed speaker ------------------------------------------------------------------------

def test_unattributable_quote_is_stored_without_a_speaker():
    text = "The hall fell silent.\n\n\"There is no going back now that the weapons are deployed.\""
    quote = only(text)
    assert quote.type == "direct"
    assert quote.text == "There is no going back now that the weapons are deployed."
    for field in ("speaker", "speaker_kind", "speaker_type", "role", "affiliation", "cue"):
        assert getattr(quote, field) is None
    assert quote.rule == "unattributed" and quote.confidence == 0.0


def test_banner_text_read_aloud_is_not_given_a_person():
    quote = only('"This is a matter of national survival, and we will never give up," read a banner at the rally.')
    assert quote.speaker is None


def test_every_quote_records_its_rule_and_confidence():
    text = (f'{ANALYST} said the North was preparing a test.\n\n"It could come within weeks," he said.\n\n'
            '"Satellite images show trucks at the site."\n\n'
            "The ministry said it would respond.\n\n\"Nobody knows,\" a passer-by shrugged.")
    found = quotes(text)
    assert {q.rule for q in found} >= {"cue-same-sentence", "pronoun", "continuation"}
    assert all(0.0 <= q.confidence <= 1.0 for q in found)


def test_report_speaks_for_the_body_that_issued_it():
    found = quotes("The Harbor Policy Institute said catches fell. Its author Baek Sol-ha said the fleet had shrunk. "
                   "The report argues that subsidies have failed.")
    last = [q for q in found if q.text == "subsidies have failed"]
    assert last and last[0].speaker == "Harbor Policy Institute"


def test_described_think_tank_is_the_one_the_article_names():
    found = quotes("Catches fell by a third this year, a state-funded think tank in Busan said. "
                   "The Harbor Policy Institute published the figures on Friday.")
    assert [(q.text, q.speaker) for q in found if q.type == "indirect"] == [
        ("Catches fell by a third this year", "Harbor Policy Institute")]


def test_colon_introduction_by_a_possessed_speech_noun():
    text = ("Han Ji-woo, a fisheries researcher at the Tidewater Institute, said catches fell. "
            'Han\'s message to the new minister was stark: "The boats will stay in port all winter."\n\n'
            'Her view of the ministry\'s response was blunt: "Nobody in the capital has read our figures."')
    found = {q.text: q.speaker for q in quotes(text) if q.type == "direct"}
    assert found == {"The boats will stay in port all winter.": "Han Ji-woo",
                     "Nobody in the capital has read our figures.": "Han Ji-woo"}


def test_title_before_the_name_after_the_quote():
    quote = only("'The harbour will reopen next week,' Admiralty aide Pavel Serov told reporters in Riga.")
    assert quote.speaker == "Pavel Serov" and quote.rule == "cue-same-sentence"
