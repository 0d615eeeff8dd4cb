"""Indonesian: what its word list cannot say."""
from __future__ import annotations

import re

from .. import base

# "menyatakan", "dilaporkan", "berharap", "terlihat": active, passive, intransitive and stative prefixes
_VERB_PREFIX = re.compile(r"(?:me|di|ber|ter)[a-z]{3,}")


class Grammar(base.Grammar):
    def is_verb_form(self, word: str) -> bool:
        return bool(_VERB_PREFIX.match(word))
