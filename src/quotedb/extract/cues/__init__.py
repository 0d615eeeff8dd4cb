"""Cues: the words that attribute speech ("X said", "said X", "according to X", "X's claim that",
"…," kata KCNA), each with its source phrase and its content, read from word lists without a parser.

``find_cues`` finds the cue words of the whole text in one pass and reads every cue of every
frame: ``verbs`` reads a speech verb's source and content, ``nouns`` the speech nouns ("X's
claim that"), ``settle`` cuts each content clause where the next cue starts its own.
``with_parse_subjects`` gives the cues the sources a parser found, where the backend parsed.
"""
from .cue import Cue
from .find import find_cues
from .subjects import with_parse_subjects

__all__ = ["Cue", "find_cues", "with_parse_subjects"]
