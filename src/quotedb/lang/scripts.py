"""The language a text's writing system tells, for a text mostly not in the Latin alphabet.

Stop words tell English from Indonesian; a Korean or Russian article has neither, and must not be
read as English. Its letters say what it is: Hangul is Korean, kana Japanese, Han (alone) Chinese,
Thai, Greek and Hebrew their languages; a script several languages write (Cyrillic, Arabic,
Devanagari) gives "und", undetermined.
"""
from __future__ import annotations

import re
from collections import Counter

_SCRIPTS = {  # language -> the letters of its script
    "ko": "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",  # Hangul syllables and jamo
    "ja": "\u3040-\u30ff",  # hiragana and katakana (Japanese writes Han too)
    "zh": "\u3400-\u4dbf\u4e00-\u9fff",  # Han
    "th": "\u0e00-\u0e7f",
    "el": "\u0370-\u03ff",
    "he": "\u0590-\u05ff",
    "und": "\u0400-\u04ff\u0600-\u06ff\u0750-\u077f\u0900-\u097f",  # Cyrillic, Arabic, Devanagari
}
_LETTER_OF = {language: re.compile(f"[{letters}]") for language, letters in _SCRIPTS.items()}
_OTHER_SCRIPT = re.compile("[" + "".join(_SCRIPTS.values()) + "]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def script_language(text: str) -> str | None:
    """The language of a text whose letters are mostly of another script than Latin; None for one
    mostly in Latin letters (an English article quoting a Korean name in Hangul stays Latin)."""
    if text.isascii() or not _OTHER_SCRIPT.search(text):
        return None
    others = _OTHER_SCRIPT.findall(text)
    if len(others) <= len(_LATIN.findall(text)):
        return None
    counts = Counter({language: len(letter.findall(text)) for language, letter in _LETTER_OF.items()})
    if counts["ja"] and counts["ja"] * 10 >= counts["zh"]:  # kana among the Han: Japanese
        return "ja"
    return counts.most_common(1)[0][0]
