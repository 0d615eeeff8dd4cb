"""Language packs: everything the extraction knows of a language, one folder per language.

``en/`` and ``id/`` each hold ``words.yml`` (speech verbs, grammar words, ...) and, where a word
list cannot say it, a ``Grammar`` class in the folder's ``__init__.py`` (``id/``: verb forms told
by their prefix). ``shared/`` holds what every language reads: grammar words and endings
(``grammar.yml``; a language's words.yml may set its own value of any of its keys), roles and
titles, organizations, countries and places, and the page furniture the cleaner drops.

A language has a pack when its folder has a ``words.yml``: adding a folder adds the language.
``pack(code)`` builds a language's pack once per process; for a code without a pack it gives the
neutral pack (no words), with which the extraction reads quotation marks only.
"""
from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path

from .base import Country, Grammar, LanguagePack, Organization, read_pack, read_yaml
from .scripts import script_language

__all__ = ["UNDETERMINED", "Country", "Grammar", "LanguagePack", "Organization", "languages", "normalize", "pack",
           "script_language", "supports"]

PACKS = Path(__file__).parent
SHARED = PACKS / "shared"
UNDETERMINED = "und"  # ISO 639 for a language not determined (or without a pack)


@lru_cache(maxsize=None)
def languages(folder: Path = PACKS) -> tuple[str, ...]:
    """The codes of the languages with a pack: the folders holding a words.yml."""
    return tuple(sorted(path.name for path in folder.iterdir() if (path / "words.yml").is_file()))


def normalize(code: str | None) -> str:
    """The primary language subtag, lowercase: "en-US" -> "en", "ID" -> "id"; "und" when empty."""
    return (code or "").strip().lower().replace("_", "-").split("-", 1)[0] or UNDETERMINED


@lru_cache(maxsize=None)
def supports(code: str | None) -> bool:
    return normalize(code) in languages()


@lru_cache(maxsize=None)
def pack(code: str | None) -> LanguagePack:
    """The pack of a language; the neutral pack (language "und", no words) for one without a pack."""
    code = normalize(code)
    return _pack(code if code in languages() else UNDETERMINED)


@lru_cache(maxsize=None)
def _pack(code: str) -> LanguagePack:
    if code == UNDETERMINED:
        return read_pack(UNDETERMINED, {}, SHARED, Grammar())
    return read_pack(code, read_yaml(PACKS / code / "words.yml"), SHARED, _grammar(code))


def _grammar(code: str) -> Grammar:
    """The language's own Grammar class, when its folder defines one."""
    if not (PACKS / code / "__init__.py").is_file():
        return Grammar()
    return importlib.import_module(f"{__name__}.{code}").Grammar()
