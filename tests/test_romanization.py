"""Transcription lines (a lyrics page's romanization under each verse, a phrase table's pronunciation
column) are Arabic in Latin letters, not English."""

from __future__ import annotations

import pytest

from bilingual import Aligner, segment_text
from bilingual.lang import ARABIZI
from bilingual.romanization import looks_transliterated, romanizes

# A song page as lyrics sites lay it out: each verse, its transcription, its English (written for these tests).
VERSES = [
    ("يا قمر الليل سهران معايا", "Ya 2amar el leil sahran ma3aya", "Oh moon of the night, staying up with me"),
    ("والبحر بعيد والشوق ساكن فيا", "Wel ba7r be3id wel sho2 saken fiya", "The sea is far and longing lives in me"),
    ("بكتب اسمك على الرملة", "Baktib esmak 3ala el ramla", "I write your name on the sand"),
    ("والموج ييجي ويمسحه", "Wel mog yigi w yems7o", "And the waves come and wipe it away"),
    ("وانا مستني على الشط", "W ana mestanni 3ala el shatt", "And I wait on the shore"),
]
SONG = "Here are the lyrics, the transcription under each line, and my translation:\n" + "\n".join(
    "\n".join(v) for v in VERSES
)


@pytest.mark.parametrize(("latin", "arabic"), [(v[1], v[0]) for v in VERSES])
def test_transcription_lines_romanize_their_verse(latin: str, arabic: str) -> None:
    assert romanizes(latin, arabic)


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("6aali3!", "طالع!"),  # a phrase table's pronunciation cell: one word, a chat digit
        ("fawg ta7at", "فوق تحت"),  # g for qaf (Gulf)
        ("qa'iman bilqisti", "قائما بالقسط"),  # a case ending, an article joined to its word
        ("Salam alaikum", "سلام عليكم"),  # a capitalised first word counts when it sounds a word out
        ("Khallik ma3aya shwaya ya omri", "خليك معايا شوية يا عمري"),
    ],
)
def test_romanized_forms(latin: str, arabic: str) -> None:
    assert romanizes(latin, arabic)


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [(v[2], v[0]) for v in VERSES]
    + [
        ("Mohamed Ramadan with Omer Adam in Dubai", "محمد رمضان مع عومير آدام في دبي"),  # names are no transcription
        ("Watch! (m)", "طالع!"),  # one English word
        ("the sahran of the night and the moon", "يا قمر الليل سهران معايا"),  # English words around a loan
        ("Walking the streets while humming " * 12, "ماشي بدندن في الشوارع"),  # longer than a line
        # an English heading of names beside its Arabic, and a word sounding out one already matched
        ("Mohammed bin Salman meets Trump in Riyadh", "محمد بن سلمان يلتقي ترامب في الرياض"),
        ("Emir Tamim bin Hamad Al Thani", "الأمير تميم بن حمد آل ثاني"),
        ("Sami made some money.", "سامي جمع بعض المال."),
        # a short line beside a long unrelated paragraph: two words sound something out, a third of nothing
        (
            "Sami made some money.",
            "سامي جمع بعض المال وذهب إلى السوق في الصباح الباكر مع أصدقائه القدامى وعاد في المساء متعبا جدا",
        ),
    ],
)
def test_english_is_no_transcription(latin: str, arabic: str) -> None:
    assert not romanizes(latin, arabic)


def test_segmenter_labels_transcription_lines_arabic_in_latin_letters() -> None:
    doc = segment_text(SONG)
    langs = {b.text: b.lang for b in doc.blocks()}
    for arabic, latin, english in VERSES:
        assert langs[arabic] == "ar"
        assert langs[latin] == ARABIZI
        assert langs[english] == "en"
    # A transcription is no English candidate: no pair takes one.
    result = Aligner().align(doc)
    assert result.pairs and not any(p.en in {v[1] for v in VERSES} for p in result.pairs)


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("zayy il-'oTTa l-miġammaDa", True),  # emphatic capitals, a dotted letter
        ("ʾadʿī ʿalā waladī", True),  # hamza and ayn signs, long vowels
        ("7abibi ya 3omri", True),  # chat digits
        ("Like a blindfolded kitten", False),
        ("iPhone sales", False),  # a brand's capital is no emphatic consonant
        ("the Ba'ath party", False),  # one marked name among English words
        ("‘That’s life.’", False),  # quotation marks and a contraction are no hamza signs
        ("‘Arab Spring’", False),
        ("G20 summit", False),  # model numbers and units are no chat words
        ("3D printing", False),
        ("MP3 player", False),
        ("5G network", False),
        ("pH level", False),
        ("five o'clock", False),  # an apostrophe is no ayn sign
        ("Shi'a", False),
        ("Ma3lesh", True),  # a chat word with a capital
        ("Ma3ak ya 7abibi", True),
    ],
)
def test_looks_transliterated(text: str, marked: bool) -> None:
    assert looks_transliterated(text) is marked
