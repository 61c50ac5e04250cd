"""Document ids and source names as every output writes them.

An id or a source comes from outside (a JSONL ``id`` or ``source`` field, a file name) and lands in
line- and column-oriented files: the Moses ``.ids`` file, TSV, XML attributes and elements in TMX.
A tab, a line break or a control character there shifts columns or breaks the XML, and a lone
surrogate (a file name that is not valid UTF-8) cannot be encoded at all. So there is one rule,
applied where documents are read and again where export records are made:

- control characters (U+0000–001F, U+007F–009F), the line and paragraph separators U+2028/2029,
  lone surrogates and the non-characters U+FFFE/FFFF are written as backslash escapes:
  ``\\t``, ``\\n``, ``\\r``, ``\\xHH`` (up to U+00FF) or ``\\uHHHH``;
- everything else, backslashes included, is kept as it is.

The rule is idempotent (an escaped label escapes to itself), so applying it twice is harmless and
every format reads back the same label. Labels are names, not keys: ``"a\\x01b"`` written literally
and ``"a\\u0001b"`` both become ``a\\x01b``; ``source`` and the character spans tell documents apart.
"""

from __future__ import annotations

import re

__all__ = [
    "UNSAFE_LABEL_RE",
    "escape_label",
]


UNSAFE_LABEL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape_char(m: re.Match[str]) -> str:
    c = m.group()
    named = _NAMED.get(c)
    if named is not None:
        return named
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_label(label: str) -> str:
    """``label`` with control characters, line separators, lone surrogates and U+FFFE/FFFF written
    as backslash escapes (see the module docstring); unchanged when it holds none."""
    if UNSAFE_LABEL_RE.search(label) is None:
        return label
    return UNSAFE_LABEL_RE.sub(_escape_char, label)
