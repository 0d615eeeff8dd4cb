"""Property-based: the extractor never raises and its offsets always slice the text."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotedb.clean import clean_text
from quotedb.extract import extract

QUOTE_MARKS = "\"'“”‘’«»„"
NEWSY = st.sampled_from(
    [" said", " told The Korea Herald", " according to", ", Kim said.", " the ministry", " Hong Min,", " kata",
     " menurut", "\n\n", ". ", ", ", " that ", "(KINU)", " a senior fellow at the Korea Institute for National Unification"]
)
TEXT = st.lists(st.one_of(st.text(max_size=30), st.sampled_from(list(QUOTE_MARKS)), NEWSY), max_size=60).map("".join)


def check(text, quotes):
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert q.type in ("direct", "indirect")
        assert 0.0 <= q.confidence <= 1.0
    starts = [q.start for q in quotes]
    assert starts == sorted(starts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from(["en", "id"]))
def test_extract_never_raises_and_offsets_slice(text, language):
    check(text, extract(text, language))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_unicode(text):
    check(text, extract(text, "en"))


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_clean_then_extract(text):
    article = clean_text(text)
    check(article.text, extract(article.text, article.language))


def test_ten_thousand_unbalanced_marks():
    text = ('He said "' * 5000) + ("'" * 5000)
    check(text, extract(text, "en"))
