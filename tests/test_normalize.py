from __future__ import annotations

import re

import pytest
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar
from hypothesis import given, settings
from hypothesis import strategies as st

from bilingual import Normalizer, normalize, normalize_with_map
from bilingual.normalization import PROFILES, describe_changes

from .conftest import requires_shared

DEDIAC, ORTHO, UNI, SEARCH = "dediac", "orthographic", "unicode", "search"


@pytest.mark.parametrize(
    ("profile", "text", "expected"),
    [
        # dediac: harakat, shadda, tanwin, sukun, dagger alef, Quranic marks go; tatweel, letters stay.
        (DEDIAC, "مُحَمَّدٌ رَسُولُ اللَّهِ", "محمد رسول الله"),
        (DEDIAC, "هٰذَا ذٰلِكَ الْكِتٰبُ ۛ لَا رَيْبَ ۛ فِيهِ ۚ", "هذا ذلك الكتب  لا ريب  فيه "),
        (DEDIAC, "عَلَيْهِ ﷺ صَلَّى ـــ", "عليه ﷺ صلى ـــ"),
        (DEDIAC, "ا\u0653 ا\u0654 ا\u0655 و\u0654 ي\u0654", "آ أ إ ؤ ئ"),  # decomposed hamza/madda compose
        (DEDIAC, "ب\u0653 ـ\u0654", "ب ـ\u0654"),  # a madda that cannot compose goes; a stray hamza stays
        (DEDIAC, "۝ ۞ ۩ ١٢٣ ، ؟", "۝ ۞ ۩ ١٢٣ ، ؟"),
        # orthographic
        (ORTHO, "أحمد إلى الآن ٱلله ٲ ٳ مكتبة مستشفى", "احمد الي الان الله ا ا مكتبه مستشفي"),
        (ORTHO, "جمـــيل مسؤول رئيس سماء", "جميل مسؤول رئيس سماء"),
        (ORTHO, "ا\u0640\u0654", "ا"),  # tatweel goes first, so the hamza composes and then folds
        (ORTHO, "پ چ ژ گ ک ی ٣", "پ چ ژ گ ک ی ٣"),
        # unicode
        (UNI, "ﻻ ﻷ ﷲ ﷺ", "لا لأ الله صلى الله عليه وسلم"),
        (UNI, "﷽ ﴾نص﴿", "﷽ ﴾نص﴿"),
        (UNI, "\u200f@Qais_alkhazali\u200e \u202bنص\u202c \u2066١٢\u2069 a\u200bb \ufeff", "@Qais_alkhazali نص ١٢ ab "),
        (UNI, "می\u200cخواهم", "می\u200cخواهم"),  # ZWNJ stays
        (UNI, "👨\u200d👩\u200d👧 🏳\ufe0f\u200d🌈 ل\u200dا", "👨\u200d👩\u200d👧 🏳\ufe0f\u200d🌈 لا"),
        (UNI, "ﬁ ™ ½ ＡＢ مُحَمَّد ـ", "ﬁ ™ ½ ＡＢ مُحَمَّد ـ"),
        (UNI, "بَّ", "بَّ"),  # NFC puts shadda (ccc 33) after fatha (ccc 30)
        # search
        (SEARCH, "٣٫٥ ١٬٠٠٠ ۱۲۳ ، ؛ ؟ ٪ ۔", "3.5 1,000 123 , ; ? % ."),
        (SEARCH, "ک ی ے ھ ہ ۀ ە ۃ پ چ ژ ڤ گ", "ك ي ي ه ه ه ه ه پ چ ژ ڤ گ"),
        (SEARCH, "مسؤول رئيس ﷽ «نص» “x”", "مسوول رييس بسم الله الرحمن الرحيم «نص» “x”"),
        (SEARCH, "می\u200cخواهم ـ\u0654 ﻷ", "ميخواهم  لا"),
        (SEARCH, "جمـــيل جدااااا", "جميل جدااااا"),  # no elongation reduction
    ],
)
def test_profiles(profile: str, text: str, expected: str) -> None:
    assert normalize(text, profile) == expected
    out, _m = normalize_with_map(text, profile)
    assert out == expected


SEED_TWEET = (
    "استمرار تواجد داعش لأشهر طويلة في الحدود السورية مع العراق ثم القضاء عليه خلال أسبوع فقط يثبت ان قرار "
    "بقاء داعش او إنهاءه هو قرار سياسي لحساب مصلحة الولايات المتحدة"
)


def test_seed_tweet_orthographic() -> None:
    assert normalize(SEED_TWEET) == (
        "استمرار تواجد داعش لاشهر طويله في الحدود السوريه مع العراق ثم القضاء عليه خلال اسبوع فقط يثبت ان قرار "
        "بقاء داعش او انهاءه هو قرار سياسي لحساب مصلحه الولايات المتحده"
    )


def test_mixed_tweet_line_keeps_latin() -> None:
    line = "\u200f@Qais_alkhazali\u200e: العراقُ أولاً 🇮🇶 #العراق https://t.co/AbC?x=1 pic.twitter.com/Xy ١٠ فبراير"
    for profile in PROFILES:
        out = normalize(line, profile)
        for token in ("Qais_alkhazali", "https://t.co/AbC?x=1", "pic.twitter.com/Xy", "🇮🇶", "#"):
            assert token in out
    assert normalize(line, SEARCH) == (
        "@Qais_alkhazali: العراق اولا 🇮🇶 #العراق https://t.co/AbC?x=1 pic.twitter.com/Xy 10 فبراير"
    )


def test_persian_and_urdu_lines() -> None:
    fa = "ما همیشه آماده گفت‌وگو بوده‌ایم؛ ۱۴۰۲ کتاب"
    ur = "ہم اپنے ہمسایوں کے ساتھ امن چاہتے ہیں۔ ۲۰۲۴"
    assert normalize(fa, ORTHO) == "ما همیشه اماده گفت‌وگو بوده‌ایم؛ ۱۴۰۲ کتاب"
    assert normalize(fa, SEARCH) == "ما هميشه اماده گفتوگو بودهايم; 1402 كتاب"
    assert normalize(ur, SEARCH) == "هم اپني همسايوں كي ساته امن چاهتي هيں. 2024"


# --- camel-tools: equal where its behaviour is the profile's ------------------------------------

_CAMEL_GAP = re.compile("[\u0610-\u061a\u0653-\u065f\u06d6-\u06ed\u08d3-\u08ff\u0640\u0672\u0673]")


def _camel_chain(s: str) -> str:
    return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(s))))


def _assert_equal_to_camel_tools(texts: list[str]) -> int:
    """Check the profiles against camel-tools on ``texts``; the number compared as whole profiles."""
    compared = 0
    for t in texts:
        assert normalize(t, Normalizer(alef_maksura=True, compose=False)) == normalize_alef_maksura_ar(t)
        assert normalize(t, Normalizer(teh_marbuta=True, compose=False)) == normalize_teh_marbuta_ar(t)
        if _CAMEL_GAP.search(t) is None:  # text inside camel-tools' coverage: whole profiles agree
            assert normalize(t, DEDIAC) == dediac_ar(t)
            assert normalize(t, ORTHO) == _camel_chain(t)
            compared += 1
    return compared


def test_equal_to_camel_tools_on_real_text(bukhari: list[dict], fixture_texts: dict[str, str]) -> None:
    texts = [h["arabic"] for h in bukhari[:400]] + fixture_texts["tweets"].split("\n")
    assert _assert_equal_to_camel_tools(texts) >= 100


@requires_shared("seeds")
def test_equal_to_camel_tools_on_the_seeds(seed_texts: dict[str, str]) -> None:
    assert _assert_equal_to_camel_tools([line for t in seed_texts.values() for line in t.split("\n")]) >= 50


def test_where_camel_tools_covers_less() -> None:
    # camel's dediac_ar keeps Quranic marks and U+0653; normalize_alef_ar keeps ٲ ٳ.
    assert dediac_ar("ذٰلِكَ ۛ ۚ") != normalize("ذٰلِكَ ۛ ۚ", DEDIAC)
    assert normalize_alef_ar("ٲ") == "ٲ" and normalize("ٲ", ORTHO) == "ا"


# --- Properties -------------------------------------------------------------------------------

_ARABIC_LETTERS = list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىةٱٲکیےھہۀەۃپچژگ٠١٢٣٤٥٦٧٨٩۰۱۲۳،؛؟٪٫٬۔ـ")
_MARKS = ["\u064b", "\u064e", "\u0651", "\u0652", "\u0653", "\u0654", "\u0655", "\u0657", "\u0670", "\u06d6", "\u06e9"]
_FORMS = ["\ufefb", "\ufef7", "\ufdf2", "\ufdfa", "\ufdfd", "\ufe70", "\ufe71"]
_INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202b",
    "\u202c",
    "\u2066",
    "\u2069",
    "\ufeff",
    "\u061c",
]
_EMOJI = ["\U0001f468", "\U0001f469", "\U0001f3f3", "\ufe0f", "\U0001f308", "\U0001f3fd"]
_LATIN = [*"Hello World e", "\u0301", "\ufb01", "\u2122", "\u00bd", "\uff21", "\u00a0", *"\t\n\r.,!?@#:/"]
ALPHABET = st.sampled_from(_ARABIC_LETTERS + _MARKS + _FORMS + _INVISIBLE + _EMOJI + _LATIN)
TEXTS = st.text(alphabet=ALPHABET, max_size=40)
PROFILE = st.sampled_from(sorted(PROFILES))
_NON_ARABIC_KEPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_CONTROLS = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


@settings(max_examples=400, deadline=None, derandomize=True)
@given(TEXTS, PROFILE)
def test_idempotent(text: str, profile: str) -> None:
    once = normalize(text, profile)
    assert normalize(once, profile) == once


@settings(max_examples=400, deadline=None, derandomize=True)
@given(TEXTS, PROFILE)
def test_non_arabic_characters_unchanged(text: str, profile: str) -> None:
    """Every character outside the Arabic script is where the map says, unchanged (unicode and search
    may delete invisible controls); dediac/orthographic change nothing outside the Arabic script."""
    out, m = normalize_with_map(text, profile)
    for i, c in enumerate(text):
        if _NON_ARABIC_KEPT.match(c) or (profile in (UNI, SEARCH) and _CONTROLS.match(c)):
            continue
        a, b = m.to_output((i, i + 1))
        assert c in out[a:b], (i, c)
    if profile in (DEDIAC, ORTHO):
        assert _NON_ARABIC_KEPT.sub("", out) == _NON_ARABIC_KEPT.sub("", text)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(TEXTS, PROFILE, st.data())
def test_offset_map(text: str, profile: str, data: st.DataObject) -> None:
    out, m = normalize_with_map(text, profile)
    assert out == normalize(text, profile)
    for _ in range(6):
        s = data.draw(st.integers(0, len(out)))
        e = data.draw(st.integers(s, len(out)))
        a, b = m.to_original((s, e))
        assert 0 <= a <= b <= len(text)
        if m.is_boundary(s) and m.is_boundary(e):
            assert normalize(text[a:b], profile) == out[s:e]
        else:  # a span cutting into an expansion (ﷺ) maps to the whole of its source
            assert out[s:e] in normalize(text[a:b], profile)


def test_map_is_sparse_and_latin_maps_one_to_one() -> None:
    text = "English words here. " * 500 + "مُحَمَّد" + " more English" * 500
    out, m = normalize_with_map(text, DEDIAC)
    assert len(m) == 4  # one entry per deleted mark (ُ َ َ ّ), none for the 13,000 unchanged characters
    start = out.index("more")
    assert m.to_original((start, start + 4)) == (text.index("more"), text.index("more") + 4)
    assert m.to_original((0, 7)) == (0, 7)


def test_describe_changes() -> None:
    assert describe_changes("أحمد\u200f ﻻ", SEARCH) == [
        "0: أ → ا",
        "4: <U+200F RIGHT-TO-LEFT MARK> → ∅",
        "6: ﻻ → لا",
    ]


def test_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="dediac, orthographic, unicode, search"):
        normalize("x", "nfc")
