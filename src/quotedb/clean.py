"""Page cleaning: a raw scraped page → Article (text without page furniture, plus metadata).

Pure functions. Furniture phrases and outlet markers are data (lang/shared/furniture.yml), loaded once
at import. Kept paragraphs are never rewritten, only stripped at their ends: quotations are matched
character for character against the cleaned text.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import string
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml
from lxml import etree
from lxml import html as lxml_html

from .lang import script_language
from .records import Article

_DATA = yaml.safe_load((Path(__file__).parent / "lang" / "shared" / "furniture.yml").read_text(encoding="utf-8"))

# ---------------------------------------------------------------- data tables

_FURNITURE_LINES = frozenset(s.lower() for s in _DATA["lines"])
_FURNITURE_PREFIXES = tuple(s.lower() for s in _DATA["prefixes"])


def _clue(pattern: str) -> str:
    """Text that every match of ``pattern`` (searched with re.I) holds once lower-cased; "" if unknown.

    Searching every line with every pattern is most of the cleaner's regex time; a substring test on
    the lower-cased line rules most patterns out at once. The clue is read from patterns without "|"
    that open with plain lower-case words (after \\b, \\s or ^): those words, less a last letter that a
    quantifier makes optional, cut at "i" and "s" (re.I also matches "ı", "İ", "ſ" to those, which
    lower() keeps apart; any other letter or a space is matched only by what lower() turns into it).
    """
    opening = re.match(r"(?:\\b|\\s|\^)?([a-z ]+)", pattern)
    if not opening or "|" in pattern:
        return ""
    words = opening[1]
    if pattern[opening.end():opening.end() + 1] in ("?", "*", "+", "{"):
        words = words[:-1]
    return max(re.split("[is]", words), key=len)


_FURNITURE_PATTERNS = [(_clue(p), re.compile(p, re.I)) for p in _DATA["patterns"]]
_SECTIONS = frozenset(s.lower() for s in _DATA["sections"])
_AUTHOR_LABELS = frozenset(s.lower() for s in _DATA["author_labels"])
_OTHER_LABELS = frozenset(s.lower() for s in _DATA["other_labels"])


@dataclass(frozen=True)
class _Outlet:
    name: str
    agency: bool
    pattern: re.Pattern


def _marker_pattern(markers: list[str]) -> re.Pattern:
    # Letters must not touch a marker ("Korea Herald3 days ago" still names the Herald).
    alternatives = "|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])", re.I)


_OUTLETS = [_Outlet(o["name"], bool(o.get("agency")), _marker_pattern(o["markers"])) for o in _DATA["outlets"]]

_MONTHS = {
    "january": 1, "januari": 1, "jan": 1,
    "february": 2, "februari": 2, "pebruari": 2, "feb": 2,
    "march": 3, "maret": 3, "mar": 3,
    "april": 4, "apr": 4,
    "may": 5, "mei": 5,
    "june": 6, "juni": 6, "jun": 6,
    "july": 7, "juli": 7, "jul": 7,
    "august": 8, "agustus": 8, "aug": 8, "agu": 8, "agt": 8, "ags": 8,
    "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oktober": 10, "oct": 10, "okt": 10,
    "november": 11, "nopember": 11, "nov": 11,
    "december": 12, "desember": 12, "dec": 12, "des": 12,
}

_EN_STOPWORDS = frozenset(
    "the and of to in is that was for on with said he it as by at from has have are were this be an "
    "will not its his but which who their they would been after also".split()
)
_ID_STOPWORDS = frozenset(
    "yang dan di ke dari untuk dengan ini itu dalam tidak akan pada juga adalah bahwa kata mengatakan "
    "telah oleh atau sebagai para karena sudah bisa ada tersebut mereka kami serta saat tahun bagi "
    "secara menjadi dia ia lebih masih".split()
)
_STOP_WORDS = _EN_STOPWORDS | _ID_STOPWORDS
# Not letters, so stripping them from a chunk's ends never changes its words.
_PUNCTUATION = string.punctuation + "“”‘’«»…—–"

# ---------------------------------------------------------------- regexes (compiled once)

_MONTH = "(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")(?![^\W\d_])\.?"
_DATE_PATTERNS = [
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
    re.compile(rf"(?<![^\W\d_]){_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)", re.I),
    re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<y>\d{{4}})(?!\d)", re.I),
    re.compile(r"(?<!\d)(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)"),
]
_RELATIVE_RE = re.compile(
    r"(?:(?<!\d)\d+|\ban?|\bone)\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b"
    r"|(?<!\d)\d+\s*(?:detik|menit|jam|hari|minggu|bulan|tahun)\s+(?:yang\s+)?lalu\b"
    r"|\b(?:yesterday|kemarin|just now|baru saja)\b",
    re.I,
)
_TIME_RE = re.compile(
    r"(?<!\d)\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*(?:WIB|WITA|WIT|KST|JST|GMT|UTC|EST|EDT|ET)\b)?", re.I
)
_WEEKDAY_RE = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|senin|selasa|rabu|kamis|jum'?at|sabtu|minggu)\b", re.I
)
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_EMAIL_RE = re.compile(_EMAIL)
# A person's name as bylines write it: capitalised words, a few lower-case particles.
_NAME = r"[A-ZÀ-Þ][\w'’.-]*,?(?:\s+(?:[A-ZÀ-Þ][\w'’.-]*,?|de|van|von|der|bin|binti|and|dan|&)){0,7}"
_BYLINE_RE = re.compile(
    rf"(?:^|(?<=[\s|,;–—-]))(?i:by|oleh)\s+(?P<name>{_NAME})\s*\(?(?P<email>{_EMAIL})?\)?\s*$"
)
_NAME_EMAIL_RE = re.compile(rf"(?P<name>{_NAME})\s*\(?(?P<email>{_EMAIL})\)?")
_LABEL_RE = re.compile(r"^(?P<label>[^\W\d_][\w' ]{1,20}?)\s*(?P<colon>[:|])?\s+(?P<value>\S.{0,60})$")
_DATELINE_RE = re.compile(r"^[A-Z][A-Za-z .'-]{1,40},\s+(?P<who>[^,()\-–—]{2,40}?)\s*(?:--|[-–—])\s")
_WORD_RE = re.compile(r"[^\W\d_]+")
_YEAR_RE = re.compile(r"\d{4}")
# Every match of _BYLINE_RE holds one of _BYLINE_CLUES once lower-cased, every match of _RELATIVE_RE one
# of _RELATIVE_CLUES (from ago, lalu, yesterday, kemarin, just now, baru saja): lines with none are not
# searched. No clue has an "i" or "s": re.I also matches "ı", "İ", "ſ" to those, which lower() keeps
# apart; other letters match only their two ASCII cases (and "k" the Kelvin sign, lowered to "k").
_BYLINE_CLUES = ("by", "oleh")
_RELATIVE_CLUES = ("ago", "lalu", "terday", "kemar", "t now", "baru")
# A sentence end: not an initial ("N. Korea") and followed by a capital or the end ("anniv. of" is not).
_SENTENCE_END_RE = re.compile(r"(?<!\b[A-Z])[.!?][\"'”’)]*(?:\s+(?=[\"'“‘(]*[A-Z])|$)")
_COPYRIGHT_NOISE_RE = re.compile(r"copyright|©|\(c\)|all rights reserved|\d{4}(?:\s*[-–]\s*\d{4})?", re.I)
_XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SCRIPT_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)

_CALENDAR_WORDS = frozenset(_MONTHS) | {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu",
}
_CREDIT_WORDS = frozenset({"photo", "photos", "foto", "image", "images", "graphic", "illustration", "video"})
_NAME_PARTICLES = frozenset({"de", "van", "von", "der", "bin", "binti", "and", "dan", "&"})
_EDGE_CHARS = " \t•·|>*-–—"
_TERMINAL = (".", "!", "?", ":", ";", '"', "”", "’", "'", ")", "]", "»", "…")
# Never article text; menus (nav) neither: a page of navigation alone has no article.
_DROPPED_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "nav")
# libxml2 stops reading a page nested deeper than 2048 elements (256 without huge_tree), and drops the
# rest; such a page is read again with its elements below this depth unwrapped, their text kept.
_MAX_HTML_DEPTH = 1000
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Where pages declare their metadata, used when trafilatura gives none.
_META_XPATHS = {
    "title": ('//meta[@property="og:title"]/@content', "//title//text()", "//h1//text()"),
    "date": (
        '//meta[@property="article:published_time"]/@content', '//meta[@name="pubdate"]/@content',
        '//meta[@name="date"]/@content', "//time/@datetime",
    ),
    "sitename": ('//meta[@property="og:site_name"]/@content',),
    "author": ('//meta[@name="author"]/@content', '//meta[@property="article:author"]/@content'),
    "url": ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'),
}
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol tr table section article header footer blockquote figcaption "
    "figure pre aside nav main dd dt".split()
)


# ---------------------------------------------------------------- public API


def parse_date(s: str) -> str | None:
    """The first calendar date written in ``s`` as ISO YYYY-MM-DD; None when there is none.

    Relative dates ("3 days ago") give None: the page's own date is unknown, so never guessed.
    """
    found = _find_date(_as_text(s))
    return found[0] if found else None


def detect_language(text: str) -> str:
    """The language its script tells for a text mostly not in Latin letters ("ko", "ja", "und", see
    lang.scripts); else "id" when Indonesian stop words outnumber English ones, else "en"."""
    by_script = script_language(_as_text(text))
    if by_script:
        return by_script
    # No word crosses a space, and most chunks between spaces are one word, bare or with punctuation
    # at its ends ("said," "“kami"): only the other chunks go through the word regex.
    chunks = _as_text(text).lower().split()
    stop_words = [chunk for chunk in chunks if chunk in _STOP_WORDS]  # stop words are all letters
    cores = [chunk.strip(_PUNCTUATION) for chunk in chunks if not chunk.isalpha()]
    stop_words += [core for core in cores if core in _STOP_WORDS]
    others = " ".join([core for core in cores if not core.isalpha()])
    stop_words += [word for word in _WORD_RE.findall(others) if word in _STOP_WORDS]
    english = len([w for w in stop_words if w in _EN_STOPWORDS])
    indonesian = len([w for w in stop_words if w in _ID_STOPWORDS])
    return "id" if indonesian > english else "en"


def clean_text(raw: str, source: str | None = None) -> Article:
    """A plain-text page (one paragraph or page element per line) → cleaned Article."""
    return _clean(_as_text(raw), source)


def clean_html(html: str, source: str | None = None) -> Article:
    """An HTML page → cleaned Article. Script and style content never reaches the text."""
    tree = _parse_html(_as_text(html))
    if tree is None:
        return _clean("", source)
    # The tree itself, not its markup: trafilatura's own parser would drop what lies below depth 255.
    doc = _extract_with_trafilatura(tree)
    meta = {name: _field(doc, name) or _first_xpath(tree, xpaths) for name, xpaths in _META_XPATHS.items()}
    text = _field(doc, "text") or _html_to_text(tree)
    # Scripts were removed from the tree; this also catches markup escaped into the text itself.
    article = _clean(_SCRIPT_RE.sub("", text), source, title_hint=meta["title"], merge_wrapped=False)
    # Metadata the page declares (meta tags) beats what its visible lines suggest.
    article.published = parse_date(meta["date"] or "") or article.published
    article.outlet = _canonical_outlet(meta["sitename"]) if meta["sitename"] else article.outlet
    article.byline = meta["author"] or article.byline
    article.url = meta["url"]
    return article


# ---------------------------------------------------------------- the cleaner


def _clean(text: str, source: str | None, title_hint: str | None = None, merge_wrapped: bool = True) -> Article:
    lines = [line.strip() for line in _normalise(text).split("\n")]
    keys = [_key(line) for line in lines]
    furniture = [bool(line) and _is_furniture(line, keys[i]) for i, line in enumerate(lines)]
    keep = [bool(line) and not furniture[i] for i, line in enumerate(lines)]
    # The header (title, date, byline lines) ends where the first real paragraph starts.
    body_start = next(
        (i for i, line in enumerate(lines) if keep[i] and _body_like(line)), len(lines)
    )
    found: dict[str, str] = {}  # first value seen of each kind of metadata

    in_list = continuing = False
    previous = ""  # previous non-empty line
    previous_index = -1
    for i, line in enumerate(lines):
        if not line:
            continue
        duplicate, previous, last_index = line == previous, line, previous_index
        previous_index = i
        if _is_copyright(line):  # usually below a "most popular" list, so look before skipping lists
            _first(found, "outlet_copyright", _copyright_outlet(line))
        if furniture[i] or duplicate:
            keep[i] = False
            continue
        if keys[i] in _SECTIONS:
            in_list, continuing, keep[i] = True, False, False
            continue
        if in_list:
            # Lists of other stories: keep full article bodies (and sentences continuing them),
            # drop headlines, teasers, outlet and time lines.
            continuing = _body_like(line) or (continuing and _sentence_like(line))
            keep[i] = continuing
            continue
        in_header = i < body_start
        header = _header(line)
        if header:
            keep[i] = False
            _first(found, "date", header.date)
            _first(found, "byline", header.byline)
            _first(found, "outlet_header", header.outlet)
            _first(found, "outlet_email", header.email_outlet)
            continue
        if len(line) <= 200 and "@" in line:
            for email in _EMAIL_RE.findall(line):
                _first(found, "outlet_email", _outlet_in(email))
        outlet = _outlet_line(line)
        if outlet:
            keep[i] = False
            if in_header and outlet.agency:  # a wire service named under the title is the byline
                _first(found, "agency", outlet.name)
            continue
        label = _label(line, in_header)
        if label:
            keep[i] = False
            kind, value = label
            if kind == "author" and value:
                _first(found, "byline", value)
            elif kind == "author" and last_index >= 0 and keep[last_index] and _name_like(lines[last_index]):
                keep[last_index] = False  # "Name" on the line above a bare "Penulis"
                _first(found, "byline", lines[last_index])
            continue
        dateline = _DATELINE_RE.match(line)
        if dateline:
            hit = _outlet_line(dateline["who"])
            if hit and not hit.agency:
                _first(found, "outlet_dateline", hit.name)

    title = title_hint.strip() if title_hint and title_hint.strip() else _pick_title(lines, keep, body_start)
    if title:
        _drop_repeats(lines, keep, title, body_start if not title_hint else len(lines))

    body = _paragraphs(lines, keep, merge_wrapped)
    outlet = next(
        (found[k] for k in ("outlet_header", "outlet_copyright", "outlet_email", "outlet_dateline") if k in found),
        None,
    )
    return Article(
        text=body,
        title=title or None,
        outlet=outlet,
        published=found.get("date"),
        byline=found.get("byline") or found.get("agency"),
        language=detect_language(body),
        source=source,
    )


def _paragraphs(lines: list[str], keep: list[bool], merge_wrapped: bool) -> str:
    """Kept lines joined by blank lines; hard-wrapped continuation lines rejoin their paragraph."""
    paragraphs: list[str] = []
    last = -2
    for i, line in enumerate(lines):
        if not keep[i]:
            continue
        wrapped = merge_wrapped and bool(paragraphs) and last == i - 1 and line[0].islower()
        if wrapped and not paragraphs[-1].endswith(_TERMINAL):
            paragraphs[-1] += "\n" + line
        else:
            paragraphs.append(line)
        last = i
    return "\n\n".join(paragraphs)


def _pick_title(lines: list[str], keep: list[bool], body_start: int) -> str | None:
    """The header line repeated at the top, else the first title-like header line."""
    candidates = [lines[i] for i in range(body_start) if keep[i] and _title_like(lines[i])]
    counts = Counter(lines[:body_start])
    repeated = [c for c in candidates if counts[c] > 1]
    return (repeated or candidates or [None])[0]


def _drop_repeats(lines: list[str], keep: list[bool], title: str, end: int) -> None:
    """Keep the title once: its first kept occurrence stays, later ones (before ``end``) go."""
    seen = False
    for i in range(min(end, len(lines))):
        if lines[i] == title and keep[i]:
            keep[i] = not seen
            seen = True


# ---------------------------------------------------------------- line tests


def _key(line: str) -> str:
    """A line folded for phrase lookups: no bullets around it, no trailing ".:…!", lower case."""
    return line.strip(_EDGE_CHARS).rstrip(" .:…!").lower()


def _is_furniture(line: str, key: str) -> bool:
    """Whether ``line`` (its _key: ``key``) is page furniture."""
    lower = line.lower()
    if key in _FURNITURE_LINES or lower.lstrip(_EDGE_CHARS).startswith(_FURNITURE_PREFIXES):
        return True
    return len(line) <= 400 and any(clue in lower and p.search(line) for clue, p in _FURNITURE_PATTERNS)


def _is_copyright(line: str) -> bool:
    if len(line) > 200:
        return False
    lower = line.lower()
    return lower.startswith(("copyright", "©", "(c)")) or "all rights reserved" in lower


def _body_like(line: str) -> bool:
    """A real paragraph: long, or several sentences (headlines, teasers and menus are not)."""
    words = len(line.split())
    return words >= 30 or (words >= 15 and len(_SENTENCE_END_RE.findall(line)) >= 2)


def _sentence_like(line: str) -> bool:
    return len(line.split()) >= 4 and line.rstrip("\"'”’)").endswith((".", "!", "?"))


def _title_like(line: str) -> bool:
    words = len(line.split())
    return (
        3 <= words <= 30
        and len(line) <= 200
        and not line.endswith((".", ":", ";", ",", ")"))  # sentences, labels, photo credits
        and "@" not in line
        and "http" not in line.lower()
    )


def _name_like(line: str) -> bool:
    words = line.split()
    return (
        2 <= len(words) <= 5
        and len(line) <= 60
        and not any(c.isdigit() for c in line)
        and not line.endswith((".", "!", "?", ":", ","))
        and all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words)
    )


@dataclass
class _Header:
    date: str | None = None
    byline: str | None = None
    outlet: str | None = None  # named beside the date: "Kompas.com - 22/09/2023", "Korea Herald3 days ago"
    email_outlet: str | None = None


def _header(line: str) -> _Header | None:
    """A date/byline header line ("Sept. 22, 2023 - 13:48 By Ji Da-gyum") → its fields, else None.

    A header line is a date, a relative time or a byline plus at most three other words.
    """
    if len(line) > 160:
        return None
    info = _Header()
    rest = line
    byline = _BYLINE_RE.search(rest) if _has_clue(rest, _BYLINE_CLUES) else None
    if not byline and "@" in rest:  # a name with an e-mail address
        byline = _NAME_EMAIL_RE.fullmatch(rest)
    if byline and byline["name"].split()[0].lower().rstrip(".,") not in _CALENDAR_WORDS:
        info.byline = byline["name"].rstrip(",. ")
        info.email_outlet = _outlet_in(byline["email"] or "")
        rest = rest[: byline.start()] + " " + rest[byline.end():]
    while found := _find_date(rest):
        info.date = info.date or found[0]
        rest = rest[: found[1]] + " " + rest[found[2]:]
    relative = 0
    if _has_clue(rest, _RELATIVE_CLUES):
        rest, relative = _RELATIVE_RE.subn(" ", rest)
    if not (info.byline or info.date or relative):
        return None
    rest = _WEEKDAY_RE.sub(" ", _TIME_RE.sub(" ", _EMAIL_RE.sub(" ", rest)))
    for outlet in _OUTLETS:
        if outlet.pattern.search(rest):
            info.outlet = info.outlet or outlet.name
            rest = outlet.pattern.sub(" ", rest)
    words = [w.lower() for w in _WORD_RE.findall(rest)]
    # "Reported by X" has one word besides the name; "Kim Greeted By Putin" is a headline.
    if len(words) > (3 if info.date or relative else 1) or any(w in _CREDIT_WORDS for w in words):
        return None
    if words and line.endswith((".", "!", "?")):  # a short sentence that mentions a date
        return None
    return info


def _has_clue(text: str, clues: tuple[str, ...]) -> bool:
    lower = text.lower()
    return any(clue in lower for clue in clues)


def _label(line: str, in_header: bool) -> tuple[str, str] | None:
    """("author" | "other", value) for "Penulis: Name", "Sumber Reuters", a bare "Penulis"."""
    if len(line) > 80:
        return None
    key = _key(line)
    if key in _AUTHOR_LABELS:
        return "author", ""
    if key in _OTHER_LABELS:
        return "other", ""
    match = _LABEL_RE.match(line)
    if not match or not (match["colon"] or in_header):
        return None
    label, value = match["label"].lower().strip(), match["value"].strip()
    if len(value.split()) > 6 or value.endswith((".", "!", "?")):
        return None
    # Without a colon only "Sumber Reuters", "Penulis Ika Sari": not a headline like "Source of tension".
    if not match["colon"] and not (_outlet_line(value) or _name_like(value) and len(value.split()) <= 4):
        return None
    if label in _AUTHOR_LABELS:
        return "author", value
    if label in _OTHER_LABELS:
        return "other", value
    return None


def _outlet_line(line: str) -> _Outlet | None:
    """The outlet when the line is nothing but its name ("• Korea Herald", "Associated Press")."""
    text = line.strip(_EDGE_CHARS)
    if len(text) > 60:
        return None
    return next((o for o in _OUTLETS if o.pattern.fullmatch(text)), None)


def _outlet_in(text: str) -> str | None:
    """The outlet whose marker appears first in ``text``."""
    hits = [(m.start(), o.name) for o in _OUTLETS if (m := o.pattern.search(text))]
    return min(hits)[1] if hits else None


def _copyright_outlet(line: str) -> str | None:
    known = _outlet_in(line)
    if known:
        return known
    # An unknown holder: "© 2024 Daily Foo. All rights reserved." → "Daily Foo"
    holder = _COPYRIGHT_NOISE_RE.sub(" ", line).strip(" .,;:|-–—")
    return holder if holder and len(holder.split()) <= 6 else None


def _canonical_outlet(sitename: str) -> str:
    return _outlet_in(sitename) or sitename.strip()


# ---------------------------------------------------------------- dates


def _find_date(s: str) -> tuple[str, int, int] | None:
    """(iso, start, end) of the earliest valid calendar date in ``s``."""
    best: tuple[str, int, int] | None = None
    if not _YEAR_RE.search(s):  # every date has a four-digit year
        return None
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(s):
            if best and m.start() >= best[1]:
                break
            iso = _iso_of(m)
            if iso:
                best = (iso, m.start(), m.end())
                break
    return best


def _iso_of(m: re.Match) -> str | None:
    groups = m.groupdict()
    year = int(groups["y"])
    if groups.get("mon"):
        month, day = _MONTHS[groups["mon"].lower()], int(groups["d"])
    elif groups.get("a"):
        a, b = int(groups["a"]), int(groups["b"])
        # Day first (Indonesian and European pages) unless that cannot be a date.
        day, month = (b, a) if b > 12 else (a, b)
    else:
        month, day = int(groups["m"]), int(groups["d"])
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- HTML


def _parse_html(html: str):
    """The page as an lxml tree without scripts, styles and comments; None when there is no markup."""
    if not html.strip():
        return None
    page = _XML_INVALID_RE.sub("", _normalise(html))  # lxml refuses them; browsers show nothing
    tree, too_deep = _lxml_tree(page)
    if too_deep:
        tree, _ = _lxml_tree(_unwrap_deep_elements(page))
    if tree is None:
        return None
    for element in tree.xpath("|".join(f"//{tag}" for tag in _DROPPED_TAGS)):
        element.drop_tree()
    return tree


def _lxml_tree(page: str):
    """(tree or None, whether libxml2 gave up on the page's depth)."""
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        tree = lxml_html.document_fromstring(page.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None, False
    return tree, any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)


class _DepthCapper(HTMLParser):
    """Rewrites a page without the tags of elements nested deeper than _MAX_HTML_DEPTH (their text stays)."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, written) of the elements open here
        self.open_count: Counter = Counter()  # of each tag in self.open

    def handle_starttag(self, tag, attrs):
        if tag in _VOID_TAGS:
            self.out.append(self.get_starttag_text())
            return
        written = len(self.open) < _MAX_HTML_DEPTH or tag in _DROPPED_TAGS  # a script stays a script
        self.open.append((tag, written))
        self.open_count[tag] += 1
        if written:
            self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        while self.open_count[tag]:  # closes what unclosed children left open, like a browser
            open_tag, written = self.open.pop()
            self.open_count[open_tag] -= 1
            if open_tag == tag:
                if written:
                    self.out.append(f"</{tag}>")
                return

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")


def _unwrap_deep_elements(page: str) -> str:
    capper = _DepthCapper()
    capper.feed(page)
    capper.close()
    return "".join(capper.out)


@functools.cache
def _trafilatura():
    try:
        import trafilatura
    except ImportError:  # e.g. lxml_html_clean missing: the plain lxml fallback still works
        return None
    return trafilatura


def _extract_with_trafilatura(tree):
    """trafilatura's reading of the page (an lxml tree without scripts and styles; it works on a copy)."""
    trafilatura = _trafilatura()
    if trafilatura is None:
        return None
    try:
        return trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_recall=True,  # losing a real paragraph is worse than keeping some furniture
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a trafilatura failure on odd markup must not lose the page: use the fallback
        return None


def _field(doc, name: str) -> str | None:
    """A field of trafilatura's result (a Document in 2.x, a dict in 1.x)."""
    if doc is None:
        return None
    value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _html_to_text(tree) -> str:
    """Simple HTML-to-text: one line per block element, whitespace collapsed as a browser does."""
    body = tree.find("body")
    root = body if body is not None else tree
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in _BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    return "\n".join(" ".join(line.split()) for line in root.text_content().split("\n"))


def _first_xpath(tree, xpaths: tuple[str, ...]) -> str | None:
    """The first non-empty text that one of ``xpaths`` finds, whitespace collapsed."""
    for xpath in xpaths:
        text = " ".join(" ".join(str(t) for t in tree.xpath(xpath)).split())
        if text:
            return text
    return None


# ---------------------------------------------------------------- small helpers


def _as_text(value) -> str:
    """Bad input never crashes the cleaner: None → "", bytes decoded leniently."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value if isinstance(value, str) else str(value)


def _normalise(text: str) -> str:
    return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def _first(found: dict[str, str], key: str, value: str | None) -> None:
    if value and key not in found:
        found[key] = value
