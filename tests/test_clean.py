"""Page cleaning: furniture removal, metadata extraction, dates, language, HTML, bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotedb import clean
from quotedb.clean import clean_html, clean_text, detect_language, parse_date

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
GOLD = Path(__file__).parents[1] / ".." / "shared" / "eval" / "seeds" / "gold.jsonl"


PIECES = ["\n", "\n\n", "\r\n", "\x00", "Send to", "SHARE", "Related Articles", "Penulis", "By Kim Arin",
          " (arin@heraldcorp.com)", "Korea Herald", "3 days ago", "Sept. 22, 2023 - 13:48", "22/09/2023", "©",
          "Baca juga: ", "Most Popular", '"', "“", " said.", "Sumber Reuters", "SEOUL, KOMPAS.com - ", "logo"]


def seed(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


# ---------------------------------------------------------------- seeds: metadata

SEED_META = {
    "000": ("N. Korea's Politburo discusses implementing Kim's Russia trip outcomes", None, "2023-09-22",
            "Ji Da-gyum", "en"),
    "001": ("Politbiro Partai Komunis Korut Bahas Tindak Lanjut Kunjungan Kim Jong Un ke Rusia", "Kompas.com",
            "2023-09-22", "Tito Hilmawan Reditya", "id"),
    "002": ("Kim Jong Un Arrives in Russia in Rare Foreign Trip", "Jakarta Globe", "2023-09-12", "Associated Press",
            "en"),
    "003": ("Why Putin's top aide Shoigu keeps meeting Kim Jong-un", "The Korea Herald", None, None, "en"),
    "004": ("Summit of two loners: Kim breaks seclusion with Putin by his side", "The Korea Herald", None, "Kim Arin",
            "en"),
}


@pytest.mark.parametrize("name", sorted(SEED_META))
def test_seed_metadata(name):
    article = clean_text(seed(name), source=f"{name}.txt")
    title, outlet, published, byline, language = SEED_META[name]
    assert article.title == title
    # 000 names no outlet on the page (only a photo credit): None is acceptable, a guess is not.
    assert article.outlet == outlet or (name == "000" and article.outlet in (None, "The Korea Herald"))
    assert article.published == published
    assert article.byline == byline
    assert article.language == language
    assert article.source == f"{name}.txt"


@pytest.mark.parametrize("name", sorted(SEED_META))
def test_seed_title_kept_once_and_no_adjacent_duplicates(name):
    article = clean_text(seed(name))
    paras = paragraphs(article.text)
    assert paras.count(article.title) == 1
    assert all(a != b for a, b in zip(paras, paras[1:]))
    assert all(p == p.strip() and p for p in paras)


# ---------------------------------------------------------------- seeds: nothing real is lost


def gold_rows() -> list[dict]:
    if not GOLD.exists():
        pytest.skip(f"gold file not found: {GOLD}")
    with GOLD.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_every_non_optional_gold_quote_survives_cleaning():
    rows = [row for row in gold_rows() if not row["optional"]]
    assert rows
    cleaned = {doc: clean_text((SEEDS / doc).read_text(encoding="utf-8")).text for doc in {r["doc"] for r in rows}}
    missing = [(row["doc"], row["text"][:60]) for row in rows if row["text"] not in cleaned[row["doc"]]]
    assert not missing, missing


def test_related_articles_keep_full_bodies_drop_headlines():
    text = clean_text(seed("003")).text
    paras = paragraphs(text)
    assert any(p.startswith("ST. PETERSBURG, Russia (AP) — Russian President Vladimir Putin offered") for p in paras)
    assert any(p.startswith("North Korea on Thursday underscored the \"absolute solidity\"") for p in paras)
    assert any(p.startswith("South Korea's spy chief nominee Lee Jong-seok said") for p in paras)
    for headline in (
        "Putin says Russia could help broker deal",
        "N. Korea touts 'absolute solidity' of alliance with Russia on 1st anniv. of key treaty",
        "[Exclusive] Moon-era inter-Korean military pact needs to be restored: spy chief nominee",
    ):
        assert headline not in paras


# Furniture strings that must be gone from each cleaned seed (as substrings of the text).
GONE = {
    "000": ["Send to", "13:48", "By Ji Da-gyum"],
    "001": ["Baca berita tanpa iklan", "Baca juga", "Kompas.com - 22/09/2023", "16:00 WIB", "Penulis",
            "Sumber Reuters", "Simak breaking news", "WhatsApp Channel", "Terkini Lainnya", "Komentar", "Close Ads",
            "Bagikan artikel ini", "Oke", "Login untuk"],
    "002": ["Logo ", "BTV Logo", "Our Network", "User Button", "SHARE", "11:48 am", "date 2023-09-12", "Advertisement",
            "Tags:", "#International", "Keywords:", "POPULAR READS", "News 45 minutes ago", "Ferdy Sambo",
            "Pertamina", "News Index", "Popular Tag", "Most Popular", "Opini Title", "Investor Daily", "COPYRIGHT",
            "ALL RIGHTS RESERVED"],
    "003": ["Korea Herald3 days ago", "time2 days ago", "time3 days ago", "• Korea Herald", "Orange background",
            "Try Our AI Features", "Explore what Daily8", "Comments", "No comments yet", "Related Articles",
            "DOWNLOAD THE APP", "Download the App", "Download Daily8 app", "app-storeplay-store"],
    "004": ["Back To Top", "By Kim Arin", "arin@heraldcorp.com", "MOST POPULAR", "LATEST NEWS", "subscribe",
            "피터빈트"],
}
# Furniture that may also occur inside real sentences: it must not be a paragraph of its own.
GONE_AS_PARAGRAPH = {
    "000": [], "001": ["Tito Hilmawan Reditya"], "002": ["Associated Press"],
    "003": ["logo", "Korea Herald"], "004": [],
}


@pytest.mark.parametrize("name", sorted(GONE))
def test_seed_furniture_is_gone(name):
    text = clean_text(seed(name)).text
    assert [s for s in GONE[name] if s in text] == []
    assert [s for s in GONE_AS_PARAGRAPH[name] if s in paragraphs(text)] == []


def test_seed_paragraph_characters_unchanged():
    raw = seed("004")
    for paragraph in paragraphs(clean_text(raw).text):
        assert paragraph in raw  # curly quotes, dashes, spacing: exactly as scraped


# ---------------------------------------------------------------- furniture kinds, by hand

BODY = (
    'Hong Min, a senior research fellow at the Korea Institute for National Unification, said "Russia is '
    'moving swiftly to secure troops," adding that the talks in Pyongyang were only the first of several.'
)


def cleaned(*lines: str) -> list[str]:
    return paragraphs(clean_text("\n\n".join(lines)).text)


@pytest.mark.parametrize(
    "furniture",
    [
        "Send to", "SHARE", "Share", "Back To Top", "logo", "User Button", "Logo BeritaSatu Logo BTV", "BTV Logo",
        "Advertisement", "Close Ads", "Baca berita tanpa iklan. Gabung Kompas.com+",
        "Baca juga: Kim Jong Un Pulang ke Pyongyang", "Baca Juga : Korsel Beri Peringatan",
        "DOWNLOAD THE APP", "Get Started Now: Download the App", "app-storeplay-store",
        "Ready to dive in? Download Foo8 app today from your preferred app store and start exploring.",
        "subscribe", "Simak breaking news dan berita pilihan kami. Kompas.com WhatsApp Channel : https://x.y/z",
        "No comments yet...", "Tags:", "Tags: North Korea, Russia", "Keywords:", "#International #Asia",
        "COPYRIGHT © 2023 JAKARTA GLOBE. ALL RIGHTS RESERVED", "© 2024 Daily Foo", "Copyright 2024 Some Site",
        "  • Korea Herald", "Korea Herald", "Sept. 22, 2023 - 13:48", "September 12, 2023 | 11:48 am",
        "Korea Herald3 days ago", "time2 days ago", "By Kim Arin (arin@heraldcorp.com)", "12", "•",
    ],
)
def test_single_furniture_line_removed(furniture):
    assert cleaned("Envoys meet in Pyongyang again", furniture, BODY) == ["Envoys meet in Pyongyang again", BODY]


@pytest.mark.parametrize("heading", ["POPULAR READS", "Most Popular", "LATEST NEWS", "MOST POPULAR", "Related Articles",
                                     "Terkini Lainnya", "Comments"])
def test_list_section_drops_headlines_and_teasers(heading):
    result = cleaned(
        "Envoys meet in Pyongyang again", BODY, heading,
        "Ferdy Sambo Transferred to Cibinong Prison", "News 45 minutes ago",
        "Ferdy's wife was transferred from Pondok Bambu Women's Prison in Jakarta to a prison in Banten.",
        "1", "Prabowo Considers Ridwan Kamil as Potential Running Mate", "피터빈트",
    )
    assert result == ["Envoys meet in Pyongyang again", BODY]


def test_list_section_keeps_full_bodies_and_their_short_follow_up_sentences():
    follow_up = '"We will respond in kind," the ministry said.'
    result = cleaned("Envoys meet in Pyongyang again", BODY, "Related Articles", "Other story headline here",
                     "Korea Herald", "time2 days ago", BODY + " More.", follow_up, "Next headline in the list")
    assert result == ["Envoys meet in Pyongyang again", BODY, BODY + " More.", follow_up]


def test_duplicated_title_and_caption_collapse():
    caption = "Kim Jong Un waves from a train in Pyongyang, North Korea, as he leaves for Russia. (KCNA via AP)"
    result = cleaned("logo", "Why Shoigu keeps meeting Kim", "Why Shoigu keeps meeting Kim", "Korea Herald3 days ago",
                     caption, caption, BODY)
    assert result == ["Why Shoigu keeps meeting Kim", caption, BODY]
    assert clean_text("logo\nWhy Shoigu keeps meeting Kim\n\nWhy Shoigu keeps meeting Kim\n\n" + BODY).title == (
        "Why Shoigu keeps meeting Kim"
    )


def test_single_newline_paragraphs_become_blank_line_separated():
    second = "Kim Gunn said the two leaders need each other more than before, according to the report."
    article = clean_text(f"Envoys meet in Pyongyang again\n{BODY}\n{second}")
    assert article.text == f"Envoys meet in Pyongyang again\n\n{BODY}\n\n{second}"


def test_hard_wrapped_lines_rejoin_their_paragraph():
    article = clean_text(f"{BODY}\nThe minister said the talks\nwould resume next week.\n\nNext paragraph here.")
    assert paragraphs(article.text) == [BODY, "The minister said the talks\nwould resume next week.",
                                        "Next paragraph here."]


def test_short_sentences_with_dates_or_by_are_not_header_lines():
    kept = ["He arrived 3 days ago.", "By Tuesday, it was over.", "Photo by Yonhap", "Sumber itu mengatakan hal lain.",
            "Kim Greeted By Putin"]
    article = clean_text("\n\n".join([BODY, *kept]))
    assert paragraphs(article.text) == [BODY, *kept]
    assert article.byline is None and article.published is None


def test_lookalikes_of_furniture_are_kept():
    # A headline that starts like a label, a sentence that starts with "Logo", a "Read more" button mid-article.
    article = clean_text("\n\n".join([
        "Source of tension grows", BODY, "Logo changes anger fans across the country.", "Read more",
        '"We will respond in kind," the ministry said.', "Sumber Reuters",
    ]))
    assert article.title == "Source of tension grows"
    assert paragraphs(article.text) == [
        "Source of tension grows", BODY, "Logo changes anger fans across the country.",
        '"We will respond in kind," the ministry said.', "Sumber Reuters",  # a label only in the header
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=40), st.sampled_from(PIECES)), max_size=40))
def test_clean_text_never_raises_and_keeps_lines_verbatim(pieces):
    raw = "".join(pieces)
    article = clean_text(raw)
    normalised = raw.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    for paragraph in paragraphs(article.text) if article.text else []:
        assert paragraph and paragraph == paragraph.strip()
        for line in paragraph.split("\n"):
            assert line in normalised
    assert article.language in ("en", "id")
    assert article.published is None or parse_date(article.published) == article.published


# ---------------------------------------------------------------- metadata, by hand


def test_byline_forms():
    assert clean_text(f"Title of the story here\n\nSept. 22, 2023 - 13:48 By Ji Da-gyum\n{BODY}").byline == "Ji Da-gyum"
    assert clean_text(f"{BODY}\n\nBy Kim Arin (arin@heraldcorp.com)").byline == "Kim Arin"
    assert clean_text(f"Judul berita di sini\n\nTito Hilmawan Reditya\n\nPenulis\n\n{BODY}").byline == (
        "Tito Hilmawan Reditya"
    )
    assert clean_text(f"Judul berita di sini\n\nPenulis: Ika Sari\n\n{BODY}").byline == "Ika Sari"
    wire = clean_text(f"Kim Arrives in Russia\n\nAssociated Press\n\nSeptember 12, 2023 | 11:48 am\n\n{BODY}")
    assert (wire.byline, wire.outlet) == ("Associated Press", None)  # an agency line is a byline, not the outlet
    assert clean_text(f"Title of the story here\n\n{BODY}").byline is None
    assert clean_text(f"Title of the story here\n\nReported by Lee Jung-joo\n\n{BODY}").byline == "Lee Jung-joo"
    assert clean_text(f"Judul berita di sini\n\nOleh: Ika Sari\n\n{BODY}").byline == "Ika Sari"


def test_outlet_sources():
    assert clean_text(f"Title of the story here\n\nKompas.com - 22/09/2023, 16:00 WIB\n\n{BODY}").outlet == "Kompas.com"
    assert clean_text(f"{BODY}\n\nCOPYRIGHT © 2023 JAKARTA GLOBE. ALL RIGHTS RESERVED").outlet == "Jakarta Globe"
    assert clean_text(f"{BODY}\n\nBy Lee Hyo-jin (lhj@koreatimes.co.kr)").outlet == "The Korea Times"
    assert clean_text(f"{BODY}\n\nBy Kim Arin (arin@heraldcorp.com)").outlet == "The Korea Herald"
    assert clean_text(f"{BODY}\n\nBy Reporter (desk@yna.co.kr)").outlet == "Yonhap"
    assert clean_text(f"Title of the story here\n\nKorea Herald3 days ago\n\n{BODY}").outlet == "The Korea Herald"
    assert clean_text(f"SEOUL, KOMPAS.com - {BODY}").outlet == "Kompas.com"
    assert clean_text(f"{BODY}\n\n© 2024 Daily Foo. All rights reserved.").outlet == "Daily Foo"
    # A person's byline or a photo credit names no outlet; mentions in sentences do not count either.
    assert clean_text(f"Title of the story here\n\nBy Ji Da-gyum\n\n{BODY} (Yonhap)").outlet is None


def test_published_from_header_only_and_never_guessed():
    assert clean_text(f"Title of the story here\n\n date 2023-09-12 Tuesday, September 12, 2023\n{BODY}").published == (
        "2023-09-12"
    )
    assert clean_text(f"Title of the story here\n\nKorea Herald3 days ago\n\n{BODY}").published is None
    # A date inside an article sentence is not the publication date.
    assert clean_text(f"Title of the story here\n\n{BODY} It happened on June 19, 2024.").published is None


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Sept. 22, 2023 - 13:48", "2023-09-22"),
        ("Sept. 22, 2023 - 13:48 By Ji Da-gyum", "2023-09-22"),
        ("22/09/2023, 16:00 WIB", "2023-09-22"),
        ("Kompas.com - 22/09/2023, 16:00 WIB", "2023-09-22"),
        ("September 12, 2023 | 11:48 am", "2023-09-12"),
        ("2023-09-12", "2023-09-12"),
        ("2024-06-19T10:00:00+09:00", "2024-06-19"),
        ("Tuesday, September 12, 2023", "2023-09-12"),
        (" date 2023-09-12 Tuesday, September 12, 2023", "2023-09-12"),
        ("Sep. 3, 2023", "2023-09-03"),
        ("Sep 3, 2023", "2023-09-03"),
        ("Sept 3 2023", "2023-09-03"),
        ("Jan. 5, 2024", "2024-01-05"),
        ("Dec 31, 1999", "1999-12-31"),
        ("June 19th, 2024", "2024-06-19"),
        ("19 June 2024", "2024-06-19"),
        ("Rabu, 20 September 2023", "2023-09-20"),
        ("5 Januari 2024", "2024-01-05"),
        ("29 Februari 2024", "2024-02-29"),
        ("1 Maret 2023", "2023-03-01"),
        ("7 Mei 2023 10:00 WIB", "2023-05-07"),
        ("17 Agustus 2023", "2023-08-17"),
        ("3 Oktober 2023", "2023-10-03"),
        ("25 Desember 2023", "2023-12-25"),
        ("Juli 4, 2023", "2023-07-04"),
        ("20/9/2023", "2023-09-20"),
        ("09/22/2023", "2023-09-22"),  # month first when the day cannot be first
        ("22.09.2023", "2023-09-22"),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text",
    ["3 days ago", "time2 days ago", "Korea Herald3 days ago", "News 45 minutes ago", "an hour ago", "2 hari lalu",
     "yesterday", "", "no date here", "Sept. 12-17", "2023-02-30", "31/31/2023", "May we meet, 2023", "13:48",
     "Mayor 12, 2023"],
)
def test_parse_date_unknown_is_none(text):
    assert parse_date(text) is None


def test_parse_date_bad_input():
    assert parse_date(None) is None  # type: ignore[arg-type]
    assert parse_date("1" * 100_000) is None


# ---------------------------------------------------------------- language


def test_detect_language():
    assert detect_language(clean_text(seed("001")).text) == "id"
    assert detect_language(BODY) == "en"
    indonesian = "Presiden mengatakan bahwa dia akan datang ke Seoul dan bertemu dengan para pejabat."
    assert detect_language(indonesian) == "id"
    assert detect_language("") == "en"
    assert detect_language("12345 !!!") == "en"


# ---------------------------------------------------------------- bad input


def test_bad_input_never_crashes():
    assert clean_text("") == clean.Article(text="")
    assert clean_text(None).text == ""  # type: ignore[arg-type]
    assert clean_text("\n\n \n\t\n").text == ""
    assert clean_text("a\x00b").text == "ab"
    crlf = clean_text(f"Envoys meet in Pyongyang again\r\n\r\n{BODY}\r\n")
    assert crlf.text == f"Envoys meet in Pyongyang again\n\n{BODY}" and "\r" not in crlf.text
    long_line = "word " * 200_000
    assert clean_text(long_line).text == long_line.strip()
    assert clean_text("By " * 50_000).text is not None
    assert clean_text(b"bytes in \xff".decode("latin-1")).text  # any str works


# ---------------------------------------------------------------- HTML

PAGE = (
    "<html><head><title>Envoy speaks</title><meta property=\"og:site_name\" content=\"The Korea Herald\">"
    "<meta property=\"article:published_time\" content=\"2024-06-19T10:00:00+09:00\">"
    "<style>.x { content: 'STYLE_TEXT' }</style><script>var secret = 'SCRIPT_TEXT';</script></head><body>"
    "<nav>Home | World</nav><article><h1>Envoy speaks</h1>"
    "<p>Kim Gunn, a former nuclear envoy, said on Tuesday that talks must resume soon.</p>"
    "<script>document.write('SCRIPT_TEXT')</script><noscript>NOSCRIPT_TEXT</noscript>"
    "<p>\"They need each other more than before,\" Kim told The Korea Herald.</p>"
    "<p>Advertisement</p><p>By Kim Arin (arin@heraldcorp.com)</p></article></body></html>"
)


def check_page(article):
    for secret in ("SCRIPT_TEXT", "STYLE_TEXT", "NOSCRIPT_TEXT", "var secret", "document.write"):
        assert secret not in article.text
    assert "Kim Gunn, a former nuclear envoy, said on Tuesday that talks must resume soon." in article.text
    assert "\"They need each other more than before,\" Kim told The Korea Herald." in article.text
    assert "Advertisement" not in article.text
    assert article.title == "Envoy speaks"
    assert article.outlet == "The Korea Herald"
    assert article.published == "2024-06-19"
    assert article.byline == "Kim Arin"
    assert article.language == "en"


def test_clean_html_with_trafilatura():
    if clean._trafilatura() is None:
        pytest.skip("trafilatura cannot be imported here (is lxml_html_clean installed?)")
    check_page(clean_html(PAGE, source="page.html"))


def test_clean_html_canonical_url():
    page = PAGE.replace("<head>", '<head><link rel="canonical" href="https://example.org/envoy">')
    assert clean_html(page).url == "https://example.org/envoy"


def test_clean_html_fallback_without_trafilatura(monkeypatch):
    monkeypatch.setattr(clean, "_extract_with_trafilatura", lambda page: None)
    article = clean_html(PAGE, source="page.html")
    check_page(article)
    assert "Home | World" not in article.text
    assert paragraphs(article.text)[0] == "Envoy speaks"


@pytest.mark.parametrize(
    "page",
    ["", "   ", "<", "<script>alert('SCRIPT_TEXT')</script>", "\x00<p>x</p>", "plain text only",
     "<?xml version='1.0' encoding='utf-8'?><html><body><p>Hi there.</p></body></html>",
     "<p>" + "x " * 100_000 + "</p>", "<style>STYLE_TEXT</style><p>&lt;script&gt;SCRIPT_TEXT&lt;/script&gt;</p>"],
)
def test_clean_html_bad_input(page):
    article = clean_html(page)
    assert "SCRIPT_TEXT" not in article.text and "STYLE_TEXT" not in article.text
