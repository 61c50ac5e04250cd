"""The package's Buckwalter table against camel-tools' ``ar2bw`` (the reference, a dev dependency)."""

from __future__ import annotations

import unicodedata

from camel_tools.utils.charmap import CharMapper

from bilingual.buckwalter import AR2BW, to_buckwalter

from .conftest import FIXTURES

CAMEL_AR2BW = CharMapper.builtin_mapper("ar2bw")


def test_every_arabic_block_character_as_camel_tools() -> None:
    mapped = 0
    for cp in range(0x0600, 0x0700):
        c = chr(cp)
        assert to_buckwalter(c) == CAMEL_AR2BW(c), f"U+{cp:04X} {unicodedata.name(c, '?')}"
        mapped += to_buckwalter(c) != c
    # 36 letters (hamza and its carriers among them), tatweel, 8 marks, dagger alef, alef wasla, 4 extension letters
    assert mapped == len(AR2BW) == 51


def test_every_character_of_the_table_is_in_camel_tools_map_and_nothing_else_is_changed() -> None:
    for ar, bw in AR2BW.items():
        assert CAMEL_AR2BW(ar) == bw != ar
    for c in "Hello, world! 123 ٠١٢ ، ؛ ؟ ٪ ک ی ے ھ ۀ ژ \u200f\u200c ﻻ ﷺ 👍":
        assert to_buckwalter(c) == c == CAMEL_AR2BW(c)


def test_the_table_is_one_to_one_and_ascii() -> None:
    assert len(set(AR2BW.values())) == len(AR2BW)
    assert all(len(bw) == 1 and bw.isascii() and len(ar) == 1 for ar, bw in AR2BW.items())


def test_real_text_as_camel_tools(bukhari: list[dict]) -> None:
    texts = [h["arabic"] for h in bukhari[::7]] + [p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.txt")]
    assert len(texts) > 1000
    for t in texts:
        assert to_buckwalter(t) == CAMEL_AR2BW(t)


def test_known_words() -> None:
    assert to_buckwalter("مُحَمَّدٌ") == "muHama~dN"  # fatha typed before shadda, kept in that order
    assert to_buckwalter("إِنْهَاءَهُ") == "<inohaA'ahu"
    assert to_buckwalter("ٱلْقُرْآنِ الْكَرِيمِ ذٰلِكَ") == "{loquro|ni Alokariymi *`lika"
