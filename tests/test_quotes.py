"""Direct quotations: the mark scanner (quotes.find_quotes) and what extract() keeps of its spans.

Hand-written sentences only; every name is invented.
"""
import pytest

from quotedb.nlp.rules import segment
from quotedb.extract import extract
from quotedb.extract.quotes import find_quotes
from quotedb.lexicon import load


def spans(text, language="en"):
    segmentation = segment(text, language)
    return find_quotes(text, segmentation.lines, load(language).apostrophe_words)


def quoted(text, language="en"):
    """The words between the marks of every top-level quotation the scanner finds."""
    return [text[q.start:q.end] for q in spans(text, language)]


def direct(text, language="en"):
    return [q for q in extract(text, language) if q.type == "direct"]


# ---- every mark style ------------------------------------------------------------------------

@pytest.mark.parametrize("opening, closing", [
    ('"', '"'),
    ("“", "”"),
    ("'", "'"),
    ("‘", "’"),
    ("«", "»"),
    ("»", "«"),  # the Danish/German pointing-inward style
    ("„", "“"),
    ("„", "”"),
])
def test_every_mark_style(opening, closing):
    text = f"Go Eun-bi, a lawmaker, said {opening}the budget will pass next week{closing} on Tuesday."
    assert quoted(text) == ["the budget will pass next week"]
    [quote] = direct(text)
    assert quote.speaker == "Go Eun-bi"


def test_spaced_french_guillemets_keep_the_words_only():
    text = "Le ministre Seo Dae-ho a déclaré « nous restons prêts au dialogue » jeudi."
    assert quoted(text) == ["nous restons prêts au dialogue"]


# ---- apostrophes are not quotation marks -----------------------------------------------------

@pytest.mark.parametrize("text", [
    "Korea's exports and Pyongyang's envoys don't move markets, the Koreas' leaders know.",
    "Back in the '90s, smugglers would rock 'em across the river at night.",
    "The two Koreas' ties have soured since the '00s, and Seoul's patience hasn't lasted.",
    "The Parks' and the Chois' farms lie north of the river; it's Gangwon's coldest valley.",
    "Rock 'n' roll wasn't allowed in Pyongyang's concert halls until the '10s.",
    "The Gov't's envoy said nothing ’bout the ’90s.",
])
def test_apostrophes_are_not_quotes(text):
    assert quoted(text) == []
    assert extract(text) == [] or all(q.type == "indirect" for q in extract(text))


def test_apostrophes_inside_a_single_quoted_quote():
    text = "Ryu Ji-hoon said, 'It's Seoul's call, and we won't wait for Tokyo's approval.'"
    assert quoted(text) == ["It's Seoul's call, and we won't wait for Tokyo's approval."]


@pytest.mark.parametrize("opening, closing, apostrophe", [("'", "'", "'"), ("‘", "’", "’")])
def test_plural_possessive_inside_a_single_quoted_quote(opening, closing, apostrophe):
    """"the Koreas' leaders" inside '...' does not close the quote early."""
    words = f"It is the Koreas{apostrophe} leaders who must decide, not Washington."
    text = f"{opening}{words}{closing} said Ryu Ji-hoon, a columnist."
    assert quoted(text) == [words]
    [quote] = direct(text)
    assert quote.text == words and quote.speaker == "Ryu Ji-hoon"


def test_plural_possessive_then_a_new_quote_keeps_both_quotes():
    text = "Officials called the envoys 'hostile forces' and the drills 'a dress rehearsal for war.'"
    assert quoted(text) == ["hostile forces", "a dress rehearsal for war."]


def test_decade_and_em_inside_a_double_quoted_quote():
    text = '"We saw this in the \'90s and we\'ll beat \'em again," said Ryu Ji-hoon.'
    assert quoted(text) == ["We saw this in the '90s and we'll beat 'em again,"]


# ---- mismatched pairs from sloppy web conversion ---------------------------------------------

@pytest.mark.parametrize("text, words", [
    ("'We will not back down,\" the spokesman said.", "We will not back down,"),
    ("The envoy said 'the door remains open.\" He left the room.", "the door remains open."),
    ("“We are ready,’ Moon Hae-jin said.", "We are ready,"),
    ("‘The drills will go ahead.” Moon Hae-jin said on Friday.", "The drills will go ahead."),
])
def test_mismatched_pairs(text, words):
    assert quoted(text) == [words]


def test_mismatched_pair_is_attributed_like_any_quote():
    text = "'Pyongyang is testing us,\" said Moon Hae-jin, a senior fellow at the Sejong Institute."
    [quote] = direct(text)
    assert quote.text == "Pyongyang is testing us,"
    assert quote.speaker == "Moon Hae-jin" and quote.affiliation == "Sejong Institute"


# ---- nesting, interruption, several sentences ------------------------------------------------

@pytest.mark.parametrize("text, outer", [
    ('"The minister told me \'never again\' and then he left," said Moon Hae-jin.',
     "The minister told me 'never again' and then he left,"),
    ("“The minister told me ‘never again’ and then he left,” said Moon Hae-jin.",
     "The minister told me ‘never again’ and then he left,"),
    ("'The minister told me \"never again\" and then he left,' said Moon Hae-jin.",
     'The minister told me "never again" and then he left,'),
    ("«The minister told me “never again” and then he left», said Moon Hae-jin.",
     "The minister told me “never again” and then he left"),
])
def test_nested_quotes_stay_inside_the_outer_one(text, outer):
    assert quoted(text) == [outer]
    [quote] = direct(text)
    assert quote.text == outer and quote.speaker == "Moon Hae-jin"


def test_several_sentences_in_one_pair_of_marks_are_one_quote():
    text = '"We will respond. The drills must stop. Nobody wants a war," the official said.'
    assert quoted(text) == ["We will respond. The drills must stop. Nobody wants a war,"]


def test_quote_interrupted_by_its_attribution_is_two_quotes():
    text = '"The sanctions are working," Moon Hae-jin said. "But they take time."'
    assert quoted(text) == ["The sanctions are working,", "But they take time."]
    first, second = direct(text)
    assert first.speaker == second.speaker == "Moon Hae-jin"


# ---- a quote left open at a paragraph end ----------------------------------------------------

MULTI = (
    "Han Seo-yeon, a lecturer at Kookmin University, spoke after the vote.\n\n"
    '"The assembly has never been this divided, and the public can see it plainly.\n\n'
    '"Nobody in either party wants to compromise before the election," Han said.\n\n'
    '"Both sides are waiting for the other to blink.'
)


def test_unclosed_quote_stops_at_the_paragraph_end_and_reopens():
    found = spans(MULTI)
    assert [MULTI[q.start:q.end] for q in found] == [
        "The assembly has never been this divided, and the public can see it plainly.",
        "Nobody in either party wants to compromise before the election,",
        "Both sides are waiting for the other to blink.",
    ]
    assert [q.closed for q in found] == [False, True, False]
    assert all(q.opens_line for q in found)
    assert len({q.line for q in found}) == 3  # one entry per paragraph


def test_multi_paragraph_quote_has_one_speaker_throughout():
    quotes = direct(MULTI)
    assert [q.paragraph for q in quotes] == [1, 2, 3]
    assert {q.speaker for q in quotes} == {"Han Seo-yeon"}
    assert [q.rule for q in quotes] == ["continuation", "surname", "continuation"]


def test_a_short_unclosed_mark_inside_a_line_is_not_a_quote():
    assert quoted('The tally was 5" of rain in Sokcho.') == []


# ---- scare quotes, titles and names in quotes ------------------------------------------------

@pytest.mark.parametrize("text, term", [
    ('The 2018 "Panmunjom Declaration" was signed by both leaders.', "Panmunjom Declaration"),
    ('The drama "Crash Landing on You" drew viewers in the North.', "Crash Landing on You"),
    ('The defector, nicknamed "the Professor," arrived in Seoul in 2019.', "the Professor,"),
    ('Seoul launched the "Audacious Initiative" policy last year.', "Audacious Initiative"),
    ("Analysts call it a 'managed' crisis.", "managed"),
    ('The novel "Winter Birds Over the Taedong River" was banned.', "Winter Birds Over the Taedong River"),
    ('Troops staged the "Freedom Edge" exercise off Jeju.', "Freedom Edge"),
])
def test_scare_quotes_titles_and_names_are_not_quotations(text, term):
    """The scanner sees the marks; extract() drops an unattributed term, a title or a name."""
    assert quoted(text) == [term]
    assert direct(text) == []


def test_attributed_partial_quote_is_kept():
    text = 'The Korean Central News Agency denounced the drills as a "rehearsal for invasion" on Friday.'
    [quote] = direct(text)
    assert quote.text == "rehearsal for invasion"
    assert quote.speaker == "Korean Central News Agency" and quote.cue == "denounced"


def test_quoted_term_before_a_term_noun_is_dropped_even_with_a_cue():
    text = 'The ministry said the "strategic patience" policy had ended.'
    assert all(q.text != "strategic patience" for q in extract(text))


# ---- offsets ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    'He said "',
    '"',
    "''",
    '" "',
    '“”‘’«»„',
    "'\"'\"'\"",
    'A "b" c "d',
    "x\n\n\"y\n\n'z",
    '   "  padded words inside  "   said Moon Hae-jin.',
    "„Guten Tag“ und «bonjour» und ‚hallo‘ and 'hi' and “hello”",
    "\"Nested 'single \"double 'again' double\" single' outer\" end",
    "Korea's '90s 'em the Koreas' 'quoted, and' more'",
    "\u2028\"line\u2029 separators\"\x0c\"form feed\"",
])
def test_offsets_are_inside_the_text_and_slice_it(text):
    for q in spans(text):
        assert 0 <= q.open < q.close <= len(text)
        assert q.open < q.start <= q.end <= q.close
        assert text[q.start:q.end].strip() == text[q.start:q.end] != ""
    for q in extract(text):
        assert 0 <= q.start <= q.end <= len(text) and text[q.start:q.end] == q.text


def test_empty_quotes_are_ignored():
    assert quoted('He said "" and “ ” and left.') == []


def test_title_after_titled_is_not_a_quotation():
    found = extract('In a report titled "Harbors, Quotas and the Coast: A Survey," the Harbor Policy Institute '
                    'said catches had fallen.')
    assert [q for q in found if q.type == "direct"] == []


def test_term_after_so_called_is_not_a_quotation():
    found = extract('Harbor Policy Institute economist Baek Sol-ha said the so-called "quota boats" had vanished.')
    assert all(q.text != "quota boats" for q in found)
